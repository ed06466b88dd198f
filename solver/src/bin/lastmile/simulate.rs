//! `lastmile simulate SCENARIO`: plans the scenario, then runs its delivery day with travel and
//! service times drawn from `--day-seed` and prints the control tower's scorecard as a table.

use lastmile_solver::simulation::{simulate, Absence, DaySettings, Dispatch, Event, Reaction, Spread};
use lastmile_solver::{Plan, Problem};

/// Day settings from the command line: `--day-seed`, `--travel-spread`, `--service-spread`,
/// `--rush` (relative, e.g. 0.15), `--absent` (a share of customers).
pub fn day_settings(seed: u64, spread: Spread) -> Result<DaySettings, String> {
    let Spread { absent, travel, service, rush } = spread;
    for (name, value) in [("travel-spread", travel), ("service-spread", service), ("rush", rush), ("absent", absent)] {
        if !(value.is_finite() && (0.0..=2.0).contains(&value)) {
            return Err(format!("--{name} must be between 0 and 2 (a share: 0.15 is about ±15 %)"));
        }
    }
    if absent > 1.0 {
        return Err("--absent is a share of customers, at most 1".to_string());
    }
    Ok(DaySettings { seed, spread, ..DaySettings::default() })
}

/// What becomes of a parcel nobody took: `--failed-delivery next-day|reattempt|locker` (default
/// next-day), a reattempt `--reattempt-after` minutes after the first (default 120).
pub fn absence(policy: Option<&str>, after_minutes: f64) -> Result<Absence, String> {
    if !(after_minutes.is_finite() && (0.0..=1440.0).contains(&after_minutes)) {
        return Err("--reattempt-after is minutes, from 0 to 1440".to_string());
    }
    match policy.unwrap_or("next-day") {
        "next-day" => Ok(Absence::NextDay),
        "reattempt" => Ok(Absence::Reattempt { after: lastmile_solver::units::to_ticks(after_minutes * 60.0) }),
        "locker" => Ok(Absence::Locker),
        other => Err(format!("--failed-delivery: '{other}' is not one of next-day, reattempt, locker")),
    }
}

/// The ways of reacting compared: none, then re-planning on events with same-day orders
/// dispatched at once, in batches every `batch_minutes`, and in batches postponing what can wait.
pub fn reactions(iterations: usize, batch_minutes: f64) -> Vec<Reaction> {
    let every = lastmile_solver::units::to_ticks(batch_minutes * 60.0);
    let mut all = Reaction::compared(iterations);
    for reaction in &mut all {
        reaction.dispatch = match reaction.dispatch {
            Dispatch::Batch { .. } => Dispatch::Batch { every },
            Dispatch::Postpone { .. } => Dispatch::Postpone { every },
            other => other,
        };
    }
    all
}

/// Simulates `plan` with `events` once per way of reacting and prints the scorecards side by
/// side, one row per figure; the events and re-plans of the last way go to standard error.
pub fn print_day(problem: &Problem, plan: &Plan, settings: &DaySettings, events: &[Event], reactions: &[Reaction]) {
    use rayon::prelude::*;
    let days: Vec<_> = reactions.par_iter().map(|r| simulate(problem, plan, settings, events, r)).collect();
    if let Some(day) = days.last() {
        for (at, text) in &day.feed {
            if !text.contains(" at risk ") {
                eprintln!("{} {text}", lastmile_solver::units::clock(problem, *at));
            }
        }
    }
    let s = settings.spread;
    println!(
        "# {}: the planned day driven with day seed {} (travel ±{:.0} %, rush hours +{:.0} %, service ±{:.0} %, {:.0} % not at home, {}, {} events)",
        problem.name,
        settings.seed,
        s.travel * 100.0,
        s.rush * 100.0,
        s.service * 100.0,
        s.absent * 100.0,
        settings.absence.describe(problem),
        events.len()
    );
    let names: Vec<String> = reactions.iter().map(Reaction::name).collect();
    println!("| figure | {} |", names.join(" | "));
    println!("|---|{}", "---:|".repeat(names.len()));
    let columns: Vec<Vec<(String, String)>> = days.iter().map(|d| d.scorecard.rows(problem)).collect();
    for (k, (figure, _)) in columns[0].iter().enumerate() {
        let values: Vec<&str> = columns.iter().map(|c| c[k].1.as_str()).collect();
        println!("| {figure} | {} |", values.join(" | "));
    }
}
