//! The UI side of the compute worker: start it, ask it things, await answers.

use js_sys::{Function, JsString, Promise};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/compute.js")]
extern "C" {
    type ComputeClient;

    #[wasm_bindgen(constructor)]
    fn new(main_js: &JsString, module: &JsValue, threads: u32) -> ComputeClient;

    #[wasm_bindgen(method, js_name = readyInfo)]
    fn ready_info(this: &ComputeClient) -> Promise;

    #[wasm_bindgen(method)]
    fn request(this: &ComputeClient, kind: &str, payload: &str, on_progress: &Function) -> Promise;

    #[wasm_bindgen(method)]
    fn restart(this: &ComputeClient, reason: &str);
}

#[wasm_bindgen]
extern "C" {
    /// The URL of the wasm-bindgen glue module, which the worker imports to load the engine.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: JsString;
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
}

impl Engine {
    /// Starts the worker with a pool of `threads` (used only if the page is cross-origin isolated).
    pub async fn start(threads: u32) -> Result<(Engine, PoolInfo), String> {
        let client = ComputeClient::new(&GLUE_URL.with(Clone::clone), &wasm_bindgen::module(), threads);
        let info = JsFuture::from(client.ready_info()).await.map_err(describe)?;
        let info: PoolInfo = serde_wasm_bindgen::from_value(info).map_err(|e| e.to_string())?;
        Ok((Engine { client }, info))
    }

    /// Stops the running request (its answer becomes the error `reason`) and starts a fresh
    /// worker; later requests wait for it.
    pub fn stop(&self, reason: &str) {
        self.client.restart(reason);
    }

    /// Sends a request and awaits its answer; `on_progress` sees every progress report.
    pub async fn ask<Q: Serialize, A: DeserializeOwned, P: DeserializeOwned + 'static>(
        &self,
        kind: &str,
        request: &Q,
        mut on_progress: impl FnMut(P) + 'static,
    ) -> Result<A, String> {
        let payload = serde_json::to_string(request).map_err(|e| e.to_string())?;
        let progress = Closure::<dyn FnMut(String)>::new(move |json: String| {
            if let Ok(update) = serde_json::from_str(&json) {
                on_progress(update);
            }
        });
        let answer = JsFuture::from(self.client.request(kind, &payload, progress.as_ref().unchecked_ref())).await;
        drop(progress);
        let json = answer.map_err(describe)?.as_string().ok_or("the engine answered with no text")?;
        serde_json::from_str(&json).map_err(|e| format!("unreadable answer from the engine: {e}"))
    }
}

fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}
