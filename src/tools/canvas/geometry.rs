//! Canvas units and screen pixels: the viewport's pan and zoom, fitting, and which section
//! a point lies in. Pure, tested natively.

use hevruta_model::canvas::{Board, Section};

/// A sticky's box in canvas units (its position is the top-left corner).
pub const STICKY_W: f64 = 180.0;
pub const STICKY_H: f64 = 120.0;

pub const MIN_SCALE: f64 = 0.05;
pub const MAX_SCALE: f64 = 4.0;

/// Sticky text size in canvas units (`.sticky-text` in style/canvas.css).
pub const STICKY_FONT_PX: f64 = 18.0;

/// The smallest on-screen size of sticky text a view opens at on a surface `w` px wide:
/// 14 px, and 20 px on projector-sized surfaces (1600 px and wider), read from afar.
pub fn readable_px(w: f64) -> f64 {
    if w >= 1600.0 { 20.0 } else { 14.0 }
}

/// The zoom at which sticky text is `readable_px` on screen: a hair above, so a browser's
/// single-precision transform (20 px came out as 19.99998) never lands below it.
pub fn readable_scale(w: f64) -> f64 {
    (readable_px(w) + 0.01) / STICKY_FONT_PX
}

/// What a view frames, and keeps framing when the surface changes size, until someone
/// pans or zooms.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// The whole canvas, however small (the "fit" command).
    Whole,
    /// The canvas where it is readable: the whole of it if its text is readable so, else
    /// the section with this index (as large as fits, never below readable).
    Readable(usize),
}

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

    /// Shows `content` as large as fits, but never with sticky text below `readable_px`:
    /// content too large for that is shown from its start corner (top-left, or top-right
    /// in a right-to-left language) at the readable zoom.
    pub fn fit_readable(content: Rect, w: f64, h: f64, rtl: bool) -> Viewport {
        let fitted = Viewport::fit(content, w, h);
        let scale = readable_scale(w);
        if fitted.scale >= scale {
            return fitted;
        }
        let margin = 16.0;
        let x = if content.w * scale <= w - 2.0 * margin {
            (w - content.w * scale) / 2.0 - content.x * scale
        } else if rtl {
            w - margin - (content.x + content.w) * scale
        } else {
            margin - content.x * scale
        };
        Viewport {
            x,
            y: margin - content.y * scale,
            scale,
        }
    }

    /// The view of `frame` on a `w`×`h` surface.
    pub fn framing(
        frame: &Frame,
        sections: &[Section],
        board: &Board,
        w: f64,
        h: f64,
        rtl: bool,
    ) -> Viewport {
        let whole = content_bounds(sections, board);
        match frame {
            Frame::Whole => Viewport::fit(whole, w, h),
            Frame::Readable(i) => {
                let fitted = Viewport::fit(whole, w, h);
                match sections.get(*i) {
                    Some(s) if fitted.scale < readable_scale(w) => {
                        Viewport::fit_readable(section_rect(s), w, h, rtl)
                    }
                    _ => Viewport::fit_readable(whole, w, h, rtl),
                }
            }
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

/// The section a canvas opens on: the one this device last worked in, else the first in
/// reading order that holds a sticky, else the first.
pub fn opening_section(sections: &[Section], board: &Board, last: Option<&str>) -> usize {
    let remembered = last.and_then(|key| sections.iter().position(|s| s.key == key));
    remembered
        .or_else(|| {
            sections.iter().position(|s| {
                board
                    .stickies
                    .values()
                    .any(|st| st.visible() && st.section.value.as_deref() == Some(&s.key))
            })
        })
        .unwrap_or(0)
}

/// Where the first sticky row of a section starts below its top edge: under its title
/// and prompt (`.canvas-section h2` and `p` in style/canvas.css).
pub const SECTION_HEAD: f64 = 120.0;
const GAP: f64 = 20.0;

/// The free place for a new sticky nearest to `near` (a canvas point): on a grid inside
/// `area` below its heading if one is given and has room, else on a grid around `near`.
/// A place is free when no sticky in `taken` (top-left corners) overlaps it.
pub fn free_slot(area: Option<Rect>, taken: &[(f64, f64)], near: (f64, f64)) -> (f64, f64) {
    let free = |(x, y): (f64, f64)| {
        taken
            .iter()
            .all(|(tx, ty)| (tx - x).abs() >= STICKY_W || (ty - y).abs() >= STICKY_H)
    };
    let (step_x, step_y) = (STICKY_W + GAP, STICKY_H + GAP);
    let dist = |(x, y): (f64, f64)| {
        let (cx, cy) = (x + STICKY_W / 2.0, y + STICKY_H / 2.0);
        (cx - near.0).powi(2) + (cy - near.1).powi(2)
    };
    let mut slots: Vec<(f64, f64)> = Vec::new();
    if let Some(a) = area {
        let cols = ((a.w - 2.0 * GAP + GAP) / step_x).floor().max(0.0) as usize;
        let rows = ((a.h - SECTION_HEAD - GAP + GAP) / step_y).floor().max(0.0) as usize;
        for r in 0..rows {
            for c in 0..cols {
                slots.push((
                    a.x + GAP + c as f64 * step_x,
                    a.y + SECTION_HEAD + r as f64 * step_y,
                ));
            }
        }
    }
    if !slots.iter().any(|s| free(*s)) {
        // No section, or a full one: rings of places around the point.
        let origin = (near.0 - STICKY_W / 2.0, near.1 - STICKY_H / 2.0);
        for ring in 0..12i32 {
            for i in -ring..=ring {
                for j in -ring..=ring {
                    if i.abs().max(j.abs()) == ring {
                        slots.push((
                            origin.0 + f64::from(i) * step_x,
                            origin.1 + f64::from(j) * step_y,
                        ));
                    }
                }
            }
        }
    }
    slots
        .into_iter()
        .filter(|s| free(*s))
        .min_by(|a, b| dist(*a).total_cmp(&dist(*b)))
        .unwrap_or((near.0 - STICKY_W / 2.0, near.1 - STICKY_H / 2.0))
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

    /// On-screen size of sticky text in a view.
    fn text_px(v: &Viewport) -> f64 {
        STICKY_FONT_PX * v.scale
    }

    #[test]
    fn a_canvas_opens_readable_on_a_phone_a_laptop_and_a_projector() {
        let sections = Template::CityEducationModel.sections();
        let board = Board::default();
        // The canvas surface on each screen (the page's bars take the rest of the height).
        for (w, h, least) in [
            (390.0, 560.0, 14.0),
            (1280.0, 600.0, 14.0),
            (1920.0, 880.0, 20.0),
        ] {
            let v = Viewport::framing(&Frame::Readable(0), &sections, &board, w, h, false);
            assert!(text_px(&v) >= least - 1e-9, "{w}×{h}: {} px", text_px(&v));
            // It shows the start of the first section.
            let (sx, sy) = v.to_screen(sections[0].x + 10.0, sections[0].y + 10.0);
            assert!(
                (0.0..w).contains(&sx) && (0.0..h).contains(&sy),
                "{w}: {sx},{sy}"
            );
        }
        // A whole canvas that is readable anyway is shown whole.
        let one = Template::ThreeCircles.sections();
        let small = vec![Section {
            w: 600.0,
            h: 400.0,
            ..one[0].clone()
        }];
        let v = Viewport::framing(&Frame::Readable(0), &small, &board, 1920.0, 1000.0, false);
        assert_eq!(v, Viewport::fit(section_rect(&small[0]), 1920.0, 1000.0));
    }

    #[test]
    fn fit_is_still_there_for_the_whole_canvas_however_small() {
        let sections = Template::CityEducationModel.sections();
        let v = Viewport::framing(
            &Frame::Whole,
            &sections,
            &Board::default(),
            390.0,
            560.0,
            false,
        );
        assert!(text_px(&v) < 14.0);
        let shown = v.visible(390.0, 560.0);
        assert!(shown.w >= 2400.0);
    }

    #[test]
    fn right_to_left_starts_at_the_top_right_corner() {
        let content = Rect {
            x: 0.0,
            y: 0.0,
            w: 800.0,
            h: 600.0,
        };
        let v = Viewport::fit_readable(content, 390.0, 560.0, true);
        let (right, _) = v.to_screen(800.0, 0.0);
        assert!((right - (390.0 - 16.0)).abs() < 1e-9);
        let v = Viewport::fit_readable(content, 390.0, 560.0, false);
        let (left, _) = v.to_screen(0.0, 0.0);
        assert!((left - 16.0).abs() < 1e-9);
    }

    #[test]
    fn the_opening_section_is_the_last_worked_in_else_the_first_with_stickies() {
        let sections = Template::CityEducationModel.sections();
        let mut board = Board::default();
        assert_eq!(opening_section(&sections, &board, None), 0);
        board.apply(&hevruta_model::canvas::AppliedOp {
            stamp: hevruta_model::canvas::Stamp { seq: 1, idx: 0 },
            author: hevruta_model::MemberId(uuid::Uuid::from_u128(1)),
            at: 0,
            op: hevruta_model::canvas::Op {
                id: hevruta_model::canvas::OpId(uuid::Uuid::from_u128(1)),
                sticky: hevruta_model::canvas::StickyId(uuid::Uuid::from_u128(2)),
                kind: hevruta_model::canvas::OpKind::Create {
                    section: Some("city_strengths".into()),
                    text: "x".into(),
                    color: Default::default(),
                    x: 1700.0,
                    y: 100.0,
                },
            },
            private: false,
        });
        assert_eq!(opening_section(&sections, &board, None), 2);
        assert_eq!(opening_section(&sections, &board, Some("budget_rules")), 6);
        assert_eq!(opening_section(&sections, &board, Some("gone")), 2);
    }

    #[test]
    fn new_stickies_never_land_on_each_other() {
        let sections = Template::CityEducationModel.sections();
        let area = Some(section_rect(&sections[0]));
        let mut taken = Vec::new();
        for _ in 0..8 {
            let (x, y) = free_slot(area, &taken, (400.0, 300.0));
            for (tx, ty) in &taken {
                assert!((tx - x).abs() >= STICKY_W || (ty - y).abs() >= STICKY_H);
            }
            // Inside the section, below its heading.
            assert!(x >= 0.0 && x + STICKY_W <= 800.0, "{x}");
            assert!(y >= SECTION_HEAD && y + STICKY_H <= 600.0, "{y}");
            taken.push((x, y));
        }
        // The first is the place nearest the point asked for.
        let first = free_slot(area, &[], (20.0, 130.0));
        assert_eq!(first, (GAP, SECTION_HEAD));
    }

    #[test]
    fn a_full_section_or_none_places_around_the_point() {
        let full = Rect {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 100.0,
        };
        let (x, y) = free_slot(Some(full), &[], (5000.0, 5000.0));
        assert_eq!((x, y), (5000.0 - STICKY_W / 2.0, 5000.0 - STICKY_H / 2.0));
        let taken = [(x, y)];
        let next = free_slot(None, &taken, (5000.0, 5000.0));
        assert_ne!(next, (x, y));
    }
}
