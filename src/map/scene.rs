//! What the map draws, worked out once per scenario or plan and then only re-projected: every
//! point in world coordinates, the route each order is on, the route lines, and the index that
//! finds the stop under the pointer.

use std::collections::HashMap;
use std::ops::Deref;
use std::rc::Rc;

use geo::{Coord, Rect};

use super::grid::Grid;
use super::projection::{bounds, Projection};
use crate::protocol::{PlanView, RouteIds, ScenarioView};

/// What the map keeps of a scenario, worked out once per scenario and shared by the scenes of
/// all its plans: world positions, ids, and the grid that finds the stop under the pointer.
pub struct Places {
    pub projection: Projection,
    /// World position of every scenario point.
    pub world: Vec<Coord>,
    /// Around every depot and order.
    pub bounds: Option<Rect>,
    /// Point index of each order.
    pub orders: Vec<usize>,
    pub order_ids: Vec<String>,
    pub depots: Vec<usize>,
    pub depot_ids: Vec<String>,
    /// Orders first, then depots (see [`Scene::stop`]).
    pub stops: Grid,
    /// Per order, are goods collected there (a return, a shipment's pickup)? Empty on a day of
    /// deliveries only.
    pub collects: Vec<bool>,
    /// Each shipment's pickup and delivery (order indices).
    pub shipments: Vec<[usize; 2]>,
    /// Each order's index by its id.
    order_index: HashMap<String, usize>,
}

impl Places {
    pub fn new(scenario: &ScenarioView) -> Places {
        let projection = Projection::new(scenario.planar);
        let world: Vec<Coord> = scenario.points.iter().map(|&p| projection.project(p)).collect();
        let at = |p: usize| world.get(p).copied().unwrap_or(Coord { x: f64::NAN, y: f64::NAN });
        let located = scenario.orders.iter().chain(&scenario.depots).map(|&p| at(p));
        let stops = Grid::new(located.clone().collect());
        let order_ids = ids(&scenario.order_ids, scenario.orders.len(), "order");
        let order_index = order_ids.iter().enumerate().map(|(o, id)| (id.clone(), o)).collect();
        let mut collects = Vec::new();
        if !scenario.pickups.is_empty() {
            collects = vec![false; scenario.orders.len()];
            for &o in &scenario.pickups {
                if let Some(c) = collects.get_mut(o) {
                    *c = true;
                }
            }
        }
        let n = scenario.orders.len();
        Places {
            collects,
            shipments: scenario.shipments.iter().copied().filter(|&[p, d]| p < n && d < n).collect(),
            projection,
            bounds: bounds(located),
            orders: scenario.orders.clone(),
            order_ids,
            depots: scenario.depots.clone(),
            depot_ids: ids(&scenario.depot_ids, scenario.depots.len(), "depot"),
            world,
            stops,
            order_index,
        }
    }
}

/// A plan on a scenario's places: what the map draws.
pub struct Scene {
    pub places: Rc<Places>,
    /// The route each order is on (`None`: unassigned or no plan yet).
    pub order_route: Vec<Option<usize>>,
    /// Each route as point indices, depot → stops → depot, indexed like the plan's routes.
    pub routes: Vec<Vec<usize>>,
    /// The vehicle of each route, when the plan names them.
    pub route_vehicles: Vec<Option<String>>,
    /// Per route and per order: does it break a constraint (after an edit by hand)?
    pub route_broken: Vec<bool>,
    pub order_broken: Vec<bool>,
}

impl Deref for Scene {
    type Target = Places;

    fn deref(&self) -> &Places {
        &self.places
    }
}

/// What a hit on the map is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Order(usize),
    Depot(usize),
}

impl Scene {
    /// The scene of `plan` (or of no plan yet) on `places`: only the plan's part is worked out.
    pub fn new(places: Rc<Places>, plan: Option<&PlanView>) -> Scene {
        let points = places.world.len();
        let routes: Vec<Vec<usize>> = plan
            .map(|plan| plan.paths.iter().map(|path| path.iter().copied().filter(|&p| p < points).collect()).collect())
            .unwrap_or_default();
        let named = plan.and_then(|p| p.routes.as_ref()).filter(|named| named.len() == routes.len());
        let order_route = match named {
            Some(named) => order_routes_by_id(&places, named),
            None => order_routes(&places.orders, &routes),
        };
        let route_broken = (0..routes.len()).map(|k| plan.is_some_and(|p| p.broken_routes.contains(&k))).collect();
        let order_broken = match plan {
            Some(p) if !p.broken_orders.is_empty() => {
                let mut broken = vec![false; places.orders.len()];
                for o in p.broken_orders.iter().filter_map(|id| places.order_index.get(id)) {
                    broken[*o] = true;
                }
                broken
            }
            _ => Vec::new(),
        };
        Scene {
            route_broken,
            order_broken,
            order_route,
            route_vehicles: (0..routes.len()).map(|k| named.map(|n| n[k].vehicle.clone())).collect(),
            routes,
            places,
        }
    }

    /// The route lines that are drawn: routes that go somewhere.
    pub fn drawn_routes(&self) -> usize {
        self.routes.iter().filter(|r| r.len() >= 2).count()
    }

    /// Which order or depot an index of [`Scene::stops`] is.
    pub fn stop(&self, i: usize) -> Stop {
        if i < self.orders.len() {
            Stop::Order(i)
        } else {
            Stop::Depot(i - self.orders.len())
        }
    }

    /// Is order `o` a place where goods are collected?
    pub fn collects(&self, o: usize) -> bool {
        self.collects.get(o).copied().unwrap_or(false)
    }

    /// Where a stop is in the world.
    pub fn stop_world(&self, stop: Stop) -> Coord {
        match stop {
            Stop::Order(o) => self.world[self.orders[o]],
            Stop::Depot(d) => self.world[self.depots[d]],
        }
    }
}

/// The route of every order, from the plan's own ids.
fn order_routes_by_id(places: &Places, named: &[RouteIds]) -> Vec<Option<usize>> {
    let mut route_of = vec![None; places.orders.len()];
    for (k, route) in named.iter().enumerate() {
        for o in route.stops.iter().filter_map(|id| places.order_index.get(id)) {
            route_of[*o] = Some(k);
        }
    }
    route_of
}

/// Without ids, the route of every order: each route's inner points (between its depots) are its stops; two
/// orders at one place are given to the routes that pass there in turn.
fn order_routes(orders: &[usize], routes: &[Vec<usize>]) -> Vec<Option<usize>> {
    let mut at_point: HashMap<usize, Vec<usize>> = HashMap::new();
    for (o, &p) in orders.iter().enumerate().rev() {
        at_point.entry(p).or_default().push(o);
    }
    let mut route_of = vec![None; orders.len()];
    for (k, route) in routes.iter().enumerate() {
        let inner = route.get(1..route.len().saturating_sub(1)).unwrap_or_default();
        for p in inner {
            if let Some(o) = at_point.get_mut(p).and_then(Vec::pop) {
                route_of[o] = Some(k);
            }
        }
    }
    route_of
}

/// The given ids, or numbered ones when the scenario sent none.
fn ids(given: &[String], count: usize, kind: &str) -> Vec<String> {
    (0..count).map(|i| given.get(i).cloned().unwrap_or_else(|| format!("{kind} {}", i + 1))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn plan_of(paths: Vec<Vec<usize>>) -> PlanView {
        PlanView { paths, planar: true, ..PlanView::default() }
    }

    fn scenario() -> ScenarioView {
        ScenarioView {
            name: "t".into(),
            points: vec![[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [2.0, 0.0], [3.0, 1.0]],
            depots: vec![0],
            orders: vec![1, 2, 3, 4],
            vehicles: 2,
            planar: true,
            order_ids: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            depot_ids: vec!["D".into()],
            pickups: Vec::new(),
            shipments: Vec::new(),
        }
    }

    #[test]
    fn every_order_knows_its_route_even_two_at_one_place() {
        let mut s = scenario();
        // Orders b and c are at one place (point 2).
        s.orders = vec![1, 2, 2, 4];
        let plan = PlanView {
            paths: vec![vec![0, 2, 1, 0], vec![0, 2, 0], vec![0, 0]],
            planar: true,
            routes: None,
            vehicles: 2,
            distance: 1.0,
            unassigned: 1,
            ..PlanView::default()
        };
        let scene = Scene::new(Rc::new(Places::new(&s)), Some(&plan));
        assert_eq!(scene.order_route, vec![Some(0), Some(0), Some(1), None]);
        assert_eq!(scene.drawn_routes(), 3, "a route with only its depots is still a line");
        assert_eq!(Scene::new(Rc::new(Places::new(&s)), None).order_route, vec![None; 4]);
    }

    #[test]
    fn a_plan_that_names_its_routes_places_orders_by_id() {
        let s = scenario();
        let mut plan = plan_of(vec![vec![0, 3, 1, 0], vec![0, 4, 0]]);
        plan.routes = Some(vec![
            RouteIds { vehicle: "van-1".into(), stops: vec!["c".into(), "a".into()], reloads: Vec::new() },
            RouteIds { vehicle: "van-2".into(), stops: vec!["d".into()], reloads: Vec::new() },
        ]);
        let scene = Scene::new(Rc::new(Places::new(&s)), Some(&plan));
        // "b" shares c's place but is on no route: the ids say so, the points could not.
        assert_eq!(scene.order_route, vec![Some(0), None, Some(0), Some(1)]);
        assert_eq!(scene.route_vehicles, vec![Some("van-1".to_string()), Some("van-2".to_string())]);
    }

    #[test]
    fn hits_name_orders_and_depots() {
        let scene = Scene::new(Rc::new(Places::new(&scenario())), None);
        let near_d = scene.stops.nearest(Coord { x: 3.1, y: -1.0 }, 0.5).map(|i| scene.stop(i));
        assert_eq!(near_d, Some(Stop::Order(3)));
        assert_eq!(scene.order_ids[3], "d");
        let near_depot = scene.stops.nearest(Coord { x: -0.1, y: 0.0 }, 0.5).map(|i| scene.stop(i));
        assert_eq!(near_depot, Some(Stop::Depot(0)));
        assert_eq!(scene.stop_world(Stop::Depot(0)), Coord { x: 0.0, y: 0.0 });
    }

    #[test]
    fn missing_ids_are_numbered_and_bad_indices_are_ignored() {
        let mut s = scenario();
        s.order_ids.clear();
        let plan = PlanView {
            paths: vec![vec![0, 1, 99, 0]],
            planar: true,
            routes: None,
            vehicles: 1,
            distance: 1.0,
            unassigned: 0,
            ..PlanView::default()
        };
        let scene = Scene::new(Rc::new(Places::new(&s)), Some(&plan));
        assert_eq!(scene.order_ids[0], "order 1");
        assert_eq!(scene.routes, vec![vec![0, 1, 0]]);
    }
}
