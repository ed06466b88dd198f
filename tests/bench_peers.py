#!/usr/bin/env python3
"""PyVRP and VROOM on the day Lastmile plans: the peers of the scale benchmark (issue 11).

Reads a VROOM problem written by ``lastmile generate --kind city --vroom DAY.vroom.json`` and
solves it with VROOM (pyvroom) and PyVRP, each in its own process on one core, under the same
time budget; writes each peer's routes by Lastmile's vehicle and order ids, which
``lastmile evaluate SCENARIO ROUTES.json`` then prices with Lastmile's own cost model and checks
with its independent checker (done here when ``--scenario`` and ``--lastmile`` are given).

    python3 tests/bench_peers.py DAY.vroom.json --budget 60 --out DIR \\
        [--solvers vroom,pyvrp] [--scenario DAY.json --lastmile target/release/lastmile]

Dependencies: pyvrp==0.14.1, pyvroom==1.15.2 (``tests/bench_scale_in_browser.mjs`` makes a venv
with them under the target dir). Not a test: it prints a table for solver/BENCHMARKS.md.

The same day for both peers:

- Travel: the VROOM file leaves geographic travel to its reader; its ``lastmile.travel`` section
  says how Lastmile estimates it (haversine × circuity, ÷ speed). Both peers get those legs as
  matrices, rounded *up* to whole seconds and metres, so a route feasible for a peer stays
  feasible under Lastmile's exact figures (both peers take only integers).
- Locations: the depots (vehicles' distinct start and end places, in the file's order), then one
  per job, in the file's order.
- Money: VROOM's cents as written (``fixed``, ``per_hour``, ``per_km``). PyVRP's integer costs
  are in 1/36,000 of a cent, so that per second (per_hour × 10) and per metre (per_km × 36)
  costs are whole.

What each peer cannot say, and what stands in (printed with the results):

- VROOM: ``max_travel_time`` counts travel only, Lastmile's maximum duration counts the whole
  working time (relaxed); optional orders with a value are jobs like the others (VROOM tries to
  serve every job: a restriction).
- PyVRP: no breaks (relaxed); no skills or depot bindings: each kind of vehicle gets a routing
  profile of its own in which the orders it may not carry are unreachable (exact, but a matrix
  pair per kind), or, when those matrices would not fit ``--memory-gb``, one profile per travel
  mode and skills and bindings are dropped (relaxed); an order with several windows is a
  mutually exclusive group of one client per window (exact). A mandatory order is a required
  client when some vehicle could serve it alone in PyVRP's model (skills, capacity, a window
  reached within the shift and maximum duration, and back; range); otherwise it is left out
  before solving, as Lastmile never retries such orders, since one required client no vehicle
  can serve leaves PyVRP without any feasible solution. An optional order is an optional client
  whose prize is its value.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

VROOM_EXPLORATION = 0
"""VROOM's exploration level (0-5) unless `--vroom-exploration` says otherwise. VROOM builds
4 × (level + 1) first solutions (4 more at level 4, 8 more at level 5, its command line's
default: 32) before its local search, and that construction runs to the end whatever the
timeout, which bounds the local search after it (VROOM's `src/problems/vrp.h`). One thread builds them one after the other:
at level 5 VROOM gave no solution within 10 minutes on the 5,000- and 10,000-order days
(solver/BENCHMARKS.md), so the benchmark uses level 0, the fewest first solutions and the most
local search per solution within the budget."""

CENTS_TO_PYVRP = 36_000
"""PyVRP cost units per cent: 1/36,000 cent makes per-second and per-metre rates whole."""

PENALTY_SCALE = 1_000
"""PyVRP's penalty bounds (per unit of excess load, time warp and distance) are made for costs of
about one per unit of distance; its costs here are in 1/36,000 cent (a van's second costs
24,000, its metre 1,152), so the bounds are scaled up by this much, else excess load and time
warp cost less than the driving they save and the search stays infeasible."""

PROHIBITIVE = 10_000_000
"""Seconds and metres of a leg that may not be driven (116 days, 10,000 km)."""


# ---------------------------------------------------------------------------------------------
# The day, read once from the VROOM problem.


@dataclass
class Job:
    id: int
    order: str
    location: int
    service: int
    delivery: list[int]
    skills: frozenset[int]
    priority: int
    windows: list[tuple[int, int]]
    value_cents: int | None


@dataclass
class Vehicle:
    id: int
    name: str
    profile: str
    start: int
    end: int
    capacity: list[int]
    skills: frozenset[int]
    window: tuple[int, int]
    rest: dict | None
    costs: dict
    max_travel_time: int | None
    max_duration: int | None
    max_distance: int | None


@dataclass
class Day:
    points: list[tuple[float, float]]
    depots: int
    jobs: list[Job]
    vehicles: list[Vehicle]
    travel: dict[str, dict]
    dimensions: int
    relaxations: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: str) -> "Day":
        with open(path) as handle:
            doc = json.load(handle)
        extra = doc.get("lastmile")
        if not extra or not extra.get("travel"):
            sys.exit(f"{path}: no `lastmile.travel` section: write it with `lastmile generate --kind city --vroom`")
        places: list[tuple[float, float]] = []

        def depot(p: list[float]) -> int:
            key = (p[0], p[1])
            if key not in places:
                places.append(key)
            return places.index(key)

        vehicles = []
        for v in doc["vehicles"]:
            start = depot(v.get("start") or v["end"])
            end = depot(v.get("end") or v["start"])
            rest = v["breaks"][0] if v.get("breaks") else None
            vehicles.append(Vehicle(
                id=v["id"], name=v.get("description", str(v["id"])), profile=v.get("profile", "car"),
                start=start, end=end, capacity=v["capacity"], skills=frozenset(v.get("skills", [])),
                window=tuple(v["time_window"]), rest=rest, costs=v.get("costs", {}),
                max_travel_time=v.get("max_travel_time"),
                max_duration=extra.get("max_duration", {}).get(str(v["id"])),
                max_distance=v.get("max_distance"),
            ))
        depots = len(places)
        jobs = []
        for k, j in enumerate(doc["jobs"]):
            places.append((j["location"][0], j["location"][1]))
            jobs.append(Job(
                id=j["id"], order=j.get("description", str(j["id"])), location=depots + k,
                service=j.get("service", 0), delivery=j["delivery"], skills=frozenset(j.get("skills", [])),
                priority=j.get("priority", 0), windows=[tuple(w) for w in j.get("time_windows", [])],
                value_cents=extra.get("optional", {}).get(str(j["id"])),
            ))
        dimensions = max(len(v.capacity) for v in vehicles)
        return cls(places, depots, jobs, vehicles, extra["travel"], dimensions)

    def legs(self, profile: str):
        """Durations and distances (int64, seconds and metres rounded up) between every pair of
        locations, as Lastmile computes them for `profile`."""
        import numpy as np

        about = self.travel[profile]
        lon = np.array([p[0] for p in self.points])
        lat = np.radians(np.array([p[1] for p in self.points]))
        cos_lat = np.cos(lat)
        n = len(self.points)
        durations = np.empty((n, n), dtype=np.int64)
        distances = np.empty((n, n), dtype=np.int64)
        block = max(1, 4_000_000 // max(n, 1))
        for a in range(0, n, block):
            b = min(n, a + block)
            dlat = lat[None, :] - lat[a:b, None]
            dlon = np.radians(lon[None, :] - lon[a:b, None])
            h = np.sin(dlat / 2.0) ** 2 + cos_lat[a:b, None] * cos_lat[None, :] * np.sin(dlon / 2.0) ** 2
            metres = 2.0 * about["earth_radius_m"] * np.arcsin(np.minimum(np.sqrt(h), 1.0)) * about["circuity"]
            # Lastmile keeps millionths (rounded); whole units rounded up from those.
            distances[a:b] = -(-np.rint(metres * 1e6).astype(np.int64) // 1_000_000)
            seconds = metres / about["metres_per_second"]
            durations[a:b] = -(-np.rint(seconds * 1e6).astype(np.int64) // 1_000_000)
        return durations, distances


# ---------------------------------------------------------------------------------------------
# VROOM.


def solve_vroom(day: Day, budget: float, exploration: int, started: float) -> dict:
    import numpy as np
    import vroom

    problem = vroom.Input()
    for profile in sorted({v.profile for v in day.vehicles}):
        durations, distances = day.legs(profile)
        problem.set_durations_matrix(profile, durations.astype(np.uint32))
        problem.set_distances_matrix(profile, distances.astype(np.uint32))
        del durations, distances
    for j in day.jobs:
        problem.add_job(vroom.Job(
            id=j.id, location=j.location, default_service=j.service, delivery=vroom.Amount(j.delivery),
            skills=set(j.skills), priority=j.priority,
            time_windows=[vroom.TimeWindow(a, b) for a, b in j.windows], description=j.order,
        ))
    for v in day.vehicles:
        breaks = []
        if v.rest:
            breaks.append(vroom.Break(
                v.rest["id"], time_windows=[vroom.TimeWindow(a, b) for a, b in v.rest["time_windows"]],
                service=v.rest["service"],
            ))
        options = {}
        if v.max_travel_time is not None:
            options["max_travel_time"] = v.max_travel_time
        if v.max_distance is not None:
            options["max_distance"] = v.max_distance
        problem.add_vehicle(vroom.Vehicle(
            id=v.id, start=v.start, end=v.end, profile=v.profile, capacity=vroom.Amount(v.capacity),
            skills=set(v.skills), time_window=vroom.TimeWindow(*v.window), breaks=breaks, description=v.name,
            costs=vroom.VehicleCosts(fixed=v.costs.get("fixed", 0), per_hour=v.costs.get("per_hour", 3600),
                                     per_km=v.costs.get("per_km", 0)),
            **options,
        ))
    built = time.perf_counter()
    solution = problem.solve(exploration_level=exploration, nb_threads=1, timeout=timedelta(seconds=budget))
    solved = time.perf_counter()
    answer = solution.to_dict()
    names = {v.id: v.name for v in day.vehicles}
    orders = {j.id: j.order for j in day.jobs}
    routes = [
        {"vehicle": names[r["vehicle"]], "stops": [orders[s["id"]] for s in r["steps"] if s["type"] == "job"]}
        for r in answer.get("routes", [])
    ]
    if any(v.max_duration is not None for v in day.vehicles):
        day.relaxations.append("maximum working time given as max_travel_time, which counts travel only")
    if any(j.value_cents is not None for j in day.jobs):
        day.relaxations.append("optional orders are jobs like any other (VROOM tries to serve every job)")
    return {
        "solver": "VROOM",
        "version": _version("pyvroom"),
        "settings": f"exploration level {exploration}, 1 thread, timeout {budget:g} s",
        "routes": routes,
        "own_view": {"cost_cents": answer.get("summary", {}).get("cost"),
                     "unassigned": len(answer.get("unassigned", []))},
        "build_s": built - started,
        "solve_s": solved - built,
        "first_solution_s": solved - started if routes else None,
    }


# ---------------------------------------------------------------------------------------------
# PyVRP.


class Deadline:
    """PyVRP's stopping criterion on a clock started before `solve` (PyVRP's own MaxRuntime
    starts at its first call, after neighbours and the first local search): the budget covers
    all of `solve`, as VROOM's timeout and Lastmile's limit do. Notes when it is first asked,
    which is when PyVRP has its first solution."""

    def __init__(self, budget: float):
        self.budget = budget
        self.start = time.perf_counter()
        self.first_call: float | None = None

    def __call__(self, best_cost: int) -> bool:
        now = time.perf_counter()
        if self.first_call is None:
            self.first_call = now
        return now - self.start > self.budget


def compatibility_classes(day: Day) -> dict[tuple, list[int]]:
    """Vehicles grouped by what they may carry (travel profile and skills): one PyVRP routing
    profile each."""
    classes: dict[tuple, list[int]] = {}
    for k, v in enumerate(day.vehicles):
        classes.setdefault((v.profile, v.skills), []).append(k)
    return classes


def servable_alone(job: Job, vehicles: list[Vehicle], legs: dict, use_skills: bool) -> bool:
    """True when one of `vehicles` could serve `job` on a route of its own in PyVRP's model:
    skills (when kept), capacity, a window reached from the shift's start, back by the shift's end
    and within the maximum duration, and within range."""
    for v in vehicles:
        if use_skills and not job.skills <= v.skills:
            continue
        if any(d > c for d, c in zip(job.delivery, v.capacity)):
            continue
        durations, distances = legs[v.profile]
        out, back = durations[v.start, job.location], durations[job.location, v.end]
        if v.max_distance is not None and distances[v.start, job.location] + distances[job.location, v.end] > v.max_distance:
            continue
        for a, b in job.windows or [(v.window[0], v.window[1])]:
            start = max(v.window[0] + out, a)
            done = start + job.service + back
            if start <= b and done <= v.window[1] and (v.max_duration is None or done - start + out <= v.max_duration):
                return True
    return False


def solve_pyvrp(day: Day, budget: float, memory_gb: float, started: float) -> dict:
    import numpy as np
    import pyvrp
    from pyvrp import Client, ClientGroup, Depot, Location, ProblemData, SolveParams, VehicleType
    from pyvrp.PenaltyManager import PenaltyParams

    n = len(day.points)
    classes = compatibility_classes(day)
    travel_modes = sorted({v.profile for v in day.vehicles})
    # numpy arrays and PyVRP's own copies, durations and distances, 8 bytes each.
    needed_gb = len(classes) * 2 * 2 * n * n * 8 / 1e9
    exact = needed_gb <= memory_gb
    if exact:
        profiles = list(classes)
    else:
        profiles = [(mode, None) for mode in travel_modes]
        day.relaxations.append(
            f"skills and depot bindings dropped: {len(classes)} routing profiles would take about "
            f"{needed_gb:.0f} GB (limit --memory-gb {memory_gb:g})")
    day.relaxations.append("no breaks")

    base = {mode: day.legs(mode) for mode in travel_modes}
    left_out = [j.order for j in day.jobs
                if j.value_cents is None and not servable_alone(j, day.vehicles, base, exact)]
    durations, distances = [], []
    for mode, skills in profiles:
        d, m = base[mode]
        if skills is not None:
            barred = [j.location for j in day.jobs if not j.skills <= skills]
            d, m = d.copy(), m.copy()
            for matrix in (d, m):
                matrix[barred, :] = PROHIBITIVE
                matrix[:, barred] = PROHIBITIVE
                matrix[barred, barred] = 0
        durations.append(d)
        distances.append(m)
    del base

    locations = [Location(x=p[0], y=p[1]) for p in day.points]
    depots = [Depot(location=k) for k in range(day.depots)]
    clients, groups, client_order = [], [], []
    skipped = set(left_out)
    for j in day.jobs:
        if j.order in skipped:
            continue
        optional = j.value_cents is not None
        prize = (j.value_cents or 0) * CENTS_TO_PYVRP
        windows = j.windows or [(0, 2**40)]
        group = None
        if len(windows) > 1:
            group = len(groups)
            groups.append(ClientGroup(required=not optional))
        for a, b in windows:
            if group is not None:
                groups[group].add_client(len(clients))
            clients.append(Client(
                location=j.location, delivery=list(j.delivery), service_duration=j.service, tw_early=a, tw_late=b,
                prize=prize, required=group is None and not optional, group=group, name=j.order,
            ))
            client_order.append(j.order)

    # Alike vehicles make one vehicle type; a route of a type is driven by its next unused vehicle.
    types: dict[tuple, list[int]] = {}
    for k, v in enumerate(day.vehicles):
        profile = profiles.index((v.profile, v.skills if exact else None))
        key = (profile, v.start, v.end, tuple(v.capacity), v.window, v.max_duration, v.max_distance,
               tuple(sorted(v.costs.items())))
        types.setdefault(key, []).append(k)
    vehicle_types = []
    for (profile, start, end, capacity, window, max_duration, max_distance, costs), members in types.items():
        costs = dict(costs)
        options = {}
        if max_duration is not None:
            options["shift_duration"] = max_duration
        if max_distance is not None:
            options["max_distance"] = max_distance
        vehicle_types.append(VehicleType(
            num_available=len(members), capacity=list(capacity), start_depot=start, end_depot=end,
            fixed_cost=costs.get("fixed", 0) * CENTS_TO_PYVRP, tw_early=window[0], tw_late=window[1],
            unit_distance_cost=costs.get("per_km", 0) * CENTS_TO_PYVRP // 1000,
            unit_duration_cost=costs.get("per_hour", 3600) * CENTS_TO_PYVRP // 3600,
            profile=profile, name=day.vehicles[members[0]].name, **options,
        ))
    data = ProblemData(
        locations=locations, clients=clients, depots=depots, vehicle_types=vehicle_types,
        distance_matrices=distances, duration_matrices=durations, groups=groups,
    )
    del durations, distances
    built = time.perf_counter()
    stop = Deadline(budget)
    defaults = PenaltyParams()
    params = SolveParams(penalty=PenaltyParams(min_penalty=defaults.min_penalty * PENALTY_SCALE,
                                               max_penalty=defaults.max_penalty * PENALTY_SCALE))
    result = pyvrp.solve(data, stop=stop, seed=1, collect_stats=True, display=False, params=params)
    solved = time.perf_counter()

    unused = [list(members) for members in types.values()]
    routes = []
    for route in result.best.routes():
        vehicle = day.vehicles[unused[route.vehicle_type()].pop(0)]
        stops = [client_order[a.idx] for a in route if a.is_client()]
        routes.append({"vehicle": vehicle.name, "stops": stops})
    first_feasible = None
    if stop.first_call is not None:
        elapsed = stop.first_call - started
        if result.num_iterations == 0 and result.best.is_feasible():
            first_feasible = elapsed  # the first local search's solution, returned as it is
        for runtime, datum in zip(result.stats.runtimes, result.stats.data):
            elapsed += runtime
            if datum.best_feas:
                first_feasible = elapsed
                break
    return {
        "solver": "PyVRP",
        "version": _version("pyvrp"),
        "settings": (f"1 core, seed 1, stop {budget:g} s after solve() is called, penalty bounds × {PENALTY_SCALE}; "
                     f"{len(profiles)} routing profiles ({'one per kind of vehicle' if exact else 'one per travel mode'})"),
        "routes": routes,
        "own_view": {"feasible": result.best.is_feasible(), "iterations": result.num_iterations,
                     "left_out_before_solving": len(left_out)},
        "build_s": built - started,
        "solve_s": solved - built,
        "first_solution_s": None if stop.first_call is None else stop.first_call - started,
        "first_feasible_s": first_feasible,
    }


# ---------------------------------------------------------------------------------------------


def _version(package: str) -> str:
    from importlib.metadata import version
    return version(package)


def run_one(solver: str, args) -> None:
    """Solves in this process and writes DIR/<solver>.json."""
    started = time.perf_counter()
    day = Day.read(args.problem)
    if solver == "vroom":
        answer = solve_vroom(day, args.budget, args.vroom_exploration, started)
    else:
        answer = solve_pyvrp(day, args.budget, args.memory_gb, started)
    answer["relaxations"] = day.relaxations
    answer["wall_s"] = time.perf_counter() - started
    answer["peak_rss_mb"] = _peak_rss_mb()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    with open(Path(args.out) / f"{solver}.json", "w") as handle:
        json.dump(answer, handle)


def _peak_rss_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def evaluate(result_file: Path, scenario: str, lastmile: str) -> dict:
    """Lastmile's verdict on a peer's routes (`lastmile evaluate`), stored in its result file."""
    with open(result_file) as handle:
        answer = json.load(handle)
    out = subprocess.run([lastmile, "evaluate", scenario, str(result_file)], capture_output=True, text=True)
    if out.returncode != 0:
        answer["evaluation"] = {"error": out.stderr.strip()}
    else:
        answer["evaluation"] = json.loads(out.stdout)
    with open(result_file, "w") as handle:
        json.dump(answer, handle)
    return answer


def table_row(answer: dict) -> str:
    if "failure" in answer:
        return f"| {answer['solver']} | — | — | — | — | {answer['failure']} | {answer['wall_s']:.1f} |"
    e = answer.get("evaluation", {})
    if "error" in e or not e:
        return f"| {answer['solver']} | — | — | — | — | {e.get('error', 'not evaluated')} | {answer['wall_s']:.1f} |"
    feasible = "yes" if e["feasible"] else "NO: " + ", ".join(f"{k} {n}" for k, n in e["violation_kinds"].items())
    if not e["feasible"] and not e["violation_kinds"]:
        feasible = "NO: " + e["violations"][0]
    return (f"| {answer['solver']} | {e['vehicles']} | {e['unassigned']} ({e['unassigned_mandatory']} mandatory) | "
            f"{e['cost']:.2f} | {e['km']:.1f} | {feasible} | {answer['wall_s']:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("problem", help="VROOM problem from `lastmile generate --kind city --vroom`")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per peer (default 60)")
    parser.add_argument("--out", required=True, help="folder for <solver>.json (routes by Lastmile ids)")
    parser.add_argument("--solvers", default="vroom,pyvrp", help="vroom,pyvrp (default both)")
    parser.add_argument("--memory-gb", type=float, default=6.0,
                        help="most PyVRP's per-kind routing profiles may take before skills are relaxed (default 6)")
    parser.add_argument("--scenario", help="the Lastmile scenario of the same day, to evaluate the routes")
    parser.add_argument("--lastmile", help="the lastmile binary, to evaluate the routes")
    parser.add_argument("--vroom-exploration", type=int, default=VROOM_EXPLORATION, choices=range(6),
                        help=f"VROOM's exploration level, 0-5 (default {VROOM_EXPLORATION})")
    parser.add_argument("--give-up-after", type=float,
                        help="seconds after which a peer that has not answered is stopped (default 10 × budget)")
    parser.add_argument("--only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        run_one(args.only, args)
        return
    rows = []
    Path(args.out).mkdir(parents=True, exist_ok=True)
    for solver in [s.strip() for s in args.solvers.split(",") if s.strip()]:
        if solver not in ("vroom", "pyvrp"):
            sys.exit(f"--solvers: '{solver}' is not vroom or pyvrp")
        # Each peer in a process of its own: its memory and its core are its own.
        result = Path(args.out) / f"{solver}.json"
        result.unlink(missing_ok=True)
        give_up = args.give_up_after if args.give_up_after is not None else 10 * args.budget
        started = time.perf_counter()
        try:
            child = subprocess.run([sys.executable, __file__, *sys.argv[1:], "--only", solver], timeout=give_up)
            failure = None if child.returncode == 0 and result.exists() else f"exit code {child.returncode}"
        except subprocess.TimeoutExpired:
            failure = f"no solution within {give_up:g} s: stopped"
        if failure:
            print(f"{solver}: no result ({failure})", file=sys.stderr)
            answer = {"solver": {"vroom": "VROOM", "pyvrp": "PyVRP"}[solver], "version": _version(
                {"vroom": "pyvroom", "pyvrp": "pyvrp"}[solver]), "failure": failure,
                "wall_s": time.perf_counter() - started}
            with open(result, "w") as handle:
                json.dump(answer, handle)
            rows.append(answer)
            continue
        answer = evaluate(result, args.scenario, args.lastmile) if args.scenario and args.lastmile else json.load(open(result))
        rows.append(answer)
    print(f"\n# Peers on {args.problem}, budget {args.budget:g} s each, one core")
    print("| solver | vehicles | unassigned | cost | km | feasible (Lastmile's checker) | wall s |")
    print("|---|---:|---:|---:|---:|---|---:|")
    for answer in rows:
        print(table_row(answer))
    for answer in filter(lambda a: "failure" not in a, rows):
        first = answer.get("first_solution_s")
        feasible = answer.get("first_feasible_s")
        first = "none" if first is None else f"{first:.1f} s"
        if feasible is not None:
            first += f" (feasible in its own model from {feasible:.1f} s)"
        print(f"- {answer['solver']} {answer['version']}: {answer['settings']}; model built in {answer['build_s']:.1f} s, "
              f"first solution at {first}, peak {answer['peak_rss_mb']:.0f} MB; "
              f"relaxed: {'; '.join(answer['relaxations']) or 'nothing'}")


if __name__ == "__main__":
    main()
