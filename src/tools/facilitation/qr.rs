//! A QR code of a link, made here (the `qrcode` crate, none of its renderers) and drawn as
//! one SVG path of dark modules: no external service, no HTML string.

use leptos::prelude::*;
use qrcode::{Color, QrCode};

/// The SVG path of `text`'s QR code, one unit per module, and its width in modules
/// (`None` if it cannot be encoded).
pub fn qr_path(text: &str) -> Option<(String, usize)> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let mut d = String::new();
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            d.push_str(&format!("M{} {}h1v1h-1z", i % width, i / width));
        }
    }
    Some((d, width))
}

/// The QR code of `link`, with a quiet zone of four modules, labelled for screen readers.
#[component]
pub fn QrCode(link: String, label: &'static str) -> impl IntoView {
    qr_path(&link).map(|(d, width)| {
        let size = width + 8;
        view! {
            <svg
                class="facil-qr"
                role="img"
                aria-label=label
                viewBox=format!("-4 -4 {size} {size}")
                shape-rendering="crispEdges"
            >
                <rect x="-4" y="-4" width=size height=size fill="#fff" />
                <path d=d fill="#000" />
            </svg>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_a_square_of_modules() {
        let (d, width) = qr_path("http://127.0.0.1:8080/join/ABCD-EFGH-JKMN").unwrap();
        assert_eq!((width - 17) % 4, 0, "a QR version's width");
        assert!(
            d.starts_with("M0 0h1v1h-1z"),
            "a finder pattern in the corner"
        );
        assert!(d.matches('M').count() > width * 2);
    }
}
