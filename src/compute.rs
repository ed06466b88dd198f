//! The UI side of the compute worker: start it, open scenarios in its session, ask it typed
//! requests, await their answers.
//!
//! The worker keeps the scenario it was last given (see `worker::session`); the client tracks
//! which one the current worker holds. Stop and crashes replace the worker with a fresh one that
//! holds nothing (`js/compute.js` counts workers as generations): before the next request about a
//! scenario the client opens the app's copy again, transparently, while a signal given to
//! [`Engine::start`] says so.

use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use js_sys::{Function, JsString, Promise};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::protocol::{
    AboutScenario, EngineError, Envelope, ImportRequest, ImportResult, NoProgress, OpenRequest, Reply, Request,
    ScenarioId, ScenarioView, Standalone,
};

#[wasm_bindgen(module = "/js/compute.js")]
extern "C" {
    type ComputeClient;

    #[wasm_bindgen(constructor)]
    fn new(main_js: &JsString, module: &JsValue, threads: u32) -> ComputeClient;

    #[wasm_bindgen(method, js_name = readyInfo)]
    fn ready_info(this: &ComputeClient) -> Promise;

    #[wasm_bindgen(method)]
    fn request(this: &ComputeClient, envelope: &str, on_progress: &Function) -> Promise;

    #[wasm_bindgen(method)]
    fn restart(this: &ComputeClient, reason: &str);

    /// How many workers were started so far (a new one after each Stop or crash).
    #[wasm_bindgen(method)]
    fn generation(this: &ComputeClient) -> u32;
}

#[wasm_bindgen]
extern "C" {
    /// The URL of the wasm-bindgen glue module, which the worker imports to load the engine.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: JsString;
}

/// The app's copy of a scenario: what the user gave (or an import made), under the id the worker
/// knows it by. Cheap to clone (the text is shared).
#[derive(Clone, Debug)]
pub struct Source {
    pub id: ScenarioId,
    pub file_name: Arc<str>,
    pub text: Arc<str>,
}

impl Source {
    /// A scenario text with a new id.
    pub fn new(file_name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Source {
        Source { id: fresh_id(), file_name: file_name.into(), text: text.into() }
    }
}

/// A new scenario id, never given before while the page lives.
pub fn fresh_id() -> ScenarioId {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    ScenarioId(NEXT.fetch_add(1, Ordering::Relaxed))
}

/// How the worker runs the engine.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PoolInfo {
    pub threads: usize,
    pub isolated: bool,
    pub note: Option<String>,
}

/// A running compute worker.
pub struct Engine {
    client: ComputeClient,
    /// The scenario the worker will hold once every request sent so far is answered, with the
    /// worker generation it was opened in (`None`: nothing, or not known).
    held: Cell<Option<(u32, ScenarioId)>>,
    /// Counts requests that change the session, so a late answer does not overwrite `held`
    /// after a newer one was sent.
    changes: Cell<u64>,
    /// The worker generation the last open or import was sent to.
    opened_in: Cell<u32>,
    /// True while a restarted worker reads the scenario again.
    restarting: RwSignal<bool>,
}

impl Engine {
    /// Starts the worker with a pool of `threads` (used only if the page is cross-origin
    /// isolated); `restarting` is set while a restarted worker reads the scenario again.
    pub async fn start(threads: u32, restarting: RwSignal<bool>) -> Result<(Engine, PoolInfo), String> {
        let client = ComputeClient::new(&GLUE_URL.with(Clone::clone), &wasm_bindgen::module(), threads);
        let info = JsFuture::from(client.ready_info()).await.map_err(describe)?;
        let info: PoolInfo = serde_wasm_bindgen::from_value(info).map_err(|e| e.to_string())?;
        let engine = Engine {
            held: Cell::new(None),
            changes: Cell::new(0),
            opened_in: Cell::new(client.generation()),
            restarting,
            client,
        };
        Ok((engine, info))
    }

    /// Stops the running request (its answer becomes the error `reason`) and starts a fresh
    /// worker, which holds no scenario; later requests wait for it.
    pub fn stop(&self, reason: &str) {
        self.client.restart(reason);
        self.held.set(None);
    }

    /// Reads `source` into the worker's session (whatever it held is dropped) and describes it.
    pub async fn open(&self, source: &Source) -> Result<ScenarioView, String> {
        let request =
            OpenRequest { scenario: source.id, file_name: source.file_name.to_string(), text: source.text.to_string() };
        let wire = Wire::new(None, request)?;
        let change = self.change();
        // Requests sent from now on are answered after this one: they find it open.
        self.held.set(Some((self.client.generation(), source.id)));
        let answer = self.send(&wire, &silent()).await;
        if answer.is_err() && self.changes.get() == change {
            self.held.set(None);
        }
        answer
    }

    /// Reads the user's files on top of `base` (opened first if the worker lost it), or from
    /// nothing; a usable result becomes the session's scenario, returned as the app's copy.
    pub async fn import(
        &self,
        request: ImportRequest,
        base: Option<&Source>,
    ) -> Result<(ImportResult, Option<Source>), String> {
        debug_assert_eq!(request.base, base.map(|b| b.id));
        if let Some(base) = base {
            self.ensure(base).await?;
        }
        let change = self.change();
        let before = self.held.replace(None);
        let generation = self.client.generation();
        let open_as = request.open_as;
        let answer = self.send(&Wire::new(None, request)?, &silent()).await;
        if self.changes.get() == change && self.client.generation() == generation {
            let adopted = answer.as_ref().is_ok_and(|result| result.view.is_some());
            self.held.set(if adopted { Some((generation, open_as)) } else { before });
        }
        let result = answer?;
        let source = result.view.as_ref().map(|_| Source {
            id: open_as,
            file_name: result.scenario.name.as_str().into(),
            text: result.scenario.text.as_str().into(),
        });
        Ok((result, source))
    }

    /// Sends a request that needs no scenario and awaits its answer; `on_progress` sees every
    /// progress report.
    pub async fn ask<R: Standalone>(
        &self,
        request: R,
        on_progress: impl FnMut(R::Progress) + 'static,
    ) -> Result<R::Answer, String> {
        self.send(&Wire::new(None, request)?, &Rc::new(RefCell::new(on_progress))).await
    }

    /// Sends a request about `source`, opening it first when the worker does not hold it (a
    /// fresh worker after Stop or a crash), and awaits its answer.
    pub async fn ask_about<R: AboutScenario>(
        &self,
        source: &Source,
        request: R,
        on_progress: impl FnMut(R::Progress) + 'static,
    ) -> Result<R::Answer, String> {
        let wire = Wire::new(Some(source.id), request)?;
        let on_progress = Rc::new(RefCell::new(on_progress));
        self.ensure(source).await?;
        match self.send_raw(&wire, &on_progress).await? {
            Ok(answer) => Ok(answer),
            // The worker lost it after all (replaced meanwhile, or another scenario was opened
            // since): open it and ask once more.
            Err(EngineError::NotOpen { .. }) => {
                self.held.set(None);
                self.ensure(source).await?;
                self.send(&wire, &on_progress).await
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// Makes sure the worker holds `source` (opening it again if the worker does not).
    async fn ensure(&self, source: &Source) -> Result<(), String> {
        let generation = self.client.generation();
        match self.held.get() {
            Some(held) if held == (generation, source.id) => Ok(()),
            _ => {
                // A worker that replaced the one given the last scenario: say so while it reads
                // the scenario again.
                let restarted = self.opened_in.get() != generation;
                if restarted {
                    self.restarting.set(true);
                }
                let opened = self.open(source).await;
                if restarted {
                    self.restarting.set(false);
                }
                opened.map(|_| ())
            }
        }
    }

    /// Notes a request that changes the session, sent to the current worker.
    fn change(&self) -> u64 {
        self.opened_in.set(self.client.generation());
        self.changes.set(self.changes.get() + 1);
        self.changes.get()
    }

    /// Sends a request and reads its answer; a refusal becomes its words.
    async fn send<R: Request>(
        &self,
        wire: &Wire<R>,
        on_progress: &Rc<RefCell<impl FnMut(R::Progress) + 'static>>,
    ) -> Result<R::Answer, String> {
        self.send_raw(wire, on_progress).await?.map_err(|e| e.to_string())
    }

    /// Sends a request and reads the worker's reply; `Err` when the worker could not answer at
    /// all (stopped, crashed, not started).
    async fn send_raw<R: Request>(
        &self,
        wire: &Wire<R>,
        on_progress: &Rc<RefCell<impl FnMut(R::Progress) + 'static>>,
    ) -> Result<Reply<R::Answer>, String> {
        let reports = Rc::new(RefCell::new(Reports::default()));
        let progress = Closure::<dyn FnMut(JsValue)>::new({
            let (reports, sink) = (reports.clone(), on_progress.clone());
            move |json: JsValue| Reports::arrived::<R::Progress>(&reports, &sink, json)
        });
        let answer = JsFuture::from(self.client.request(&wire.json, progress.as_ref().unchecked_ref())).await;
        drop(progress);
        // The answer supersedes any report not shown yet; without one (Stop, a crash), the newest
        // report is what the caller keeps.
        let pending = reports.borrow_mut().close();
        let json = match answer {
            Ok(json) => json.as_string().ok_or("the engine answered with no text")?,
            Err(e) => {
                if let Some(json) = pending {
                    Reports::show::<R::Progress>(on_progress, &json);
                }
                return Err(describe(e));
            }
        };
        serde_json::from_str(&json).map_err(|e| format!("unreadable answer from the engine: {e}"))
    }
}

/// At most one progress report is shown every this many milliseconds.
const PROGRESS_EVERY_MS: f64 = 300.0;

/// The progress reports of one request on their way to the screen. A report stands alone (see
/// `protocol::SolveProgress`), so only the newest one is read and shown: at most every
/// [`PROGRESS_EVERY_MS`], and only when the page is idle (`requestIdleCallback`), so that
/// showing a large plan never delays a frame the user is waiting for. A report is kept as the
/// worker's JSON text, unread, until it is shown.
#[derive(Default)]
struct Reports {
    newest: Option<JsValue>,
    /// A showing is scheduled.
    due: bool,
    /// When the last report was shown (`Date.now()`).
    shown_at: f64,
    /// The request was answered: nothing more is shown.
    closed: bool,
}

impl Reports {
    /// A report came: keep it, and schedule a showing unless one is due.
    fn arrived<P: DeserializeOwned + 'static>(
        reports: &Rc<RefCell<Reports>>,
        sink: &Rc<RefCell<impl FnMut(P) + 'static>>,
        json: JsValue,
    ) {
        let wait = {
            let mut r = reports.borrow_mut();
            r.newest = Some(json);
            if r.due || r.closed {
                return;
            }
            r.due = true;
            (r.shown_at + PROGRESS_EVERY_MS - js_sys::Date::now()).clamp(0.0, PROGRESS_EVERY_MS)
        };
        let (reports, sink) = (reports.clone(), sink.clone());
        set_timeout(
            move || {
                when_idle(move || {
                    let newest = {
                        let mut r = reports.borrow_mut();
                        r.due = false;
                        r.shown_at = js_sys::Date::now();
                        if r.closed {
                            None
                        } else {
                            r.newest.take()
                        }
                    };
                    if let Some(json) = newest {
                        Reports::show(&sink, &json);
                    }
                })
            },
            std::time::Duration::from_millis(wait as u64),
        );
    }

    /// Reads a report and hands it to the caller.
    fn show<P: DeserializeOwned>(sink: &Rc<RefCell<impl FnMut(P)>>, json: &JsValue) {
        if let Some(update) = json.as_string().and_then(|json| serde_json::from_str::<P>(&json).ok()) {
            (sink.borrow_mut())(update);
        }
    }

    /// The request is answered: returns the report not shown yet, if any.
    fn close(&mut self) -> Option<JsValue> {
        self.closed = true;
        self.newest.take()
    }
}

/// Runs `f` once the page is idle.
fn when_idle(f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    if let Some(window) = web_sys::window() {
        if window.request_idle_callback(callback.unchecked_ref()).is_ok() {
            return;
        }
    }
    if let Some(f) = callback.dyn_ref::<Function>() {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// A request `R` as the worker reads it (its envelope as JSON), written once even when sent twice.
struct Wire<R> {
    json: String,
    request: PhantomData<R>,
}

impl<R: Request> Wire<R> {
    fn new(scenario: Option<ScenarioId>, request: R) -> Result<Wire<R>, String> {
        let json = serde_json::to_string(&Envelope { scenario, request: request.into() }).map_err(|e| e.to_string())?;
        Ok(Wire { json, request: PhantomData })
    }
}

/// The progress sink of requests that report none.
fn silent() -> Rc<RefCell<impl FnMut(NoProgress) + 'static>> {
    Rc::new(RefCell::new(|never: NoProgress| match never {}))
}

fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}
