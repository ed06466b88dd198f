//! The delivery day as it happens: every route of a plan driven at reality's pace, watched by a
//! control tower that forecasts each remaining stop's arrival every few minutes from what it
//! knows (where each vehicle is, the plan's travel and service times), raises an alert when a
//! forecast passes a window's end, and keeps customers informed with an arrival range.

use std::borrow::Cow;

use super::absence::{best_position, follow_up_order, Absence, Attempt, FollowUp, Lockers};
use super::events::Event;
use super::journey::{drive, Driven, Planned, Run, Start};
use super::reality::{Reality, Spread};
use super::replan::{replan, Replanned, Situation, Standing};
use super::scorecard::{Alert, Scorecard};
use crate::plan::{Plan, Reload, Visit};
use crate::problem::{Problem, Task};
use crate::units::{to_ticks, Time};

/// How the day is simulated and watched.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DaySettings {
    pub seed: u64,
    pub spread: Spread,
    /// How often the control tower forecasts (ticks).
    pub check_every: Time,
    /// Half the width of the arrival range a customer is told (ticks).
    pub range: Time,
    /// How long after a breakdown its goods are back at its depot (ticks).
    pub recovery: Time,
    /// What becomes of a parcel when nobody is in.
    pub absence: Absence,
}

impl Default for DaySettings {
    fn default() -> Self {
        DaySettings {
            seed: 1,
            spread: Spread::default(),
            check_every: to_ticks(300.0),
            range: to_ticks(600.0),
            recovery: to_ticks(5400.0),
            absence: Absence::NextDay,
        }
    }
}

/// Why an order was not delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Nobody was in when the driver came.
    Absent,
    /// Its vehicle broke down first.
    Breakdown,
    /// The customer cancelled before the vehicle left for it.
    Cancelled,
    /// A same-day order (or goods back from a breakdown) no vehicle was sent out with.
    NotServed,
}

/// One route's day: as planned and as driven.
#[derive(Clone, Debug)]
pub struct RouteDay {
    pub vehicle: usize,
    /// The depot this run leaves from (a vehicle back at a depot may go out again).
    pub depot: usize,
    /// The stops still on the route (served, attempted or to come).
    pub stops: Vec<usize>,
    /// The trips' ends: reloads at a depot between stops, in order (`before` indexes `stops`).
    pub reloads: Vec<Reload>,
    pub departure: Time,
    pub planned: Vec<Visit>,
    pub driven: Driven,
    /// Where the plan takes the break (before this stop; the stop count: at the end).
    pub(crate) break_at: Option<usize>,
    /// False when the vehicle broke down on the road.
    pub returned: bool,
    /// Orders taken off the route, and why.
    pub failed: Vec<(usize, Failure)>,
    /// When the vehicle must be off duty.
    pub shift_end: Time,
}

impl SimulatedDay {
    /// The problem the day's order numbers refer to: `given` (the one simulated), with the
    /// follow-ups' orders after its own.
    pub fn problem<'a>(&'a self, given: &'a Problem) -> &'a Problem {
        self.grown.as_ref().unwrap_or(given)
    }
}

impl RouteDay {
    /// Distance really driven: the legs to every stop reached, and home unless it broke down.
    pub fn distance(&self, problem: &Problem) -> crate::units::Dist {
        let m = problem.matrix(self.vehicle);
        let mut at = problem.depots[self.depot].location;
        let mut distance = 0;
        for (k, v) in self.driven.visits.iter().enumerate() {
            for reload in self.driven.reloads.iter().filter(|r| r.before == k) {
                let depot = problem.depots[reload.depot].location;
                distance += m.dist(at, depot);
                at = depot;
            }
            let next = problem.orders[v.order].location;
            distance += m.dist(at, next);
            at = next;
        }
        // A reload reached after the last stop served (a breakdown there).
        for reload in self.driven.reloads.iter().filter(|r| r.before >= self.driven.visits.len()) {
            let depot = problem.depots[reload.depot].location;
            distance += m.dist(at, depot);
            at = depot;
        }
        if self.returned && !self.driven.visits.is_empty() {
            distance += m.dist(at, problem.vehicle_end(self.vehicle));
        }
        distance
    }

    /// The run's stops and reloads, as [`drive`] reads them.
    pub fn run(&self) -> Run<'_> {
        Run { stops: &self.stops, reloads: &self.reloads }
    }

    /// The stop at `k` is taken off the run: later reloads move up; a reload left at the start,
    /// at the end or right after another does nothing and goes.
    pub(crate) fn remove_stop(&mut self, k: usize) -> usize {
        let order = self.stops.remove(k);
        for reload in &mut self.reloads {
            if reload.before > k {
                reload.before -= 1;
            }
        }
        self.tidy_reloads();
        self.break_at = self.break_at.map(|b| if b > k { b - 1 } else { b });
        order
    }

    /// `order` is put on the run at `position`, on the trip of the stop before it (the parcel is
    /// on board), unless the reload before `position` is already `behind`.
    pub(crate) fn insert_stop(&mut self, position: usize, order: usize, behind: bool) {
        self.stops.insert(position, order);
        for reload in &mut self.reloads {
            if reload.before > position || (reload.before == position && !behind) {
                reload.before += 1;
            }
        }
        self.break_at = self.break_at.map(|b| if b >= position { b + 1 } else { b });
    }

    /// Keeps the reloads between two stops, one per place.
    fn tidy_reloads(&mut self) {
        let len = self.stops.len();
        let mut previous = 0;
        self.reloads.retain(|r| {
            let keep = r.before > previous && r.before < len;
            if keep {
                previous = r.before;
            }
            keep
        });
    }

    /// Where the vehicle is at `now` while stop `k` is its next to leave (`now` before that
    /// stop's departure): the first stop still to reach or serve, and where and when the
    /// vehicle is free to go on to it, as the control tower knows it.
    pub(crate) fn position(&self, problem: &Problem, now: Time, k: usize) -> (usize, Start) {
        let driven = &self.driven.visits;
        let location = |j: usize| problem.orders[self.stops[j]].location;
        let at = |location: usize, time: Time| Start { location, time, not_before: Time::MIN, reloaded: false };
        let reload = self.driven.reloads.iter().rev().find(|r| r.before == k && r.arrival <= now);
        if now < self.departure {
            // Not gone yet: the plan is the forecast.
            (0, at(problem.depots[self.depot].location, self.departure))
        } else if now < driven[k].arrival {
            match reload {
                // Loaded and on its way from the depot.
                Some(r) if r.departure <= now => {
                    let depot = problem.depots[r.depot].location;
                    (k, Start { location: depot, time: r.departure, not_before: now, reloaded: true })
                }
                // At the depot, reloading.
                Some(r) => (k, at(problem.depots[r.depot].location, r.arrival)),
                None => {
                    let (place, left) = match k {
                        0 => (problem.depots[self.depot].location, self.departure),
                        _ => (location(k - 1), driven[k - 1].departure),
                    };
                    (k, Start { not_before: now, ..at(place, left) })
                }
            }
        } else if now < driven[k].start {
            (k, Start { reloaded: true, ..at(location(k), driven[k].arrival) })
        } else {
            let done = now.max(driven[k].start + problem.orders[self.stops[k]].service);
            (k + 1, at(location(k), done))
        }
    }

    /// What the control tower forecasts at `now` for the stops from the first it cannot yet
    /// see done (its index, and the visits from there): from where the vehicle is, the rest
    /// driven at the plan's pace by the schedule's rules, the break still to take where the run
    /// takes it. `None` once the run's last stop is left.
    pub(crate) fn forecast(&self, problem: &Problem, now: Time) -> Option<(usize, Vec<Visit>)> {
        let k = self.driven.visits.iter().position(|v| v.departure > now)?;
        let pending = self.driven.rest.map(|b| b.before_stop);
        let (first, start) = self.position(problem, now, k);
        let pending = pending.filter(|&b| b >= first);
        Some((first, drive(problem, self.vehicle, self.run(), first, start, pending, &Planned).visits))
    }

    /// Drives the stops from index `from` on again (after a change), keeping what came before.
    fn redrive(&mut self, problem: &Problem, from: usize, reality: &Reality) {
        self.driven.visits.truncate(from);
        self.driven.reloads.retain(|r| r.before < from);
        let (location, time) = match from {
            0 => (problem.depots[self.depot].location, self.departure),
            _ => (problem.orders[self.stops[from - 1]].location, self.driven.visits[from - 1].departure),
        };
        let start = Start { location, time, not_before: Time::MIN, reloaded: false };
        let taken = self.driven.rest.filter(|b| b.before_stop < from);
        let pending = if taken.is_some() { None } else { self.break_at };
        let rest = drive(problem, self.vehicle, self.run(), from, start, pending, reality);
        self.driven.visits.extend(rest.visits);
        self.driven.reloads.extend(rest.reloads);
        self.driven.rest = taken.or(rest.rest);
        self.driven.return_time = rest.return_time;
        self.driven.off_duty = rest.off_duty;
    }
}

/// A simulated day: each route as driven, what happened, and the scorecard.
#[derive(Clone, Debug)]
pub struct SimulatedDay {
    /// Every run of the day, in the order they began (a vehicle going out again has a second).
    pub routes: Vec<RouteDay>,
    /// Orders on no route at the day's end, and why (same-day orders not served, cancelled
    /// while waiting).
    pub unrouted: Vec<(usize, Failure)>,
    /// Orders a vehicle broke down with that another delivered after the recovery, and the
    /// vehicle that broke down.
    pub rescued: Vec<(usize, usize)>,
    /// Goods a vehicle had collected (returns, shipments picked up) and still carried when it
    /// broke down, and the vehicle: the order is served (collected), its goods reach the vehicle's
    /// depot with the recovery.
    pub stranded: Vec<(usize, usize)>,
    /// Second attempts and locker drops the day added after doors nobody answered: orders
    /// numbered after the given problem's, in [`SimulatedDay::problem`].
    pub follow_ups: Vec<FollowUp>,
    /// The given problem with the follow-ups' orders, when there are any.
    grown: Option<Problem>,
    /// What the control tower saw, in time order: events and alerts, in words.
    pub feed: Vec<(Time, String)>,
    pub scorecard: Scorecard,
}

/// What the control tower knows of one stop while the day runs.
#[derive(Clone, Debug, Default)]
struct Watch {
    /// Forecasts of the arrival: (made at, arriving at).
    forecasts: Vec<(Time, Time)>,
    alerted: bool,
    /// The arrival range last told to the customer.
    told: Option<(Time, Time)>,
}

/// How the control tower reacts to the day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reaction {
    /// Re-plan what is not yet done after a breakdown, a cancellation, a traffic incident or
    /// goods brought back by a recovery.
    pub on_events: bool,
    pub dispatch: Dispatch,
    /// The search's budget per re-plan (iterations; a budget, not a time, so a day repeats).
    pub iterations: usize,
}

/// What happens to same-day orders as they are placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dispatch {
    /// Not taken: the plan is not changed during the day.
    Refuse,
    /// Each inserted at once where it costs least, nothing else moved.
    Greedy,
    /// Collected and planned together, with the rest of what is not yet done, every `every`.
    Batch { every: Time },
    /// As `Batch`, but a same-day order that can wait for the next decision and would cost a
    /// long detour now waits for it (orders placed later may share its trip).
    Postpone { every: Time },
}

impl Reaction {
    /// The plan driven as it is: nothing re-planned, same-day orders refused.
    pub const NONE: Reaction = Reaction { on_events: false, dispatch: Dispatch::Refuse, iterations: 0 };

    /// The ways of reacting compared side by side: none, then re-planning on events with each
    /// dispatch policy (batches every 30 minutes), `iterations` per re-plan.
    pub fn compared(iterations: usize) -> Vec<Reaction> {
        let every = to_ticks(1800.0);
        [Dispatch::Greedy, Dispatch::Batch { every }, Dispatch::Postpone { every }]
            .into_iter()
            .map(|dispatch| Reaction { on_events: true, dispatch, iterations })
            .fold(vec![Reaction::NONE], |mut all, r| {
                all.push(r);
                all
            })
    }

    /// A short name for tables ("re-plan · batch 30 min").
    pub fn name(&self) -> String {
        let minutes = |every: Time| (every / to_ticks(60.0)).max(1);
        let dispatch = match self.dispatch {
            Dispatch::Refuse => "same-day refused".to_string(),
            Dispatch::Greedy => "same-day at once".to_string(),
            Dispatch::Batch { every } => format!("same-day every {} min", minutes(every)),
            Dispatch::Postpone { every } => format!("same-day every {} min, postponing", minutes(every)),
        };
        match (self.on_events, self.dispatch) {
            (false, Dispatch::Refuse) => "no re-planning".to_string(),
            (true, _) => format!("re-plan, {dispatch}"),
            (false, _) => dispatch,
        }
    }
}

/// Drives `plan` through the day `settings` describe, with `events`, reacting as `reaction` says.
/// Same-day orders must be in `problem` (see [`super::events::same_day_orders`]) and in no route
/// of `plan`.
pub fn simulate(
    given: &Problem,
    plan: &Plan,
    settings: &DaySettings,
    events: &[Event],
    reaction: &Reaction,
) -> SimulatedDay {
    let problem = given;
    let mut reality = Reality::new(problem, settings.seed, settings.spread).with_incidents(events);
    let mut routes: Vec<RouteDay> = plan
        .routes
        .iter()
        .filter(|r| !r.stops.is_empty())
        .map(|route| {
            let schedule = route.schedule(problem);
            let mut day = RouteDay {
                vehicle: route.vehicle,
                depot: problem.vehicles[route.vehicle].start_depot,
                stops: route.stops.clone(),
                reloads: route.reloads.clone(),
                departure: schedule.departure,
                planned: schedule.visits,
                driven: Driven::default(),
                break_at: schedule.rest.map(|b| b.before_stop),
                returned: true,
                failed: Vec::new(),
                shift_end: schedule.shift_end,
            };
            day.redrive(problem, 0, &reality);
            day
        })
        .collect();
    let mut events: Vec<&Event> = events.iter().filter(|e| !matches!(e, Event::Absent { .. })).collect();
    events.sort_by_key(|e| e.at());
    let mut same_day = vec![false; problem.orders.len()];
    for event in &events {
        if let Event::NewOrder { order, .. } = **event {
            same_day[order] = true;
        }
    }
    let mut pending = events.into_iter().peekable();
    let mut watches = vec![Watch::default(); problem.orders.len()];
    let mut card = Scorecard::default();
    let mut feed = Vec::new();
    let mut unrouted: Vec<(usize, Failure)> = Vec::new();
    // Orders at a depot waiting for a vehicle, and goods on their way back from a breakdown.
    let mut waiting: Vec<(usize, Option<usize>)> = Vec::new();
    let mut recoveries: Vec<(Time, usize, Vec<usize>)> = Vec::new();
    let mut stranded: Vec<(usize, usize)> = Vec::new();
    let mut grown = Cow::Borrowed(given);
    let mut doors = Doors { rung: vec![false; problem.orders.len()], follow_ups: Vec::new(), lockers: None };
    let first = routes.iter().map(|r| r.departure).min().or_else(|| pending.peek().map(|e| e.at()));
    if let Some(first) = first {
        let step = settings.check_every.max(1);
        let last_shift = (0..problem.vehicles.len())
            .map(|v| crate::constraints::shift::working_window(problem, v).end)
            .max()
            .unwrap_or(first);
        let mut now = first;
        loop {
            let problem = &*grown;
            let clock = |t: Time| crate::units::clock(problem, t);
            let (mut replan_now, mut resequence, mut greedy) = (false, false, false);
            while let Some(event) = pending.next_if(|e| e.at() <= now) {
                match *event {
                    Event::NewOrder { order, at } => {
                        let o = &problem.orders[order];
                        let due = clock(o.windows.envelope().end);
                        // A shipment's pickup comes with its delivery.
                        let halves = match o.task {
                            Task::ShipmentDelivery { pickup } => vec![pickup, order],
                            _ => vec![order],
                        };
                        let what = match o.task {
                            Task::Pickup => "same-day collection",
                            Task::ShipmentDelivery { .. } => "same-day shipment",
                            _ => "same-day order",
                        };
                        if reaction.dispatch == Dispatch::Refuse {
                            unrouted.extend(halves.iter().map(|&h| (h, Failure::NotServed)));
                            feed.push((at, format!("{what} {} (due {due}) refused: the plan is not changed", o.id)));
                        } else {
                            waiting.extend(halves.iter().map(|&h| (h, None)));
                            feed.push((at, format!("{what} {} placed, due {due}", o.id)));
                            greedy |= reaction.dispatch == Dispatch::Greedy;
                        }
                    }
                    Event::Cancellation { order, at } if waiting.iter().any(|&(o, _)| o == order) => {
                        // A shipment waiting is cancelled whole.
                        let other = problem.orders[order].partner();
                        waiting.retain(|&(o, _)| o != order && Some(o) != other);
                        unrouted.extend(std::iter::once(order).chain(other).map(|o| (o, Failure::Cancelled)));
                        feed.push((at, format!("order {} cancelled before it was sent out", problem.orders[order].id)));
                    }
                    _ => {
                        let lost = happen(problem, event, &mut routes, &reality, &mut feed);
                        if let Event::Breakdown { vehicle, .. } = *event {
                            stranded.extend(lost.collected.iter().map(|&o| (o, vehicle)));
                        }
                        if let (true, Event::Breakdown { vehicle, at }) = (reaction.on_events, event) {
                            if !lost.on_board.is_empty() {
                                let depot = problem.vehicles[*vehicle].start_depot;
                                recoveries.push((at + settings.recovery, depot, lost.on_board));
                            }
                            waiting.extend(lost.at_depots.into_iter().map(|(o, d)| (o, Some(d))));
                        }
                        replan_now |= reaction.on_events;
                        resequence |= reaction.on_events;
                    }
                }
            }
            if doors.ring(&mut grown, &mut routes, now, settings.absence, &mut reality, &mut feed) {
                let orders = grown.orders.len();
                watches.resize(orders, Watch::default());
                same_day.resize(orders, false);
            }
            let problem = &*grown;
            recoveries.sort_by_key(|r| r.0);
            while recoveries.first().is_some_and(|r| r.0 <= now) {
                let (at, depot, goods) = recoveries.remove(0);
                feed.push((
                    at,
                    format!("{} orders of a broken-down vehicle back at {}", goods.len(), problem.depots[depot].id),
                ));
                waiting.extend(goods.into_iter().map(|o| (o, Some(depot))));
                replan_now = true;
            }
            let mark = |every: Time| (now - first) % every.max(1) < step;
            let hold_until = match reaction.dispatch {
                Dispatch::Batch { every } if mark(every) && !waiting.is_empty() => {
                    replan_now = true;
                    None
                }
                Dispatch::Postpone { every } if mark(every) && !waiting.is_empty() => {
                    replan_now = true;
                    Some(now + every)
                }
                Dispatch::Postpone { every } => Some(now + every - (now - first) % every.max(1)),
                _ => None,
            };
            if replan_now || greedy {
                let iterations = if replan_now { reaction.iterations } else { 0 };
                let situation =
                    Situation { routes: &routes, now, waiting: &waiting, hold_until, same_day: &same_day, resequence };
                match replan(problem, &situation, iterations, settings.seed ^ now as u64) {
                    Ok(replanned) => {
                        card.replans += 1;
                        let dropped = apply(problem, replanned, &mut routes, &mut waiting, now, &reality, &mut feed);
                        unrouted.extend(dropped);
                    }
                    Err(why) => feed.push((now, format!("no re-plan: {why}"))),
                }
            }
            let last = routes.iter().map(|r| r.driven.off_duty).max().unwrap_or(now);
            let idle = waiting.is_empty() || now > last_shift;
            if now > last && pending.peek().is_none() && recoveries.is_empty() && idle {
                break;
            }
            for route in &routes {
                watch(problem, route, now, settings, &mut watches, &mut card, &mut feed);
            }
            now += step;
        }
    }
    let problem = &*grown;
    unrouted.extend(waiting.iter().map(|&(o, _)| (o, Failure::NotServed)));
    // An order a breakdown lost and a recovery brought back has one outcome, its last: a
    // vehicle got to it, or it was cancelled; else the breakdown (counted once).
    let n = problem.orders.len();
    let mut reached = vec![false; n];
    let mut settled = vec![false; n];
    for route in &routes {
        for v in &route.driven.visits {
            (reached[v.order], settled[v.order]) = (true, true);
        }
        for &(o, why) in &route.failed {
            settled[o] |= why != Failure::Breakdown;
        }
    }
    for &(o, why) in &unrouted {
        settled[o] |= why == Failure::Cancelled;
    }
    let mut rescued = Vec::new();
    for route in &mut routes {
        let vehicle = route.vehicle;
        route.failed.retain(|&(o, why)| {
            if why != Failure::Breakdown {
                return true;
            }
            if reached[o] {
                rescued.push((o, vehicle));
            }
            !std::mem::replace(&mut settled[o], true)
        });
        let absent: Vec<_> = route
            .driven
            .visits
            .iter()
            .filter(|v| reality.absent(v.order))
            .map(|v| (v.order, Failure::Absent))
            .collect();
        route.failed.extend(absent);
    }
    let delivered = reached;
    // Goods back from a breakdown and not sent out again count as lost in the breakdown.
    let lost: Vec<usize> =
        routes.iter().flat_map(|r| r.failed.iter()).filter(|f| f.1 == Failure::Breakdown).map(|f| f.0).collect();
    unrouted.retain(|&(o, why)| !(why == Failure::NotServed && (delivered[o] || lost.contains(&o))));
    card.in_range = routes
        .iter()
        .flat_map(|r| r.driven.visits.iter())
        .filter(|v| watches[v.order].told.is_some_and(|(from, to)| (from..=to).contains(&v.arrival)))
        .count();
    let collection = |o: usize| problem.orders[o].task == Task::Pickup;
    card.same_day = (0..n).filter(|&o| same_day[o] && !collection(o)).count();
    card.same_day_collections = (0..n).filter(|&o| same_day[o] && collection(o)).count();
    card.rescued = rescued.len();
    card.stranded = stranded.len();
    card.reloads = routes.iter().map(|r| r.driven.reloads.len()).sum();
    card.close(
        problem,
        &routes,
        &unrouted,
        &same_day,
        &doors.follow_ups,
        &watches.iter().map(|w| w.forecasts.as_slice()).collect::<Vec<_>>(),
    );
    feed.sort_by_key(|(t, _)| *t);
    let grown = match grown {
        Cow::Owned(problem) => Some(problem),
        Cow::Borrowed(_) => None,
    };
    SimulatedDay { routes, unrouted, rescued, stranded, follow_ups: doors.follow_ups, grown, feed, scorecard: card }
}

/// The doors the drivers rang, and what came of those nobody answered.
struct Doors {
    /// Per order: has its door been rung?
    rung: Vec<bool>,
    follow_ups: Vec<FollowUp>,
    /// The parcel lockers, found on the first locker drop.
    lockers: Option<Lockers>,
}

impl Doors {
    /// Deals with the doors rung since the last check: a parcel nobody took goes back to the
    /// depot, or gets a second attempt or a locker drop on the rest of its run (as `absence`
    /// says and the run allows). True when orders were added to `problem`.
    fn ring(
        &mut self,
        problem: &mut Cow<Problem>,
        routes: &mut [RouteDay],
        now: Time,
        absence: Absence,
        reality: &mut Reality,
        feed: &mut Vec<(Time, String)>,
    ) -> bool {
        let added = self.follow_ups.len();
        for route in routes.iter_mut() {
            let mut k = 0;
            while k < route.driven.visits.len() {
                let visit = route.driven.visits[k];
                k += 1;
                if visit.departure > now {
                    break;
                }
                if std::mem::replace(&mut self.rung[visit.order], true) || !reality.absent(visit.order) {
                    continue;
                }
                let id = problem.orders[visit.order].id.clone();
                let second = self.follow_ups.iter().any(|f| f.order == visit.order);
                let attempt = match absence {
                    _ if second => None,
                    Absence::NextDay => None,
                    Absence::Reattempt { after } => Some((Attempt::Second, visit.departure + after)),
                    Absence::Locker => Some((Attempt::Locker, visit.departure)),
                };
                let Some((attempt, not_before)) = attempt else {
                    let again = if second { " again" } else { "" };
                    feed.push((visit.departure, format!("nobody in{again} at order {id}: back to the depot")));
                    continue;
                };
                let location = problem.orders[visit.order].location;
                let locker = match attempt {
                    Attempt::Locker => {
                        self.lockers.get_or_insert_with(|| Lockers::new(problem)).near(problem, location)
                    }
                    Attempt::Second => None,
                };
                let place = locker.map_or(location, |(_, place)| place);
                // The driver decides after leaving the door: from the stops not yet reached on.
                let from = route.driven.visits.iter().position(|v| v.arrival > now).unwrap_or(route.stops.len());
                let on_duty = route.returned && (from < route.stops.len() || route.driven.return_time > now);
                let departures: Vec<Time> = route.driven.visits.iter().map(|v| v.departure).collect();
                let position = on_duty
                    .then(|| best_position(problem, route.vehicle, &route.stops, &departures, from, place, not_before))
                    .flatten();
                let Some(position) = position else {
                    feed.push((
                        visit.departure,
                        format!("nobody in at order {id}: no later stop of the run suits, back to the depot"),
                    ));
                    continue;
                };
                let order = follow_up_order(problem, visit.order, attempt, locker, not_before, route.shift_end);
                let what = match locker {
                    Some((number, _)) => format!("left at locker {number} later on the run"),
                    None => format!("tried again from {}", crate::units::clock(problem, not_before)),
                };
                feed.push((visit.departure, format!("nobody in at order {id}: {what}")));
                let index = problem.to_mut().push_order_at(order);
                reality.follow(index, visit.order, attempt);
                self.rung.push(false);
                self.follow_ups.push(FollowUp { order: index, of: visit.order, attempt, failed_at: visit.departure });
                // At or past the depot before the stop it drives to, the parcel rides on the next
                // trip (unloaded and loaded again there).
                let behind =
                    position == from && route.driven.reloads.iter().any(|r| r.before == from && r.arrival <= now);
                route.insert_stop(position, index, behind);
                route.redrive(problem, from, reality);
            }
        }
        self.follow_ups.len() > added
    }
}

/// Puts a re-plan into effect: what is done stays, the rest of each run becomes the re-plan's
/// and is driven again; vehicles back at a depot that were given work go out again. Returns
/// the failures of runs dropped for having no stop left (cancellations), to count elsewhere.
fn apply(
    problem: &Problem,
    replanned: Replanned,
    routes: &mut Vec<RouteDay>,
    waiting: &mut Vec<(usize, Option<usize>)>,
    now: Time,
    reality: &Reality,
    feed: &mut Vec<(Time, String)>,
) -> Vec<(usize, Failure)> {
    let left = replanned.left;
    let sent = waiting.iter().filter(|w| !left.iter().any(|l| l.0 == w.0)).count();
    let mut runs = 0;
    for a in replanned.assignments {
        let late: Vec<usize> =
            replanned.late_on_board.iter().filter(|(_, v)| *v == a.vehicle).map(|(o, _)| *o).collect();
        match a.standing {
            Standing::OnRoad { route, committed, .. } => {
                let run = &mut routes[route];
                run.stops.truncate(committed);
                run.reloads.retain(|r| r.before < committed);
                run.stops.extend(a.stops);
                run.stops.extend(late);
                if run.break_at.is_none_or(|b| b >= committed) {
                    run.break_at = a.break_at.map(|b| committed + b);
                }
                run.redrive(problem, committed, reality);
            }
            Standing::Reloading { route, committed, depot, .. } => {
                // The trip under way stays; from its reload on, the run is the re-plan's.
                let run = &mut routes[route];
                run.stops.truncate(committed);
                run.reloads.retain(|r| r.before < committed);
                if !a.stops.is_empty() {
                    run.reloads.push(Reload { before: committed, depot });
                    run.reloads.extend(a.reloads.iter().map(|r| Reload { before: committed + r.before, ..*r }));
                    run.stops.extend(a.stops);
                }
                if run.break_at.is_none_or(|b| b >= committed) {
                    run.break_at = a.break_at.map(|b| committed + b);
                }
                run.redrive(problem, committed, reality);
            }
            Standing::AtDepot { route: Some(route), .. } => {
                let run = &mut routes[route];
                (run.stops, run.departure, run.break_at) = (a.stops, a.departure.max(now), a.break_at);
                run.reloads = a.reloads;
                run.redrive(problem, 0, reality);
            }
            Standing::AtDepot { depot, route: None, .. } if !a.stops.is_empty() => {
                runs += 1;
                let vehicle = &problem.vehicles[a.vehicle];
                let mut run = RouteDay {
                    vehicle: a.vehicle,
                    depot,
                    stops: a.stops,
                    reloads: a.reloads,
                    departure: a.departure.max(now),
                    planned: a.visits,
                    driven: Driven::default(),
                    break_at: a.break_at,
                    returned: true,
                    failed: Vec::new(),
                    shift_end: vehicle.shift.end.min(problem.depots[vehicle.end_depot].opening.end),
                };
                run.redrive(problem, 0, reality);
                feed.push((now, format!("{} goes out again from {}", vehicle.id, problem.depots[depot].id)));
                routes.push(run);
            }
            _ => {}
        }
    }
    // Runs still to leave that lost every stop stay at the depot (a broken-down vehicle's run
    // stays, empty or not: it is out for the day); what was cancelled on them is returned.
    let mut dropped = Vec::new();
    routes.retain_mut(|r| {
        let keep = !r.stops.is_empty() || !r.returned;
        if !keep {
            dropped.append(&mut r.failed);
        }
        keep
    });
    if sent > 0 || runs > 0 {
        feed.push((now, format!("re-planned: {sent} waiting orders sent out, {} still waiting", left.len())));
    }
    *waiting = left;
    dropped
}

/// What a breakdown leaves behind.
#[derive(Clone, Debug, Default)]
struct Lost {
    /// Orders still to serve whose goods were on board: back at its depot with the recovery.
    on_board: Vec<usize>,
    /// Orders of its later trips, not yet loaded: waiting at the depot of their trip's reload.
    at_depots: Vec<(usize, usize)>,
    /// Orders served whose collected goods were on board (returns, shipments picked up).
    collected: Vec<usize>,
}

/// An event changes the routes from its moment on; a breakdown tells what it left behind.
fn happen(
    problem: &Problem,
    event: &Event,
    routes: &mut [RouteDay],
    reality: &Reality,
    feed: &mut Vec<(Time, String)>,
) -> Lost {
    let clock = |t: Time| crate::units::clock(problem, t);
    match *event {
        Event::Traffic { area, from, until, slower } => {
            feed.push((
                from,
                format!("traffic incident in area {area} until {}: travel {slower:.1} × slower", clock(until)),
            ));
            Lost::default()
        }
        Event::Breakdown { vehicle, at } => {
            let id = &problem.vehicles[vehicle].id;
            let Some(route) = routes.iter_mut().rev().find(|r| r.vehicle == vehicle) else {
                feed.push((at, format!("{id} broke down (it had no route)")));
                return Lost::default();
            };
            // Services begun are finished; the rest fails.
            let done = route.driven.visits.iter().take_while(|v| v.start < at).count();
            if done == route.stops.len() && route.driven.return_time <= at {
                feed.push((at, format!("{id} broke down after its day's work")));
                return Lost::default();
            }
            let lost = breakdown_losses(problem, route, done, at);
            route.failed.extend(route.stops[done..].iter().map(|&o| (o, Failure::Breakdown)));
            route.stops.truncate(done);
            route.reloads.retain(|r| r.before < done);
            route.driven.visits.truncate(done);
            // A reload depot reached is where the vehicle stopped: it loaded nothing more there.
            route.driven.reloads.retain(|r| r.before < done || (r.before == done && r.arrival <= at));
            if let Some(r) = route.driven.reloads.last_mut().filter(|r| r.before == done && at < r.departure) {
                (r.departure, r.load_after) = (at, [0; 3]);
            }
            route.driven.rest = route.driven.rest.filter(|b| b.start < at && b.before_stop < done);
            let last = route.driven.visits.last().map(|v| v.departure);
            let stopped = last.into_iter().chain(route.driven.reloads.last().map(|r| r.departure)).fold(at, Time::max);
            (route.driven.return_time, route.driven.off_duty, route.returned) = (stopped, stopped, false);
            let mut text = format!("{id} broke down with {} orders on board", lost.on_board.len());
            if !lost.collected.is_empty() {
                text += &format!(" and {} collected (returns, pickups) to bring back", lost.collected.len());
            }
            if !lost.at_depots.is_empty() {
                text += &format!("; {} orders of its later trips wait at the depot", lost.at_depots.len());
            }
            feed.push((at, text));
            lost
        }
        Event::Cancellation { order, at } => {
            let id = &problem.orders[order].id;
            let found = routes.iter_mut().find_map(|r| r.stops.iter().position(|&o| o == order).map(|k| (r, k)));
            let Some((route, k)) = found else {
                feed.push((at, format!("order {id} cancelled (it was not planned)")));
                return Lost::default();
            };
            let left_for_it = match k {
                0 => route.departure,
                _ => route.driven.visits[k - 1].departure,
            } <= at;
            if left_for_it {
                feed.push((at, format!("order {id} cancelled too late: its vehicle is already on the way")));
                return Lost::default();
            }
            // A shipment collected on the run (or to be, before it) is on board by then: taking its
            // delivery off would leave its goods riding to the end, in room the rest counts on.
            if matches!(problem.orders[order].task, Task::ShipmentDelivery { pickup } if route.stops[..k].contains(&pickup))
            {
                feed.push((at, format!("order {id} cancelled too late: its goods are collected before it")));
                return Lost::default();
            }
            route.remove_stop(k);
            route.failed.push((order, Failure::Cancelled));
            route.redrive(problem, k, reality);
            feed.push((at, format!("order {id} cancelled: {} skips it", problem.vehicles[route.vehicle].id)));
            Lost::default()
        }
        Event::NewOrder { .. } | Event::Absent { .. } => Lost::default(),
    }
}

/// What a breakdown at `at` leaves behind on `route`, whose first `done` stops are served: the
/// goods of the trip under way still to hand over are on board (all of the next trip's once it
/// left the reload depot; none while it is at that depot), later trips' wait at their depots,
/// and what the trip collected rides along (unloaded already when it reached the depot).
fn breakdown_losses(problem: &Problem, route: &RouteDay, done: usize, at: Time) -> Lost {
    let run = route.run();
    let reached = route.driven.reloads.iter().find(|r| r.before == done && r.arrival <= at);
    let loaded_until = match reached {
        Some(r) if r.departure <= at => run.trip_end(done),
        Some(_) => done,
        None => run.reloads.iter().map(|r| r.before).find(|&b| b >= done.max(1)).unwrap_or(run.stops.len()),
    };
    let depot_of = |k: usize| run.reloads.iter().rev().find(|r| r.before <= k).map_or(route.depot, |r| r.depot);
    let collected = match (reached, done) {
        (None, 1..) => {
            let trip = &run.stops[run.trip_start(done - 1)..done];
            trip.iter()
                .copied()
                .filter(|&o| match problem.orders[o].task {
                    Task::Pickup => true,
                    // One whose delivery is still to come is on board as that delivery.
                    Task::ShipmentPickup { delivery } => !run.stops.contains(&delivery),
                    Task::Delivery | Task::ShipmentDelivery { .. } => false,
                })
                .collect()
        }
        _ => Vec::new(),
    };
    Lost {
        on_board: run.stops[done..loaded_until].to_vec(),
        at_depots: (loaded_until..run.stops.len()).map(|k| (run.stops[k], depot_of(k))).collect(),
        collected,
    }
}

/// One check of one route at `now`: forecast its remaining stops, alert, tell customers.
fn watch(
    problem: &Problem,
    route: &RouteDay,
    now: Time,
    settings: &DaySettings,
    watches: &mut [Watch],
    card: &mut Scorecard,
    feed: &mut Vec<(Time, String)>,
) {
    let driven = &route.driven.visits;
    let Some((first, forecast)) = route.forecast(problem, now) else { return };
    for (j, predicted) in forecast.iter().enumerate() {
        let stop = first + j;
        let actual = &driven[stop];
        if actual.arrival <= now {
            continue;
        }
        let w = &mut watches[predicted.order];
        w.forecasts.push((now, predicted.arrival));
        if predicted.late_by > 0 && !w.alerted {
            w.alerted = true;
            let window_end = problem.orders[predicted.order].windows.envelope().end;
            feed.push((
                now,
                format!(
                    "order {} at risk on {}: expected at {}, its window closes at {} (in {})",
                    problem.orders[predicted.order].id,
                    problem.vehicles[route.vehicle].id,
                    crate::units::clock(problem, predicted.arrival),
                    crate::units::clock(problem, window_end),
                    crate::units::span(problem, (window_end - now).max(0))
                ),
            ));
            card.alerts.push(Alert {
                order: predicted.order,
                vehicle: route.vehicle,
                at: now,
                window_end: problem.orders[predicted.order].windows.envelope().end,
                late: actual.late_by > 0,
            });
        }
        if now >= route.departure {
            let inside = w.told.is_some_and(|(from, to)| (from..=to).contains(&predicted.arrival));
            if !inside {
                if w.told.is_some() {
                    card.revisions += 1;
                } else {
                    card.notifications += 1;
                }
                w.told = Some(range(predicted.arrival, settings.range));
            }
        }
    }
}

/// An arrival range around `eta`, on five-minute marks.
fn range(eta: Time, half: Time) -> (Time, Time) {
    let five = to_ticks(300.0);
    ((eta - half).div_euclid(five) * five, (eta + half + five - 1).div_euclid(five) * five)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};
    use crate::search::{solve, SolveOptions};

    fn planned_day(orders: usize, seed: u64) -> (Problem, Plan) {
        let problem = city(&CitySpec::lyon("day", orders, seed));
        let options = SolveOptions { max_iterations: 400, time_limit_ms: f64::INFINITY, ..Default::default() };
        let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
        (problem, plan)
    }

    /// A day without surprises goes as planned: arrivals are the schedule's, every forecast is
    /// right, no alert, no customer told twice.
    #[test]
    fn a_day_without_surprises_goes_as_planned() {
        let (problem, plan) = planned_day(200, 3);
        let settings = DaySettings { spread: Spread::NONE, ..Default::default() };
        let day = simulate(&problem, &plan, &settings, &[], &Reaction::NONE);
        for route in &day.routes {
            let arrivals = |visits: &[Visit]| visits.iter().map(|v| (v.order, v.arrival, v.start)).collect::<Vec<_>>();
            assert_eq!(arrivals(&route.driven.visits), arrivals(&route.planned));
        }
        let card = &day.scorecard;
        assert_eq!(card.deliveries, plan.routes.iter().map(|r| r.stops.len()).sum::<usize>());
        assert_eq!((card.late, card.alerts.len(), card.revisions, card.overtime), (0, 0, 0, 0));
        assert_eq!(card.in_range, card.deliveries + card.absent);
        assert!(card.eta.iter().all(|e| e.samples > 0 && e.mean == 0 && e.p90 == 0), "{:?}", card.eta);
    }

    #[test]
    fn the_same_seed_gives_the_same_day() {
        let (problem, plan) = planned_day(150, 4);
        let settings = DaySettings { seed: 11, ..Default::default() };
        let a = simulate(&problem, &plan, &settings, &[], &Reaction::NONE);
        let b = simulate(&problem, &plan, &settings, &[], &Reaction::NONE);
        let c = simulate(&problem, &plan, &DaySettings { seed: 12, ..settings }, &[], &Reaction::NONE);
        assert_eq!(a.scorecard, b.scorecard);
        assert_ne!(a.scorecard, c.scorecard);
    }

    /// On a day slower than planned, stops run late; the tower saw most of them coming, before
    /// their window closed, and forecasts made closer to the arrival are better.
    #[test]
    fn a_slow_day_is_forecast_and_alerted() {
        let (problem, plan) = planned_day(300, 5);
        let spread = Spread { absent: 0.0, travel: 0.3, service: 0.5, rush: 0.4 };
        let day =
            simulate(&problem, &plan, &DaySettings { seed: 3, spread, ..Default::default() }, &[], &Reaction::NONE);
        let card = &day.scorecard;
        assert!(card.late > 0, "a slow day has late stops");
        let late: Vec<usize> =
            day.routes.iter().flat_map(|r| r.driven.visits.iter()).filter(|v| v.late_by > 0).map(|v| v.order).collect();
        let foreseen = card.alerts.iter().filter(|a| a.late && a.at < a.window_end).count();
        assert!(
            foreseen * 2 >= late.len(),
            "{foreseen} of {} late stops alerted before their window closed",
            late.len()
        );
        for alert in &card.alerts {
            assert_eq!(alert.late, late.contains(&alert.order), "an alert's outcome is the stop's");
        }
        let p90: Vec<Time> = card.eta.iter().map(|e| e.p90).collect();
        assert!(p90.windows(2).all(|w| w[0] <= w[1]), "closer is better: {:?}", card.eta);
        assert!(card.eta[0].mean < card.eta[2].mean, "closer is better: {:?}", card.eta);
        assert!(card.revisions > 0);
    }

    /// A breakdown: services begun are finished, the rest of the route fails, the vehicle does
    /// not come back; every routed order is accounted for once.
    #[test]
    fn a_breakdown_loses_what_is_on_board() {
        let (problem, plan) = planned_day(200, 6);
        let settings = DaySettings { seed: 2, ..Default::default() };
        let route = plan.routes.iter().max_by_key(|r| r.stops.len()).unwrap();
        let schedule = route.schedule(&problem);
        let at = schedule.visits[schedule.visits.len() / 2].arrival;
        let day =
            simulate(&problem, &plan, &settings, &[Event::Breakdown { vehicle: route.vehicle, at }], &Reaction::NONE);
        let broken = day.routes.iter().find(|r| r.vehicle == route.vehicle).unwrap();
        assert!(!broken.returned);
        assert!(broken.driven.visits.iter().all(|v| v.start < at));
        let lost = broken.failed.iter().filter(|(_, why)| *why == Failure::Breakdown).count();
        assert_eq!(broken.driven.visits.len() + lost, route.stops.len());
        assert!(lost > 0);
        let card = &day.scorecard;
        let routed: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
        assert_eq!(card.deliveries + card.absent + card.broken_down + card.cancelled, routed);
        assert!(day.feed.iter().any(|(t, text)| *t == at && text.contains("broke down")));
    }

    /// A cancellation before the vehicle leaves for the stop takes it off the route (the rest
    /// driven on from the stop before); once the vehicle is on its way it is too late.
    #[test]
    fn a_cancellation_skips_the_stop_only_in_time() {
        let (problem, plan) = planned_day(150, 7);
        let settings = DaySettings { seed: 5, spread: Spread::NONE, ..Default::default() };
        let route = plan.routes.iter().max_by_key(|r| r.stops.len()).unwrap();
        let schedule = route.schedule(&problem);
        let k = route.stops.len() / 2;
        let (order, left_for_it) = (route.stops[k], schedule.visits[k - 1].departure);
        let early = simulate(
            &problem,
            &plan,
            &settings,
            &[Event::Cancellation { order, at: left_for_it - 1 }],
            &Reaction::NONE,
        );
        let r = early.routes.iter().find(|r| r.vehicle == route.vehicle).unwrap();
        assert!(!r.stops.contains(&order));
        assert_eq!(r.failed, vec![(order, Failure::Cancelled)]);
        assert_eq!(r.driven.visits[..k], schedule.visits[..k], "the stops before are untouched");
        assert!(r.driven.visits.iter().all(|v| v.order != order));
        let late =
            simulate(&problem, &plan, &settings, &[Event::Cancellation { order, at: left_for_it }], &Reaction::NONE);
        let r = late.routes.iter().find(|r| r.vehicle == route.vehicle).unwrap();
        assert!(r.stops.contains(&order) && r.failed.is_empty());
        assert!(late.feed.iter().any(|(_, text)| text.contains("too late")));
    }

    /// A traffic incident slows the legs leaving its area in its period, and nothing else.
    #[test]
    fn a_traffic_incident_slows_its_area_in_its_period() {
        let (problem, plan) = planned_day(200, 8);
        let settings = DaySettings { seed: 1, spread: Spread::NONE, ..Default::default() };
        let reality = Reality::new(&problem, 1, Spread::NONE);
        let calm = simulate(&problem, &plan, &settings, &[], &Reaction::NONE);
        let first = calm.routes.iter().map(|r| r.departure).min().unwrap();
        let (from, until) = (first, first + to_ticks(6.0 * 3600.0));
        let depot_area = reality.area_of(&problem, problem.vehicle_start(plan.routes[0].vehicle));
        let jam = Event::Traffic { area: depot_area, from, until, slower: 2.0 };
        let jammed = simulate(&problem, &plan, &settings, &[jam], &Reaction::NONE);
        let mut slower = 0;
        for (a, b) in calm.routes.iter().zip(&jammed.routes) {
            for (x, y) in a.driven.visits.iter().zip(&b.driven.visits) {
                assert!(y.arrival >= x.arrival);
                slower += usize::from(y.arrival > x.arrival);
            }
        }
        assert!(slower > 0);
        assert!(jammed.scorecard.late >= calm.scorecard.late);
    }

    #[test]
    fn drawn_events_repeat_by_seed_and_read_from_a_file() {
        let (problem, plan) = planned_day(120, 9);
        let counts = crate::simulation::EventCounts { incidents: 2, breakdowns: 1, cancellations: 3 };
        let a = crate::simulation::events::draw(&problem, &plan, 4, counts);
        assert_eq!(a, crate::simulation::events::draw(&problem, &plan, 4, counts));
        assert_eq!(a.len(), 6);
        assert!(a.windows(2).all(|w| w[0].at() <= w[1].at()));
        let vehicle = &problem.vehicles[plan.routes[0].vehicle].id;
        let order = &problem.orders[plan.routes[0].stops[0]].id;
        let text = format!(
            r#"{{"events": [{{"type": "breakdown", "vehicle": "{vehicle}", "at": "11:00"}},
            {{"type": "cancellation", "order": "{order}", "at": 30000}},
            {{"type": "traffic", "area": 3, "from": "08:00", "until": "09:30", "slower": 1.5}}]}}"#
        );
        let read = crate::simulation::events::read(&mut problem.clone(), "events.json", &text).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(
            read[0],
            Event::Traffic { area: 3, from: to_ticks(8.0 * 3600.0), until: to_ticks(9.5 * 3600.0), slower: 1.5 }
        );
        let wrong = text.replace(vehicle.as_str(), "no-such-van");
        assert_eq!(
            crate::simulation::events::read(&mut problem.clone(), "events.json", &wrong).unwrap_err(),
            "events.json: event 1: no vehicle has id 'no-such-van'"
        );
    }

    /// Every way of reacting, on a day with a breakdown, a traffic incident, a cancellation and
    /// same-day orders: every order is accounted for once; nothing is delivered twice; a
    /// same-day order leaves a depot only after it was placed, goods of the broken-down vehicle
    /// only from its depot after the recovery; a vehicle's runs follow one another; the same
    /// seed gives the same day.
    #[test]
    fn every_reaction_accounts_for_every_order_and_moves_goods_only_from_depots() {
        for seed in 0..3u64 {
            let (mut problem, plan) = planned_day(160, 20 + seed);
            let settings = DaySettings { seed, ..Default::default() };
            let routed: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
            let broken = plan.routes.iter().max_by_key(|r| r.stops.len()).unwrap();
            let at = broken.schedule(&problem).visits[broken.stops.len() / 3].arrival;
            let mut events = vec![Event::Breakdown { vehicle: broken.vehicle, at }];
            // Goods the breakdown lost, cancelled once back at the depot, waiting or on a run.
            for (k, minutes) in [(1, 5.0), (2, 60.0)] {
                let order = broken.stops[broken.stops.len() - k];
                events.push(Event::Cancellation { order, at: at + settings.recovery + to_ticks(minutes * 60.0) });
            }
            let counts = crate::simulation::EventCounts { incidents: 1, breakdowns: 0, cancellations: 2 };
            events.extend(crate::simulation::events::draw(&problem, &plan, seed, counts));
            let placed = crate::simulation::events::same_day_orders(&mut problem, &plan, seed, 30).unwrap();
            let placed_at = |o: usize| {
                placed.iter().find_map(|e| match *e {
                    Event::NewOrder { order, at } if order == o => Some(at),
                    _ => None,
                })
            };
            events.extend(placed.iter().cloned());
            for reaction in Reaction::compared(200) {
                let day = simulate(&problem, &plan, &settings, &events, &reaction);
                let card = &day.scorecard;
                assert_eq!(
                    card.deliveries + card.absent + card.broken_down + card.cancelled + card.not_served,
                    routed + 30,
                    "{}: {card:?}",
                    reaction.name()
                );
                let mut delivered = vec![0; problem.orders.len()];
                for run in &day.routes {
                    for v in &run.driven.visits {
                        delivered[v.order] += 1;
                        if let Some(at) = placed_at(v.order) {
                            assert!(
                                run.departure >= at,
                                "{}: same-day order out before it was placed",
                                reaction.name()
                            );
                        }
                        if day.rescued.contains(&(v.order, broken.vehicle)) {
                            assert!(run.departure >= at + settings.recovery, "rescued before the recovery");
                            assert_eq!(run.depot, problem.vehicles[broken.vehicle].start_depot);
                        }
                    }
                    let earlier = day.routes.iter().filter(|r| r.vehicle == run.vehicle && r.departure < run.departure);
                    for before in earlier {
                        assert!(before.driven.off_duty <= run.departure, "{}: runs overlap", reaction.name());
                    }
                }
                assert!(delivered.iter().all(|&n| n <= 1), "{}: an order delivered twice", reaction.name());
                // Every order of the day has one outcome.
                let mut outcomes = vec![0; problem.orders.len()];
                for run in &day.routes {
                    for v in run.driven.visits.iter().filter(|v| !run.failed.contains(&(v.order, Failure::Absent))) {
                        outcomes[v.order] += 1;
                    }
                    for &(o, _) in &run.failed {
                        outcomes[o] += 1;
                    }
                }
                for &(o, _) in &day.unrouted {
                    outcomes[o] += 1;
                }
                let routed_or_placed =
                    |o: usize| placed_at(o).is_some() || plan.routes.iter().any(|r| r.stops.contains(&o));
                for (o, &n) in outcomes.iter().enumerate() {
                    assert_eq!(n, routed_or_placed(o) as usize, "{}: order {o}", reaction.name());
                }
                if reaction == Reaction::NONE {
                    assert_eq!((card.same_day_delivered, card.not_served, card.replans), (0, 30, 0));
                } else {
                    assert!(card.same_day_delivered > 0 && card.replans > 0, "{}: {card:?}", reaction.name());
                }
                let again = simulate(&problem, &plan, &settings, &events, &reaction);
                assert_eq!(again.scorecard, day.scorecard);
            }
        }
    }

    /// Same-day collections drawn from a seed and a same-day shipment (a shop's parcel for a
    /// customer) read from an events file. Refused, none is served. Dispatched, under every
    /// reaction: every order has one outcome; nothing is fetched before it is asked for;
    /// collections are also fetched by vehicles already on the road, which bring them back; the
    /// shipment is collected before it is delivered, on one run; the scorecard counts them.
    #[test]
    fn same_day_collections_are_fetched_by_vehicles_on_the_road_too() {
        let (mut problem, plan) = planned_day(160, 41);
        let settings = DaySettings { seed: 3, ..Default::default() };
        let mut events = crate::simulation::events::same_day_collections(&mut problem, &plan, 3, 12).unwrap();
        let place = |route: usize, k: usize| problem.points[problem.orders[plan.routes[route].stops[k]].location];
        let (shop, customer) = (place(0, 0), place(1, 1));
        let text = format!(
            r#"{{"events": [{{"type": "order", "id": "shop-to-door", "lat": {}, "lon": {}, "at": "11:00",
                "due": "15:30", "pickup": {{"lat": {}, "lon": {}, "service": 120}}}}]}}"#,
            customer.y + 0.002,
            customer.x,
            shop.y - 0.002,
            shop.x
        );
        events.extend(crate::simulation::events::read(&mut problem, "events.json", &text).unwrap());
        let asked: Vec<(usize, Time)> = events
            .iter()
            .flat_map(|e| match *e {
                Event::NewOrder { order, at } => {
                    std::iter::once((order, at)).chain(problem.orders[order].partner().map(|p| (p, at))).collect()
                }
                _ => Vec::new(),
            })
            .collect();
        assert_eq!(asked.len(), 14);
        let placed: Vec<usize> = asked.iter().map(|a| a.0).collect();
        let (shipment, pickup) = (problem.orders.len() - 2, problem.orders.len() - 1);
        assert_eq!(problem.orders[pickup].id, "shop-to-door-pickup");
        let mut on_the_road = 0;
        for reaction in Reaction::compared(200) {
            let name = reaction.name();
            let day = simulate(&problem, &plan, &settings, &events, &reaction);
            one_outcome_each(&problem, &plan, &placed, &day, &name);
            let card = &day.scorecard;
            assert_eq!((card.same_day_collections, card.same_day), (12, 1), "{name}");
            if reaction == Reaction::NONE {
                assert_eq!((card.same_day_collected, card.same_day_delivered), (0, 0), "{name}");
                continue;
            }
            assert!(card.same_day_collected >= 6 && card.same_day_delivered == 1, "{name}: {card:?}");
            let mut shipment_run = None;
            for run in &day.routes {
                for v in &run.driven.visits {
                    let Some(&(_, at)) = asked.iter().find(|a| a.0 == v.order) else { continue };
                    assert!(v.arrival >= at, "{name}: fetched before it was asked for");
                    on_the_road += usize::from(run.departure < at);
                    if v.order == pickup || v.order == shipment {
                        shipment_run.get_or_insert(run.vehicle);
                        assert_eq!(shipment_run, Some(run.vehicle), "{name}: the shipment on one vehicle");
                    }
                }
                let k = |o: usize| run.driven.visits.iter().position(|v| v.order == o);
                if let (Some(p), Some(d)) = (k(pickup), k(shipment)) {
                    assert!(p < d, "{name}: collected before it is delivered");
                }
            }
        }
        assert!(on_the_road > 0, "vehicles on the road fetch collections");
    }

    /// Doors nobody answered, under each policy: every order still ends in exactly one outcome;
    /// a second attempt is the same door on the same run, no earlier than the policy says; a
    /// locker drop is at the customer's neighbourhood locker and always succeeds; next day adds
    /// nothing. Re-plans (checked independently in tests) carry follow-ups like any goods.
    #[test]
    fn a_parcel_nobody_took_follows_the_policy() {
        let (mut problem, plan) = planned_day(160, 31);
        let spread = Spread { absent: 0.2, ..Spread::default() };
        let routed: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
        let mut events = crate::simulation::events::draw(
            &problem,
            &plan,
            5,
            crate::simulation::EventCounts { incidents: 1, breakdowns: 1, cancellations: 2 },
        );
        events.extend(crate::simulation::events::same_day_orders(&mut problem, &plan, 5, 20).unwrap());
        let after = to_ticks(5400.0);
        let lockers = Lockers::new(&problem);
        for absence in [Absence::NextDay, Absence::Reattempt { after }, Absence::Locker] {
            let settings = DaySettings { seed: 5, spread, absence, ..Default::default() };
            for reaction in [Reaction::NONE, Reaction::compared(200)[2]] {
                let day = simulate(&problem, &plan, &settings, &events, &reaction);
                let (card, grown) = (&day.scorecard, day.problem(&problem));
                let name = format!("{absence:?}, {}", reaction.name());
                assert_eq!(
                    card.deliveries + card.absent + card.broken_down + card.cancelled + card.not_served,
                    routed + 20,
                    "{name}: {card:?}"
                );
                assert_eq!(card.first_attempts - card.not_home + card.second_attempts + card.lockers, card.deliveries);
                assert!(card.not_home > 0, "{name}: someone is out");
                let visit = |o: usize| {
                    day.routes.iter().find_map(|r| r.driven.visits.iter().find(|v| v.order == o).map(|v| (r, *v)))
                };
                for f in &day.follow_ups {
                    let (first, tried) = visit(f.of).expect("the first attempt was made");
                    assert_eq!(tried.departure, f.failed_at);
                    let carried = |r: &&RouteDay| r.stops.contains(&f.order) || r.failed.iter().any(|x| x.0 == f.order);
                    let rescued = day.rescued.iter().any(|&(o, _)| o == f.order);
                    assert_eq!(day.routes.iter().filter(carried).count(), 1, "{name}: on one run");
                    let Some((run, v)) = visit(f.order) else { continue };
                    let (place, original) = (grown.orders[f.order].location, grown.orders[f.of].location);
                    match f.attempt {
                        Attempt::Second => {
                            assert_eq!(place, original);
                            assert!(v.start >= f.failed_at + after, "{name}: a second attempt too soon");
                        }
                        Attempt::Locker => {
                            assert_eq!(Some(place), lockers.near(&problem, original).map(|l| l.1));
                            assert!(!run.failed.iter().any(|&(o, _)| o == f.order), "{name}: a locker is open");
                        }
                    }
                    if !rescued {
                        assert_eq!(run.vehicle, first.vehicle, "{name}: the parcel stays on its vehicle");
                    }
                }
                match absence {
                    Absence::NextDay => {
                        assert!(day.follow_ups.is_empty());
                        assert_eq!(card.absent, card.not_home);
                    }
                    Absence::Reattempt { .. } => assert!(card.second_attempts > 0, "{name}: {card:?}"),
                    Absence::Locker => {
                        assert!(card.lockers > 0 && card.second_attempts == 0, "{name}: {card:?}");
                        assert!(card.lockers + card.absent + card.broken_down >= card.not_home);
                    }
                }
                let again = simulate(&problem, &plan, &settings, &events, &reaction);
                assert_eq!(again.scorecard, day.scorecard);
            }
        }
    }

    /// A day carrying goods both ways (returns, shipments) with breakdowns, cancellations and
    /// re-plans: every order ends with one outcome, and what is on board never goes negative.
    #[test]
    fn a_day_with_goods_both_ways_accounts_for_every_order() {
        let problem = crate::generate::with_goods_both_ways(&city(&CitySpec::lyon("both", 160, 8)), 0.3, 0.15, 8);
        let options = SolveOptions { max_iterations: 400, time_limit_ms: f64::INFINITY, ..Default::default() };
        let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
        let routed: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
        let events = crate::simulation::events::draw(
            &problem,
            &plan,
            3,
            crate::simulation::EventCounts { incidents: 1, breakdowns: 2, cancellations: 3 },
        );
        for reaction in Reaction::compared(200) {
            let day = simulate(&problem, &plan, &DaySettings { seed: 3, ..Default::default() }, &events, &reaction);
            let card = &day.scorecard;
            assert_eq!(
                card.deliveries + card.absent + card.broken_down + card.cancelled + card.not_served,
                routed,
                "{}: {card:?}",
                reaction.name()
            );
            for route in &day.routes {
                for visit in &route.driven.visits {
                    assert!(visit.load_after.iter().all(|&l| l >= 0), "{}: {visit:?}", reaction.name());
                }
            }
        }
    }

    /// Every order of the day has exactly one outcome: served (a visit, not a door nobody
    /// answered), failed on a run, or on no route at the end; orders neither planned nor placed
    /// have none.
    fn one_outcome_each(problem: &Problem, plan: &Plan, placed: &[usize], day: &SimulatedDay, name: &str) {
        let mut outcomes = vec![0; problem.orders.len()];
        for run in &day.routes {
            for v in run.driven.visits.iter().filter(|v| !run.failed.contains(&(v.order, Failure::Absent))) {
                outcomes[v.order] += 1;
            }
            for &(o, _) in &run.failed {
                outcomes[o] += 1;
            }
        }
        for &(o, _) in &day.unrouted {
            outcomes[o] += 1;
        }
        for (o, &n) in outcomes.iter().enumerate() {
            let expected = placed.contains(&o) || plan.routes.iter().any(|r| r.stops.contains(&o));
            assert_eq!(n, usize::from(expected), "{name}: order {o}");
        }
    }

    /// A day in trips without surprises goes as planned: each run reloads where and when its
    /// schedule does, with the schedule's loads.
    #[test]
    fn a_day_in_trips_without_surprises_reloads_as_planned() {
        let (problem, plan) = crate::simulation::journey::tests::city_in_trips(150, 2);
        let settings = DaySettings { spread: Spread::NONE, ..Default::default() };
        let day = simulate(&problem, &plan, &settings, &[], &Reaction::NONE);
        let mut reloads = 0;
        for route in &plan.routes {
            let schedule = route.schedule(&problem);
            let run = day.routes.iter().find(|r| r.vehicle == route.vehicle).unwrap();
            assert_eq!(run.reloads, route.reloads);
            assert_eq!(run.driven.reloads, schedule.reloads);
            assert_eq!(run.driven.visits, schedule.visits);
            assert_eq!(run.distance(&problem), schedule.distance);
            reloads += schedule.reloads.len();
        }
        assert!(reloads > 0);
        assert_eq!(day.scorecard.reloads, reloads);
        assert_eq!((day.scorecard.late, day.scorecard.alerts.len()), (0, 0));
    }

    /// A vehicle breaking down on a trip after a reload with returns on board: they are reported
    /// (served, their goods brought back by the recovery), the trip's deliveries come back with
    /// the recovery, and its later trips' goods, never loaded, wait at their depot at once: they
    /// go out again without the recovery.
    ///
    /// When a run taking them leaves is its schedule's (it waits at the depot for its windows), so
    /// with the usual recovery they may leave just after it is in though sent out long before.
    /// The same day whose recovery never comes in tells them apart: there, the trip's goods never
    /// go out again, and the later trips' do (the fleet has vehicles to spare at the depot).
    #[test]
    fn a_breakdown_in_trips_loses_only_the_trip_under_way() {
        let mut found = false;
        for seed in 0..6 {
            let (problem, plan) = crate::simulation::journey::tests::city_in_trips(150, seed);
            let settings = DaySettings { seed, spread: Spread::NONE, ..Default::default() };
            // A route with a trip that collects before its end, and a trip after it.
            let pick = plan.routes.iter().find_map(|route| {
                let schedule = route.schedule(&problem);
                let run = crate::simulation::journey::Run { stops: &route.stops, reloads: &route.reloads };
                route.reloads.iter().find_map(|r| {
                    let collects = (run.trip_start(r.before - 1)..r.before - 1)
                        .find(|&k| problem.orders[route.stops[k]].task == crate::problem::Task::Pickup)?;
                    Some((route, schedule.visits[collects + 1].start - 1, r.before))
                })
            });
            let Some((route, at, trip_end)) = pick else { continue };
            found = true;
            let events = [Event::Breakdown { vehicle: route.vehicle, at }];
            let reaction = Reaction { on_events: true, dispatch: Dispatch::Refuse, iterations: 200 };
            let day = simulate(&problem, &plan, &settings, &events, &reaction);
            let broken = day.routes.iter().find(|r| r.vehicle == route.vehicle && !r.returned).unwrap();
            let done = broken.driven.visits.len();
            assert!(done < trip_end);
            let trip = crate::simulation::journey::Run { stops: &route.stops, reloads: &route.reloads };
            let collected: Vec<usize> = route.stops[trip.trip_start(done - 1)..done]
                .iter()
                .copied()
                .filter(|&o| problem.orders[o].task == crate::problem::Task::Pickup)
                .collect();
            assert!(!collected.is_empty());
            for o in &collected {
                assert!(day.stranded.contains(&(*o, route.vehicle)), "return {o} reported");
            }
            assert_eq!(day.scorecard.stranded, day.stranded.len());
            assert!(day.feed.iter().any(|(t, text)| *t == at && text.contains("collected")));
            let later = &route.stops[trip_end..];
            // Goods still to collect on that trip are not on board: any vehicle may fetch them.
            let to_come = &route.stops[done..trip_end];
            let on_board: Vec<usize> = to_come
                .iter()
                .copied()
                .filter(|&o| match problem.orders[o].task {
                    crate::problem::Task::Delivery => true,
                    crate::problem::Task::ShipmentDelivery { pickup } => !to_come.contains(&pickup),
                    _ => false,
                })
                .collect();
            let never = DaySettings { recovery: to_ticks(3.0 * 86_400.0), ..settings };
            let without = simulate(&problem, &plan, &never, &events, &reaction);
            for (day, settings) in [(&day, &settings), (&without, &never)] {
                let mut soon = false;
                for run in day.routes.iter().filter(|r| r.vehicle != route.vehicle) {
                    for (k, v) in run.driven.visits.iter().enumerate() {
                        let (left, _) = loaded_at(run, k);
                        if on_board.contains(&v.order) {
                            assert!(left >= at + settings.recovery, "on board: back with the recovery");
                        }
                        soon |= later.contains(&v.order) && left < at + settings.recovery;
                    }
                }
                if settings.recovery == never.recovery {
                    assert!(soon || later.is_empty(), "seed {seed}: later trips' goods go out without the recovery");
                }
                one_outcome_each(&problem, &plan, &[], day, "breakdown in trips");
            }
        }
        assert!(found, "a trip that collects before a reload");
    }

    /// Every way of reacting on days in trips with breakdowns, cancellations, same-day orders,
    /// returns and shipments: every order has one outcome; what is on board is never negative
    /// nor above the vehicle's capacity, on any trip; reloads are at the vehicle's depots while
    /// open; no vehicle makes more trips than it may; goods move only from depots.
    #[test]
    fn every_reaction_on_a_day_in_trips_accounts_for_every_order_within_capacity() {
        let (mut stranded, mut rescued, mut replanned_trips) = (0, 0, 0);
        for seed in 0..3u64 {
            let (mut problem, plan) = crate::simulation::journey::tests::city_in_trips(140, 40 + seed);
            let settings = DaySettings { seed, ..Default::default() };
            let routed: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
            let tripper = plan.routes.iter().max_by_key(|r| (r.reloads.len(), r.stops.len())).unwrap();
            assert!(!tripper.reloads.is_empty());
            let schedule = tripper.schedule(&problem);
            // Broken down on its second trip.
            let at = schedule.visits[tripper.reloads[0].before].departure + 1;
            let mut events = vec![Event::Breakdown { vehicle: tripper.vehicle, at }];
            let counts = crate::simulation::EventCounts { incidents: 1, breakdowns: 1, cancellations: 3 };
            events.extend(crate::simulation::events::draw(&problem, &plan, seed, counts));
            events.retain(
                |e| !matches!(e, Event::Breakdown { vehicle, at: t } if *vehicle == tripper.vehicle && *t != at),
            );
            let placed = crate::simulation::events::same_day_orders(&mut problem, &plan, seed, 20).unwrap();
            let placed_orders: Vec<usize> = placed
                .iter()
                .filter_map(|e| match *e {
                    Event::NewOrder { order, .. } => Some(order),
                    _ => None,
                })
                .collect();
            events.extend(placed.iter().cloned());
            for reaction in Reaction::compared(150) {
                let name = format!("seed {seed}, {}", reaction.name());
                let day = simulate(&problem, &plan, &settings, &events, &reaction);
                let card = &day.scorecard;
                assert_eq!(
                    card.deliveries + card.absent + card.broken_down + card.cancelled + card.not_served,
                    routed + 20,
                    "{name}: {card:?}"
                );
                one_outcome_each(&problem, &plan, &placed_orders, &day, &name);
                let mut trips = vec![0; problem.vehicles.len()];
                for run in &day.routes {
                    let vehicle = &problem.vehicles[run.vehicle];
                    let within = |load: &[i64; 3]| (0..3).all(|d| load[d] >= 0 && load[d] <= vehicle.capacity[d]);
                    for v in &run.driven.visits {
                        assert!(within(&v.load_after), "{name}: {} at {v:?}", vehicle.id);
                    }
                    let allowed = vehicle.reloads.as_ref().unwrap();
                    for r in &run.driven.reloads {
                        assert!(within(&r.load_after), "{name}: {} reloads {r:?}", vehicle.id);
                        assert!(allowed.depots.contains(&r.depot));
                        assert!(problem.opening(r.depot).earliest_start(r.arrival) == Some(r.start), "{name}: open");
                    }
                    if run.returned {
                        let made: Vec<Reload> =
                            run.driven.reloads.iter().map(|r| Reload { before: r.before, depot: r.depot }).collect();
                        assert_eq!(made, run.reloads, "{name}: the run's reloads, driven");
                    }
                    trips[run.vehicle] += 1 + run.driven.reloads.len();
                    if run.depot != vehicle.start_depot || run.departure > plan_departure(&problem, &plan, run) {
                        replanned_trips += run.driven.reloads.len();
                    }
                }
                for (v, &n) in trips.iter().enumerate() {
                    assert!(n <= problem.vehicles[v].reloads.as_ref().unwrap().max_trips, "{name}: {n} trips");
                }
                for &(o, vehicle) in &day.rescued {
                    let run = day.routes.iter().find(|r| r.driven.visits.iter().any(|v| v.order == o)).unwrap();
                    assert_ne!(run.vehicle, vehicle, "{name}: rescued by another");
                    let k = run.driven.visits.iter().position(|v| v.order == o).unwrap();
                    if vehicle == tripper.vehicle {
                        // Goods collected by another (any vehicle may fetch them) are reached
                        // after the breakdown; goods it had loaded go out again after it.
                        let when = match problem.orders[o].task {
                            crate::problem::Task::Pickup | crate::problem::Task::ShipmentPickup { .. } => {
                                run.driven.visits[k].arrival
                            }
                            _ => loaded_at(run, k).0,
                        };
                        assert!(when >= at, "{name}: rescued before the breakdown");
                    }
                }
                stranded += day.stranded.len();
                rescued += day.rescued.len();
                let again = simulate(&problem, &plan, &settings, &events, &reaction);
                assert_eq!(again.scorecard, day.scorecard);
            }
        }
        assert!(rescued > 0 && replanned_trips > 0, "{rescued} rescued, {replanned_trips} re-planned reloads");
        assert!(stranded > 0, "collected goods on a broken-down vehicle are reported");
    }

    /// When and where the goods for visit `k` of `run` left a depot: at its trip's reload, or at
    /// the run's start.
    fn loaded_at(run: &RouteDay, k: usize) -> (Time, usize) {
        let reload = run.driven.reloads.iter().rev().find(|r| r.before <= k);
        reload.map_or((run.departure, run.depot), |r| (r.departure, r.depot))
    }

    /// When the plan had `run`'s vehicle leave (its first run).
    fn plan_departure(problem: &Problem, plan: &Plan, run: &RouteDay) -> Time {
        plan.routes.iter().find(|r| r.vehicle == run.vehicle).map_or(Time::MIN, |r| r.schedule(problem).departure)
    }
}
