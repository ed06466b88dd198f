//! The engine's answer at the checkout: for one booking, every slot open (with the marginal cost
//! of serving it there) or closed (and why, in the planner's words), against the tentative plan
//! of the bookings accepted so far. Accepting inserts the booking where the quote said.
//!
//! The booking is added to the problem as a new place (the travel matrices grow by one row and
//! column, O(orders)); each slot is then a cheapest-insertion query with the slot as the order's
//! window, O(1) per position thanks to the routes' cached slack.

use crate::plan::Plan;
use crate::problem::{Order, Problem, Windows};
use crate::reasons::explain;
use crate::recreate::{Insertion, Scratch};
use crate::rng::Rng;
use crate::search::{reoptimise, Locks, SolveOptions};
use crate::solution::{RouteState, Solution};
use crate::units::Cost;

use super::customers::Booking;
use super::slots::{Slot, SlotGrid};

/// One slot for one booking.
#[derive(Clone, Debug, PartialEq)]
pub struct SlotOption {
    pub slot: usize,
    /// Where it would go and what it would add; `None` when the slot is closed.
    pub insertion: Option<Insertion>,
    /// Why the slot is closed (empty when open).
    pub reason: String,
}

impl SlotOption {
    pub fn is_open(&self) -> bool {
        self.insertion.is_some()
    }

    /// The marginal cost of serving the booking in this slot.
    pub fn added_cost(&self) -> Option<Cost> {
        self.insertion.map(|i| i.added_cost)
    }
}

/// Where an accepted booking went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placed {
    /// Into a route.
    Routed,
    /// Promised, but no route has room for it now (a quota accepted more than the fleet can do);
    /// later re-optimisations try again.
    Waiting,
}

/// The bookings accepted so far and the plan serving them.
#[derive(Clone, Debug)]
pub struct TentativePlan {
    pub problem: Problem,
    pub solution: Solution,
}

impl TentativePlan {
    /// An empty day on `base`'s depots, fleet and travel (its orders are not taken), with room
    /// for `expected` bookings.
    pub fn new(base: &Problem, expected: usize) -> Result<TentativePlan, String> {
        base.can_grow().map_err(checkout_needs_coordinates)?;
        let mut parts = base.to_parts();
        parts.orders.clear();
        let mut problem = Problem::new(parts);
        problem.reserve_orders(expected + 1);
        let solution = Solution::empty(&problem);
        Ok(TentativePlan { problem, solution })
    }

    /// A tentative plan that already holds `problem`'s orders, served as `solution` says.
    pub fn from_solution(mut problem: Problem, solution: Solution) -> Result<TentativePlan, String> {
        problem.can_grow().map_err(checkout_needs_coordinates)?;
        problem.reserve_orders(1);
        Ok(TentativePlan { problem, solution })
    }

    /// The booking as an order with `slot` as its window.
    fn order(booking: &Booking, slot: &Slot) -> Order {
        Order {
            id: booking.id.clone(),
            location: 0,
            task: crate::problem::Task::Delivery,
            demand: booking.demand,
            service: booking.service,
            windows: Windows::one(slot.window),
            skills: booking.skills,
            priority: 1,
            value: None,
            depot: None,
        }
    }

    /// Every slot of `grid` for `booking`, open or closed (`place` names where the booking is,
    /// e.g. its zone, for the reasons). Leaves the plan as it was.
    pub fn options(&mut self, booking: &Booking, grid: &SlotGrid, place: &str) -> Result<Vec<SlotOption>, String> {
        let Some(first) = grid.slots.first() else { return Ok(Vec::new()) };
        let o = self.problem.push_order(Self::order(booking, first), booking.point)?;
        self.solution.add_order();
        let mut rng = Rng::new(0);
        let mut evaluated = 0;
        let options = grid
            .slots
            .iter()
            .enumerate()
            .map(|(s, slot)| {
                self.problem.orders[o].windows = Windows::one(slot.window);
                let insertion = Scratch::default()
                    .best_insertion(&self.problem, &self.solution, o, usize::MAX, None, 0.0, &mut rng, &mut evaluated)
                    .map(|i| Insertion { added_cost: self.exact_cost(o, &i), ..i });
                let reason = match insertion {
                    Some(_) => String::new(),
                    None => explain(&self.problem, &self.solution, o, place),
                };
                SlotOption { slot: s, insertion, reason }
            })
            .collect();
        self.solution.remove_last_order();
        self.problem.pop_order();
        Ok(options)
    }

    /// What inserting `o` as `at` says really adds to the route's cost, waiting included (the
    /// search's estimate leaves waiting out; at the checkout it is what separates slots).
    fn exact_cost(&self, o: usize, at: &Insertion) -> Cost {
        let route = &self.solution.routes[at.route];
        let mut after = RouteState::clone(route);
        after.insert(&self.problem, o, at.position);
        after.cost - route.cost
    }

    /// Accepts `booking` in `slot`: inserted at the cheapest feasible position, or kept waiting
    /// when none is left.
    pub fn accept(&mut self, booking: &Booking, slot: &Slot) -> Result<Placed, String> {
        let o = self.problem.push_order(Self::order(booking, slot), booking.point)?;
        self.solution.add_order();
        let mut evaluated = 0;
        let found = Scratch::default().best_insertion(
            &self.problem,
            &self.solution,
            o,
            usize::MAX,
            None,
            0.0,
            &mut Rng::new(0),
            &mut evaluated,
        );
        Ok(match found {
            Some(Insertion { route, position, .. }) => {
                self.solution.insert(&self.problem, o, route, position);
                Placed::Routed
            }
            None => {
                self.solution.unassigned.push(o);
                Placed::Waiting
            }
        })
    }

    /// Improves the plan for `iterations` search iterations (deterministic for `seed`), so the
    /// next bookings find room the greedy insertions wasted. Never makes it worse.
    pub fn reoptimise(&mut self, iterations: usize, seed: u64) {
        if self.problem.orders.is_empty() || iterations == 0 {
            return;
        }
        let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: iterations, threads: 1, seed };
        let current = self.plan();
        let outcome = reoptimise(&self.problem, &current, &Locks::default(), &options, &|| 0.0, &mut |_| true);
        if outcome.plan.objective(&self.problem) <= current.objective(&self.problem) {
            self.solution = Solution::from_plan(&self.problem, &outcome.plan);
        }
    }

    pub fn plan(&self) -> Plan {
        self.solution.to_plan(&self.problem)
    }

    /// Accepted bookings without a place in the plan (broken promises if they stay so).
    pub fn waiting(&self) -> usize {
        self.solution.unassigned.len()
    }
}

fn checkout_needs_coordinates(why: String) -> String {
    format!("the checkout needs travel computed from coordinates: {why}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::violations;
    use crate::checkout::customers::{generate_stream, StreamSpec};
    use crate::generate::{city, CitySpec};
    use crate::problem::Skills;

    /// Open slots, accepted, keep the plan feasible and cost what the quote said; a closed
    /// slot always says why.
    #[test]
    fn open_slots_are_truthful_and_closed_ones_explained() {
        let base = city(&CitySpec::lyon("offers", 120, 5));
        let grid = SlotGrid::across_shifts(&base, 2.0, &[3.0]).unwrap();
        let stream =
            generate_stream(&base, &StreamSpec { customers: 400, seed: 9, ..Default::default() }, 0.0).unwrap();
        let mut tentative = TentativePlan::new(&base, 400).unwrap();
        let (mut accepted, mut closed) = (0, 0);
        for (k, booking) in stream.iter().enumerate() {
            let options = tentative.options(booking, &grid, "zone A1").unwrap();
            assert_eq!(options.len(), grid.len());
            closed += options.iter().filter(|o| !o.is_open()).count();
            assert!(options.iter().all(|o| o.is_open() == o.reason.is_empty()), "{options:?}");
            let Some(open) = options.iter().filter(|o| o.is_open()).nth(k % 3).or(options.iter().find(|o| o.is_open()))
            else {
                continue;
            };
            let before = tentative.solution.cost(&tentative.problem);
            assert_eq!(tentative.accept(booking, &grid.slots[open.slot]).unwrap(), Placed::Routed);
            let after = tentative.solution.cost(&tentative.problem);
            assert_eq!(after - before, open.added_cost().unwrap());
            accepted += 1;
            if accepted % 50 == 0 {
                tentative.reoptimise(50, 1);
            }
        }
        let plan = tentative.plan();
        assert!(violations(&tentative.problem, &plan).is_empty());
        assert!(plan.unassigned.is_empty());
        assert_eq!(tentative.problem.orders.len(), accepted);
        assert!(accepted > 100, "{accepted}");
        assert!(closed > 0, "a fleet for 120 orders fills up with 400 customers");
    }

    #[test]
    fn a_closed_slot_names_the_missing_skill() {
        let city_day = city(&CitySpec::lyon("skills", 40, 4));
        let cold = city_day.skills.iter().position(|s| s == "cold").unwrap();
        // The cold-chain vehicles are off today.
        let mut parts = city_day.to_parts();
        parts.vehicles.retain(|v| !v.skills.covers(Skills::NONE.with(cold)));
        let base = Problem::new(parts);
        let grid = SlotGrid::across_shifts(&base, 2.0, &[3.0]).unwrap();
        let mut booking =
            generate_stream(&base, &StreamSpec { customers: 1, ..Default::default() }, 0.0).unwrap().remove(0);
        booking.skills = Skills::NONE.with(cold);
        let mut tentative = TentativePlan::new(&base, 1).unwrap();
        let options = tentative.options(&booking, &grid, "zone A1").unwrap();
        assert!(options.iter().all(|o| !o.is_open() && o.reason.contains("lack 'cold'")), "{options:?}");
    }

    #[test]
    fn late_slots_name_the_shift_end() {
        let base = city(&CitySpec::lyon("late", 30, 2));
        let grid = SlotGrid::across_shifts(&base, 1.0, &[3.0]).unwrap();
        let booking =
            generate_stream(&base, &StreamSpec { customers: 1, ..Default::default() }, 0.0).unwrap().remove(0);
        let mut tentative = TentativePlan::new(&base, 400).unwrap();
        let options = tentative.options(&booking, &grid, "zone B2").unwrap();
        let last = options.last().unwrap();
        // The last hour (17–18) is after the EV vans' and bikes' shifts: the reason names them.
        if !last.is_open() {
            assert!(last.reason.contains("shifts end") || last.reason.contains("in time"), "{}", last.reason);
        }
        assert!(options.iter().any(SlotOption::is_open));
    }
}
