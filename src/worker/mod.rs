//! The engine's side of the compute worker (see `js/compute.js`): one [`Worker`] per worker,
//! holding the session, fed one request at a time.
//!
//! Runs off the UI thread, with the rayon pool when the page is cross-origin isolated. Everything
//! here translates between the protocol (`crate::protocol`) and the engine; no planning logic
//! lives here.

mod convert;
mod day;
pub mod session;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

pub use session::{Host, Worker};

thread_local! {
    /// This worker's state: created by the first request, kept until the worker is terminated.
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

/// Answers one request (a `protocol::Envelope` as JSON) with its reply
/// (`Result<Answer, EngineError>` as JSON). `threads` is the size of the rayon pool the worker
/// started (1 when there is none); `progress` receives the request's progress reports as JSON.
/// Only a trap in the engine escapes (as a JavaScript `RuntimeError`): the client then replaces
/// the worker.
#[wasm_bindgen]
pub fn compute(envelope: &str, threads: usize, progress: &js_sys::Function) -> String {
    let host = JsHost { progress };
    WORKER.with(|cell| {
        let mut worker = cell.borrow_mut();
        let worker = worker.get_or_insert_with(|| Worker::new(threads));
        worker.set_threads(threads);
        worker.answer_json(envelope, &host)
    })
}

/// The worker's clock and the request's progress callback.
struct JsHost<'a> {
    progress: &'a js_sys::Function,
}

impl Host for JsHost<'_> {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    /// `performance.now()`, for the speed figures.
    fn precise_ms(&self) -> f64 {
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
            .ok()
            .and_then(|p| js_sys::Reflect::get(&p, &JsValue::from_str("now")).ok().map(|now| (p, now)))
            .and_then(|(p, now)| now.dyn_into::<js_sys::Function>().ok()?.call0(&p).ok()?.as_f64())
            .unwrap_or_else(js_sys::Date::now)
    }

    fn progress(&self, json: &str) {
        let _ = self.progress.call1(&JsValue::NULL, &JsValue::from_str(json));
    }
}
