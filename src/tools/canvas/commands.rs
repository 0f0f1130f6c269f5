//! What a member does to the canvas's view and selection (open readable, go to a section,
//! fit, zoom, new sticky here, delete, colour, bring to front, nudge), from the toolbar,
//! gestures or shortcuts.

use std::collections::BTreeSet;

use hevruta_model::canvas::{OpKind, StickyColor};
use leptos::prelude::*;

use super::ctl::Ctl;
use super::geometry::{
    Frame, SECTION_HEAD, STICKY_H, STICKY_W, Viewport, free_slot, opening_section, section_rect,
};
use super::keys::Command;
use crate::state::storage;

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
    /// Shows the whole canvas, however small (the "fit" command).
    pub fn fit(&self) {
        self.show(Frame::Whole);
    }

    /// Frames a section where its stickies are readable, and remembers it as the one this
    /// device works in.
    pub fn go_to_section(&self, index: usize) {
        if let Some(key) = self
            .sections
            .with_value(|s| s.get(index).map(|s| s.key.clone()))
        {
            self.remember_section(&key);
        }
        self.show(Frame::Readable(index));
    }

    /// Shows `frame`, and keeps it framed when the surface changes size.
    pub fn show(&self, frame: Frame) {
        let (w, h) = viewport_size();
        let rtl = self.i18n.lang_untracked().is_rtl();
        let view = self.sections.with_value(|sections| {
            self.with_board(|board| Viewport::framing(&frame, sections, board, w, h, rtl))
        });
        self.viewport.set(view);
        self.frame.set_value(Some(frame));
    }

    /// After a resize: the same frame again, unless someone moved the view.
    pub fn refit(&self) {
        if let Some(Some(frame)) = self.frame.try_get_value() {
            self.show(frame);
        }
    }

    /// The view a canvas opens with: readable, on the section last worked in here.
    pub fn open_view(&self) {
        let last = storage::get(&self.section_key());
        let index = self.sections.with_value(|sections| {
            self.with_board(|board| opening_section(sections, board, last.as_deref()))
        });
        self.show(Frame::Readable(index));
    }

    fn section_key(&self) -> String {
        format!("hevruta.canvas.{}.section", self.canvas)
    }

    pub fn remember_section(&self, key: &str) {
        storage::set(&self.section_key(), key);
    }

    pub fn zoom_by(&self, factor: f64) {
        let (w, h) = viewport_size();
        self.move_view(|v| v.zoom_at(w / 2.0, h / 2.0, factor));
    }

    /// Pans or zooms on the user's behalf (the view stops following the screen size).
    pub fn move_view(&self, f: impl FnOnce(Viewport) -> Viewport) {
        self.frame.set_value(None);
        self.viewport.update(|v| *v = f(*v));
    }

    /// A new sticky at the free place nearest the middle of the view (or the selected
    /// sticky), opened for typing.
    pub fn add_sticky_here(&self) {
        let (w, h) = viewport_size();
        let v = self.viewport.get_untracked();
        let selected = self.selection().last().copied();
        let near = selected
            .and_then(|id| self.position(id))
            .map(|(x, y)| (x + STICKY_W * 1.5 + 20.0, y + STICKY_H / 2.0))
            .unwrap_or_else(|| v.to_canvas(w / 2.0, h / 2.0));
        let area = self.sections.with_value(|sections| {
            sections
                .iter()
                .map(section_rect)
                .find(|r| r.contains(near.0, near.1))
        });
        let color = selected
            .and_then(|id| self.view(id))
            .map(|v| v.color.get_untracked())
            .unwrap_or_default();
        self.add_sticky_at(free_slot(area, &self.taken(), near), color);
    }

    /// A new sticky in section `index`, at its first free place, opened for typing.
    pub fn add_sticky_in(&self, index: usize) {
        let Some(area) = self.sections.with_value(|s| s.get(index).map(section_rect)) else {
            return;
        };
        let start = (area.x, area.y + SECTION_HEAD);
        self.add_sticky_at(
            free_slot(Some(area), &self.taken(), start),
            StickyColor::default(),
        );
    }

    fn add_sticky_at(&self, (x, y): (f64, f64), color: StickyColor) {
        let id = self.create_at(x, y, color);
        self.selected.set(BTreeSet::from([id]));
        self.editing.set(Some(id));
    }

    /// Where the visible stickies are.
    fn taken(&self) -> Vec<(f64, f64)> {
        self.order
            .with_untracked(|o| o.iter().filter_map(|id| self.position(*id)).collect())
    }

    pub fn delete_selected(&self) {
        let ids = self.selection();
        if ids.is_empty() {
            return;
        }
        self.apply(ids.iter().map(|id| (*id, OpKind::Delete)).collect());
        self.selected.set(BTreeSet::new());
        if ids.len() == 1 {
            self.say(|t| t.announce_deleted);
        } else {
            let t = super::texts::texts(self.i18n.lang_untracked());
            let n = crate::i18n::format_number(ids.len() as i64);
            self.announce(crate::i18n::fill(t.announce_deleted_n, &[("n", &n)]));
        }
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

    /// Shows one sticky, selected and focused: on the board framed with its section, in
    /// the list scrolled to.
    pub fn reveal(&self, id: hevruta_model::canvas::StickyId) {
        self.selected.set(BTreeSet::from([id]));
        if self.list_view.get_untracked() {
            let item = format!("list-item-{id}");
            if let Some(el) = document().get_element_by_id(&item) {
                el.scroll_into_view();
            }
            crate::components::focus_by_id(&item);
            return;
        }
        let section =
            self.with_board(|b| b.stickies.get(&id).and_then(|s| s.section.value.clone()));
        let index = section.and_then(|key| {
            self.sections
                .with_value(|s| s.iter().position(|s| s.key == key))
        });
        if let Some(index) = index {
            self.show(Frame::Readable(index));
        }
        super::sticky::focus_sticky(id);
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
