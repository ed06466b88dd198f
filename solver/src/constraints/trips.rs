//! Multiple trips: a vehicle with [`Reloads`] may go back to one of its reload depots between
//! trips, to unload what it collected and load the next trip; each visit takes the reload time and
//! starts while the depot is open. Each trip is within capacity on its own ([`super::capacity`]
//! segments start again after a reload), a shipment is picked up and delivered on one trip
//! ([`super::pairing`]), and there are at most `max_trips` trips; the shift, break, maximum
//! duration and range span the whole day.
//!
//! Inside the search a reload is a stop of its own in a route's stop list, marked by the top bit
//! ([`reload`], [`depot_of`]); plans list orders only, with the reloads beside them
//! ([`crate::plan::Reload`]).

use crate::problem::{Problem, Reloads};

/// The bit that marks a stop as a reload (never set in an order index).
pub const RELOAD: usize = 1 << (usize::BITS - 1);

/// The stop that stands for a reload at depot `depot`.
#[inline]
pub fn reload(depot: usize) -> usize {
    RELOAD | depot
}

/// The depot of a reload stop; `None` for an order.
#[inline]
pub fn depot_of(stop: usize) -> Option<usize> {
    (stop & RELOAD != 0).then_some(stop & !RELOAD)
}

/// The number of trips `stops` make (reloads + 1).
pub fn count(stops: &[usize]) -> usize {
    1 + stops.iter().filter(|&&s| depot_of(s).is_some()).count()
}

/// Vehicle `v`'s reloads, when it may make another trip than the `trips` it makes.
pub fn another_allowed(problem: &Problem, v: usize, trips: usize) -> Option<&Reloads> {
    problem.vehicles[v].reloads.as_ref().filter(|r| trips < r.max_trips && !r.depots.is_empty())
}

/// True when `stops` keep vehicle `v`'s rule: reloads only at its reload depots, and not more
/// trips than it may make.
pub fn within(problem: &Problem, v: usize, stops: &[usize]) -> bool {
    let trips = count(stops);
    if trips == 1 {
        return true;
    }
    problem.vehicles[v].reloads.as_ref().is_some_and(|r| {
        trips <= r.max_trips && stops.iter().filter_map(|&s| depot_of(s)).all(|d| r.depots.contains(&d))
    })
}

/// `stops` without reloads that do nothing: at the start, at the end, or right after another.
pub fn tidy(stops: &mut Vec<usize>) {
    let mut previous_was_reload = true; // at the start
    stops.retain(|&s| {
        let reload = depot_of(s).is_some();
        let keep = !(reload && previous_was_reload);
        if keep {
            previous_was_reload = reload;
        }
        keep
    });
    while stops.last().is_some_and(|&s| depot_of(s).is_some()) {
        stops.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reload_is_told_from_an_order_and_useless_ones_go() {
        assert_eq!(depot_of(reload(3)), Some(3));
        assert_eq!(depot_of(3), None);
        let r = reload(0);
        let mut stops = vec![r, 4, r, r, 5, 6, r, 7, r];
        assert_eq!(count(&stops), 6);
        tidy(&mut stops);
        assert_eq!(stops, vec![4, r, 5, 6, r, 7]);
        let mut only = vec![r, r];
        tidy(&mut only);
        assert!(only.is_empty());
    }
}
