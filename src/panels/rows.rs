//! Virtualised rows: a table in a scroll box keeps in the DOM only the rows in view and a few
//! either side ([`OVERSCAN`]); a spacer row above and one below stand for the others, so the
//! scroll height, the scroll bar and a row's offset are those of the whole list. Rows are of one
//! height, measured from the first row drawn (cells do not wrap in these tables).
//!
//! A row is found by its offset (`index × row height` under the header), so the list scrolls to
//! any row, drawn or not ([`Rows::reveal`]), and the keyboard moves across all of them
//! ([`Rows::key`]). Each row carries `data-index`.

use std::ops::Range;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Rows drawn beyond each edge of the view, for long lists (routes, unassigned orders): enough
/// that Tab reaches the next rows before the view moves. Every row drawn costs layout when rows
/// come and go, so few.
pub const OVERSCAN: usize = 16;
/// For stop tables: a typical route's stops (a few dozen) are drawn whole.
pub const STOP_OVERSCAN: usize = 40;
/// The drawn rows start and end on multiples of this many rows, so that scrolling a few rows
/// changes nothing in the DOM (the overscan covers the view meanwhile).
const STEP: usize = 8;
/// Until a row is measured: a row's and the view's height in CSS pixels.
const ROW_GUESS: f64 = 25.0;
const VIEW_GUESS: f64 = 600.0;

/// The rows to draw of a list of `len` rows, each `row` pixels high, under a sticky header of
/// `head` pixels in a box `view` pixels high scrolled to `top`: those in view, and `overscan`
/// more on either side, widened to multiples of [`STEP`].
pub fn window(top: f64, view: f64, head: f64, row: f64, len: usize, overscan: usize) -> Range<usize> {
    if len == 0 {
        return 0..0;
    }
    let row = if row.is_finite() && row > 0.0 { row } else { ROW_GUESS };
    let view = if view.is_finite() && view > 0.0 { view } else { VIEW_GUESS };
    let view = (view - head).max(row);
    let top = if top.is_finite() { top.max(0.0) } else { 0.0 };
    let first = ((top / row).floor() as usize).min(len - 1);
    let last = (((top + view) / row).ceil() as usize).clamp(first + 1, len);
    let start = first.saturating_sub(overscan) / STEP * STEP;
    let end = ((last + overscan).div_ceil(STEP) * STEP).min(len);
    start..end
}

/// Where to scroll so that row `index` shows whole under a header of `head` pixels, in a view of
/// `view` pixels now scrolled to `top`; `None` when it already shows. A row far away is brought
/// to the middle of the view when `centre`, else to the nearest edge.
pub fn scroll_to(index: usize, top: f64, view: f64, head: f64, row: f64, centre: bool) -> Option<f64> {
    let y = index as f64 * row;
    let room = (view - head).max(row);
    if y >= top && y + row <= top + room {
        return None;
    }
    let target = if centre {
        y - (room - row) / 2.0
    } else if y < top {
        y
    } else {
        y + row - room
    };
    Some(target.max(0.0))
}

/// The scroll state of one virtualised table; `Copy`, shared by its handlers.
#[derive(Clone, Copy)]
pub struct Rows {
    /// The scroll box (`overflow: auto`) holding the table.
    pub scroller: NodeRef<Div>,
    overscan: usize,
    top: RwSignal<f64>,
    view: RwSignal<f64>,
    head: RwSignal<f64>,
    row: RwSignal<f64>,
}

impl Rows {
    /// Rows drawing `overscan` rows beyond each edge of the view.
    pub fn new(overscan: usize) -> Rows {
        Rows {
            scroller: NodeRef::new(),
            overscan,
            top: RwSignal::new(0.0),
            view: RwSignal::new(0.0),
            head: RwSignal::new(0.0),
            row: RwSignal::new(ROW_GUESS),
        }
    }

    /// The rows to draw out of `len` (tracks the scroll position and the measured sizes).
    pub fn range(self, len: usize) -> Range<usize> {
        window(self.top.get(), self.view.get(), self.head.get(), self.row.get(), len, self.overscan)
    }

    /// Height of the spacers standing for the rows before and after `range`, as CSS lengths.
    pub fn before(self, range: &Range<usize>) -> String {
        px(range.start as f64 * self.row.get())
    }

    pub fn after(self, range: &Range<usize>, len: usize) -> String {
        px(len.saturating_sub(range.end) as f64 * self.row.get())
    }

    /// The box scrolled or changed size: read where it is (and measure the rows again).
    pub fn scrolled(self) {
        let Some(el) = self.scroller.try_get_untracked().flatten() else { return };
        set_if_changed(self.top, el.scroll_top() as f64);
        set_if_changed(self.view, el.client_height() as f64);
    }

    /// Measures the header and a drawn row, after the rows are in the DOM; call from an effect
    /// that tracks what is drawn.
    pub fn measure_soon(self) {
        request_animation_frame(move || self.measure());
    }

    fn measure(self) {
        let Some(el) = self.scroller.try_get_untracked().flatten() else { return };
        self.scrolled();
        if let Ok(Some(head)) = el.query_selector("thead") {
            set_if_changed(self.head, head.get_bounding_client_rect().height());
        }
        if let Ok(Some(row)) = el.query_selector("tbody tr[data-index]") {
            let height = row.get_bounding_client_rect().height();
            if height > 0.0 {
                set_if_changed(self.row, height);
            }
        }
    }

    /// Scrolls the box so that row `index` shows, drawn or not (from its computed offset).
    pub fn reveal(self, index: usize, centre: bool) {
        let Some(el) = self.scroller.try_get_untracked().flatten() else { return };
        self.measure();
        let (Some(head), Some(row)) = (self.head.try_get_untracked(), self.row.try_get_untracked()) else { return };
        let (top, view) = (el.scroll_top() as f64, el.client_height() as f64);
        if let Some(target) = scroll_to(index, top, view, head, row, centre) {
            el.set_scroll_top(target.round() as i32);
            self.scrolled();
        }
    }

    /// Back to the first row (another list in the same box).
    pub fn reset(self) {
        if let Some(el) = self.scroller.try_get_untracked().flatten() {
            el.set_scroll_top(0);
        }
        set_if_changed(self.top, 0.0);
    }

    /// Focuses row `index`, scrolling to it first; at once when it is drawn (the next row always
    /// is), else once it is.
    pub fn focus(self, index: usize) {
        self.reveal(index, false);
        self.focus_when_drawn(index, 10);
    }

    /// Focuses row `index` now if it is drawn, else tries again in the next `frames` frames.
    fn focus_when_drawn(self, index: usize, frames: u32) {
        if !self.focus_drawn(index) && frames > 0 {
            request_animation_frame(move || self.focus_when_drawn(index, frames - 1));
        }
    }

    fn focus_drawn(self, index: usize) -> bool {
        let Some(el) = self.scroller.try_get_untracked().flatten() else { return false };
        let Some(row) = el.query_selector(&format!("tbody tr[data-index=\"{index}\"]")).ok().flatten() else {
            return false;
        };
        // `row.focus({ preventScroll: true })`: the view was placed by `reveal`, clear of the
        // sticky header.
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &true.into());
        let focus =
            js_sys::Reflect::get(&row, &"focus".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        focus.is_some_and(|f| f.call1(&row, &options).is_ok())
    }

    /// Moves the focus from row `index` of `len` by an arrow key, Page Up/Down, Home or End;
    /// returns whether the key was one of those (the caller then prevents its default).
    pub fn key(self, key: &str, index: usize, len: usize) -> bool {
        let page = ((self.view.get_untracked() - self.head.get_untracked()) / self.row.get_untracked()).floor();
        let page = (page as usize).max(1);
        let target = match key {
            "ArrowDown" => (index + 1).min(len.saturating_sub(1)),
            "ArrowUp" => index.saturating_sub(1),
            "PageDown" => (index + page).min(len.saturating_sub(1)),
            "PageUp" => index.saturating_sub(page),
            "Home" => 0,
            "End" => len.saturating_sub(1),
            _ => return false,
        };
        self.focus(target);
        true
    }
}

/// Sets a measure when it changed (and the table is still there: measures are taken in
/// animation frames, after which the table may have gone).
fn set_if_changed(signal: RwSignal<f64>, value: f64) {
    if signal.try_get_untracked().is_some_and(|old| (old - value).abs() > 0.25) {
        signal.try_set(value);
    }
}

fn px(v: f64) -> String {
    format!("{v:.0}px")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_short_list_is_drawn_whole() {
        assert_eq!(window(0.0, 300.0, 20.0, 25.0, 30, STOP_OVERSCAN), 0..30);
        assert_eq!(window(0.0, 300.0, 20.0, 25.0, 30, OVERSCAN), 0..30);
        assert_eq!(window(0.0, 0.0, 0.0, 0.0, 5, OVERSCAN), 0..5, "before anything is measured");
        assert_eq!(window(0.0, 300.0, 20.0, 25.0, 0, OVERSCAN), 0..0);
    }

    #[test]
    fn a_long_list_draws_the_view_and_the_overscan() {
        // 10,000 rows of 25 px, a 300 px view scrolled to row 4,000 (header 20 px).
        let range = window(4_000.0 * 25.0, 300.0, 20.0, 25.0, 10_000, 10);
        assert_eq!(range, 3_984..4_024, "rows 4,000 to 4,011 in view, 10 more each side, in steps of 8");
        // A row further, the same rows are drawn.
        assert_eq!(window(4_001.0 * 25.0, 300.0, 20.0, 25.0, 10_000, 10), range);
        // At the end: the last row is drawn, nothing past it.
        let range = window(20.0 + 10_000.0 * 25.0 - 300.0, 300.0, 20.0, 25.0, 10_000, 10);
        assert_eq!(range.end, 10_000);
        assert!(range.len() < 40);
        // Scrolled past the end (a list that just got shorter): still the last rows.
        assert_eq!(window(1e9, 300.0, 20.0, 25.0, 100, 10), 88..100);
    }

    #[test]
    fn a_row_out_of_view_is_scrolled_to_its_offset() {
        // View 320 px with a 20 px header: 12 rows of 25 px show.
        assert_eq!(scroll_to(3, 0.0, 320.0, 20.0, 25.0, false), None, "in view");
        assert_eq!(scroll_to(12, 0.0, 320.0, 20.0, 25.0, false), Some(25.0), "just below: to the bottom edge");
        assert_eq!(scroll_to(2, 100.0, 320.0, 20.0, 25.0, false), Some(50.0), "above: to the top edge");
        // Far away, centred: row 500's top at 12,500 px, (300 − 25) / 2 above it.
        assert_eq!(scroll_to(500, 0.0, 320.0, 20.0, 25.0, true), Some(12_500.0 - 137.5));
        assert_eq!(scroll_to(0, 500.0, 320.0, 20.0, 25.0, true), Some(0.0));
    }
}
