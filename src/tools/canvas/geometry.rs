//! Canvas units and screen pixels: the viewport's pan and zoom, fitting, and which section
//! a point lies in. Pure, tested natively.

use hevruta_model::canvas::{Board, Section};

/// A sticky's box in canvas units (its position is the top-left corner).
pub const STICKY_W: f64 = 180.0;
pub const STICKY_H: f64 = 120.0;

pub const MIN_SCALE: f64 = 0.05;
pub const MAX_SCALE: f64 = 4.0;

/// screen = canvas × scale + (x, y)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub x: f64,
    pub y: f64,
    pub scale: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Self {
            x: 0.0,
            y: 0.0,
            scale: 1.0,
        }
    }
}

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn union(self, o: Rect) -> Rect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        Rect {
            x,
            y,
            w: (self.x + self.w).max(o.x + o.w) - x,
            h: (self.y + self.h).max(o.y + o.h) - y,
        }
    }

    pub fn contains(&self, px: f64, py: f64) -> bool {
        px >= self.x && px < self.x + self.w && py >= self.y && py < self.y + self.h
    }
}

impl Viewport {
    pub fn to_canvas(&self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.x) / self.scale, (sy - self.y) / self.scale)
    }

    pub fn to_screen(&self, cx: f64, cy: f64) -> (f64, f64) {
        (cx * self.scale + self.x, cy * self.scale + self.y)
    }

    /// Zooms by `factor` keeping the screen point (sx, sy) over the same canvas point.
    pub fn zoom_at(self, sx: f64, sy: f64, factor: f64) -> Viewport {
        let scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let (cx, cy) = self.to_canvas(sx, sy);
        Viewport {
            x: sx - cx * scale,
            y: sy - cy * scale,
            scale,
        }
    }

    pub fn pan(self, dx: f64, dy: f64) -> Viewport {
        Viewport {
            x: self.x + dx,
            y: self.y + dy,
            ..self
        }
    }

    /// Shows all of `content` in a `w`×`h` screen with a margin, centred.
    pub fn fit(content: Rect, w: f64, h: f64) -> Viewport {
        let margin = 24.0;
        let avail_w = (w - 2.0 * margin).max(1.0);
        let avail_h = (h - 2.0 * margin).max(1.0);
        let scale = (avail_w / content.w.max(1.0))
            .min(avail_h / content.h.max(1.0))
            .clamp(MIN_SCALE, MAX_SCALE);
        Viewport {
            x: (w - content.w * scale) / 2.0 - content.x * scale,
            y: (h - content.h * scale) / 2.0 - content.y * scale,
            scale,
        }
    }

    /// The canvas region a `w`×`h` screen shows.
    pub fn visible(&self, w: f64, h: f64) -> Rect {
        let (x, y) = self.to_canvas(0.0, 0.0);
        Rect {
            x,
            y,
            w: w / self.scale,
            h: h / self.scale,
        }
    }
}

pub fn section_rect(s: &Section) -> Rect {
    Rect {
        x: s.x,
        y: s.y,
        w: s.w,
        h: s.h,
    }
}

/// Everything on the canvas: its sections and its visible stickies.
pub fn content_bounds(sections: &[Section], board: &Board) -> Rect {
    let mut rects = sections.iter().map(section_rect).chain(
        board
            .stickies
            .values()
            .filter(|s| s.visible())
            .map(|s| Rect {
                x: s.position.value.0,
                y: s.position.value.1,
                w: STICKY_W,
                h: STICKY_H,
            }),
    );
    let first = rects.next().unwrap_or(Rect {
        x: 0.0,
        y: 0.0,
        w: 800.0,
        h: 600.0,
    });
    rects.fold(first, Rect::union)
}

/// The section a sticky at (x, y) belongs to: the one holding its centre.
pub fn section_at(sections: &[Section], x: f64, y: f64) -> Option<String> {
    let (cx, cy) = (x + STICKY_W / 2.0, y + STICKY_H / 2.0);
    sections
        .iter()
        .find(|s| section_rect(s).contains(cx, cy))
        .map(|s| s.key.clone())
}

/// Keeps a position inside the coordinates the server accepts.
pub fn clamp_point(x: f64, y: f64) -> (f64, f64) {
    let m = hevruta_model::canvas::MAX_COORDINATE - STICKY_W;
    let c = |v: f64| if v.is_finite() { v.clamp(-m, m) } else { 0.0 };
    (c(x), c(y))
}

#[cfg(test)]
mod tests {
    use hevruta_model::canvas::Template;

    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let v = Viewport {
            x: 30.0,
            y: -40.0,
            scale: 0.5,
        };
        let before = v.to_canvas(200.0, 150.0);
        let z = v.zoom_at(200.0, 150.0, 1.7);
        let after = z.to_canvas(200.0, 150.0);
        assert!(close(before.0, after.0) && close(before.1, after.1));
        assert!(close(z.scale, 0.85));
        // Clamped at both ends.
        assert_eq!(v.zoom_at(0.0, 0.0, 1e9).scale, MAX_SCALE);
        assert_eq!(v.zoom_at(0.0, 0.0, 1e-9).scale, MIN_SCALE);
    }

    #[test]
    fn screen_and_canvas_round_trip() {
        let v = Viewport {
            x: 12.5,
            y: 7.0,
            scale: 2.0,
        };
        let (sx, sy) = v.to_screen(-100.0, 33.0);
        let (cx, cy) = v.to_canvas(sx, sy);
        assert!(close(cx, -100.0) && close(cy, 33.0));
        let p = v.pan(10.0, -5.0);
        assert_eq!((p.x, p.y, p.scale), (22.5, 2.0, 2.0));
    }

    #[test]
    fn fit_shows_everything_centred() {
        let content = Rect {
            x: -100.0,
            y: 0.0,
            w: 2400.0,
            h: 1800.0,
        };
        let v = Viewport::fit(content, 1280.0, 800.0);
        let shown = v.visible(1280.0, 800.0);
        assert!(shown.x <= content.x && shown.y <= content.y);
        assert!(shown.x + shown.w >= content.x + content.w);
        assert!(shown.y + shown.h >= content.y + content.h);
        // Centred: equal space left and right.
        let (l, _) = v.to_screen(content.x, content.y);
        let (r, _) = v.to_screen(content.x + content.w, 0.0);
        assert!(close(l, 1280.0 - r));
    }

    #[test]
    fn a_sticky_belongs_to_the_section_under_its_centre() {
        let sections = Template::CityEducationModel.sections();
        assert_eq!(section_at(&sections, 10.0, 10.0).as_deref(), Some("dreams"));
        // Top-left in "dreams" but centre over the border in the next column.
        assert_eq!(
            section_at(&sections, 720.0, 10.0).as_deref(),
            Some("learners_uniqueness")
        );
        assert_eq!(section_at(&sections, -500.0, -500.0), None);
        let bounds = content_bounds(&sections, &Board::default());
        assert_eq!((bounds.w, bounds.h), (2400.0, 1800.0));
    }

    #[test]
    fn points_are_kept_finite_and_in_range() {
        assert_eq!(clamp_point(f64::NAN, 5.0), (0.0, 5.0));
        let (x, _) = clamp_point(1e12, 0.0);
        assert!(x < hevruta_model::canvas::MAX_COORDINATE);
    }
}
