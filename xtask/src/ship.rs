//! What `dist/` must be to ship: a stripped WebAssembly module (no name or debug sections), and a
//! page that runs under its own Content-Security-Policy (no inline script, which the policy
//! blocks). The policy is written in three places that must agree word for word: index.html's
//! `<meta http-equiv>` tag (the one the page always has), the header `cargo xtask serve` sends
//! (Trunk.toml) and the header the service worker adds for hosts that cannot send headers
//! (public/sw.js); the tests below hold them together.

use std::path::Path;

/// Checks the built site and returns a line about its WebAssembly module (name and size).
pub fn check_dist(dist: &Path) -> Result<String, String> {
    let index = read(&dist.join("index.html"))?;
    page_policy(&index).ok_or("dist/index.html has no Content-Security-Policy meta tag")?;
    if let Some(script) = inline_scripts(&index).first() {
        return Err(format!(
            "dist/index.html has an inline script, which its Content-Security-Policy blocks: {script}"
        ));
    }
    let mut modules = Vec::new();
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            let debug: Vec<String> = custom_sections(&bytes)
                .map_err(|e| format!("{name}: {e}"))?
                .into_iter()
                .filter(|s| s == "name" || s.starts_with(".debug"))
                .collect();
            if !debug.is_empty() {
                return Err(format!("{name} still has {} (is wasm-opt on in index.html?)", debug.join(", ")));
            }
            modules.push(format!("{name}: {:.1} MB", bytes.len() as f64 / 1e6));
        }
    }
    if modules.is_empty() {
        return Err(format!("no WebAssembly module in {}", dist.display()));
    }
    Ok(modules.join(", "))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The policy of the page's `<meta http-equiv="Content-Security-Policy">` tag.
fn page_policy(html: &str) -> Option<&str> {
    let at = html.find(r#"<meta http-equiv="Content-Security-Policy" content=""#)?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + "content=\"".len();
    rest[start..].split('"').next()
}

/// Every `<script>` tag without a `src` attribute (its opening tag).
fn inline_scripts(html: &str) -> Vec<&str> {
    html.match_indices("<script")
        .filter_map(|(at, _)| html[at..].find('>').map(|end| &html[at..=at + end]))
        .filter(|tag| !tag.contains(" src="))
        .collect()
}

/// The names of a WebAssembly module's custom sections, in order.
fn custom_sections(wasm: &[u8]) -> Result<Vec<String>, String> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a WebAssembly module".into());
    }
    let mut names = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, body) = leb128(wasm, at + 1)?;
        let end = body.checked_add(size).filter(|&end| end <= wasm.len()).ok_or("a section runs past the end")?;
        if id == 0 {
            let (len, name) = leb128(wasm, body)?;
            let name = wasm.get(name..name + len).ok_or("a section name runs past the end")?;
            names.push(String::from_utf8_lossy(name).into_owned());
        }
        at = end;
    }
    Ok(names)
}

/// An unsigned LEB128 number at `at`, and where what follows it starts.
fn leb128(bytes: &[u8], mut at: usize) -> Result<(usize, usize), String> {
    let mut value = 0usize;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(at).ok_or("a number runs past the end")?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok((value, at));
        }
    }
    Err("a number is too long".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str) -> String {
        read(&crate::root().join(path)).unwrap()
    }

    /// The policy of `Content-Security-Policy = "…"` in Trunk.toml, or `POLICY = "…"` in sw.js.
    fn quoted_after<'a>(text: &'a str, key: &str) -> &'a str {
        let at = text.find(key).unwrap_or_else(|| panic!("no {key}")) + key.len();
        text[at..].split('"').nth(1).unwrap()
    }

    #[test]
    fn the_policy_is_the_same_in_the_page_the_served_headers_and_the_service_worker() {
        let index = source("index.html");
        let page = page_policy(&index).expect("index.html has the meta tag");
        assert_eq!(quoted_after(&source("Trunk.toml"), "Content-Security-Policy ="), page, "Trunk.toml's header");
        assert_eq!(quoted_after(&source("public/sw.js"), "const POLICY ="), page, "public/sw.js's header");
    }

    #[test]
    fn the_policy_allows_this_origin_and_the_tile_server_only() {
        let index = source("index.html");
        let policy = page_policy(&index).unwrap();
        let mut sources = Vec::new();
        for directive in policy.split(';') {
            let mut words = directive.split_whitespace();
            let name = words.next().unwrap();
            for source in words {
                sources.push((name, source));
            }
        }
        assert!(sources.contains(&("default-src", "'self'")));
        assert!(sources.contains(&("script-src", "'wasm-unsafe-eval'")));
        for (name, source) in sources {
            let allowed = source == "'self'"
                || source == "'none'"
                || (name == "script-src" && source == "'wasm-unsafe-eval'")
                || (name == "worker-src" && source == "blob:")
                || (name == "img-src" && source == "https://tile.openstreetmap.org");
            assert!(allowed, "{name} {source}");
        }
    }

    #[test]
    fn the_page_has_no_inline_script() {
        assert_eq!(inline_scripts(&source("index.html")), Vec::<&str>::new());
        let html = r#"<script src="./a.js"></script><script type="module">go()</script>"#;
        assert_eq!(inline_scripts(html), vec![r#"<script type="module">"#]);
    }

    #[test]
    fn reads_custom_section_names() {
        // Header, a type section (id 1, 1 byte), then custom sections "name" and "producers".
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 1, 0]);
        wasm.extend([0, 6, 4, b'n', b'a', b'm', b'e', 0xff]);
        wasm.extend([0, 10, 9]);
        wasm.extend(b"producers");
        assert_eq!(custom_sections(&wasm).unwrap(), ["name", "producers"]);
        assert!(custom_sections(&wasm[..wasm.len() - 1]).is_err(), "a cut module");
        assert!(custom_sections(b"<html>").is_err());
    }
}
