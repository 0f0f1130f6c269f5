//! Exporting a canvas: a Markdown report (`markdown`), a standalone SVG picture (`svg`),
//! a PNG of that picture and browser downloads (`download`). Markdown and SVG are pure
//! string building, unit-tested natively; `download` only touches the DOM when called.

mod download;
mod markdown;
mod svg;
#[cfg(test)]
mod tests;

use hevruta_model::canvas::{Board, Sticky, StickyColor};

pub use download::{download_blob, download_text, png};
pub use markdown::{Author, Report, ReportWords, authors, markdown};
pub use svg::svg;

/// A sticky's size in canvas units (its position is its top-left corner); one definition
/// for the screen and the exports.
pub use super::geometry::{STICKY_H, STICKY_W};

/// A section as the export sees it: translated title and prompt, and its box in canvas units.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionInfo {
    pub key: String,
    pub title: String,
    pub prompt: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// Colour hex for a sticky colour: light pastels on which `INK` passes WCAG AA by far.
pub fn color_hex(c: StickyColor) -> &'static str {
    match c {
        StickyColor::Yellow => "#fff3a3",
        StickyColor::Pink => "#ffd6e7",
        StickyColor::Blue => "#cfe6ff",
        StickyColor::Green => "#d3f5d0",
        StickyColor::Orange => "#ffdcb8",
        StickyColor::Purple => "#e6d9ff",
    }
}

/// Text colour on stickies and sections.
pub(crate) const INK: &str = "#1f2328";

/// Visible stickies with a usable position, bottom to top.
pub(crate) fn drawable(board: &Board) -> Vec<&Sticky> {
    let mut v = board.visible();
    v.retain(|s| s.position.value.0.is_finite() && s.position.value.1.is_finite());
    v
}

/// A safe file name from a canvas title: letters of any script, digits, `-` and `_`, runs
/// of spaces as one `-`, at most 80 characters, never empty; then `.ext`.
pub fn file_name(title: &str, ext: &str) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            stem.push(c);
        } else if c.is_whitespace() && !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem: String = stem.chars().take(80).collect();
    let stem = stem.trim_matches('-');
    let stem = if stem.is_empty() { "canvas" } else { stem };
    format!("{stem}.{}", ext.trim_start_matches('.'))
}
