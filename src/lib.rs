//! Lastmile's browser app: a thin, responsive door onto the planning engine.
//!
//! The same WebAssembly module runs in three places: the UI thread (this app), the compute worker
//! (`worker::compute`, see `js/compute.js`) and the rayon pool's workers. Only the UI thread has a
//! `window`, so only there does [`start`] mount the app.

mod app;
mod checkout;
mod compute;
mod day;
mod map;
mod palette;
mod panels;
pub mod protocol;
pub mod storage;
mod units;
pub mod worker;
mod workspace;

/// Starts the thread pool inside the compute worker (called from `js/compute.js`).
pub use wasm_bindgen_rayon::init_thread_pool;

/// Mounts the app on the page; does nothing inside workers.
pub fn start() {
    if web_sys::window().is_none() {
        return;
    }
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
