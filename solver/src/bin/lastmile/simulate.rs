//! `lastmile simulate SCENARIO`: plans the scenario, then runs its delivery day with travel and
//! service times drawn from `--day-seed` and prints the control tower's scorecard as a table.

use lastmile_solver::simulation::{simulate, DaySettings, Spread};
use lastmile_solver::{Plan, Problem};

/// Day settings from the command line: `--day-seed`, `--travel-spread`, `--service-spread`,
/// `--rush` (relative, e.g. 0.15).
pub fn day_settings(seed: u64, travel: f64, service: f64, rush: f64) -> Result<DaySettings, String> {
    for (name, value) in [("travel-spread", travel), ("service-spread", service), ("rush", rush)] {
        if !(value.is_finite() && (0.0..=2.0).contains(&value)) {
            return Err(format!("--{name} must be between 0 and 2 (a share: 0.15 is about ±15 %)"));
        }
    }
    Ok(DaySettings { seed, spread: Spread { travel, service, rush }, ..DaySettings::default() })
}

/// Simulates `plan` and prints the scorecard, one row per figure.
pub fn print_day(problem: &Problem, plan: &Plan, settings: &DaySettings) {
    let day = simulate(problem, plan, settings);
    let s = settings.spread;
    println!(
        "# {}: the planned day driven with day seed {} (travel ±{:.0} %, rush hours +{:.0} %, service ±{:.0} %)",
        problem.name,
        settings.seed,
        s.travel * 100.0,
        s.rush * 100.0,
        s.service * 100.0
    );
    println!("| figure | no re-planning |");
    println!("|---|---:|");
    for (figure, value) in day.scorecard.rows(problem) {
        println!("| {figure} | {value} |");
    }
}
