//! Orders far from the rest: a place more than [`FAR_KM`] from the median of the other orders'
//! latitudes and longitudes is most often a typing accident (latitude and longitude swapped, a
//! sign or a decimal point lost). The import says so as a warning and keeps the order: it can be
//! planned, and some days do have a far customer.

use crate::problem::Point;

/// How far (km) from the other orders' median an order is said to be far from the rest.
pub const FAR_KM: f64 = 200.0;

/// The words every such warning starts with.
pub const FAR_FROM_THE_REST: &str = "far from the rest: latitude and longitude swapped?";

/// An order far from the rest: its index among the places given, how far it is from the median
/// of the others (km), and how far it would be with latitude and longitude swapped.
#[derive(Clone, Debug, PartialEq)]
pub struct Far {
    pub index: usize,
    pub km: f64,
    pub swapped_km: f64,
}

impl Far {
    /// The warning, for an order at `lat`, `lon`.
    pub fn message(&self, lat: f64, lon: f64) -> String {
        let swapped = if self.swapped_km <= FAR_KM {
            format!("; swapped, it would be {} km from them", whole_km(self.swapped_km))
        } else {
            String::new()
        };
        format!(
            "{FAR_FROM_THE_REST} ({lat}, {lon}) is {} km from the median of the other orders' positions{swapped}; \
             the order is kept as it is",
            whole_km(self.km)
        )
    }
}

fn whole_km(km: f64) -> String {
    let n = km.round() as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The places (`(lat, lon)` in degrees, on Earth) more than [`FAR_KM`] from the median latitude
/// and median longitude of all the others. Needs at least three places (with two, neither is
/// "the rest"). O(n log n): the median without one place is read off the sorted list.
pub fn far_from_the_rest(places: &[(f64, f64)]) -> Vec<Far> {
    if places.len() < 3 {
        return Vec::new();
    }
    let sorted = |pick: fn(&(f64, f64)) -> f64| {
        let mut values: Vec<f64> = places.iter().map(pick).collect();
        values.sort_by(f64::total_cmp);
        values
    };
    let (lats, lons) = (sorted(|p| p.0), sorted(|p| p.1));
    let km = |lat: f64, lon: f64, to: &Point| Point { x: lon, y: lat }.great_circle_m(to) / 1000.0;
    places
        .iter()
        .enumerate()
        .filter_map(|(index, &(lat, lon))| {
            let middle = Point { x: median_without(&lons, lon), y: median_without(&lats, lat) };
            let far = km(lat, lon, &middle);
            (far > FAR_KM).then(|| Far { index, km: far, swapped_km: km(lon, lat, &middle) })
        })
        .collect()
}

/// The median of `sorted` (at least three values) with one copy of `value` left out.
fn median_without(sorted: &[f64], value: f64) -> f64 {
    let gone = sorted.partition_point(|&x| x.total_cmp(&value).is_lt()).min(sorted.len() - 1);
    let at = |i: usize| sorted[if i < gone { i } else { i + 1 }];
    let rest = sorted.len() - 1;
    if rest % 2 == 1 {
        at(rest / 2)
    } else {
        (at(rest / 2 - 1) + at(rest / 2)) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_leaves_one_value_out() {
        let sorted = [1.0, 2.0, 3.0, 10.0];
        assert_eq!(median_without(&sorted, 10.0), 2.0);
        assert_eq!(median_without(&sorted, 1.0), 3.0);
        assert_eq!(median_without(&[1.0, 2.0, 3.0], 2.0), 2.0, "(1 + 3) / 2");
        assert_eq!(median_without(&[5.0, 5.0, 5.0], 5.0), 5.0);
    }

    #[test]
    fn a_swapped_order_in_lyon_is_far_from_the_rest() {
        // Lyon is at 45.75 N, 4.85 E; written the other way round it lies in the Sahara.
        let mut places = vec![(45.75, 4.85), (45.76, 4.84), (45.74, 4.86), (45.77, 4.83), (4.85, 45.75)];
        let far = far_from_the_rest(&places);
        assert_eq!(far.len(), 1, "{far:?}");
        assert_eq!(far[0].index, 4);
        assert!(far[0].km > 4000.0, "{far:?}");
        assert!(far[0].swapped_km < 2.0, "{far:?}");
        let message = far[0].message(4.85, 45.75);
        assert!(message.starts_with(FAR_FROM_THE_REST), "{message}");
        assert!(message.contains("; swapped, it would be 1 km from them;"), "{message}");
        // 150 km away is a long drive, not an accident; 250 km is flagged, and not as swapped.
        places[4] = (45.75 + 150.0 / 111.2, 4.85);
        assert!(far_from_the_rest(&places).is_empty());
        places[4] = (45.75 + 250.0 / 111.2, 4.85);
        let far = far_from_the_rest(&places);
        assert_eq!(far.iter().map(|f| f.index).collect::<Vec<_>>(), [4]);
        assert!(!far[0].message(48.0, 4.85).contains("swapped, it would be"));
        assert!((240.0..260.0).contains(&far[0].km), "{far:?}");
        // Two places are not "a rest".
        assert!(far_from_the_rest(&[(45.75, 4.85), (4.85, 45.75)]).is_empty());
        assert_eq!(whole_km(1_234_567.4), "1,234,567");
    }
}
