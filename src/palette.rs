//! Route colours, the same on the map, the timeline and the route list. The first twelve are the
//! `--route-N` design tokens (`style/tokens.css`); past them each route gets its own hue by the
//! golden angle, in three lightnesses, so a 100-route day has no two routes alike next to each
//! other.

/// Routes coloured by design tokens.
pub const ROUTE_TOKENS: usize = 12;

/// The CSS value of route `k`'s colour (a token reference for the first twelve).
pub fn route_colour(k: usize) -> String {
    if k < ROUTE_TOKENS {
        format!("var(--route-{k})")
    } else {
        generated(k)
    }
}

/// Route `k`'s colour for a canvas, given the token values read from the page's style.
pub fn canvas_colour(k: usize, tokens: &[String]) -> String {
    tokens.get(k).cloned().unwrap_or_else(|| generated(k))
}

/// The token values `--route-0` … `--route-11` from a computed style (fallback: a blue).
pub fn read_tokens(style: Option<&web_sys::CssStyleDeclaration>) -> Vec<String> {
    (0..ROUTE_TOKENS).map(|k| token(style, &format!("--route-{k}"), "#1f77b4")).collect()
}

/// A design token's value from a computed style, or `fallback`.
pub fn token(style: Option<&web_sys::CssStyleDeclaration>, name: &str, fallback: &str) -> String {
    style
        .and_then(|s| s.get_property_value(name).ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

fn generated(k: usize) -> String {
    let hue = (k as f64 * 137.508) % 360.0;
    let lightness = [40, 30, 50][k % 3];
    format!("hsl({hue:.0}, 70%, {lightness}%)")
}
