//! `lastmile bench DIR`: solve every instance of a folder and compare with best-known solutions.
//!
//! Reads Solomon / Gehring–Homberger (VRPTW) and Li & Lim (PDPTW) files, each by its content, or
//! all in the format `--format` names. Prints, per instance, vehicles and distance against the
//! best-known solution (BKS), the gap, feasibility re-checked from the raw coordinates by
//! `checker::planar_check` (code apart from the search), and moves evaluated per second; then a
//! summary line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lastmile_solver::checker::planar_check;
use lastmile_solver::formats::{self, Format};
use lastmile_solver::{search, SolveOptions};

struct Best {
    vehicles: usize,
    distance: f64,
}

/// Reads `instance,customers,vehicles,distance,...` rows.
fn read_bks(path: &Path) -> Result<HashMap<String, Best>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bks = HashMap::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() < 4 {
            continue;
        }
        let parse = |k: usize, name: &str| {
            fields[k]
                .trim()
                .parse::<f64>()
                .map_err(|_| format!("{}: line {}, {name}: not a number", path.display(), i + 1))
        };
        bks.insert(
            fields[0].trim().to_ascii_uppercase(),
            Best { vehicles: parse(2, "vehicles")? as usize, distance: parse(3, "distance")? },
        );
    }
    Ok(bks)
}

/// Looks for `bks.csv` in the folder and up to two levels above it.
fn find_bks(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().take(3).map(|d| d.join("bks.csv")).find(|p| p.exists())
}

/// A benchmark instance, in the format given or the one its content shows (Solomon or Li & Lim).
fn read_instance(file: &Path, format: Option<Format>) -> Result<lastmile_solver::Problem, String> {
    let name = file.display().to_string();
    let text = std::fs::read_to_string(file).map_err(|e| format!("{name}: {e}"))?;
    let format = match format.or_else(|| Format::guess(&text)) {
        Some(format @ (Format::Solomon | Format::LiLim)) => format,
        _ => return Err(format!("{name}: neither a Solomon nor a Li & Lim file (say which with --format)")),
    };
    formats::read(&name, &text, Some(format)).map_err(|e| e.to_string())
}

pub fn run(dir: &Path, format: Option<Format>, bks_path: Option<&Path>, options: &SolveOptions) -> Result<(), String> {
    let bks_path = bks_path.map(Path::to_path_buf).or_else(|| find_bks(dir));
    let bks = match &bks_path {
        Some(p) => read_bks(p)?,
        None => HashMap::new(),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt")))
        .collect();
    files.sort_by_key(|p| natural_key(&p.file_stem().unwrap_or_default().to_string_lossy()));
    if files.is_empty() {
        return Err(format!("{}: no .txt instances", dir.display()));
    }
    println!(
        "# lastmile bench {} — time limit {} s, {} thread(s), seed {}; BKS from {}",
        dir.display(),
        options.time_limit_ms / 1000.0,
        options.threads,
        options.seed,
        bks_path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "nowhere".into())
    );
    println!("| instance | n | vehicles | BKS veh | distance | BKS dist | gap % | feasible | moves/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|---:|");
    let pool = rayon::ThreadPoolBuilder::new().num_threads(options.threads).build().map_err(|e| e.to_string())?;
    let (mut solved, mut feasible, mut extra_vehicles, mut vehicles, mut bks_vehicles) = (0, 0, 0i64, 0, 0);
    let mut gaps = Vec::new();
    let mut moves_per_second = Vec::new();
    for file in &files {
        let name = file.file_stem().unwrap_or_default().to_string_lossy().to_ascii_uppercase();
        let problem = read_instance(file, format)?;
        let started = Instant::now();
        let clock = move || started.elapsed().as_secs_f64() * 1000.0;
        let outcome = pool.install(|| search(&problem, options, &clock, &mut |_| true));
        let (violations, distance) = planar_check(&problem, &outcome.plan);
        let ok = violations.is_empty() && outcome.plan.unassigned.is_empty();
        let used = outcome.plan.routes.len();
        let rate = outcome.moves as f64 / (outcome.elapsed_ms / 1000.0).max(1e-9);
        solved += 1;
        feasible += ok as usize;
        vehicles += used;
        moves_per_second.push(rate);
        let (bks_v, bks_d, gap) = match bks.get(&name) {
            Some(b) => {
                let gap = (distance - b.distance) / b.distance * 100.0;
                extra_vehicles += used as i64 - b.vehicles as i64;
                bks_vehicles += b.vehicles;
                gaps.push(gap);
                (b.vehicles.to_string(), format!("{:.2}", b.distance), format!("{gap:+.2}"))
            }
            None => ("-".into(), "-".into(), "-".into()),
        };
        println!(
            "| {name} | {} | {used} | {bks_v} | {distance:.2} | {bks_d} | {gap} | {} | {:.2e} |",
            problem.orders.len(),
            if ok {
                "yes".to_string()
            } else {
                format!("NO: {}", violations.first().map(String::as_str).unwrap_or("orders left out"))
            },
            rate
        );
    }
    let mean = |v: &[f64]| if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 };
    println!(
        "\nsummary: {solved} instances, {feasible} feasible, vehicles {vehicles} (BKS {bks_vehicles}, {extra_vehicles:+}), mean gap {:+.2}%, mean {:.2e} moves/s",
        mean(&gaps),
        mean(&moves_per_second)
    );
    Ok(())
}

/// Sorts "R1_2_10" after "R1_2_9".
fn natural_key(name: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((std::mem::take(&mut text), digits.parse().unwrap_or(0)));
                digits.clear();
            }
            text.push(c);
        }
    }
    key.push((text, digits.parse().unwrap_or(0)));
    key
}

/// Which generated day a size bench plans.
#[derive(Clone, Copy)]
pub enum Day {
    /// A city day: two depots, vans, EV vans and cargo bikes ([`lastmile_solver::generate::city`]).
    City,
    /// A micro-hub day: returns, shop shipments, cargo bikes in several trips
    /// ([`lastmile_solver::generate::micro_hub`]).
    MicroHub,
}

/// `lastmile bench --city 100,300,...` (or `--micro-hub`): generated days (mixed fleet, windows,
/// skills, breaks, range; or goods both ways in trips), solved under the same budget, re-checked
/// by the independent checker; then a mid-day re-plan of each (the first half of every route
/// locked) under a tenth of the budget. `orders` counts the customers (a shipment's pickup is a
/// stop of its own, in `stops`).
pub fn run_city(sizes: &[usize], day: Day, options: &SolveOptions) -> Result<(), String> {
    use lastmile_solver::checker::violations;
    use lastmile_solver::generate::{city, micro_hub, CitySpec};
    use lastmile_solver::report::PlanReport;
    use lastmile_solver::{reoptimise, Locks};

    let flag = match day {
        Day::City => "--city",
        Day::MicroHub => "--micro-hub",
    };
    println!(
        "# lastmile bench {flag} — time limit {} s, {} thread(s), seed {}",
        options.time_limit_ms / 1000.0,
        options.threads,
        options.seed
    );
    println!("| orders | stops | fleet | vehicles | trips | unassigned | km | cost | kg CO2 | feasible | first plan ms | solve s | iterations | it/s per lane | moves/s | re-plan cost | re-plan feasible |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|");
    let pool = rayon::ThreadPoolBuilder::new().num_threads(options.threads).build().map_err(|e| e.to_string())?;
    for &size in sizes {
        let problem = match day {
            Day::City => city(&CitySpec::lyon(&format!("city-{size}"), size, options.seed)),
            Day::MicroHub => micro_hub(&format!("micro-hub-{size}"), size, options.seed),
        };
        let started = Instant::now();
        let clock = move || started.elapsed().as_secs_f64() * 1000.0;
        let mut first = None;
        let outcome = pool.install(|| {
            search(&problem, options, &clock, &mut |p| {
                first.get_or_insert(p.elapsed_ms);
                true
            })
        });
        let report = PlanReport::new(&problem, &outcome.plan);
        let ok = violations(&problem, &outcome.plan).is_empty();
        let locks = Locks {
            heads: outcome.plan.routes.iter().map(|r| (r.vehicle, r.stops.len() / 2)).collect(),
            frozen: Vec::new(),
        };
        let short = SolveOptions { time_limit_ms: options.time_limit_ms / 10.0, ..options.clone() };
        let started = Instant::now();
        let clock = move || started.elapsed().as_secs_f64() * 1000.0;
        let replanned = pool.install(|| reoptimise(&problem, &outcome.plan, &locks, &short, &clock, &mut |_| true));
        let again = PlanReport::new(&problem, &replanned.plan);
        println!(
            "| {size} | {} | {} | {} | {} | {} | {:.1} | {:.2} | {:.1} | {} | {:.0} | {:.2} | {} | {:.0} | {:.2e} | {:.2} | {} |",
            problem.orders.len(),
            problem.vehicles.len(),
            report.vehicles,
            report.vehicles + outcome.plan.routes.iter().map(|r| r.reloads.len()).sum::<usize>(),
            report.unassigned.len(),
            report.distance / 1000.0,
            report.cost,
            report.co2_kg,
            if ok { "yes" } else { "NO" },
            first.unwrap_or(0.0),
            outcome.elapsed_ms / 1000.0,
            outcome.iterations,
            outcome.iterations as f64 / (outcome.elapsed_ms / 1000.0).max(1e-9),
            outcome.moves as f64 / (outcome.elapsed_ms / 1000.0).max(1e-9),
            again.cost,
            if violations(&problem, &replanned.plan).is_empty() { "yes" } else { "NO" },
        );
    }
    Ok(())
}

/// `lastmile bench --slots 300,2000`: slot-query latency at the checkout on tentative plans of
/// each size (the same measurement the app's checkout page runs in the browser).
pub fn run_slots(sizes: &[usize], slot_hours: f64, queries: usize, seed: u64) -> Result<(), String> {
    use lastmile_solver::checkout::speed::measure;
    println!("# lastmile bench --slots — {queries} queries per plan, {slot_hours} h slots, seed {seed}");
    println!("| orders | routes | slots | queries | p50 ms | p95 ms | p99 ms | max ms | open slots | setup s |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let started = Instant::now();
    let clock = move || started.elapsed().as_secs_f64() * 1000.0;
    for &size in sizes {
        let s = measure(size, slot_hours, queries, seed, &clock)?;
        println!(
            "| {} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.0} % | {:.1} |",
            s.orders,
            s.routes,
            s.slots,
            s.queries,
            s.p50_ms,
            s.p95_ms,
            s.p99_ms,
            s.max_ms,
            s.open_share * 100.0,
            s.setup_ms / 1000.0
        );
    }
    Ok(())
}

/// What `lastmile bench --anytime` solves: a generated city day or a scenario file.
pub enum AnytimeSource {
    City(usize),
    File(String),
}

/// The best plan a run had reported by a moment, as the UI's Stop would keep it.
#[derive(Clone, Copy)]
struct Snapshot {
    unassigned: u64,
    vehicles: usize,
    km: f64,
    cost: f64,
}

impl Snapshot {
    fn of(problem: &lastmile_solver::Problem, plan: &lastmile_solver::Plan) -> Self {
        use lastmile_solver::units::{from_ticks, SCALE};
        let objective = plan.objective(problem);
        let distance = from_ticks(plan.distance(problem));
        let km = match problem.coordinates {
            lastmile_solver::problem::Coordinates::Geographic => distance / 1000.0,
            lastmile_solver::problem::Coordinates::Planar => distance,
        };
        Snapshot {
            unassigned: objective.unassigned,
            vehicles: objective.vehicles,
            km,
            cost: objective.cost as f64 / SCALE,
        }
    }

    fn cell(snapshot: Option<&Snapshot>) -> String {
        match snapshot {
            None => "no plan yet".to_string(),
            Some(s) if s.unassigned > 0 => {
                format!("{} / {:.1} / {:.2} ({} out)", s.vehicles, s.km, s.cost, s.unassigned)
            }
            Some(s) => format!("{} / {:.1} / {:.2}", s.vehicles, s.km, s.cost),
        }
    }
}

/// One run's best plans over time: for each moment asked, the best plan its progress reports had
/// delivered by then (`None` before the first plan or after the run ended); and its final plan
/// with the time it came back.
struct Trace {
    at: Vec<Option<Snapshot>>,
    last: Snapshot,
    elapsed_s: f64,
}

/// Runs one search under `options`, recording the best plan at each moment of `at` (seconds).
fn best_over_time(
    problem: &lastmile_solver::Problem,
    options: &SolveOptions,
    at: &[f64],
    pool: &rayon::ThreadPool,
) -> Trace {
    // Per moment: once passed, the plan reported before it (`Some(None)`: none yet).
    let mut plans: Vec<Option<Option<lastmile_solver::Plan>>> = vec![None; at.len()];
    let mut latest: Option<lastmile_solver::Plan> = None;
    let started = Instant::now();
    let clock = move || started.elapsed().as_secs_f64() * 1000.0;
    let outcome = pool.install(|| {
        search(problem, options, &clock, &mut |p| {
            // Every moment passed before this report keeps the plan reported before it.
            for (k, &t) in at.iter().enumerate() {
                if t * 1000.0 < p.elapsed_ms && plans[k].is_none() {
                    plans[k] = Some(latest.clone());
                }
            }
            latest = Some(p.best.clone());
            true
        })
    });
    for (k, &t) in at.iter().enumerate() {
        if t * 1000.0 <= outcome.elapsed_ms + 1.0 && plans[k].is_none() {
            plans[k] = Some(latest.clone());
        }
    }
    Trace {
        at: plans.iter().map(|p| p.as_ref().and_then(Option::as_ref).map(|p| Snapshot::of(problem, p))).collect(),
        last: Snapshot::of(problem, &outcome.plan),
        elapsed_s: outcome.elapsed_ms / 1000.0,
    }
}

/// `lastmile bench --anytime 2000,FILE.json`: how good the best plan is at moments `at` of runs
/// with longer limits, against a run whose limit is that moment (what Stop keeps at t should be
/// about as good as a run of limit t). Cells read vehicles / km / cost.
pub fn run_anytime(
    sources: &[AnytimeSource],
    limits: &[f64],
    at: &[f64],
    options: &SolveOptions,
) -> Result<(), String> {
    use lastmile_solver::generate::{city, CitySpec};
    let pool = rayon::ThreadPoolBuilder::new().num_threads(options.threads).build().map_err(|e| e.to_string())?;
    for source in sources {
        let problem = match source {
            AnytimeSource::City(size) => city(&CitySpec::lyon(&format!("city-{size}"), *size, options.seed)),
            AnytimeSource::File(file) => {
                let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
                lastmile_solver::formats::read(file, &text, None).map_err(|e| e.to_string())?
            }
        };
        println!(
            "\n# lastmile bench --anytime {} ({} orders, {} vehicles) — {} thread(s), seed {}; best plan at t: vehicles / km / cost",
            problem.name,
            problem.orders.len(),
            problem.vehicles.len(),
            options.threads,
            options.seed
        );
        let mut columns: Vec<Vec<Option<Snapshot>>> = Vec::new();
        for &limit in limits {
            let run = SolveOptions { time_limit_ms: limit * 1000.0, ..options.clone() };
            let moments: Vec<f64> = at.iter().map(|&t| if t <= limit { t } else { f64::INFINITY }).collect();
            columns.push(best_over_time(&problem, &run, &moments, &pool).at);
        }
        // A run of limit t returns its plan at t, or later when the first plan takes longer.
        let alone: Vec<String> = at
            .iter()
            .map(|&t| {
                let run = SolveOptions { time_limit_ms: t * 1000.0, ..options.clone() };
                let trace = best_over_time(&problem, &run, &[], &pool);
                let cell = Snapshot::cell(Some(&trace.last));
                if trace.elapsed_s > t * 1.1 {
                    format!("{cell} (at {:.1} s)", trace.elapsed_s)
                } else {
                    cell
                }
            })
            .collect();
        let header: Vec<String> = limits.iter().map(|l| format!("limit {l} s")).collect();
        println!("| t (s) | {} | limit = t |", header.join(" | "));
        println!("|---:|{}---|", "---|".repeat(limits.len()));
        for (k, &t) in at.iter().enumerate() {
            let cells: Vec<String> = limits
                .iter()
                .zip(&columns)
                .map(|(&limit, column)| if t <= limit { Snapshot::cell(column[k].as_ref()) } else { "—".to_string() })
                .collect();
            println!("| {t} | {} | {} |", cells.join(" | "), alone[k]);
        }
    }
    Ok(())
}
