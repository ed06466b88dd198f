//! `lastmile simulate SCENARIO`: plans the scenario, then runs its delivery day with travel and
//! service times drawn from `--day-seed` and prints the control tower's scorecard as a table.

use lastmile_solver::simulation::{simulate, DaySettings, Event, Spread};
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

/// Simulates `plan` with `events` and prints the scorecard, one row per figure; the events
/// as they happened go to standard error.
pub fn print_day(problem: &Problem, plan: &Plan, settings: &DaySettings, events: &[Event]) {
    let day = simulate(problem, plan, settings, events);
    for (at, text) in &day.feed {
        if !text.contains(" at risk ") {
            eprintln!("{} {text}", lastmile_solver::units::clock(problem, *at));
        }
    }
    let s = settings.spread;
    println!(
        "# {}: the planned day driven with day seed {} (travel ±{:.0} %, rush hours +{:.0} %, service ±{:.0} %, {:.0} % not at home, {} events)",
        problem.name,
        settings.seed,
        s.travel * 100.0,
        s.rush * 100.0,
        s.service * 100.0,
        s.absent * 100.0,
        events.len()
    );
    println!("| figure | no re-planning |");
    println!("|---|---:|");
    for (figure, value) in day.scorecard.rows(problem) {
        println!("| {figure} | {value} |");
    }
}
