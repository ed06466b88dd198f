//! Columns guessed from their contents, for tables whose headers say nothing (`A,B,C`,
//! `Feld1;Feld2…`, or no header row at all). The guess only **pre-fills** the mapping step: an
//! import never applies it silently, it asks the planner to confirm ("columns guessed from their
//! contents: please confirm").
//!
//! The rules, on up to [`SAMPLE_ROWS`] rows (a column "is" a kind of value when at least 90 % of
//! its filled cells are):
//!
//! - **a first row that is data**: none of its cells is a known header (in any table, any
//!   language) and at least two of them are numbers, clock times or windows. The columns are then
//!   named `Column 1`, `Column 2` … and the first row is read as a row;
//! - **latitude and longitude**: two columns of numbers with decimals, within −90…90 and
//!   −180…180. Among several candidates, the pair whose points lie nearest their median point (a
//!   delivery day is one region, while a weight column paired with a latitude scatters points over
//!   hundreds of kilometres). Which of the two is the latitude: a column beyond ±90 is the
//!   longitude; when both are within ±90, the spreads decide when they clearly can (a region's
//!   longitudes spread `1 / cos(latitude)` times wider than its latitudes, in degrees), else the
//!   column of larger magnitude is the latitude (Europe, North Africa, the Middle East: 45.76 /
//!   4.83 is Lyon, not the Indian Ocean);
//! - **an id**: a column of unique short tokens (no spaces), every row filled; tokens with letters
//!   and digits (`A-17`) first, then whole numbers (only in the first column or from 1000 up),
//!   then words; the leftmost of the best kind;
//! - **times**: a column of clock times (`08:00`) is a window start (orders), a shift start
//!   (vehicles) or an opening time (depots); a second one its end (the two swapped when most rows
//!   say otherwise); a column of ranges (`8-12`, `08:00-12:00`) is the windows (orders) or the
//!   hours (depots); vehicles have no one-cell shift column, so a range is left for the planner;
//!   clock times all under 02:00 are durations;
//! - **a duration** (`10 min`, `1h30m`, `90s`, or clock times all under 02:00): the service time;
//! - **priority words** (`hoch`, `urgent`, `low`): the priority;
//! - **a demand** (orders) or **capacity** (vehicles): the leftmost remaining column of
//!   non-negative numbers (small whole numbers, up to 999, or weights with decimals).
//!
//! A table whose headers give no kind is read as orders when coordinates were found (as depots
//! or vehicles when its file name says so).

use super::cells;
use super::columns::{self, Column, TableKind};
use crate::formats::scenario::time::{parse_duration, parse_hms};

/// The most rows looked at.
pub(crate) const SAMPLE_ROWS: usize = 500;

/// How many first values of each column a mapping step shows.
pub const SAMPLE_VALUES: usize = 3;

/// The names of the columns of a file without a header row: `Column 1`, `Column 2` …
pub(crate) fn numbered(count: usize) -> Vec<String> {
    (1..=count).map(|k| format!("Column {k}")).collect()
}

/// Whether a first row is data rather than headers: no cell is a known header and at least
/// two cells (one when the row has a single cell) are numbers, clock times or windows.
pub(crate) fn first_row_is_data(first: &[String]) -> bool {
    // One letter (`x`, `y`, `N`) is as likely a value as a header.
    if first.iter().any(|cell| cell.trim().chars().count() > 1 && columns::known_header(cell)) {
        return false;
    }
    let data = first.iter().filter(|c| value_like(c)).count();
    data >= 2.min(first.len()) && data > 0
}

fn value_like(cell: &str) -> bool {
    let cell = cell.trim();
    !cell.is_empty() && (number(cell).is_some() || clock(cell).is_some() || range(cell))
}

/// A number as a data cell writes it: `45.7`, `45,7`, `-4`, `12 kg` (one short unit word).
fn number(cell: &str) -> Option<f64> {
    let text = cell.trim();
    let text = match text.rsplit_once(' ') {
        Some((digits, unit)) if unit.len() <= 3 && unit.chars().all(char::is_alphabetic) => digits.trim(),
        _ => text,
    };
    let text = if text.matches(',').count() == 1 && !text.contains('.') {
        std::borrow::Cow::Owned(text.replace(',', "."))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let starts_well = text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.');
    text.parse::<f64>().ok().filter(|v| v.is_finite() && starts_well)
}

fn has_decimals(cell: &str) -> bool {
    let text = cell.trim();
    text.contains('.') || text.contains(',')
}

/// A clock time of the day (`08:00`, `8:30:00`, `9:30 PM`), in seconds.
fn clock(cell: &str) -> Option<f64> {
    let text = cell.trim();
    if !text.contains(':') && !text.to_ascii_lowercase().ends_with('m') {
        return None;
    }
    let seconds =
        parse_hms(text).or_else(|| cells::clock(text, None).ok().filter(|s| s.date.is_none()).map(|s| s.seconds))?;
    (seconds < 48.0 * 3600.0).then_some(seconds)
}

/// A window written as a range: `8-12`, `08:00-12:00`, `08:00–12:00`.
fn range(cell: &str) -> bool {
    let text = cell.trim();
    number(text).is_none()
        && text.contains(['-', '–', '—', '/'])
        && matches!(cells::window(text, None), Ok((Some(_), Some(_))))
}

/// A duration written with its unit: `10 min`, `10min`, `1h30m`, `90 s`.
fn duration(cell: &str) -> Option<f64> {
    let text: String = cell.trim().to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    if !text.ends_with(['h', 'm', 's', 'n', 'c']) || !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let text = text.replace("mins", "m").replace("min", "m").replace("sec", "s");
    parse_duration(&text).filter(|_| !text.contains(':'))
}

fn priority_word(cell: &str) -> bool {
    number(cell).is_none() && cells::priority(cell).is_ok()
}

/// What a column's sample holds.
struct Profile {
    filled: usize,
    numbers: Vec<f64>,
    decimals: usize,
    clocks: Vec<Option<f64>>,
    ranges: usize,
    durations: usize,
    priorities: usize,
    unique: bool,
    /// Cells without spaces, at most 40 characters.
    tokens: usize,
    /// Cells with letters and digits.
    mixed: usize,
}

impl Profile {
    fn of(column: usize, rows: &[Vec<String>]) -> Profile {
        let cells: Vec<&str> =
            rows.iter().map(|r| r.get(column).map_or("", |c| c.trim())).filter(|c| !c.is_empty()).collect();
        let numbers: Vec<f64> = cells.iter().filter_map(|c| number(c)).collect();
        let mut seen = std::collections::HashSet::new();
        let unique = cells.len() == rows.len() && cells.iter().all(|c| seen.insert(*c));
        Profile {
            filled: cells.len(),
            decimals: cells.iter().filter(|c| number(c).is_some() && has_decimals(c)).count(),
            numbers,
            clocks: rows.iter().map(|r| r.get(column).and_then(|c| clock(c))).collect(),
            ranges: cells.iter().filter(|c| range(c)).count(),
            durations: cells.iter().filter(|c| duration(c).is_some()).count(),
            priorities: cells.iter().filter(|c| priority_word(c)).count(),
            unique,
            tokens: cells.iter().filter(|c| c.len() <= 40 && !c.contains(char::is_whitespace)).count(),
            mixed: cells
                .iter()
                .filter(|c| c.chars().any(char::is_alphabetic) && c.chars().any(|ch| ch.is_ascii_digit()))
                .count(),
        }
    }

    /// Whether at least 90 % of the filled cells are of a kind (and some are filled).
    fn mostly(&self, count: usize) -> bool {
        self.filled > 0 && count * 10 >= self.filled * 9
    }

    fn numeric(&self) -> bool {
        self.mostly(self.numbers.len())
    }

    fn clock_count(&self) -> usize {
        self.clocks.iter().flatten().count()
    }

    fn is_clock(&self) -> bool {
        self.mostly(self.clock_count())
    }

    /// Clock times all under 02:00: durations (`00:10`), not times of the day.
    fn short_clocks(&self) -> bool {
        self.is_clock() && self.clocks.iter().flatten().all(|&s| s < 2.0 * 3600.0)
    }

    /// Numbers with decimals within ±180 (±90 when `latitude`).
    fn coordinate(&self, latitude: bool) -> bool {
        let limit = if latitude { 90.0 } else { 180.0 };
        self.numeric() && self.decimals * 2 >= self.filled && self.numbers.iter().all(|v| v.abs() <= limit)
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Great-circle distance in km.
fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// The points of two columns read as (latitude, longitude), rows where both read.
fn points(rows: &[Vec<String>], lat: usize, lon: usize) -> Vec<(f64, f64)> {
    rows.iter()
        .filter_map(|r| Some((number(r.get(lat)?)?, number(r.get(lon)?)?)))
        .filter(|(la, lo)| la.abs() <= 90.0 && lo.abs() <= 180.0)
        .collect()
}

/// The median distance (km) of the points to their median point: small for one region.
fn scatter(points: &[(f64, f64)]) -> f64 {
    if points.is_empty() {
        return f64::INFINITY;
    }
    let centre = (
        median(&mut points.iter().map(|p| p.0).collect::<Vec<_>>()),
        median(&mut points.iter().map(|p| p.1).collect::<Vec<_>>()),
    );
    median(&mut points.iter().map(|&p| haversine(p, centre)).collect::<Vec<_>>())
}

/// Which of two columns, both within ±90, is the latitude: `true` when `a` is. The spreads
/// decide when they clearly can, else the larger magnitude.
fn a_is_latitude(rows: &[Vec<String>], a: usize, b: usize) -> bool {
    let column = |k: usize| -> Vec<f64> { rows.iter().filter_map(|r| number(r.get(k)?)).collect() };
    let (mut va, mut vb) = (column(a), column(b));
    let spread = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        hi - lo
    };
    let (sa, sb) = (spread(&va), spread(&vb));
    let (ma, mb) = (median(&mut va), median(&mut vb));
    if sa > 0.0 && sb > 0.0 && va.len() >= 3 {
        // Longitudes spread 1/cos(latitude) times wider than latitudes.
        let observed = (sb / sa).ln();
        let if_a = -ma.to_radians().cos().max(1e-6).ln();
        let if_b = mb.to_radians().cos().max(1e-6).ln();
        let (miss_a, miss_b) = ((observed - if_a).abs(), (observed - if_b).abs());
        if (miss_a - miss_b).abs() > 1.25f64.ln() {
            return miss_a < miss_b;
        }
    }
    ma.abs() >= mb.abs()
}

/// What the contents say: the table kind and each column's guess (`None`: no guess).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Guess {
    pub kind: Option<TableKind>,
    pub mapping: Vec<Option<Column>>,
}

/// Guesses, from `rows` (the sample, cells in file order), the columns that `known` (the
/// headers' mapping) leaves out, for a table of `kind` (`None`: the headers did not say; the
/// file name, then coordinates, decide). Columns `known` maps are never guessed; a column
/// `known` already has is never guessed again.
pub(crate) fn guess(file: &str, kind: Option<TableKind>, known: &[Option<Column>], rows: &[Vec<String>]) -> Guess {
    let width = known.len();
    let rows: Vec<Vec<String>> = rows.iter().take(SAMPLE_ROWS).cloned().collect();
    let profiles: Vec<Profile> = (0..width).map(|k| Profile::of(k, &rows)).collect();
    let mut mapping: Vec<Option<Column>> = vec![None; width];
    let free = |k: usize, mapping: &[Option<Column>]| known[k].is_none() && mapping[k].is_none();
    let taken = |c: &Column, mapping: &[Option<Column>]| known.iter().chain(mapping).flatten().any(|m| m == c);

    // Coordinates first: they also decide the kind of a table the headers say nothing about.
    let kind_now = kind.or_else(|| columns::kind_named_in(file));
    let (lat_column, lon_column) = match kind_now {
        Some(TableKind::Vehicles) => (Column::StartLat, Column::StartLon),
        _ => (Column::Lat, Column::Lon),
    };
    let lat_known = known.iter().position(|c| c.as_ref() == Some(&lat_column));
    let lon_known = known.iter().position(|c| c.as_ref() == Some(&lon_column));
    let candidates: Vec<usize> = (0..width).filter(|&k| free(k, &mapping) && profiles[k].coordinate(false)).collect();
    let mut best: Option<(f64, usize, usize)> = None;
    let mut consider = |lat: usize, lon: usize| {
        if lat == lon || !profiles[lat].coordinate(true) {
            return;
        }
        let s = scatter(&points(&rows, lat, lon));
        if best.is_none_or(|(b, _, _)| s < b) {
            best = Some((s, lat, lon));
        }
    };
    match (lat_known, lon_known) {
        (Some(_), Some(_)) => {}
        (Some(lat), None) => candidates.iter().for_each(|&lon| consider(lat, lon)),
        (None, Some(lon)) => candidates.iter().for_each(|&lat| consider(lat, lon)),
        (None, None) => {
            for &a in &candidates {
                for &b in &candidates {
                    // Each unordered pair once, in the order the scatter prefers.
                    if a < b {
                        consider(a, b);
                        consider(b, a);
                    }
                }
            }
        }
    }
    if let Some((_, lat, lon)) = best {
        let (lat, lon) = match (lat_known, lon_known) {
            (None, None) if profiles[lon].coordinate(true) => {
                if a_is_latitude(&rows, lat.min(lon), lat.max(lon)) {
                    (lat.min(lon), lat.max(lon))
                } else {
                    (lat.max(lon), lat.min(lon))
                }
            }
            _ => (lat, lon),
        };
        if lat_known.is_none() {
            mapping[lat] = Some(lat_column.clone());
        }
        if lon_known.is_none() {
            mapping[lon] = Some(lon_column.clone());
        }
    }
    let has_place = taken(&lat_column, &mapping) && taken(&lon_column, &mapping);
    let kind = kind_now.or_else(|| has_place.then_some(TableKind::Orders));
    let Some(kind) = kind else {
        return Guess { kind: None, mapping: vec![None; width] };
    };

    // The id: unique tokens, every row filled.
    let id_rank = |k: usize| -> Option<usize> {
        let p = &profiles[k];
        if !free(k, &mapping) || !p.unique || p.tokens < p.filled || p.filled == 0 {
            return None;
        }
        if p.mostly(p.mixed) {
            Some(0)
        } else if p.numeric() && p.decimals == 0 {
            (k == 0 || p.numbers.iter().all(|&v| v >= 1000.0)).then_some(1)
        } else if p.numbers.is_empty() && p.clock_count() == 0 && p.ranges == 0 && p.priorities == 0 {
            Some(2)
        } else {
            None
        }
    };
    if !taken(&Column::Id, &mapping) {
        if let Some(k) = (0..width).filter_map(|k| id_rank(k).map(|r| (r, k))).min().map(|(_, k)| k) {
            mapping[k] = Some(Column::Id);
        }
    }

    // Durations: written with a unit, or clock times all under 02:00.
    if kind == TableKind::Orders && !taken(&Column::Service, &mapping) {
        let service = (0..width).find(|&k| {
            let p = &profiles[k];
            free(k, &mapping) && (p.mostly(p.durations) || p.short_clocks())
        });
        if let Some(k) = service {
            mapping[k] = Some(Column::Service);
        }
    }

    // Windows in one cell.
    let range_column = match kind {
        TableKind::Orders => Some(Column::Windows),
        TableKind::Depots => Some(Column::Hours),
        TableKind::Vehicles => None,
    };
    if let Some(column) = range_column.as_ref().filter(|c| !taken(c, &mapping)) {
        if let Some(k) = (0..width).find(|&k| free(k, &mapping) && profiles[k].mostly(profiles[k].ranges)) {
            mapping[k] = Some(column.clone());
        }
    }

    // Clock times: a start, then an end.
    let (start, end) = match kind {
        TableKind::Orders => (Column::WindowStart, Column::WindowEnd),
        TableKind::Vehicles => (Column::ShiftStart, Column::ShiftEnd),
        TableKind::Depots => (Column::Open, Column::Close),
    };
    let one_cell = range_column.as_ref().is_some_and(|c| taken(c, &mapping));
    if !one_cell && !taken(&start, &mapping) && !taken(&end, &mapping) {
        let times: Vec<usize> = (0..width).filter(|&k| free(k, &mapping) && profiles[k].is_clock()).take(2).collect();
        match times[..] {
            [a] => mapping[a] = Some(start),
            [a, b] => {
                let (first, second) = (&profiles[a].clocks, &profiles[b].clocks);
                let (mut forward, mut backward) = (0, 0);
                for (x, y) in first.iter().zip(second) {
                    if let (Some(x), Some(y)) = (x, y) {
                        if x <= y {
                            forward += 1;
                        } else {
                            backward += 1;
                        }
                    }
                }
                let (a, b) = if backward > forward { (b, a) } else { (a, b) };
                mapping[a] = Some(start);
                mapping[b] = Some(end);
            }
            _ => {}
        }
    }

    // Priority words.
    if kind == TableKind::Orders && !taken(&Column::Priority, &mapping) {
        if let Some(k) = (0..width).find(|&k| free(k, &mapping) && profiles[k].mostly(profiles[k].priorities)) {
            mapping[k] = Some(Column::Priority);
        }
    }

    // A demand or a capacity: the leftmost remaining column of non-negative numbers.
    let amount = match kind {
        TableKind::Orders => Some(Column::Demand("demand".to_string())),
        TableKind::Vehicles => Some(Column::Capacity(None)),
        TableKind::Depots => None,
    };
    let has_amount =
        known.iter().chain(&mapping).flatten().any(|c| matches!(c, Column::Demand(_) | Column::Capacity(_)));
    if let Some(column) = amount.filter(|_| !has_amount) {
        let fits = |k: usize| {
            let p = &profiles[k];
            let small_whole = p.decimals == 0 && p.numbers.iter().all(|&v| v <= 999.0);
            free(k, &mapping)
                && p.numeric()
                && p.numbers.iter().all(|&v| v >= 0.0)
                && (small_whole || p.decimals > 0)
                && p.clock_count() == 0
        };
        if let Some(k) = (0..width).find(|&k| fits(k)) {
            mapping[k] = Some(column);
        }
    }
    Guess { kind: Some(kind), mapping }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of a CSV text (`;` or `,`), every line a row.
    fn rows(text: &str) -> Vec<Vec<String>> {
        let delimiter = if text.contains(';') { ';' } else { ',' };
        text.lines().map(|l| l.split(delimiter).map(str::to_string).collect()).collect()
    }

    fn guessed(file: &str, text: &str) -> Guess {
        let rows = rows(text);
        let width = rows[0].len();
        guess(file, None, &vec![None; width], &rows)
    }

    #[test]
    fn a_first_row_of_values_is_data_and_one_of_names_is_headers() {
        let cells = |s: &str| s.split(';').map(str::to_string).collect::<Vec<_>>();
        assert!(first_row_is_data(&cells("1001;52,5200;13,4050;12;08:00-12:00")));
        assert!(first_row_is_data(&cells("A-1;Bakery;48.8686;2.3318")));
        assert!(!first_row_is_data(&cells("Feld1;Feld2;Feld3;Feld4")));
        assert!(!first_row_is_data(&cells("A;B;C;D;E")));
        // A known header among values: headers.
        assert!(!first_row_is_data(&cells("id;45.7;4.8")));
        assert!(!first_row_is_data(&cells("Empfänger;Straße;Ort")));
    }

    #[test]
    fn lyon_coordinates_both_within_90_read_latitude_first_whatever_their_order() {
        let text = "o1;45.7640;4.8357\no2;45.7700;4.8500\no3;45.7550;4.8200\no4;45.7480;4.8600\no5;45.7810;4.8290";
        let g = guessed("x.csv", text);
        assert_eq!(g.kind, Some(TableKind::Orders));
        assert_eq!(g.mapping, vec![Some(Column::Id), Some(Column::Lat), Some(Column::Lon)]);
        // Longitude first (GeoJSON order): still found.
        let swapped = "o1;4.8357;45.7640\no2;4.8500;45.7700\no3;4.8200;45.7550\no4;4.8600;45.7480\no5;4.8290;45.7810";
        let g = guessed("x.csv", swapped);
        assert_eq!(g.mapping, vec![Some(Column::Id), Some(Column::Lon), Some(Column::Lat)]);
    }

    #[test]
    fn sao_paulo_is_told_apart_by_the_spreads() {
        // São Paulo (−23.55, −46.63): both within ±90, the longitude of larger magnitude; a
        // region 20 km square, so longitudes spread 1/cos(23.5°) ≈ 1.09 times wider.
        let mut text = String::new();
        for k in 0..20 {
            let (dy, dx) = ((k % 5) as f64 * 0.045, (k / 5) as f64 * 0.065);
            text.push_str(&format!("s{k},{:.4},{:.4}\n", -23.60 + dy, -46.70 + dx));
        }
        let g = guessed("stops.csv", text.trim_end());
        assert_eq!(g.mapping, vec![Some(Column::Id), Some(Column::Lat), Some(Column::Lon)]);
    }

    #[test]
    fn a_weight_with_decimals_is_not_taken_for_a_coordinate() {
        // Weights 0.5–19.5 kg are within ±90 with decimals: paired with either coordinate they
        // scatter points over hundreds of kilometres, so the true pair wins; the weight is the demand.
        let text = "7;19,5;52,5200;13,4050\n8;3,25;52,5290;13,4010\n9;7,75;52,5219;13,4132\n10;0,5;52,5170;13,3889";
        let g = guessed("auftraege.csv", text);
        assert_eq!(g.mapping[2], Some(Column::Lat));
        assert_eq!(g.mapping[3], Some(Column::Lon));
        assert_eq!(g.mapping[1], Some(Column::Demand("demand".into())));
        assert_eq!(g.mapping[0], Some(Column::Id), "whole numbers in the first column are the id");
    }

    #[test]
    fn times_ranges_durations_and_priorities() {
        let text = "A-1;48.8686;2.3318;08:00;12:00;10 min;hoch\n\
                    A-2;48.8680;2.3225;09:00;11:00;5 min;normal\n\
                    A-3;48.8560;2.3050;13:00;17:00;15 min;niedrig";
        let g = guessed("stops.csv", text);
        assert_eq!(
            g.mapping,
            vec![
                Some(Column::Id),
                Some(Column::Lat),
                Some(Column::Lon),
                Some(Column::WindowStart),
                Some(Column::WindowEnd),
                Some(Column::Service),
                Some(Column::Priority)
            ]
        );
        // A window in one cell, whole hours or clock times; `00:05` is a duration.
        let text = "B1,45.76,4.83,8-12,00:05,3\nB2,45.77,4.85,08:00-12:00,00:10,1\nB3,45.75,4.82,13-17,00:07,2";
        let g = guessed("b.csv", text);
        assert_eq!(g.mapping[3], Some(Column::Windows));
        assert_eq!(g.mapping[4], Some(Column::Service));
        assert_eq!(g.mapping[5], Some(Column::Demand("demand".into())));
    }

    #[test]
    fn the_end_before_the_start_swaps_and_the_file_name_picks_the_kind() {
        let text = "d1;45.70;4.80;20:00;07:00\nd2;45.75;4.90;21:00;06:00";
        let g = guessed("hubs.csv", text);
        assert_eq!(g.kind, Some(TableKind::Depots));
        assert_eq!(g.mapping[3], Some(Column::Close));
        assert_eq!(g.mapping[4], Some(Column::Open));
        // No coordinates and nothing in the name: no kind, no guess.
        let g = guessed("x.csv", "a;1;2\nb;3;4");
        assert_eq!(g, Guess { kind: None, mapping: vec![None; 3] });
    }

    #[test]
    fn known_columns_are_kept_and_never_guessed_twice() {
        let rows = rows("B-1,45.76,4.83,5\nB-2,45.77,4.85,3");
        let known = vec![Some(Column::Id), None, None, None];
        let g = guess("export.csv", Some(TableKind::Orders), &known, &rows);
        assert_eq!(g.mapping, vec![None, Some(Column::Lat), Some(Column::Lon), Some(Column::Demand("demand".into()))]);
    }
}
