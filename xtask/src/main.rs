//! `cargo xtask`: Lastmile's project commands. Each installs what it needs (skipping what is
//! already there at the right version), then does its job.
//!
//! ```text
//! cargo xtask serve   build and serve the app on http://127.0.0.1:8080 (with COOP/COEP and CSP)
//! cargo xtask dist    build the deployable static site into dist/ (wasm stripped and optimised)
//! cargo xtask test    run every test layer: native, browser (wasm-bindgen-test), end-to-end
//! ```

mod ship;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use tools::{ensure_browser, ensure_node_packages, ensure_wasm_opt, ensure_wasm_tools, run, Step};

const USAGE: &str = "usage: cargo xtask <serve|dist|test>
  serve   build and serve the app on http://127.0.0.1:8080 (with COOP/COEP and CSP headers)
  dist    build the deployable static site into dist/ (works under any sub-path)
  test    install test tools and run every test layer";

fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_default();
    let started = Instant::now();
    let result = match command.as_str() {
        "serve" => serve(),
        "dist" => dist().map(|_| ()),
        "test" => test(),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => {
            if command != "test" {
                eprintln!("xtask {command}: done in {}", minutes(started));
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("xtask {command}: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of this crate).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository").to_path_buf()
}

/// Environment for every WebAssembly build: std is rebuilt with atomics (threads), and trunk
/// must not look for updates.
fn wasm_command(program: &str) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(root())
        .env("CARGO_UNSTABLE_BUILD_STD", "panic_abort,std")
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("RUST_BACKTRACE", "0");
    command
}

/// trunk, with binaryen's `wasm-opt` first on PATH (index.html asks trunk to run it).
fn trunk_command() -> Result<Command, String> {
    let tools = ensure_wasm_opt()?;
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(tools).chain(std::env::split_paths(&path)))
        .map_err(|e| format!("PATH: {e}"))?;
    let mut trunk = wasm_command("trunk");
    trunk.env("PATH", path);
    Ok(trunk)
}

/// Compiles the app for wasm (online, so every dependency including std's is fetched), so that
/// trunk's own offline build only links and binds.
fn build_wasm_app() -> Result<(), String> {
    let mut cargo = wasm_command("cargo");
    cargo.args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "lastmile-app",
        "--bin",
        "lastmile-app",
    ]);
    run(Step::new("build the app for WebAssembly"), &mut cargo)
}

fn serve() -> Result<(), String> {
    ensure_wasm_tools()?;
    let mut trunk = trunk_command()?;
    build_wasm_app()?;
    eprintln!("xtask serve: http://127.0.0.1:8080 (Ctrl-C to stop)");
    trunk.args(["serve", "--release", "--offline"]);
    run(Step::new("trunk serve"), &mut trunk)
}

fn dist() -> Result<PathBuf, String> {
    ensure_wasm_tools()?;
    let mut trunk = trunk_command()?;
    build_wasm_app()?;
    trunk.args(["build", "--release", "--offline"]);
    run(Step::new("build dist/ with trunk (wasm-bindgen, wasm-opt)"), &mut trunk)?;
    let dist = root().join("dist");
    let module = ship::check_dist(&dist)?;
    eprintln!("xtask dist: {module}, stripped; no inline script");
    eprintln!("xtask dist: {} is ready to copy to any static host, at any sub-path", dist.display());
    Ok(dist)
}

fn test() -> Result<(), String> {
    let started = Instant::now();
    ensure_wasm_tools()?;
    let browser = ensure_browser()?;
    ensure_node_packages(&root().join("tests"))?;

    let mut format = Command::new("cargo");
    format.current_dir(root()).args(["fmt", "--all", "--", "--check"]);
    run(Step::new("check formatting (cargo fmt)"), &mut format)?;

    let mut native = Command::new("cargo");
    native.current_dir(root()).args(["test", "-p", "lastmile-solver", "-p", "xtask"]);
    run(Step::new("layer 1/3: native tests (engine, CLI, xtask)"), &mut native)?;

    let mut in_browser = wasm_command("cargo");
    in_browser
        .args(["test", "--release", "--target", "wasm32-unknown-unknown", "-p", "lastmile-app", "--tests"])
        .env("CHROMEDRIVER", &browser.driver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    run(Step::new("layer 2/3: wasm-bindgen-test in headless Chromium"), &mut in_browser)?;

    dist()?;
    let mut end_to_end = Command::new("node");
    end_to_end
        .current_dir(root().join("tests"))
        .args(["--test", "--test-concurrency=1", "e2e/"])
        .env("CHROMIUM", &browser.chromium);
    run(Step::new("layer 3/3: end-to-end tests on dist/ in headless Chromium"), &mut end_to_end)?;
    eprintln!("xtask test: all 3 layers passed in {}", minutes(started));
    Ok(())
}

fn minutes(since: Instant) -> String {
    let s = since.elapsed().as_secs();
    format!("{}m{:02}s", s / 60, s % 60)
}
