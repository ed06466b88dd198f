//! Finding and installing the tools the build and the tests need, each only when missing or at
//! the wrong version: trunk, wasm-bindgen-cli (at Cargo.lock's version), binaryen's wasm-opt (npm),
//! Chromium and its driver (Debian packages), and the end-to-end tests' npm packages.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub const TRUNK_VERSION: &str = "0.22.1";

/// A named step, timed and announced.
pub struct Step {
    name: String,
    started: Instant,
}

impl Step {
    pub fn new(name: &str) -> Self {
        eprintln!("\n==> {name}");
        Step { name: name.to_string(), started: Instant::now() }
    }

    fn done(&self) {
        eprintln!("<== {} ({:.0} s)", self.name, self.started.elapsed().as_secs_f64());
    }
}

/// Runs a command to completion, failing with a message that names the step.
pub fn run(step: Step, command: &mut Command) -> Result<(), String> {
    let status =
        command.status().map_err(|e| format!("{}: could not start {:?}: {e}", step.name, command.get_program()))?;
    if !status.success() {
        return Err(format!("{} failed ({status})", step.name));
    }
    step.done();
    Ok(())
}

/// The first line a tool prints for `--version`, or `None` when it is not installed.
fn version_of(program: &str) -> Option<String> {
    let output = Command::new(program).arg("--version").stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or("").trim().to_string())
}

/// The version of `package` recorded in Cargo.lock.
fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(crate::root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let at = lock.find(&needle).ok_or_else(|| format!("{package} is not in Cargo.lock"))? + needle.len();
    Ok(lock[at..].split('"').next().unwrap_or_default().to_string())
}

/// Installs trunk and wasm-bindgen-cli where missing, both at once (they take minutes to build).
pub fn ensure_wasm_tools() -> Result<(), String> {
    let bindgen = locked_version("wasm-bindgen")?;
    let mut installs = Vec::new();
    if version_of("trunk").as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        let mut c = Command::new("cargo");
        c.current_dir(crate::root()).args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]);
        installs.push(("trunk", c));
    }
    if version_of("wasm-bindgen").as_deref() != Some(&format!("wasm-bindgen {bindgen}"))
        || version_of("wasm-bindgen-test-runner").is_none()
    {
        // Not --locked: its lockfile pins a webpki-roots release the registry mirror lacks.
        let mut c = Command::new("cargo");
        c.current_dir(crate::root()).args(["install", "--force", "wasm-bindgen-cli", "--version", &bindgen]);
        installs.push(("wasm-bindgen-cli", c));
    }
    if installs.is_empty() {
        return Ok(());
    }
    let step = Step::new(&format!(
        "install {} (a one-time build of several minutes)",
        installs.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(" and ")
    ));
    let mut children = Vec::new();
    for (name, mut command) in installs {
        let child = command.spawn().map_err(|e| format!("cargo install {name}: {e}"))?;
        children.push((name, child));
    }
    let mut failed = Vec::new();
    for (name, mut child) in children {
        if !child.wait().map(|s| s.success()).unwrap_or(false) {
            failed.push(name);
        }
    }
    if !failed.is_empty() {
        return Err(format!("installing {} failed", failed.join(" and ")));
    }
    step.done();
    Ok(())
}

/// Where the browser and its WebDriver live.
pub struct Browser {
    pub chromium: PathBuf,
    pub driver: PathBuf,
}

/// Debian's Chromium and ChromeDriver (never a browser downloaded by a test tool).
pub fn ensure_browser() -> Result<Browser, String> {
    let chromium = std::env::var_os("CHROMIUM").map(PathBuf::from).unwrap_or_else(|| "/usr/bin/chromium".into());
    let driver = std::env::var_os("CHROMEDRIVER").map(PathBuf::from).unwrap_or_else(|| "/usr/bin/chromedriver".into());
    if !chromium.exists() || !driver.exists() {
        apt_install(&["chromium", "chromium-driver"])?;
    }
    Ok(Browser { chromium, driver })
}

/// Node.js (from Debian when missing) and the e2e tests' npm packages from package-lock.json.
pub fn ensure_node_packages(tests: &Path) -> Result<(), String> {
    ensure_npm_packages(tests, "playwright-core", "the end-to-end tests' npm packages")
}

/// binaryen's `wasm-opt` (npm package `binaryen`, a WebAssembly build run by Node.js), installed
/// from `xtask/node/package-lock.json`. Returns the folder that holds it, to put first on PATH:
/// trunk runs the `wasm-opt` it finds there (Trunk.toml pins its version).
pub fn ensure_wasm_opt() -> Result<PathBuf, String> {
    let dir = crate::root().join("xtask/node");
    ensure_npm_packages(&dir, "binaryen", "binaryen's wasm-opt (npm)")?;
    Ok(dir.join("node_modules/.bin"))
}

/// Runs `npm ci` in `dir` unless `package` is installed there at the version its package.json
/// names (Node.js and npm come from Debian when missing).
fn ensure_npm_packages(dir: &Path, package: &str, what: &str) -> Result<(), String> {
    if version_of("node").is_none() || version_of("npm").is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    let installed =
        std::fs::read_to_string(dir.join("node_modules").join(package).join("package.json")).unwrap_or_default();
    let manifest = dir.join("package.json");
    let wanted = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    if installed.is_empty() || json_string(&installed, "version") != json_string(&wanted, package) {
        let mut npm = Command::new("npm");
        npm.current_dir(dir).args(["ci", "--no-audit", "--no-fund"]);
        run(Step::new(&format!("install {what}")), &mut npm)?;
    }
    Ok(())
}

/// The string after the first `"key":` in a JSON text (enough for package.json's versions).
fn json_string(text: &str, key: &str) -> Option<String> {
    text.split(&format!("\"{key}\"")).nth(1).and_then(|rest| rest.split('"').nth(1)).map(str::to_string)
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false);
    let apt = |args: &[&str]| {
        let mut c = if root { Command::new("apt-get") } else { Command::new("sudo") };
        if !root {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(Step::new("apt-get update"), &mut apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq"]);
    install.args(packages);
    run(Step::new(&format!("install {} from Debian", packages.join(", "))), &mut install)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pinned_npm_versions() {
        let manifest = std::fs::read_to_string(crate::root().join("xtask/node/package.json")).unwrap();
        assert_eq!(json_string(&manifest, "binaryen").as_deref(), Some("132.0.0"));
        assert_eq!(json_string(r#"{"name": "binaryen", "version": "132.0.0"}"#, "version").as_deref(), Some("132.0.0"));
        assert_eq!(json_string("{}", "version"), None);
    }

    #[test]
    fn reads_the_locked_wasm_bindgen_version() {
        let version = locked_version("wasm-bindgen").unwrap();
        assert!(version.starts_with("0.2."), "{version}");
    }
}
