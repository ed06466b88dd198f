//! The engine inside a real browser (headless Chromium through wasm-bindgen-test), run in a
//! dedicated worker like the app's compute worker.

#![cfg(target_arch = "wasm32")]

use lastmile_app::protocol::{Envelope, OpenRequest, Reply, ScenarioId, ScenarioView, SolveRequest, SolveResult};
use lastmile_solver::formats::solomon;
use lastmile_solver::generate::{generate, InstanceSpec};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
async fn the_pool_runs_work_on_more_than_one_thread_and_the_engine_plans_with_it() {
    assert_eq!(js_sys::eval("self.crossOriginIsolated").unwrap().as_bool(), Some(true), "the runner serves COOP/COEP");
    JsFuture::from(lastmile_app::init_thread_pool(2)).await.expect("thread pool starts");

    // Every pool thread answers a broadcast: two distinct indices prove two threads did work.
    let mut seen = rayon::broadcast(|context| context.index());
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen, vec![0, 1]);

    // The app's worker entry point, with the pool: open the scenario once, then plan it.
    let problem = generate(&InstanceSpec::solomon_like("browser", 60, 11));
    let noop = js_sys::Function::new_no_args("");
    let open = OpenRequest { scenario: ScenarioId(1), file_name: "browser.txt".into(), text: solomon::write(&problem) };
    let view: Reply<ScenarioView> = ask(Envelope { scenario: None, request: open.into() }, &noop);
    assert_eq!(view.unwrap().orders.len(), 60);
    let reports = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = reports.clone();
    let progress =
        wasm_bindgen::closure::Closure::<dyn FnMut(String)>::new(move |_: String| counter.set(counter.get() + 1));
    let solve = SolveRequest { time_limit_ms: 300.0, seed: 3 };
    let result: Reply<SolveResult> = ask(
        Envelope { scenario: Some(ScenarioId(1)), request: solve.into() },
        wasm_bindgen::JsCast::unchecked_ref(progress.as_ref()),
    );
    let result = result.expect("the scenario is open and plans");
    assert_eq!(result.threads, 2);
    assert!(reports.get() >= 1, "progress was reported");
    let routed: usize = result.plan.paths.iter().map(|p| p.len() - 2).sum();
    assert_eq!(routed + result.plan.unassigned, 60, "every order is routed or unassigned");
}

/// Sends one request to the worker entry point (a pool of 2) and reads its reply.
fn ask<A: serde::de::DeserializeOwned>(envelope: Envelope, progress: &js_sys::Function) -> Reply<A> {
    let json = lastmile_app::worker::compute(&serde_json::to_string(&envelope).unwrap(), 2, progress);
    serde_json::from_str(&json).unwrap()
}

#[wasm_bindgen_test]
fn a_broken_file_is_an_error_naming_line_and_field_not_a_crash() {
    let open = OpenRequest {
        scenario: ScenarioId(2),
        file_name: "broken.txt".into(),
        text: "X\nVEHICLE\nNUMBER CAPACITY\n two 10\nCUSTOMER\n".into(),
    };
    let noop = js_sys::Function::new_no_args("");
    let error = ask::<ScenarioView>(Envelope { scenario: None, request: open.into() }, &noop).unwrap_err();
    assert_eq!(error.to_string(), "broken.txt: line 4, NUMBER: 'two' is not a finite number");
}
