#!/usr/bin/env python3
"""PyVRP and VROOM on the day Lastmile plans: the peers of the scale benchmark (issue 11).

Reads a VROOM problem written by ``lastmile generate --kind city --vroom DAY.vroom.json`` and
solves it with VROOM (pyvroom) and PyVRP, each in its own process on one core, under the same
time budget; writes each peer's routes by Lastmile's vehicle and order ids, which
``lastmile evaluate SCENARIO ROUTES.json`` then prices with Lastmile's own cost model and checks
with its independent checker (done here when ``--scenario`` and ``--lastmile`` are given).

    python3 tests/bench_peers.py DAY.vroom.json --budget 60 --out DIR \\
        [--solvers vroom,pyvrp] [--scenario DAY.json --lastmile target/release/lastmile]

Li & Lim mode: both peers on every pickup-and-delivery instance (PDPTW) of a folder, one after
the other on one core, each plan re-checked here on the instance's own data in double precision
(pairs, precedence, load after every stop, time windows, fleet) and its distance recomputed
unrounded; a table per peer against ``bks.csv`` beside the instances, progress on standard error:

    python3 tests/bench_peers.py --lilim DIR [--time-limit 10] [--only LC101,LR205] \\
        [--solvers pyvrp,vroom] [--vroom-exploration 5]

Dependencies: pyvrp==0.14.1, pyvroom==1.15.2: a Python without them runs this script again in the
venv ``tests/bench_scale_in_browser.mjs`` makes under the target dir (``peers-venv``), made here
from PyPI when it is not there yet. Not a test: it prints tables for solver/BENCHMARKS.md.

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
import math
import os
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
    which is when PyVRP has its first solution. `clock` is wall time unless told otherwise
    (`time.process_time`: seconds of the core PyVRP runs on, whatever else the machine runs)."""

    def __init__(self, budget: float, clock=time.perf_counter):
        self.budget = budget
        self.clock = clock
        self.start = clock()
        self.first_call: float | None = None

    def __call__(self, best_cost: int) -> bool:
        now = self.clock()
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
# Li & Lim: pickup-and-delivery pairs with time windows (`--lilim DIR`).


LILIM_SCALE = 1_000
"""Both peers take only integers; Li & Lim's travel is the unrounded Euclidean distance. Legs,
times and service durations are given to them in thousandths: travel times rounded *up*, so a
schedule a peer finds on time is on time in exact figures, distances to the nearest (they only
steer the search: every figure reported is recomputed from the routes in double precision)."""

LILIM_VROOM_EXPLORATION = 5
"""VROOM's exploration level on Li & Lim unless `--vroom-exploration` says otherwise: on 100
tasks even level 5's 32 first solutions take well under the budget, and the timeout bounds the
local search after them."""

LILIM_TOLERANCE = 1e-6
"""What double-precision sums of legs may be off by when a stop's start or the return is compared
with its due time: far below any peer's thousandths."""


@dataclass
class Task:
    """One line of a Li & Lim file: the depot (id 0), a pickup (demand > 0, `delivery` = its
    delivery's id) or a delivery (demand < 0, `pickup` = its pickup's id)."""
    id: int
    x: float
    y: float
    demand: int
    ready: float
    due: float
    service: float
    pickup: int
    delivery: int


@dataclass
class PairsInstance:
    """A Li & Lim instance: a fleet of alike vehicles at one depot, and pickup-delivery pairs."""
    name: str
    vehicles: int
    capacity: int
    tasks: list[Task]
    """By id: `tasks[0]` is the depot."""
    pairs: list[tuple[int, int]]
    """(pickup id, delivery id), in the file's order of pickups."""

    @classmethod
    def read(cls, path: Path) -> "PairsInstance":
        lines = [(number, line.split()) for number, line in enumerate(path.read_text().splitlines(), start=1)
                 if line.strip()]
        if not lines or len(lines[0][1]) < 2:
            sys.exit(f"{path}: the first line must be VEHICLES CAPACITY SPEED")
        vehicles, capacity = int(lines[0][1][0]), int(lines[0][1][1])
        tasks = []
        for number, fields in lines[1:]:
            if len(fields) != 9:
                sys.exit(f"{path}:{number}: expected 9 fields (ID X Y DEMAND READY DUE SERVICE PICKUP DELIVERY)")
            task, x, y, demand, ready, due, service, pickup, delivery = fields
            tasks.append(Task(int(task), float(x), float(y), int(demand), float(ready), float(due), float(service),
                              int(pickup), int(delivery)))
        if [t.id for t in tasks] != list(range(len(tasks))):
            sys.exit(f"{path}: task ids are not 0, 1, 2, … in order")
        pairs = []
        for t in tasks[1:]:
            if t.demand > 0:
                partner = tasks[t.delivery] if 0 < t.delivery < len(tasks) else None
                if partner is None or partner.pickup != t.id or partner.demand != -t.demand:
                    sys.exit(f"{path}: pickup {t.id} names delivery {t.delivery}, which does not name it back")
                pairs.append((t.id, t.delivery))
            elif t.demand == 0 or not 0 < t.pickup < len(tasks):
                sys.exit(f"{path}: task {t.id} is neither a pickup nor a delivery of a pair")
        return cls(path.stem, vehicles, capacity, tasks, pairs)

    def leg(self, a: int, b: int) -> float:
        """Travel time and distance between two tasks: unrounded Euclidean."""
        return math.hypot(self.tasks[a].x - self.tasks[b].x, self.tasks[a].y - self.tasks[b].y)

    def scaled_legs(self):
        """Durations (rounded up) and distances (rounded), in thousandths, between every pair of
        tasks: int64 matrices indexed by task id."""
        import numpy as np

        x = np.array([t.x for t in self.tasks])
        y = np.array([t.y for t in self.tasks])
        exact = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :]) * LILIM_SCALE
        # A leg whose scaled length is a whole number within rounding noise must not gain a unit.
        durations = np.ceil(exact - 1e-9).astype(np.int64)
        distances = np.rint(exact).astype(np.int64)
        return durations, distances

    def scaled(self, time: float) -> int:
        return round(time * LILIM_SCALE)

    def vehicle_cost(self) -> int:
        """A fixed cost per vehicle above the scaled distance of any plan (each of at most
        2 × tasks legs no longer than the longest), so one vehicle fewer always pays: vehicles
        first, then distance, the hierarchical objective of the best-known table."""
        longest = max(self.leg(a, b) for a in range(len(self.tasks)) for b in range(a + 1, len(self.tasks)))
        return math.ceil(2 * len(self.tasks) * longest * LILIM_SCALE) + 1


@dataclass
class PairsAnswer:
    """A peer's plan for one instance: its routes as task ids (depot left out) and what it took,
    in wall time and in CPU time of this process."""
    solver: str
    routes: list[list[int]]
    seconds: float
    cpu_seconds: float
    own_view: str = ""


def solve_pairs_pyvrp(instance: PairsInstance, budget: float) -> PairsAnswer:
    """PyVRP with one `Shipment` per pair, one vehicle type of the instance's fleet, seed 1."""
    import pyvrp
    from pyvrp import Depot, Location, ProblemData, Shipment, VehicleType

    started, cpu_started = time.perf_counter(), time.process_time()
    durations, distances = instance.scaled_legs()
    depot = instance.tasks[0]
    shipments = []
    for p, d in instance.pairs:
        pickup, delivery = instance.tasks[p], instance.tasks[d]
        shipments.append(Shipment(
            pickup_location=p, delivery_location=d,
            pickup_tw_early=instance.scaled(pickup.ready), pickup_tw_late=instance.scaled(pickup.due),
            pickup_service_duration=instance.scaled(pickup.service),
            delivery_tw_early=instance.scaled(delivery.ready), delivery_tw_late=instance.scaled(delivery.due),
            delivery_service_duration=instance.scaled(delivery.service),
            amount=[pickup.demand], name=f"{p}-{d}",
        ))
    opening, closing = instance.scaled(depot.ready), instance.scaled(depot.due)
    data = ProblemData(
        locations=[Location(x=t.x, y=t.y) for t in instance.tasks],
        clients=[],
        depots=[Depot(location=0, tw_early=opening, tw_late=closing)],
        vehicle_types=[VehicleType(num_available=instance.vehicles, capacity=[instance.capacity],
                                   fixed_cost=instance.vehicle_cost(), tw_early=opening, tw_late=closing,
                                   unit_distance_cost=1, unit_duration_cost=0)],
        distance_matrices=[distances], duration_matrices=[durations], shipments=shipments,
    )
    # The budget in CPU seconds: other work on the machine slows PyVRP's clock, not its search.
    stop = Deadline(budget, clock=time.process_time)
    result = pyvrp.solve(data, stop=stop, seed=1, collect_stats=False, display=False)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    routes = []
    for route in result.best.routes():
        routes.append([instance.pairs[a.idx][0 if a.is_pickup() else 1] for a in route if a.is_shipment()])
    own = "feasible" if result.best.is_feasible() else "infeasible"
    return PairsAnswer("PyVRP", routes, seconds, cpu_seconds,
                       f"{own} in its own model, {result.num_iterations} iterations, "
                       f"{result.best.num_missing_shipments()} shipments missing")


def solve_pairs_vroom(instance: PairsInstance, budget: float, exploration: int) -> PairsAnswer:
    """VROOM with one shipment per pair and the instance's fleet, costs as distance plus a fixed
    cost per vehicle, one thread, `budget` as its timeout."""
    import numpy as np
    import vroom

    started, cpu_started = time.perf_counter(), time.process_time()
    durations, distances = instance.scaled_legs()
    problem = vroom.Input()
    problem.set_durations_matrix("car", durations.astype(np.uint32))
    problem.set_distances_matrix("car", distances.astype(np.uint32))

    def step(task: Task):
        return vroom.ShipmentStep(
            id=task.id, location=task.id, default_service=instance.scaled(task.service),
            time_windows=[vroom.TimeWindow(instance.scaled(task.ready), instance.scaled(task.due))])

    for p, d in instance.pairs:
        pickup, delivery = instance.tasks[p], instance.tasks[d]
        problem.add_shipment(step(pickup), step(delivery), amount=vroom.Amount([pickup.demand]))
    depot = instance.tasks[0]
    # per_km is per 1,000 distance units: 1,000 makes one scaled unit cost 1, as in PyVRP.
    costs = vroom.VehicleCosts(fixed=instance.vehicle_cost(), per_hour=0, per_km=1_000)
    for k in range(instance.vehicles):
        problem.add_vehicle(vroom.Vehicle(
            id=k, start=0, end=0, capacity=vroom.Amount([instance.capacity]), costs=costs,
            time_window=vroom.TimeWindow(instance.scaled(depot.ready), instance.scaled(depot.due))))
    solution = problem.solve(exploration_level=exploration, nb_threads=1, timeout=timedelta(seconds=budget))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    answer = solution.to_dict()
    routes = [[s["id"] for s in r["steps"] if s["type"] in ("pickup", "delivery")] for r in answer.get("routes", [])]
    return PairsAnswer("VROOM", [r for r in routes if r], seconds, cpu_seconds,
                       f"{len(answer.get('unassigned', []))} tasks unassigned in its own view")


def plan_problems(instance: PairsInstance, routes: list[list[int]]) -> list[str]:
    """Everything wrong with a plan, judged on the instance's own data in double precision
    (nothing the solver says is trusted): every task served exactly once, each pair on one route
    with its pickup first, the load within [0, capacity] after every stop, every service started
    by its due time (waiting allowed) and every vehicle back by the depot's, no more vehicles than
    the fleet. Empty when the plan is feasible."""
    problems = []
    if len(routes) > instance.vehicles:
        problems.append(f"{len(routes)} routes for {instance.vehicles} vehicles")
    served: dict[int, tuple[int, int]] = {}
    for r, route in enumerate(routes):
        for position, task in enumerate(route):
            if not 0 < task < len(instance.tasks):
                problems.append(f"route {r + 1}: task {task} is not in the instance")
            elif task in served:
                problems.append(f"task {task} served twice")
            else:
                served[task] = (r, position)
    missing = [t.id for t in instance.tasks[1:] if t.id not in served]
    if missing:
        problems.append(f"{len(missing)} tasks not served (first {missing[0]})")
    for p, d in instance.pairs:
        if p in served and d in served:
            if served[p][0] != served[d][0]:
                problems.append(f"pair {p}-{d} split over two routes")
            elif served[p][1] > served[d][1]:
                problems.append(f"pair {p}-{d}: delivery before pickup")
    depot = instance.tasks[0]
    for r, route in enumerate(routes):
        clock, load, here = depot.ready, 0, 0
        for task in route:
            if not 0 < task < len(instance.tasks):
                continue
            stop = instance.tasks[task]
            clock = max(clock + instance.leg(here, task), stop.ready)
            if clock > stop.due + LILIM_TOLERANCE:
                problems.append(f"route {r + 1}: task {task} starts at {clock:.3f}, due {stop.due:g}")
            clock += stop.service
            load += stop.demand
            if not 0 <= load <= instance.capacity:
                problems.append(f"route {r + 1}: load {load} after task {task} (capacity {instance.capacity})")
            here = task
        back = clock + instance.leg(here, 0)
        if back > depot.due + LILIM_TOLERANCE:
            problems.append(f"route {r + 1}: back at {back:.3f}, depot closes at {depot.due:g}")
    return problems


def plan_distance(instance: PairsInstance, routes: list[list[int]]) -> float:
    """The plan's travelled distance, depot to depot, unrounded Euclidean in double precision."""
    total = 0.0
    for route in routes:
        stops = [0, *(t for t in route if 0 < t < len(instance.tasks)), 0]
        total += sum(instance.leg(a, b) for a, b in zip(stops, stops[1:]))
    return total


def read_best_known(folder: Path) -> dict[str, tuple[int, float]]:
    """`bks.csv` beside the instances: vehicles and distance by instance name."""
    import csv

    with open(folder / "bks.csv", newline="") as handle:
        return {row["instance"]: (int(row["vehicles"]), float(row["distance"])) for row in csv.DictReader(handle)}


@dataclass
class PairsResult:
    """One peer's plan for one instance, as this script judges it."""
    instance: str
    vehicles: int
    distance: float
    problems: list[str]
    seconds: float
    cpu_seconds: float
    best_vehicles: int | None
    best_distance: float | None

    @property
    def feasible(self) -> bool:
        return not self.problems

    @property
    def gap(self) -> float | None:
        if self.best_distance is None:
            return None
        return 100.0 * (self.distance - self.best_distance) / self.best_distance


def judge(instance: PairsInstance, answer: PairsAnswer, best: tuple[int, float] | None) -> PairsResult:
    best_vehicles, best_distance = best if best else (None, None)
    return PairsResult(instance.name, len(answer.routes), plan_distance(instance, answer.routes),
                       plan_problems(instance, answer.routes), answer.seconds, answer.cpu_seconds,
                       best_vehicles, best_distance)


def pairs_table(results: list[PairsResult]) -> list[str]:
    """The markdown table of one peer, an instance per row."""
    def text(value, format: str) -> str:
        return "—" if value is None else format.format(value)

    lines = ["| instance | vehicles | BKS veh | distance | BKS dist | gap % | feasible | s | cpu s |",
             "|---|---:|---:|---:|---:|---:|---|---:|---:|"]
    for r in results:
        feasible = "yes" if r.feasible else "NO: " + r.problems[0] + (
            f" (+{len(r.problems) - 1} more)" if len(r.problems) > 1 else "")
        # A plan equal to the best-known one to its 4 decimals reads +0.00, not -0.00.
        gap = None if r.gap is None else round(r.gap, 2) + 0.0
        lines.append(f"| {r.instance} | {r.vehicles} | {text(r.best_vehicles, '{}')} | {r.distance:.2f} | "
                     f"{text(r.best_distance, '{:.2f}')} | {text(gap, '{:+.2f}')} | {feasible} | "
                     f"{r.seconds:.1f} | {r.cpu_seconds:.1f} |")
    return lines


def pairs_summary(solver: str, results: list[PairsResult]) -> str:
    """Instances feasible, vehicles above the best-known total, mean distance gap over the
    feasible plans (and over those with the best-known number of vehicles)."""
    feasible = [r for r in results if r.feasible and r.best_vehicles is not None]
    above = sum(r.vehicles - r.best_vehicles for r in feasible)
    worse = sum(1 for r in feasible if r.vehicles > r.best_vehicles)
    fewer = sum(1 for r in feasible if r.vehicles < r.best_vehicles)
    gaps = [r.gap for r in feasible]
    matched = [r.gap for r in feasible if r.vehicles == r.best_vehicles]
    def mean(values: list[float]) -> str:
        return f"{round(sum(values) / len(values), 2) + 0.0:+.2f} %" if values else "—"

    line = (f"**{solver}: feasible on {sum(r.feasible for r in results)}/{len(results)} instances; "
            f"vehicles {sum(r.vehicles for r in feasible)} against the best-known "
            f"{sum(r.best_vehicles for r in feasible)} on those (+{above}, more on {worse} instances")
    if fewer:
        line += f", fewer on {fewer}"
    return (line + f"); mean distance gap {mean(gaps)} over the {len(gaps)} feasible, "
            f"{mean(matched)} over the {len(matched)} with the best-known vehicles.**")


def run_lilim(args) -> None:
    """Every instance of the folder, each peer in turn on one core, then a table per peer."""
    folder = Path(args.lilim)
    files = sorted(folder.glob("*.txt"))
    if args.only:
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        unknown = wanted - {f.stem for f in files}
        if unknown:
            sys.exit(f"--only: no {', '.join(sorted(unknown))}.txt in {folder}")
        files = [f for f in files if f.stem in wanted]
    if not files:
        sys.exit(f"{folder}: no *.txt instance")
    best = read_best_known(folder) if (folder / "bks.csv").exists() else {}
    budget = 10.0 if args.budget is None else args.budget
    exploration = LILIM_VROOM_EXPLORATION if args.vroom_exploration is None else args.vroom_exploration
    solvers = [s.strip() for s in args.solvers.split(",") if s.strip()]
    for solver in solvers:
        if solver not in ("vroom", "pyvrp"):
            sys.exit(f"--solvers: '{solver}' is not vroom or pyvrp")
    results: dict[str, list[PairsResult]] = {s: [] for s in solvers}
    for file in files:
        instance = PairsInstance.read(file)
        for solver in solvers:
            if solver == "pyvrp":
                answer = solve_pairs_pyvrp(instance, budget)
            else:
                answer = solve_pairs_vroom(instance, budget, exploration)
            result = judge(instance, answer, best.get(instance.name))
            results[solver].append(result)
            print(f"{instance.name} {answer.solver}: {result.vehicles} vehicles, {result.distance:.2f}, "
                  f"{'feasible' if result.feasible else 'INFEASIBLE: ' + '; '.join(result.problems[:3])}, "
                  f"{result.seconds:.1f} s ({answer.own_view})", file=sys.stderr, flush=True)
    print(f"# Li & Lim PDPTW ({folder}), {budget:g} s per instance, one thread\n")
    print("Distances are recomputed from each peer's routes (unrounded Euclidean, double precision) and every "
          "plan is re-checked on the original data: each task once, pairs on one route pickup first, load "
          "within capacity after every stop, time windows and the depot's closing, at most the fleet. "
          f"Both peers get legs and times in 1/{LILIM_SCALE} (travel times rounded up, distances to the "
          "nearest) and a fixed cost per vehicle above any plan's distance (vehicles first, then distance). "
          "Gap % is against the best-known distance, whatever the vehicles.\n")
    settings = {
        "pyvrp": f"PyVRP {_version('pyvrp')}: one `Shipment` per pair, seed 1, stopped after {budget:g} s of "
                 "CPU time from `solve()`'s call (it runs on one thread)",
        "vroom": f"VROOM (pyvroom {_version('pyvroom')}): one shipment per pair, exploration level {exploration}, "
                 f"1 thread, timeout {budget:g} s, costs per_km 1000 (one per scaled unit), per_hour 0",
    }
    for solver in solvers:
        print(f"## {settings[solver]}\n")
        print("\n".join(pairs_table(results[solver])))
        print()
        print(pairs_summary({"pyvrp": "PyVRP", "vroom": "VROOM"}[solver], results[solver]))
        print()


# ---------------------------------------------------------------------------------------------


PEERS = {"pyvrp": "0.14.1", "pyvroom": "1.15.2"}
"""The peers' pinned versions, as `tests/bench_scale_in_browser.mjs` installs them."""


def use_peers_venv() -> None:
    """Runs this script again in the peers' venv when this Python has no PyVRP or VROOM: the one
    `tests/bench_scale_in_browser.mjs` makes under the target dir (`peers-venv`), made here from
    PyPI with the pinned versions when it is not there yet. A Python that has both runs as it is."""
    try:
        import pyvrp  # noqa: F401
        import vroom  # noqa: F401
        return
    except ImportError:
        pass
    root = Path(__file__).resolve().parent.parent
    venv = Path(os.environ.get("CARGO_TARGET_DIR") or root / "target") / "peers-venv"
    python = venv / "bin" / "python"
    if os.environ.get("LASTMILE_PEERS_VENV") == str(venv):
        sys.exit(f"{python}: pyvrp or vroom still missing")
    if not python.exists():
        print(f"making {venv} (pyvrp {PEERS['pyvrp']}, pyvroom {PEERS['pyvroom']})", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pinned = [f"{name}=={version}" for name, version in PEERS.items()]
    if subprocess.run([str(python), "-c", "import pyvrp, vroom"], capture_output=True).returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", *pinned], check=True)
    os.environ["LASTMILE_PEERS_VENV"] = str(venv)
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


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
    parser.add_argument("problem", nargs="?", help="VROOM problem from `lastmile generate --kind city --vroom`")
    parser.add_argument("--lilim", metavar="DIR",
                        help="Li & Lim mode: every *.txt pickup-and-delivery instance of DIR (bks.csv beside them)")
    parser.add_argument("--budget", "--time-limit", type=float,
                        help="seconds per peer (default 60; Li & Lim: per instance, default 10)")
    parser.add_argument("--out", help="folder for <solver>.json (routes by Lastmile ids)")
    parser.add_argument("--solvers", default="vroom,pyvrp", help="vroom,pyvrp (default both)")
    parser.add_argument("--memory-gb", type=float, default=6.0,
                        help="most PyVRP's per-kind routing profiles may take before skills are relaxed (default 6)")
    parser.add_argument("--scenario", help="the Lastmile scenario of the same day, to evaluate the routes")
    parser.add_argument("--lastmile", help="the lastmile binary, to evaluate the routes")
    parser.add_argument("--vroom-exploration", type=int, choices=range(6),
                        help=f"VROOM's exploration level, 0-5 (default {VROOM_EXPLORATION}; "
                             f"Li & Lim: {LILIM_VROOM_EXPLORATION})")
    parser.add_argument("--give-up-after", type=float,
                        help="seconds after which a peer that has not answered is stopped (default 10 × budget)")
    parser.add_argument("--only", metavar="NAMES", help="Li & Lim: only these instances, e.g. LC101,LR205")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    use_peers_venv()
    if args.lilim:
        run_lilim(args)
        return
    if not args.problem or not args.out:
        parser.error("give a VROOM problem and --out, or --lilim DIR")
    if args.budget is None:
        args.budget = 60.0
    if args.vroom_exploration is None:
        args.vroom_exploration = VROOM_EXPLORATION
    if args.child:
        run_one(args.child, args)
        return
    run_day(args)


def run_day(args) -> None:
    """Each peer in a process of its own on the day, its routes evaluated by Lastmile, a table."""
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
            child = subprocess.run([sys.executable, __file__, *sys.argv[1:], "--child", solver], timeout=give_up)
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
