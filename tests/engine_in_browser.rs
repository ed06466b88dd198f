//! The engine inside a real browser (headless Chromium through wasm-bindgen-test), run in a
//! dedicated worker like the app's compute worker.

#![cfg(target_arch = "wasm32")]

use lastmile_app::protocol::{SolveRequest, SolveResult};
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

    // The app's worker entry point, with the pool, returns a complete plan.
    let problem = generate(&InstanceSpec::solomon_like("browser", 60, 11));
    let request =
        SolveRequest { file_name: "browser.txt".into(), text: solomon::write(&problem), time_limit_ms: 300.0, seed: 3 };
    let reports = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = reports.clone();
    let progress =
        wasm_bindgen::closure::Closure::<dyn FnMut(String)>::new(move |_: String| counter.set(counter.get() + 1));
    let json = lastmile_app::worker::compute(
        "solve",
        &serde_json::to_string(&request).unwrap(),
        2,
        wasm_bindgen::JsCast::unchecked_ref(progress.as_ref()),
    )
    .unwrap_or_else(|_| panic!("solve failed"));
    let result: SolveResult = serde_json::from_str(&json).unwrap();
    assert_eq!(result.threads, 2);
    assert!(reports.get() >= 1, "progress was reported");
    let routed: usize = result.plan.paths.iter().map(|p| p.len() - 2).sum();
    assert_eq!(routed + result.plan.unassigned, 60, "every order is routed or unassigned");
}

#[wasm_bindgen_test]
fn a_broken_file_is_an_error_naming_line_and_field_not_a_crash() {
    let request = SolveRequest {
        file_name: "broken.txt".into(),
        text: "X\nVEHICLE\nNUMBER CAPACITY\n two 10\nCUSTOMER\n".into(),
        time_limit_ms: 10.0,
        seed: 1,
    };
    let noop = js_sys::Function::new_no_args("");
    let error =
        lastmile_app::worker::compute("solve", &serde_json::to_string(&request).unwrap(), 1, &noop).unwrap_err();
    let message = js_sys::Error::from(wasm_bindgen::JsValue::from(error)).message();
    assert_eq!(String::from(message), "broken.txt: line 4, NUMBER: 'two' is not a finite number");
}
