//! A booking day, policy by policy, on the same customers: each arrives, is offered slots by the
//! policy, chooses by the choice model (with the same random draw under every policy), and an
//! accepted booking joins the tentative plan. Between bookings the plan is re-optimised on a
//! fixed iteration budget; after the cut-off the final plan is optimised once more and measured.

use serde::{Deserialize, Serialize};

use crate::problem::{Amount, Problem, Skills};
use crate::rng::Rng;
use crate::units::{from_ticks, Cost, Time};

use super::customers::{generate_stream, Booking, ChoiceModel, StreamSpec, Taste};
use super::offers::{Placed, SlotOption, TentativePlan};
use super::policy::Policy;
use super::slots::{hour, SlotGrid, SlotView};
use super::zones::Zones;

/// Everything a booking day depends on besides the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BookingDay {
    /// Slot width in hours (1, 2, 4 ...).
    pub slot_hours: f64,
    /// List price of each slot in turn (the last repeats).
    pub prices: Vec<f64>,
    pub stream: StreamSpec,
    /// Hours before the delivery day starts (midnight) at which booking closes.
    pub cutoff_hours: f64,
    pub zone_rows: usize,
    pub zone_cols: usize,
    /// When more than 0, this many postcode-like areas around where the scenario's orders
    /// cluster replace the grid.
    pub zone_areas: usize,
    pub choice: ChoiceModel,
    /// Quotas; by default the scenario's own order count spread evenly over the slots, and per
    /// zone twice an even share of that.
    pub quota_per_slot: Option<usize>,
    pub quota_per_cell: Option<usize>,
    pub discount: f64,
    pub surcharge: f64,
    /// Re-optimise the tentative plan after this many accepted bookings (0: automatic, every
    /// 10 bookings or 1 % of the customers, whichever is more) ...
    pub reoptimise_every: usize,
    /// ... for this many search iterations.
    pub reoptimise_iterations: usize,
    /// Iterations for the final plan after the cut-off.
    pub final_iterations: usize,
    /// Snapshots of fill and availability over the horizon.
    pub checkpoints: usize,
}

impl Default for BookingDay {
    fn default() -> Self {
        BookingDay {
            slot_hours: 2.0,
            prices: vec![3.99],
            stream: StreamSpec::default(),
            cutoff_hours: 2.0,
            zone_rows: 3,
            zone_cols: 3,
            zone_areas: 0,
            choice: ChoiceModel::default(),
            quota_per_slot: None,
            quota_per_cell: None,
            discount: 1.0,
            surcharge: 1.0,
            reoptimise_every: 0,
            reoptimise_iterations: 100,
            final_iterations: 1000,
            checkpoints: 24,
        }
    }
}

/// One slot as offered to one customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Offered {
    pub slot: usize,
    pub price: f64,
    /// Marginal cost of serving the booking there (policies that ask the plan).
    pub cost: Option<f64>,
}

/// A slot not offered, and why.
pub type Closed = (usize, String);

/// What one customer saw and did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferLog {
    pub customer: String,
    /// Seconds after the horizon opened, and as a planner reads it (`D-1 19:40`).
    pub at: f64,
    pub when: String,
    pub zone: String,
    pub taste: Taste,
    pub offered: Vec<Offered>,
    /// Slots not offered, with the reason (`"quota"` or the plan's reason).
    pub closed: Vec<(usize, String)>,
    pub chose: Option<usize>,
    /// `routed`, `waiting` (promised, no room yet), or empty when nothing was bought.
    pub placed: String,
}

/// Orders accepted per slot at a moment of the horizon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FillPoint {
    pub at: f64,
    pub when: String,
    pub per_slot: Vec<usize>,
}

/// Which slot × zone cells are open at a moment of the horizon (for a standard order at the
/// zone's centre; for quotas, while the quotas last).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Availability {
    pub at: f64,
    pub when: String,
    /// `open[slot][zone]`.
    pub open: Vec<Vec<bool>>,
    /// `cost[slot][zone]`: the marginal cost there, for policies that ask the plan.
    pub cost: Vec<Vec<Option<f64>>>,
}

/// A policy's booking day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyOutcome {
    pub key: String,
    pub policy: String,
    pub customers: usize,
    pub accepted: usize,
    /// Customers who were offered nothing, and who were offered slots but bought none.
    pub nothing_offered: usize,
    pub declined: usize,
    /// Delivery fees paid.
    pub revenue: f64,
    /// The final optimised plan: vehicles used, cost and distance (km, or benchmark units).
    pub vehicles: usize,
    pub cost: f64,
    pub cost_per_order: f64,
    pub distance: f64,
    /// Accepted orders the final plan cannot serve in their promised slot.
    pub broken_promises: usize,
    pub fill: Vec<FillPoint>,
    pub availability: Vec<Availability>,
    pub log: Vec<OfferLog>,
    /// Final routes: vehicle id and the customers in order.
    pub routes: Vec<(String, Vec<String>)>,
}

/// A customer of the stream as the app draws it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerView {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub zone: usize,
}

/// All policies on one stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub slots: Vec<SlotView>,
    pub zones: Vec<String>,
    /// True when the zones are postcode-like areas (then `zone_centres` places them), false for
    /// a `zone_rows × zone_cols` grid.
    pub zone_areas: bool,
    pub zone_centres: Vec<[f64; 2]>,
    pub zone_rows: usize,
    pub zone_cols: usize,
    /// South-west and north-east corners of the zone grid.
    pub bounds: [f64; 4],
    pub horizon_hours: f64,
    pub customers: Vec<CustomerView>,
    pub outcomes: Vec<PolicyOutcome>,
}

/// The prepared day: grid, zones, stream and the policies to compare.
pub struct Setup {
    pub grid: SlotGrid,
    pub zones: Zones,
    pub stream: Vec<Booking>,
    pub policies: Vec<Policy>,
    /// The scenario's median order (demand, service): what the availability probes carry.
    pub typical: (Amount, Time),
}

impl BookingDay {
    /// Accepted bookings between two re-optimisations, for a stream of `customers`.
    pub fn reoptimise_cadence(&self, customers: usize) -> usize {
        match self.reoptimise_every {
            0 => (customers / 100).max(10),
            n => n,
        }
    }

    /// The hour of day (0–24) at which the booking horizon opens.
    pub fn opens_at_hour(&self) -> f64 {
        (-(self.cutoff_hours + self.stream.horizon_hours)).rem_euclid(24.0)
    }

    /// `D-1 19:40` for `at` seconds after the horizon opened.
    pub fn when(&self, at: f64) -> String {
        let absolute = at / 3600.0 - self.cutoff_hours - self.stream.horizon_hours;
        match crate::units::day_and_clock(crate::units::to_ticks(absolute * 3600.0)) {
            (0, hm) => format!("D {hm}"),
            (day, hm) => format!("D{day} {hm}"),
        }
    }

    /// What is wrong with these settings, if anything.
    pub fn check(&self) -> Result<(), String> {
        let hours = |v: f64, max: f64, what: &str| {
            if v.is_finite() && (0.0..=max).contains(&v) {
                Ok(())
            } else {
                Err(format!("the {what} must be 0 to {max} hours, found {v}"))
            }
        };
        hours(self.stream.horizon_hours, 24.0 * 366.0, "booking horizon")?;
        hours(self.cutoff_hours, 24.0 * 366.0, "cut-off")?;
        if self.stream.customers > 100_000 {
            return Err(format!("at most 100,000 customers per booking day, found {}", self.stream.customers));
        }
        if self.checkpoints > 1_000 {
            return Err(format!("at most 1,000 checkpoints, found {}", self.checkpoints));
        }
        for (v, what) in [(self.discount, "discount"), (self.surcharge, "surcharge")] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(format!("the {what} must be zero or more, found {v}"));
            }
        }
        Ok(())
    }

    /// Grid, zones, a generated stream (unless `replay` is given) and the three policies.
    pub fn setup(&self, base: &Problem, replay: Option<Vec<Booking>>) -> Result<Setup, String> {
        self.check()?;
        let grid = SlotGrid::across_shifts(base, self.slot_hours, &self.prices)?;
        let area: Vec<_> = base.orders.iter().map(|o| base.points[o.location]).collect();
        let area = if area.is_empty() { &base.points } else { &area };
        let zones = match self.zone_areas {
            0 => Zones::grid(area, self.zone_rows, self.zone_cols),
            n => Zones::areas(area, n, base.coordinates == crate::problem::Coordinates::Geographic),
        };
        let stream = match replay {
            Some(stream) => stream,
            None => generate_stream(base, &self.stream, self.opens_at_hour())?,
        };
        let reference = if base.orders.is_empty() { stream.len() } else { base.orders.len() };
        let per_slot = self.quota_per_slot.unwrap_or_else(|| reference.div_ceil(grid.len()).max(1));
        let per_cell = self.quota_per_cell.unwrap_or_else(|| (2 * per_slot).div_ceil(zones.len()).max(1));
        let policies = vec![
            Policy::Quota { per_slot, per_cell },
            Policy::Feasibility,
            Policy::Incentives { discount: self.discount, surcharge: self.surcharge },
        ];
        let typical = base.typical_order().unwrap_or(([0; 3], 0));
        Ok(Setup { grid, zones, stream, policies, typical })
    }
}

/// How far a comparison has got: policy number `policy` (of `policies`) has served `served` of
/// its `customers`; `finished` once its final plan is measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayProgress {
    pub policy: usize,
    pub policies: usize,
    pub name: String,
    pub served: usize,
    pub customers: usize,
    pub finished: bool,
}

/// Runs every policy of the day on the same stream; `on_progress` hears about every 2 % of the
/// customers served and each finished policy.
pub fn compare(
    base: &Problem,
    day: &BookingDay,
    replay: Option<Vec<Booking>>,
    on_progress: &mut dyn FnMut(&DayProgress),
) -> Result<Comparison, String> {
    let setup = day.setup(base, replay)?;
    let mut outcomes = Vec::new();
    let policies = setup.policies.len();
    let customers = setup.stream.len();
    for (k, policy) in setup.policies.iter().enumerate() {
        let name = policy.name();
        let mut tell = |served: usize, finished: bool| {
            on_progress(&DayProgress { policy: k, policies, name: name.clone(), served, customers, finished })
        };
        let outcome = Day::new(base, day, &setup, policy)?.run_to_end(&mut |served| tell(served, false))?;
        tell(customers, true);
        outcomes.push(outcome);
    }
    let (sw, ne) = setup.zones.bounds();
    Ok(Comparison {
        slots: setup.grid.views(base),
        zones: (0..setup.zones.len()).map(|z| setup.zones.label(z)).collect(),
        zone_areas: setup.zones.is_areas(),
        zone_centres: (0..setup.zones.len())
            .map(|z| {
                let c = setup.zones.centre(z);
                [c.x, c.y]
            })
            .collect(),
        zone_rows: setup.zones.rows,
        zone_cols: setup.zones.cols,
        bounds: [sw.x, sw.y, ne.x, ne.y],
        horizon_hours: day.stream.horizon_hours,
        customers: setup
            .stream
            .iter()
            .map(|b| CustomerView { id: b.id.clone(), x: b.point.x, y: b.point.y, zone: setup.zones.of(&b.point) })
            .collect(),
        outcomes,
    })
}

/// The tentative plan of `policy` just after every booking made before `at` (seconds after the
/// horizon opened): what the "check an address" tool asks.
pub fn tentative_at<'a>(
    base: &'a Problem,
    day: &'a BookingDay,
    setup: &'a Setup,
    policy: &'a Policy,
    at: f64,
) -> Result<Day<'a>, String> {
    let mut running = Day::new(base, day, setup, policy)?;
    while running.next < setup.stream.len() && setup.stream[running.next].at < at {
        running.step()?;
    }
    Ok(running)
}

/// One slot for an address, as the "check an address" tool shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddressSlot {
    pub slot: usize,
    pub label: String,
    pub open: bool,
    pub price: Option<f64>,
    pub cost: Option<f64>,
    pub reason: String,
}

/// What a customer at an address would be offered at a moment of the booking day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddressCheck {
    pub zone: String,
    pub when: String,
    pub policy: String,
    /// Bookings accepted by then.
    pub accepted: usize,
    pub slots: Vec<AddressSlot>,
}

/// The slots policy number `policy` of the day would offer a standard order (the scenario's
/// median size and service) at `point`, just after every booking made before `at` seconds.
pub fn check_address(
    base: &Problem,
    day: &BookingDay,
    replay: Option<Vec<Booking>>,
    policy: usize,
    at: f64,
    point: crate::problem::Point,
) -> Result<AddressCheck, String> {
    if !(point.x.is_finite() && point.y.is_finite()) {
        return Err("the address has no usable coordinates".to_string());
    }
    let setup = day.setup(base, replay)?;
    let chosen = setup.policies.get(policy).ok_or_else(|| format!("there is no policy number {policy}"))?;
    let mut running = tentative_at(base, day, &setup, chosen, at)?;
    let zone = setup.zones.of(&point);
    let mut probe = running.probe(zone);
    probe.point = point;
    probe.id = "address".to_string();
    let (offered, closed) = running.offers(&probe, zone)?;
    let mut slots: Vec<AddressSlot> = offered
        .iter()
        .map(|o| AddressSlot {
            slot: o.slot,
            label: setup.grid.label(base, o.slot),
            open: true,
            price: Some(o.price),
            cost: o.cost,
            reason: String::new(),
        })
        .chain(closed.iter().map(|(s, why)| AddressSlot {
            slot: *s,
            label: setup.grid.label(base, *s),
            open: false,
            price: None,
            cost: None,
            reason: why.clone(),
        }))
        .collect();
    slots.sort_by_key(|s| s.slot);
    Ok(AddressCheck {
        zone: setup.zones.label(zone),
        when: day.when(at),
        policy: chosen.name(),
        accepted: running.outcome.accepted,
        slots,
    })
}

/// Policy number `policy`'s day run to the end: the scenario's fleet with the accepted orders
/// (each with its promised slot as window, named after its customer) and the final plan, to
/// open in the planner.
pub fn final_plan(
    base: &Problem,
    day: &BookingDay,
    replay: Option<Vec<Booking>>,
    policy: usize,
) -> Result<(Problem, crate::plan::Plan), String> {
    let setup = day.setup(base, replay)?;
    let chosen = setup.policies.get(policy).ok_or_else(|| format!("there is no policy number {policy}"))?;
    let mut running = Day::new(base, day, &setup, chosen)?;
    running.serve_all(&mut |_| {})?;
    running.tentative.reoptimise(day.final_iterations, u64::MAX);
    let plan = running.tentative.plan();
    let mut problem = running.tentative.problem;
    problem.name = format!("{} — {} booking day", base.name, chosen.key());
    Ok((problem, plan))
}

/// A policy's booking day in progress.
pub struct Day<'a> {
    base: &'a Problem,
    day: &'a BookingDay,
    setup: &'a Setup,
    policy: &'a Policy,
    pub tentative: TentativePlan,
    next: usize,
    per_slot: Vec<usize>,
    per_cell: Vec<Vec<usize>>,
    since_reoptimised: usize,
    reoptimisations: u64,
    outcome: PolicyOutcome,
}

impl<'a> Day<'a> {
    fn new(base: &'a Problem, day: &'a BookingDay, setup: &'a Setup, policy: &'a Policy) -> Result<Self, String> {
        let slots = setup.grid.len();
        Ok(Day {
            base,
            day,
            setup,
            policy,
            tentative: TentativePlan::new(base, setup.stream.len())?,
            next: 0,
            per_slot: vec![0; slots],
            per_cell: vec![vec![0; setup.zones.len()]; slots],
            since_reoptimised: 0,
            reoptimisations: 0,
            outcome: PolicyOutcome {
                key: policy.key().to_string(),
                policy: policy.name(),
                customers: setup.stream.len(),
                accepted: 0,
                nothing_offered: 0,
                declined: 0,
                revenue: 0.0,
                vehicles: 0,
                cost: 0.0,
                cost_per_order: 0.0,
                distance: 0.0,
                broken_promises: 0,
                fill: Vec::new(),
                availability: Vec::new(),
                log: Vec::new(),
                routes: Vec::new(),
            },
        })
    }

    /// The slots the policy would offer `booking` now, with prices and marginal costs, and the
    /// closed ones with their reasons.
    pub fn offers(&mut self, booking: &Booking, zone: usize) -> Result<(Vec<Offered>, Vec<Closed>), String> {
        let grid = &self.setup.grid;
        let (mut offered, mut closed) = (Vec::new(), Vec::new());
        match self.policy {
            Policy::Quota { per_slot, per_cell } => {
                for s in 0..grid.len() {
                    if self.per_slot[s] >= *per_slot {
                        closed.push((s, format!("slot quota of {per_slot} reached")));
                    } else if self.per_cell[s][zone] >= *per_cell {
                        closed.push((s, format!("zone quota of {per_cell} reached")));
                    } else {
                        offered.push(Offered { slot: s, price: grid.slots[s].price, cost: None });
                    }
                }
            }
            policy => {
                let place = format!("zone {}", self.setup.zones.label(zone));
                let options: Vec<SlotOption> = self.tentative.options(booking, grid, &place)?;
                let open: Vec<&SlotOption> = options.iter().filter(|o| o.is_open()).collect();
                let mean =
                    open.iter().map(|o| money(o.added_cost().unwrap_or(0))).sum::<f64>() / open.len().max(1) as f64;
                for option in &options {
                    match option.added_cost() {
                        Some(cost) => {
                            let cost = money(cost);
                            let price = policy.price(grid.slots[option.slot].price, cost, mean, open.len());
                            offered.push(Offered { slot: option.slot, price: round_cents(price), cost: Some(cost) });
                        }
                        None => closed.push((option.slot, option.reason.clone())),
                    }
                }
            }
        }
        Ok((offered, closed))
    }

    /// Serves the next customer of the stream.
    fn step(&mut self) -> Result<(), String> {
        let k = self.next;
        self.next += 1;
        let booking = &self.setup.stream[k];
        let zone = self.setup.zones.of(&booking.point);
        let (offered, closed) = self.offers(booking, zone)?;
        let hour = hour(self.base);
        let menu: Vec<_> =
            offered.iter().map(|o| (o.slot, self.setup.grid.slots[o.slot].window.start, o.price)).collect();
        let draw = Rng::new(self.day.stream.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (k as u64 + 1)).unit();
        let chose = self.day.choice.choose(booking, &menu, hour, draw);
        let mut placed = String::new();
        match chose {
            Some(s) => {
                let paid = offered.iter().find(|o| o.slot == s).map_or(0.0, |o| o.price);
                placed = match self.tentative.accept(booking, &self.setup.grid.slots[s])? {
                    Placed::Routed => "routed".to_string(),
                    Placed::Waiting => "waiting".to_string(),
                };
                self.per_slot[s] += 1;
                self.per_cell[s][zone] += 1;
                self.outcome.accepted += 1;
                self.outcome.revenue += paid;
                self.since_reoptimised += 1;
                if self.since_reoptimised >= self.day.reoptimise_cadence(self.setup.stream.len()) {
                    self.reoptimisations += 1;
                    self.tentative.reoptimise(self.day.reoptimise_iterations, self.reoptimisations);
                    self.since_reoptimised = 0;
                }
            }
            None if offered.is_empty() => self.outcome.nothing_offered += 1,
            None => self.outcome.declined += 1,
        }
        self.outcome.log.push(OfferLog {
            customer: booking.id.clone(),
            at: booking.at,
            when: self.day.when(booking.at),
            zone: self.setup.zones.label(zone),
            taste: booking.taste,
            offered,
            closed,
            chose,
            placed,
        });
        Ok(())
    }

    /// A standard order (the scenario's median size and service) at the centre of `zone`.
    fn probe(&self, zone: usize) -> Booking {
        let (demand, service) = self.setup.typical;
        Booking {
            id: "probe".to_string(),
            at: 0.0,
            point: self.setup.zones.centre(zone),
            demand,
            service,
            skills: Skills::NONE,
            taste: Taste::Flexible,
            wanted_start: None,
        }
    }

    fn snapshot(&mut self, at: f64) -> Result<(), String> {
        let zones = self.setup.zones.len();
        let mut open = vec![vec![false; zones]; self.setup.grid.len()];
        let mut cost = vec![vec![None; zones]; self.setup.grid.len()];
        #[allow(clippy::needless_range_loop)]
        for z in 0..zones {
            let probe = self.probe(z);
            let (offered, _) = self.offers(&probe, z)?;
            for o in offered {
                open[o.slot][z] = true;
                cost[o.slot][z] = o.cost.map(round_cents);
            }
        }
        let when = self.day.when(at);
        self.outcome.availability.push(Availability { at, when: when.clone(), open, cost });
        self.outcome.fill.push(FillPoint { at, when, per_slot: self.per_slot.clone() });
        Ok(())
    }

    /// Serves every customer, snapshotting fill and availability at each checkpoint; `served`
    /// hears the count about every 2 % of the stream.
    fn serve_all(&mut self, served: &mut dyn FnMut(usize)) -> Result<(), String> {
        let horizon = self.day.stream.horizon_hours * 3600.0;
        let checkpoints = self.day.checkpoints.max(1);
        let every = (self.setup.stream.len() / 50).max(1);
        let mut step = |day: &mut Self| -> Result<(), String> {
            day.step()?;
            if day.next.is_multiple_of(every) {
                served(day.next);
            }
            Ok(())
        };
        for c in 0..=checkpoints {
            let at = horizon * c as f64 / checkpoints as f64;
            while self.next < self.setup.stream.len() && self.setup.stream[self.next].at <= at {
                step(self)?;
            }
            self.snapshot(at)?;
        }
        while self.next < self.setup.stream.len() {
            step(self)?;
        }
        Ok(())
    }

    /// Serves every customer, then optimises and measures the final plan.
    fn run_to_end(mut self, served: &mut dyn FnMut(usize)) -> Result<PolicyOutcome, String> {
        self.serve_all(served)?;
        self.tentative.reoptimise(self.day.final_iterations, u64::MAX);
        let problem = &self.tentative.problem;
        let plan = self.tentative.plan();
        let routes_cost: Cost = self.tentative.solution.routes.iter().map(|r| r.cost).sum();
        let served = self.outcome.accepted - plan.unassigned.len();
        self.outcome.vehicles = plan.routes.iter().filter(|r| !r.stops.is_empty()).count();
        self.outcome.cost = money(routes_cost);
        self.outcome.cost_per_order = if served == 0 { 0.0 } else { self.outcome.cost / served as f64 };
        self.outcome.distance = from_ticks(plan.distance(problem)) / distance_unit(problem);
        self.outcome.broken_promises = plan.unassigned.len();
        self.outcome.revenue = round_cents(self.outcome.revenue);
        self.outcome.routes = plan
            .routes
            .iter()
            .filter(|r| !r.stops.is_empty())
            .map(|r| {
                (
                    problem.vehicles[r.vehicle].id.clone(),
                    r.stops.iter().map(|&o| problem.orders[o].id.clone()).collect(),
                )
            })
            .collect();
        Ok(self.outcome)
    }
}

/// Cost ticks in currency units (benchmark files: distance units).
fn money(cost: Cost) -> f64 {
    cost as f64 / crate::units::SCALE
}

/// Metres per reported distance unit: km for real-world scenarios.
fn distance_unit(problem: &Problem) -> f64 {
    match problem.coordinates {
        crate::problem::Coordinates::Geographic => 1000.0,
        crate::problem::Coordinates::Planar => 1.0,
    }
}

fn round_cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};

    fn small_day() -> BookingDay {
        BookingDay {
            stream: StreamSpec { customers: 220, horizon_hours: 24.0, ..Default::default() },
            reoptimise_iterations: 30,
            final_iterations: 200,
            checkpoints: 6,
            ..Default::default()
        }
    }

    #[test]
    fn policies_compare_on_the_same_stream_and_reproduce() {
        let base = city(&CitySpec::lyon("day", 100, 4));
        let day = small_day();
        let a = compare(&base, &day, None, &mut |_| {}).unwrap();
        let b = compare(&base, &day, None, &mut |_| {}).unwrap();
        assert_eq!(a, b, "same seed, same figures");
        let [quota, feasibility, incentives] = &a.outcomes[..] else { panic!("three policies") };
        for o in &a.outcomes {
            assert_eq!(o.customers, 220);
            assert_eq!(o.accepted + o.nothing_offered + o.declined, 220, "{}", o.key);
            assert_eq!(o.log.len(), 220);
            assert_eq!(o.fill.len(), 7);
            assert_eq!(o.routes.iter().map(|(_, s)| s.len()).sum::<usize>(), o.accepted - o.broken_promises);
            assert_eq!(o.fill.last().unwrap().per_slot.iter().sum::<usize>(), o.accepted);
        }
        // Asking the plan never promises what cannot be served.
        assert_eq!(feasibility.broken_promises, 0);
        assert_eq!(incentives.broken_promises, 0);
        // 220 customers for a fleet sized for 100 orders: quotas (100 in all) turn customers away
        // the plan could have taken, or promise what it cannot.
        assert!(
            feasibility.accepted > quota.accepted - quota.broken_promises,
            "{} vs {}",
            feasibility.accepted,
            quota.accepted
        );
        let changed_price = incentives.log.iter().flat_map(|l| &l.offered).any(|o| (o.price - 3.99).abs() > 1e-9);
        assert!(changed_price, "incentives move some prices");
    }

    #[test]
    fn an_address_check_matches_the_day_at_that_moment() {
        let base = city(&CitySpec::lyon("address", 60, 2));
        let day = small_day();
        let point = base.points[base.orders[0].location];
        let early = check_address(&base, &day, None, 1, 0.0, point).unwrap();
        assert_eq!(early.accepted, 0);
        assert!(early.slots.iter().any(|s| s.open), "{early:?}");
        let late = check_address(&base, &day, None, 1, day.stream.horizon_hours * 3600.0, point).unwrap();
        assert!(late.accepted > 30);
        assert_eq!(late.slots.len(), early.slots.len());
        assert!(late.slots.iter().filter(|s| s.open).count() <= early.slots.iter().filter(|s| s.open).count());
        assert!(late.slots.iter().all(|s| s.open || !s.reason.is_empty()));
        let quota = check_address(&base, &day, None, 0, 0.0, point).unwrap();
        assert!(quota.policy.starts_with("Quotas"));
        assert!(check_address(&base, &day, None, 7, 0.0, point).is_err());
    }

    /// The plan a policy ends with, opened in the planner, is the one the table measured.
    #[test]
    fn the_final_plan_is_the_measured_one_and_feasible() {
        let base = city(&CitySpec::lyon("final", 80, 6));
        let day = small_day();
        let comparison = compare(&base, &day, None, &mut |_| {}).unwrap();
        let (problem, plan) = final_plan(&base, &day, None, 1).unwrap();
        let measured = &comparison.outcomes[1];
        assert_eq!(problem.orders.len(), measured.accepted);
        assert_eq!(plan.routes.iter().filter(|r| !r.stops.is_empty()).count(), measured.vehicles);
        assert!(crate::checker::violations(&problem, &plan).is_empty());
        let ids: Vec<String> =
            plan.routes.iter().flat_map(|r| r.stops.iter().map(|&o| problem.orders[o].id.clone())).collect();
        let listed: Vec<String> = measured.routes.iter().flat_map(|(_, s)| s.clone()).collect();
        assert_eq!(ids, listed);
    }

    /// Postcode-like areas replace the grid when asked for, and every customer is in one.
    #[test]
    fn areas_can_replace_the_grid() {
        let base = city(&CitySpec::lyon("areas", 80, 3));
        let day = BookingDay { zone_areas: 6, ..small_day() };
        let comparison = compare(&base, &day, None, &mut |_| {}).unwrap();
        assert!(comparison.zone_areas);
        assert_eq!(comparison.zones, ["Z1", "Z2", "Z3", "Z4", "Z5", "Z6"]);
        assert!(comparison.customers.iter().all(|c| c.zone < 6));
        let frame = &comparison.outcomes[1].availability[0];
        assert!(frame.open.iter().all(|row| row.len() == 6));
    }

    /// Shifts without an end (VROOM files without time windows) give one day of slots, and
    /// absurd settings are refused with a message instead of exhausting memory.
    #[test]
    fn open_shifts_and_absurd_settings_do_not_break_the_day() {
        use crate::problem::TimeWindow;
        use crate::units::HORIZON;
        let mut base = city(&CitySpec::lyon("open", 30, 1));
        for v in &mut base.vehicles {
            v.shift = TimeWindow::new(0, HORIZON);
            v.max_duration = None;
            v.rest = None;
        }
        for d in &mut base.depots {
            d.opening = TimeWindow::new(0, HORIZON);
        }
        let day = BookingDay {
            stream: StreamSpec { customers: 40, horizon_hours: 12.0, ..Default::default() },
            final_iterations: 20,
            checkpoints: 2,
            ..Default::default()
        };
        let comparison = compare(&base, &day, None, &mut |_| {}).unwrap();
        assert_eq!(comparison.slots.len(), 12, "24 h of 2-hour slots");
        assert!(comparison.outcomes.iter().all(|o| o.accepted > 0));
        for broken in [
            BookingDay { stream: StreamSpec { horizon_hours: 1e12, ..Default::default() }, ..Default::default() },
            BookingDay { stream: StreamSpec { customers: usize::MAX, ..Default::default() }, ..Default::default() },
            BookingDay { cutoff_hours: f64::NAN, ..Default::default() },
            BookingDay { discount: -1.0, ..Default::default() },
            BookingDay { slot_hours: 1e-9, ..Default::default() },
        ] {
            assert!(compare(&base, &broken, None, &mut |_| {}).is_err());
        }
    }

    #[test]
    fn a_replayed_customer_takes_the_slot_they_took() {
        let base = city(&CitySpec::lyon("replay", 60, 2));
        let day = small_day();
        let setup = day.setup(&base, None).unwrap();
        let mut stream = setup.stream.clone();
        let wanted = setup.grid.slots[2].window.start;
        for b in &mut stream {
            b.wanted_start = Some(wanted);
        }
        let comparison = compare(&base, &day, Some(stream), &mut |_| {}).unwrap();
        let feasibility = &comparison.outcomes[1];
        let first = &feasibility.log[0];
        assert_eq!(first.chose, Some(2));
    }
}
