//! `lastmile`: the command-line door onto the planning engine.
//!
//! ```text
//! lastmile solve FILE [--format solomon|lilim|json|vroom] [--time-limit SECONDS] [--iterations N] [--threads N] [--seed K] [--output OUT.json]
//! lastmile solve ORDERS.csv [VEHICLES.csv DEPOTS.csv OTHER…] [--time-limit SECONDS] …   (CSV tables, any mix)
//! lastmile solve PLAN.json [--lock VEHICLE,...] [--time-limit SECONDS] ...   (re-optimise a lastmile-plan document)
//! lastmile generate [--kind solomon] --customers N [--seed K] [--name NAME] [--output FILE]
//! lastmile generate --kind city --orders N [--seed K] [--name NAME] [--output FILE.json] [--csv DIR] [--vroom FILE.json]
//! lastmile generate --kind micro-hub --orders N [--seed K] [--name NAME] [--output FILE.json]
//! lastmile evaluate SCENARIO ROUTES.json [--format solomon|lilim|json|vroom] [--output OUT.json]
//! lastmile bench DIR [--format solomon|lilim] [--time-limit SECONDS] [--threads N] [--seed K] [--bks FILE]
//! lastmile bench --city 100,300,2000 [--time-limit SECONDS] [--threads N] [--seed K]
//! lastmile bench --micro-hub 120,1000,10000 [--time-limit SECONDS] [--threads N] [--seed K]
//! lastmile bench --slots 300,2000 [--slot-hours H] [--queries N] [--seed K]
//! lastmile bench --anytime 2000,SCENARIO.json [--limits 10,60] [--at 1,2,5,10,30] [--threads N] [--seed K]
//! lastmile checkout SCENARIO [--customers N] [--horizon-hours H] [--slot-hours H] [--prices P1,P2,...]
//!                   [--zones ROWSxCOLS | --areas N] [--quota N] [--zone-quota N] [--price-sensitivity B] [--bookings FILE.csv] [--seed K] [--output OUT.json]
//!                   [--reoptimise-every N] [--reoptimise-iterations N] [--write-bookings FILE.csv]
//! lastmile simulate SCENARIO|PLAN.json [--format …] [--time-limit SECONDS] [--iterations N] [--threads N] [--seed K]
//!                   [--day-seed K] [--travel-spread 0.15] [--service-spread 0.25] [--rush 0.2] [--absent 0.03]
//!                   [--events FILE.json] [--incidents N --breakdowns N --cancellations N] [--same-day N] [--same-day-collections N]
//!                   [--replan-iterations N] [--batch-minutes M]
//! ```
//! `solve` reads Solomon / Gehring–Homberger text, Li & Lim pickup-and-delivery text, Lastmile
//! scenario JSON and VROOM problem JSON (guessed from the content when `--format` is left out);
//! CSV tables, or several files, are imported as the app imports them, the report on standard
//! error. Files are read as bytes and decoded (UTF-8, UTF-16, Windows-1252). `evaluate` prices
//! routes made elsewhere (`{"routes": [{"vehicle", "stops": [order ids]}]}`) with Lastmile's cost
//! model and checker. `bench DIR` solves every Solomon or Li & Lim `.txt` file of a folder. Bad
//! input prints a message naming file, line and field and exits with code 2.

mod bench;
mod evaluate;
mod simulate;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use lastmile_solver::formats::scenario::Scenario;
use lastmile_solver::formats::{self, csv, solomon, vroom, Format};
use lastmile_solver::generate::{city, generate, micro_hub, CitySpec, InstanceSpec};
use lastmile_solver::report::PlanReport;
use lastmile_solver::{reoptimise, search, Locks, SolveOptions};

const USAGE: &str = "usage:
  lastmile solve FILE [--format solomon|lilim|json|vroom] [--time-limit SECONDS] [--iterations N] [--threads N] [--seed K] [--output OUT.json]
  lastmile solve ORDERS.csv [VEHICLES.csv DEPOTS.csv OTHER...] [--time-limit SECONDS] [--iterations N] [--threads N] [--seed K] [--output OUT.json]
  lastmile solve PLAN.json [--lock VEHICLE,...] [--time-limit SECONDS] [--threads N] [--seed K] [--output OUT.json]
  lastmile generate [--kind solomon] --customers N [--seed K] [--name NAME] [--output FILE]
  lastmile generate --kind city --orders N [--seed K] [--name NAME] [--output FILE.json] [--csv DIR] [--vroom FILE.json]
  lastmile generate --kind micro-hub --orders N [--seed K] [--name NAME] [--output FILE.json]
  lastmile evaluate SCENARIO ROUTES.json [--format solomon|lilim|json|vroom] [--output OUT.json]
  lastmile bench DIR [--format solomon|lilim] [--time-limit SECONDS] [--threads N] [--seed K] [--bks FILE]
  lastmile bench --city 100,300,2000 [--time-limit SECONDS] [--threads N] [--seed K]
  lastmile bench --micro-hub 120,1000,10000 [--time-limit SECONDS] [--threads N] [--seed K]
  lastmile bench --slots 300,2000 [--slot-hours H] [--queries N] [--seed K]
  lastmile bench --anytime 2000,SCENARIO.json [--limits 10,60] [--at 1,2,5,10,30] [--threads N] [--seed K]
  lastmile checkout SCENARIO [--customers N] [--horizon-hours H] [--slot-hours H] [--prices P1,P2,...]
                    [--zones ROWSxCOLS | --areas N] [--quota N] [--zone-quota N] [--price-sensitivity B] [--bookings FILE.csv] [--seed K] [--output OUT.json]
                    [--reoptimise-every N] [--reoptimise-iterations N] [--write-bookings FILE.csv]
  lastmile simulate SCENARIO|PLAN.json [--format solomon|lilim|json|vroom] [--time-limit SECONDS] [--iterations N] [--threads N] [--seed K]
                    [--day-seed K] [--travel-spread 0.15] [--service-spread 0.25] [--rush 0.2] [--absent 0.03]
                    [--events FILE.json] [--incidents N --breakdowns N --cancellations N] [--same-day N] [--same-day-collections N]
                    [--replan-iterations N] [--batch-minutes M] [--failed-delivery next-day|reattempt|locker] [--reattempt-after MINUTES]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lastmile: {message}");
            ExitCode::from(2)
        }
    }
}

/// Command-line flags after the subcommand: positional arguments and `--name value` pairs.
struct Flags {
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

impl Flags {
    fn parse(args: &[String], known: &[&str]) -> Result<Self, String> {
        let mut flags = Flags { positional: Vec::new(), named: Vec::new() };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if let Some(name) = arg.strip_prefix("--") {
                if !known.contains(&name) {
                    return Err(format!("unknown option --{name}\n{USAGE}"));
                }
                let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                flags.named.push((name.to_string(), value.clone()));
            } else {
                flags.positional.push(arg.clone());
            }
        }
        Ok(flags)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.named.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("--{name}: '{v}' is not a valid number")),
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("solve") => solve_command(&args[1..]),
        Some("generate") => generate_command(&args[1..]),
        Some("bench") => bench_command(&args[1..]),
        Some("evaluate") => evaluate_command(&args[1..]),
        Some("checkout") => checkout_command(&args[1..]),
        Some("simulate") => simulate_command(&args[1..]),
        _ => Err(USAGE.to_string()),
    }
}

/// A file's text, in the encoding its bytes are in (UTF-8, UTF-16, Windows-1252).
fn read_text(path: &str) -> Result<lastmile_solver::formats::encoding::Decoded, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    Ok(lastmile_solver::formats::encoding::decode(path, &bytes))
}

/// Whether a file is a CSV table (by its name).
fn is_table(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".tsv")
}

/// CSV tables, or several files of any formats, imported as the app imports them: the report
/// goes to standard error; an error when nothing is plannable.
fn import_files(paths: &[String]) -> Result<lastmile_solver::Problem, String> {
    let mut texts = Vec::with_capacity(paths.len());
    let mut encodings = Vec::with_capacity(paths.len());
    for path in paths {
        let decoded = read_text(path)?;
        encodings.push(Some(decoded.encoding));
        texts.push((path.clone(), decoded.text));
    }
    let imported = csv::import_encoded(&texts, &encodings, &[], None);
    eprintln!("{}", imported.summary);
    if !imported.issues.is_empty() {
        eprintln!("{}", describe_issues(&imported.issues));
    }
    if imported.issues.iter().any(|i| i.field == csv::NOTHING_READ) || imported.scenario.orders.is_empty() {
        return Err("nothing to plan in these files".to_string());
    }
    imported.scenario.to_problem(&paths.join(", ")).map_err(|e| e.to_string())
}

fn solve_command(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(args, &["format", "time-limit", "iterations", "threads", "seed", "output", "lock"])?;
    let mut vroom = false;
    let problem = match flags.positional.as_slice() {
        [] => return Err(format!("solve needs an input file\n{USAGE}")),
        [file] if !is_table(file) => {
            let text = read_text(file)?.text;
            vroom = match flags.get("format") {
                Some(name) => Format::named(name) == Some(Format::Vroom),
                None => Format::guess(&text) == Some(Format::Vroom),
            };
            match solve_input(file, &text, &flags)? {
                Some(problem) => problem,
                None => return Ok(()),
            }
        }
        files => {
            if flags.get("format").is_some() || flags.get("lock").is_some() {
                return Err("--format and --lock go with one scenario file, not CSV tables".to_string());
            }
            import_files(files)?
        }
    };
    solve_problem(problem, &flags, vroom)
}

/// One scenario file: a plan document is re-optimised (`None`: done), anything else read in
/// its format, with the import report the app shows (what was kept with a default, and why)
/// unless `--format` says how to read it.
fn solve_input(file: &str, text: &str, flags: &Flags) -> Result<Option<lastmile_solver::Problem>, String> {
    // A plan document (`lastmile-plan`, as the app exports it) is re-optimised from its plan.
    if text.contains(lastmile_solver::export::PLAN_FORMAT) {
        return reoptimise_command(file, text, flags).map(|()| None);
    }
    if flags.get("lock").is_some() {
        return Err("--lock needs a plan document (a lastmile-plan JSON) to keep routes of".to_string());
    }
    let format = match flags.get("format") {
        Some(name) => Some(
            Format::named(name)
                .ok_or_else(|| format!("--format: '{name}' is not one of: {}", formats::FORMAT_NAMES))?,
        ),
        None => None,
    };
    let problem = formats::read(file, text, format).map_err(|e| e.to_string())?;
    if format.is_none() {
        let imported = csv::import_encoded(&[(file.to_string(), text.to_string())], &[None], &[], None);
        if !imported.issues.is_empty() {
            eprintln!(
                "{}
{}",
                imported.summary,
                describe_issues(&imported.issues)
            );
        }
    }
    Ok(Some(problem))
}

/// Solves and writes the report; `unix_times`: the input was a VROOM problem, whose times the
/// report gives back in its form (UNIX times when it had them).
fn solve_problem(problem: lastmile_solver::Problem, flags: &Flags, unix_times: bool) -> Result<(), String> {
    let options = solve_options(flags)?;
    let threads = options.threads;
    let started = Instant::now();
    let clock = move || started.elapsed().as_secs_f64() * 1000.0;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| e.to_string())?;
    let mut first_plan_ms = None;
    let outcome = pool.install(|| {
        search(&problem, &options, &clock, &mut |p| {
            first_plan_ms.get_or_insert(p.elapsed_ms);
            true
        })
    });
    let plan = outcome.plan;
    let report = PlanReport::new(&problem, &plan);
    // Times go out as they came in: UNIX times for a VROOM file in UNIX time.
    let report = match problem.time_origin.filter(|_| unix_times) {
        Some(origin) => report.in_unix_time(origin),
        None => report,
    };
    write_report(flags.get("output"), &report)?;
    eprintln!(
        "{}: {} vehicles, distance {:.2}, {} unassigned, {:.1} s (first plan after {:.0} ms, {} iterations per thread, {:.2e} moves/s)",
        problem.name,
        report.vehicles,
        report.distance,
        report.unassigned.len(),
        started.elapsed().as_secs_f64(),
        first_plan_ms.unwrap_or(0.0),
        outcome.iterations,
        outcome.moves as f64 / (outcome.elapsed_ms / 1000.0).max(1e-9)
    );
    Ok(())
}

/// `evaluate SCENARIO ROUTES.json`: routes made elsewhere, priced and checked by Lastmile.
fn evaluate_command(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(args, &["format", "output"])?;
    let [scenario, routes] = flags.positional.as_slice() else {
        return Err(format!("evaluate needs a scenario and a routes file\n{USAGE}"));
    };
    let format = match flags.get("format") {
        Some(name) => Some(
            Format::named(name)
                .ok_or_else(|| format!("--format: '{name}' is not one of: {}", formats::FORMAT_NAMES))?,
        ),
        None => None,
    };
    let evaluation = evaluate::run(scenario, routes, format)?;
    let json = serde_json::to_string_pretty(&evaluation).map_err(|e| e.to_string())?;
    match flags.get("output") {
        Some(out) => std::fs::write(out, json).map_err(|e| format!("{out}: {e}"))?,
        None => println!("{json}"),
    }
    eprintln!("{routes}: {}", evaluation.summary());
    Ok(())
}

/// The report as JSON, to `output` or to standard output.
fn write_report(output: Option<&str>, report: &PlanReport) -> Result<(), String> {
    let json = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
    match output {
        Some(out) => std::fs::write(out, json).map_err(|e| format!("{out}: {e}")),
        None => {
            println!("{json}");
            Ok(())
        }
    }
}

/// `solve PLAN.json [--lock V1,V2]`: improves the document's plan; locked vehicles keep their
/// routes exactly.
fn reoptimise_command(file: &str, text: &str, flags: &Flags) -> Result<(), String> {
    let (scenario, plan) = lastmile_solver::export::read_plan_json(file, text).map_err(|e| e.to_string())?;
    let problem = scenario.to_problem(file).map_err(|e| e.to_string())?;
    let mut frozen = Vec::new();
    for id in flags.get("lock").unwrap_or("").split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let v = problem.vehicles.iter().position(|v| v.id == id).ok_or_else(|| format!("--lock: no vehicle '{id}'"))?;
        frozen.push(v);
    }
    let options = solve_options(flags)?;
    let started = Instant::now();
    let clock = move || started.elapsed().as_secs_f64() * 1000.0;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(options.threads).build().map_err(|e| e.to_string())?;
    let locks = Locks { heads: Vec::new(), frozen };
    let before = PlanReport::new(&problem, &plan);
    let outcome = pool.install(|| reoptimise(&problem, &plan, &locks, &options, &clock, &mut |_| true));
    let report = PlanReport::new(&problem, &outcome.plan);
    write_report(flags.get("output"), &report)?;
    eprintln!(
        "{}: re-optimised from {} vehicles, cost {:.2} to {} vehicles, cost {:.2} ({} locked), {:.1} s",
        problem.name,
        before.vehicles,
        before.cost,
        report.vehicles,
        report.cost,
        locks.frozen.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Plans the scenario (as `solve` does), then simulates its day.
fn simulate_command(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(
        args,
        &[
            "format",
            "time-limit",
            "iterations",
            "threads",
            "seed",
            "day-seed",
            "travel-spread",
            "service-spread",
            "rush",
            "absent",
            "events",
            "incidents",
            "breakdowns",
            "cancellations",
            "same-day",
            "same-day-collections",
            "replan-iterations",
            "batch-minutes",
            "failed-delivery",
            "reattempt-after",
        ],
    )?;
    let [file] = flags.positional.as_slice() else {
        return Err(format!("simulate needs one scenario file\n{USAGE}"));
    };
    let text = read_text(file)?.text;
    let format = match flags.get("format") {
        Some(name) => Some(
            Format::named(name)
                .ok_or_else(|| format!("--format: '{name}' is not one of: {}", formats::FORMAT_NAMES))?,
        ),
        None => None,
    };
    // A plan document (`lastmile-plan`, as the app exports it) is driven as it is planned.
    let document = match text.contains(lastmile_solver::export::PLAN_FORMAT) {
        true => {
            let (scenario, plan) = lastmile_solver::export::read_plan_json(file, &text).map_err(|e| e.to_string())?;
            Some((scenario.to_problem(file).map_err(|e| e.to_string())?, plan))
        }
        false => None,
    };
    let defaults = lastmile_solver::simulation::Spread::default();
    let spread = lastmile_solver::simulation::Spread {
        absent: flags.number("absent", defaults.absent)?,
        travel: flags.number("travel-spread", defaults.travel)?,
        service: flags.number("service-spread", defaults.service)?,
        rush: flags.number("rush", defaults.rush)?,
    };
    // The day's seed is --day-seed, else --seed: `simulate DAY --seed K` repeats day K whole.
    let day_seed = flags.number("day-seed", flags.number("seed", 1)?)?;
    let mut settings = simulate::day_settings(day_seed, spread)?;
    settings.absence = simulate::absence(flags.get("failed-delivery"), flags.number("reattempt-after", 120.0)?)?;
    let options = solve_options(&flags)?;
    let started = Instant::now();
    let clock = move || started.elapsed().as_secs_f64() * 1000.0;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(options.threads).build().map_err(|e| e.to_string())?;
    let (mut problem, plan) = match document {
        Some(planned) => planned,
        None => {
            let problem = formats::read(file, &text, format).map_err(|e| e.to_string())?;
            let plan = pool.install(|| search(&problem, &options, &clock, &mut |_| true)).plan;
            (problem, plan)
        }
    };
    eprintln!(
        "{}: {} orders planned on {} vehicles ({:.1} s)",
        problem.name,
        plan.routes.iter().map(|r| r.stops.len()).sum::<usize>(),
        plan.routes.iter().filter(|r| !r.stops.is_empty()).count(),
        started.elapsed().as_secs_f64()
    );
    // Drawn events first, then the file's (the app's order), in time order.
    let counts = lastmile_solver::simulation::EventCounts {
        incidents: flags.number("incidents", 0)?,
        breakdowns: flags.number("breakdowns", 0)?,
        cancellations: flags.number("cancellations", 0)?,
    };
    let mut events = lastmile_solver::simulation::events::draw(&problem, &plan, settings.seed, counts);
    if let Some(path) = flags.get("events") {
        events.extend(lastmile_solver::simulation::events::read(&mut problem, path, &read_text(path)?.text)?);
    }
    events.sort_by_key(lastmile_solver::simulation::Event::at);
    let same_day = flags.number("same-day", 0)?;
    events.extend(lastmile_solver::simulation::events::same_day_orders(&mut problem, &plan, settings.seed, same_day)?);
    let collections = flags.number("same-day-collections", 0)?;
    events.extend(lastmile_solver::simulation::events::same_day_collections(
        &mut problem,
        &plan,
        settings.seed,
        collections,
    )?);
    let batch_minutes: f64 = flags.number("batch-minutes", 30.0)?;
    if !(batch_minutes.is_finite() && batch_minutes >= 1.0) {
        return Err("--batch-minutes must be at least 1".to_string());
    }
    let reactions = simulate::reactions(flags.number("replan-iterations", 1000)?, batch_minutes);
    pool.install(|| simulate::print_day(&problem, &plan, &settings, &events, &reactions));
    Ok(())
}

fn solve_options(flags: &Flags) -> Result<SolveOptions, String> {
    let time_limit: f64 = flags.number("time-limit", 10.0)?;
    let threads: usize = flags.number("threads", 1)?;
    if !(time_limit.is_finite() && time_limit >= 0.0) || threads == 0 {
        return Err("--time-limit must be a non-negative number and --threads at least 1".to_string());
    }
    // An iteration budget (per lane) repeats exactly whatever the machine's load; the time
    // limit then only bounds it.
    let iterations = match flags.get("iterations") {
        None => usize::MAX,
        Some(_) => flags.number("iterations", 0usize)?,
    };
    let time_limit_ms =
        if iterations == usize::MAX || flags.get("time-limit").is_some() { time_limit * 1000.0 } else { f64::INFINITY };
    Ok(SolveOptions { time_limit_ms, max_iterations: iterations, threads, seed: flags.number("seed", 1)? })
}

fn bench_command(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(
        args,
        &[
            "format",
            "time-limit",
            "threads",
            "seed",
            "bks",
            "city",
            "micro-hub",
            "slots",
            "queries",
            "slot-hours",
            "anytime",
            "limits",
            "at",
        ],
    )?;
    if let Some(sources) = flags.get("anytime") {
        let sources: Vec<bench::AnytimeSource> = sources
            .split(',')
            .map(str::trim)
            .map(|s| match s.parse() {
                Ok(size) => bench::AnytimeSource::City(size),
                Err(_) => bench::AnytimeSource::File(s.to_string()),
            })
            .collect();
        let seconds = |name: &str, default: &str| -> Result<Vec<f64>, String> {
            flags
                .get(name)
                .unwrap_or(default)
                .split(',')
                .map(|s| match s.trim().parse::<f64>() {
                    Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
                    _ => Err(format!("--{name}: '{s}' is not a positive number of seconds")),
                })
                .collect()
        };
        return bench::run_anytime(
            &sources,
            &seconds("limits", "10,60")?,
            &seconds("at", "1,2,5,10,30")?,
            &solve_options(&flags)?,
        );
    }
    if let Some(sizes) = flags.get("slots") {
        let sizes: Vec<usize> = sizes
            .split(',')
            .map(|s| s.trim().parse().map_err(|_| format!("--slots: '{s}' is not a number of orders")))
            .collect::<Result<_, _>>()?;
        return bench::run_slots(
            &sizes,
            flags.number("slot-hours", 2.0)?,
            flags.number("queries", 1000)?,
            flags.number("seed", 1)?,
        );
    }
    if let Some(sizes) = flags.get("city") {
        let sizes: Vec<usize> = sizes
            .split(',')
            .map(|s| s.trim().parse().map_err(|_| format!("--city: '{s}' is not a number of orders")))
            .collect::<Result<_, _>>()?;
        return bench::run_city(&sizes, bench::Day::City, &solve_options(&flags)?);
    }
    if let Some(sizes) = flags.get("micro-hub") {
        let sizes: Vec<usize> = sizes
            .split(',')
            .map(|s| s.trim().parse().map_err(|_| format!("--micro-hub: '{s}' is not a number of orders")))
            .collect::<Result<_, _>>()?;
        return bench::run_city(&sizes, bench::Day::MicroHub, &solve_options(&flags)?);
    }
    let [dir] = flags.positional.as_slice() else {
        return Err(format!("bench needs exactly one folder\n{USAGE}"));
    };
    let format = match flags.get("format") {
        Some(name) => match Format::named(name) {
            Some(format @ (Format::Solomon | Format::LiLim)) => Some(format),
            _ => return Err(format!("--format: bench reads solomon or lilim files, not '{name}'")),
        },
        None => None,
    };
    bench::run(Path::new(dir), format, flags.get("bks").map(Path::new), &solve_options(&flags)?)
}

/// `checkout SCENARIO`: a booking day under the three slot policies, on the same customers.
fn checkout_command(args: &[String]) -> Result<(), String> {
    use lastmile_solver::checkout::BookingDay;
    let flags = Flags::parse(
        args,
        &[
            "customers",
            "horizon-hours",
            "slot-hours",
            "prices",
            "zones",
            "quota",
            "bookings",
            "seed",
            "output",
            "format",
            "reoptimise-every",
            "reoptimise-iterations",
            "write-bookings",
            "zone-quota",
            "price-sensitivity",
            "areas",
        ],
    )?;
    let [file] = flags.positional.as_slice() else {
        return Err(format!("checkout needs exactly one scenario file\n{USAGE}"));
    };
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let format = flags.get("format").map(|n| Format::named(n).ok_or_else(|| format!("--format: '{n}' is unknown")));
    let base = formats::read(file, &text, format.transpose()?).map_err(|e| e.to_string())?;
    let mut day = BookingDay::default();
    day.stream.customers = flags.number("customers", day.stream.customers)?;
    day.stream.horizon_hours = flags.number("horizon-hours", day.stream.horizon_hours)?;
    day.stream.seed = flags.number("seed", 1)?;
    day.slot_hours = flags.number("slot-hours", day.slot_hours)?;
    if let Some(prices) = flags.get("prices") {
        day.prices = prices
            .split(',')
            .map(|p| p.trim().parse().map_err(|_| format!("--prices: '{p}' is not a price")))
            .collect::<Result<_, _>>()?;
    }
    if let Some(zones) = flags.get("zones") {
        let (rows, cols) = zones
            .split_once(['x', 'X'])
            .and_then(|(r, c)| Some((r.trim().parse().ok()?, c.trim().parse().ok()?)))
            .ok_or_else(|| format!("--zones: '{zones}' is not ROWSxCOLS (e.g. 3x3)"))?;
        (day.zone_rows, day.zone_cols) = (rows, cols);
    }
    day.reoptimise_every = flags.number("reoptimise-every", day.reoptimise_every)?;
    day.reoptimise_iterations = flags.number("reoptimise-iterations", day.reoptimise_iterations)?;
    day.zone_areas = flags.number("areas", 0)?;
    if flags.get("zone-quota").is_some() {
        day.quota_per_cell = Some(flags.number("zone-quota", 0)?);
    }
    day.choice.price = flags.number("price-sensitivity", day.choice.price)?;
    if flags.get("quota").is_some() {
        day.quota_per_slot = Some(flags.number("quota", 0)?);
    }
    let replay = match flags.get("bookings") {
        None => None,
        Some(path) => {
            let text = read_text(path)?.text;
            let (bookings, span, issues) =
                csv::read_bookings(path, &text, &base).map_err(|issues| describe_issues(&issues))?;
            if !issues.is_empty() {
                eprintln!("{}", describe_issues(&issues));
            }
            day.stream.horizon_hours = span;
            Some(bookings)
        }
    };
    if let Some(out) = flags.get("write-bookings") {
        let stream = day.setup(&base, replay.clone())?.stream;
        let text = lastmile_solver::checkout::results::bookings_csv(&stream, &day, &base);
        std::fs::write(out, text).map_err(|e| format!("{out}: {e}"))?;
    }
    let started = Instant::now();
    let comparison = lastmile_solver::checkout::compare(&base, &day, replay, &mut |p| {
        if p.finished {
            eprintln!("{}: done after {:.1} s", p.name, started.elapsed().as_secs_f64());
        }
    })?;
    println!(
        "# {} — {} customers over {} h, {} slots of {} h, {} zones, seed {}",
        base.name,
        comparison.customers.len(),
        day.stream.horizon_hours,
        comparison.slots.len(),
        day.slot_hours,
        comparison.zones.len(),
        day.stream.seed
    );
    println!("| policy | accepted | lost | revenue | vehicles | cost | cost/order | distance | broken promises |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for o in &comparison.outcomes {
        println!(
            "| {} | {} | {} | {:.2} | {} | {:.2} | {:.2} | {:.1} | {} |",
            o.policy,
            o.accepted,
            o.customers - o.accepted,
            o.revenue,
            o.vehicles,
            o.cost,
            o.cost_per_order,
            o.distance,
            o.broken_promises
        );
    }
    if let Some(out) = flags.get("output") {
        let json = serde_json::to_string_pretty(&comparison).map_err(|e| e.to_string())?;
        std::fs::write(out, json).map_err(|e| format!("{out}: {e}"))?;
    }
    Ok(())
}

/// The import report, one issue a line: `error: orders.csv, line 3, lat: …` (an error skipped
/// the row or the file; a warning kept it with a default).
fn describe_issues(issues: &[lastmile_solver::formats::csv::Issue]) -> String {
    issues
        .iter()
        .map(|i| {
            let severity = match i.severity {
                csv::Severity::Error => "error",
                csv::Severity::Warning => "warning",
            };
            // "orders.csv, line 3, lat", or as much of it as the issue names.
            let line = (i.line > 0).then(|| format!("line {}", i.line));
            let place: Vec<String> = [Some(i.file.clone()), line, Some(i.field.clone())]
                .into_iter()
                .flatten()
                .filter(|p| !p.is_empty())
                .collect();
            format!("{severity}: {}: {}", place.join(", "), i.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn generate_command(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(args, &["kind", "customers", "orders", "seed", "name", "output", "csv", "vroom"])?;
    let seed = flags.number("seed", 1)?;
    let text = match flags.get("kind").unwrap_or("solomon") {
        "solomon" => {
            if flags.get("csv").is_some() || flags.get("orders").is_some() {
                return Err("--orders and --csv go with --kind city (Solomon files use --customers)".to_string());
            }
            let customers: usize = flags.number("customers", 100)?;
            if customers == 0 {
                return Err("--customers must be at least 1".to_string());
            }
            let name = flags.get("name").unwrap_or("GENERATED");
            solomon::write(&generate(&InstanceSpec::solomon_like(name, customers, seed)))
        }
        "city" => {
            let orders: usize = flags.number("orders", 300)?;
            if orders == 0 || orders > MAX_CITY_ORDERS {
                return Err(format!("--orders must be 1 to {MAX_CITY_ORDERS}"));
            }
            let name = flags.get("name").unwrap_or("Lyon");
            let scenario = Scenario::from_problem(&city(&CitySpec::lyon(name, orders, seed)));
            if let Some(dir) = flags.get("csv") {
                write_csv_tables(&scenario, Path::new(dir))?;
            }
            if let Some(file) = flags.get("vroom") {
                let problem = city(&CitySpec::lyon(name, orders, seed));
                let doc = vroom::write_problem(&problem)?;
                std::fs::write(file, doc.to_string()).map_err(|e| format!("{file}: {e}"))?;
            }
            let mut json = scenario.to_json_pretty();
            json.push('\n');
            json
        }
        "micro-hub" => {
            let orders: usize = flags.number("orders", 120)?;
            if orders == 0 || orders > MAX_CITY_ORDERS {
                return Err(format!("--orders must be 1 to {MAX_CITY_ORDERS}"));
            }
            let name = flags.get("name").unwrap_or("Micro-hub");
            let mut json = Scenario::from_problem(&micro_hub(name, orders, seed)).to_json_pretty();
            json.push('\n');
            json
        }
        other => return Err(format!("--kind: '{other}' is not one of: solomon, city, micro-hub")),
    };
    match flags.get("output") {
        Some(out) => std::fs::write(out, text).map_err(|e| format!("{out}: {e}")),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// The most orders a generated city day may have (depots and orders must stay within the
/// scenario's location limit).
const MAX_CITY_ORDERS: usize = 19_000;

/// Writes `orders.csv`, `vehicles.csv` and `depots.csv` next to each other in `dir`, named after
/// the scenario (`lyon-orders.csv` …).
fn write_csv_tables(scenario: &Scenario, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let prefix = scenario.name.split_whitespace().next().unwrap_or("city").to_lowercase();
    let tables = csv::write_tables(scenario);
    for (kind, text) in [("orders", &tables.orders), ("vehicles", &tables.vehicles), ("depots", &tables.depots)] {
        let path = dir.join(format!("{prefix}-{kind}.csv"));
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
