//! What a member does to the canvas's view and selection (fit, zoom, new sticky here,
//! delete, colour, bring to front, nudge), from the toolbar, gestures or shortcuts.

use std::collections::BTreeSet;

use hevruta_model::canvas::{Board, OpKind, StickyColor};
use leptos::prelude::*;

use super::ctl::Ctl;
use super::geometry::{Rect, STICKY_H, STICKY_W, Viewport, content_bounds};
use super::keys::Command;

/// The viewport element's size in pixels.
fn viewport_size() -> (f64, f64) {
    document()
        .get_element_by_id("canvas-viewport")
        .map(|el| {
            let r = el.get_bounding_client_rect();
            (r.width(), r.height())
        })
        .unwrap_or((1280.0, 800.0))
}

impl Ctl {
    pub fn fit(&self) {
        let (w, h) = viewport_size();
        // The sections, then every visible sticky where it is shown now.
        let bounds = self
            .sections
            .with_value(|s| content_bounds(s, &Board::default()));
        let stickies = self.order.with_untracked(|o| {
            o.iter()
                .filter_map(|id| self.position(*id))
                .collect::<Vec<_>>()
        });
        let bounds = stickies.into_iter().fold(bounds, |b, (x, y)| {
            b.union(Rect {
                x,
                y,
                w: STICKY_W,
                h: STICKY_H,
            })
        });
        self.viewport.set(Viewport::fit(bounds, w, h));
        self.fitted.set_value(true);
    }

    pub fn zoom_by(&self, factor: f64) {
        let (w, h) = viewport_size();
        self.move_view(|v| v.zoom_at(w / 2.0, h / 2.0, factor));
    }

    /// Pans or zooms on the user's behalf (the view stops following the screen size).
    pub fn move_view(&self, f: impl FnOnce(Viewport) -> Viewport) {
        self.fitted.set_value(false);
        self.viewport.update(|v| *v = f(*v));
    }

    /// A new sticky in the middle of the view (or beside the focused one), opened for typing.
    pub fn add_sticky_here(&self) {
        let (w, h) = viewport_size();
        let v = self.viewport.get_untracked();
        let beside = self
            .selection()
            .last()
            .and_then(|id| self.position(*id))
            .map(|(x, y)| (x + STICKY_W + 20.0, y));
        let (x, y) = beside.unwrap_or_else(|| {
            let (cx, cy) = v.to_canvas(w / 2.0, h / 2.0);
            (cx - STICKY_W / 2.0, cy - STICKY_H / 2.0)
        });
        let color = self
            .selection()
            .last()
            .and_then(|id| self.view(*id))
            .map(|v| v.color.get_untracked())
            .unwrap_or_default();
        let id = self.create_at(x, y, color);
        self.selected.set(BTreeSet::from([id]));
        self.editing.set(Some(id));
    }

    pub fn delete_selected(&self) {
        let ids = self.selection();
        if ids.is_empty() {
            return;
        }
        self.apply(ids.iter().map(|id| (*id, OpKind::Delete)).collect());
        self.selected.set(BTreeSet::new());
        self.say(|t| t.announce_deleted);
        crate::components::focus_by_id("canvas-viewport");
    }

    pub fn color_selected(&self, color: StickyColor) {
        let kinds = self
            .selection()
            .into_iter()
            .map(|id| (id, OpKind::SetColor { color }))
            .collect();
        self.apply(kinds);
    }

    pub fn front_selected(&self) {
        let kinds = self
            .selection()
            .into_iter()
            .map(|id| (id, OpKind::BringToFront))
            .collect();
        self.apply(kinds);
    }

    /// Moves the selection by a canvas offset (arrow keys).
    pub fn nudge(&self, dx: f64, dy: f64) {
        let moves = self
            .selection()
            .into_iter()
            .filter_map(|id| self.position(id).map(|(x, y)| (id, x + dx, y + dy)))
            .collect();
        self.move_to(moves);
    }

    /// Carries out a keyboard shortcut.
    pub fn run(&self, command: Command) {
        match command {
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::SelectAll => self
                .selected
                .set(self.order.get_untracked().into_iter().collect()),
            Command::ClearSelection => self.selected.set(BTreeSet::new()),
            Command::NewSticky => self.add_sticky_here(),
            Command::Edit(id) => self.editing.set(Some(id)),
            Command::DeleteSelected => self.delete_selected(),
            Command::Nudge(dx, dy) => self.nudge(dx, dy),
            Command::Pan(dx, dy) => self.move_view(|v| v.pan(dx, dy)),
            Command::ZoomIn => self.zoom_by(1.25),
            Command::ZoomOut => self.zoom_by(0.8),
            Command::Fit => self.fit(),
        }
    }
}
