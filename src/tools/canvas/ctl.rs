//! The canvas screen's controller: owns the `CanvasState`, mirrors it into per-sticky
//! signals (so an edit re-renders one sticky, not the board), turns this member's actions
//! into ops and folds in the server's. Sending them is `sender.rs`.

use std::collections::{BTreeSet, HashMap};

use hevruta_model::canvas::{
    CanvasId, Citation, Op, OpId, OpKind, Section, StickyColor, StickyId, Template,
};
use hevruta_model::event::{OpsEvent, PresenceEvent};
use hevruta_model::facilitation::PrivateWriting;
use hevruta_model::{CanvasSnapshot, Editing, ExpeditionId, Member, MemberId, Role};
use leptos::prelude::*;

use super::geometry::{Frame, Viewport, clamp_point, section_at};
use super::outbox::{self, Draft};
use super::state::{CanvasState, TextConflict, Touched};
use super::typing::Telling;
use crate::client::ApiClient;
use crate::components::{Announcer, use_announcer};
use crate::i18n::{I18n, use_i18n};
use crate::shell::Live;

/// The signals one sticky renders from.
#[derive(Clone, Copy)]
pub struct StickyView {
    pub text: RwSignal<String>,
    pub color: RwSignal<StickyColor>,
    pub pos: RwSignal<(f64, f64)>,
    pub z: RwSignal<usize>,
    pub pending: RwSignal<bool>,
    pub author: RwSignal<Option<MemberId>>,
    pub citation: RwSignal<Option<Citation>>,
    /// Written during private writing, not revealed yet (so this member's own).
    pub private: RwSignal<bool>,
}

/// A deleted sticky in the restore list.
#[derive(Debug, Clone, PartialEq)]
pub struct Deleted {
    pub id: StickyId,
    pub text: String,
    /// Who deleted it: only they and the facilitator may restore it.
    pub by: Option<MemberId>,
}

/// How the connection to the server is doing, as the status line shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Online,
    Offline,
    /// The session ended: nothing can be sent (the outbox keeps everything).
    Ended,
}

#[derive(Clone, Copy)]
pub struct Ctl {
    pub expedition: ExpeditionId,
    pub canvas: CanvasId,
    pub template: Template,
    pub me: MemberId,
    pub role: Role,
    /// Archived canvases are read-only until the facilitator restores them.
    pub archived: bool,
    pub(super) client: StoredValue<ApiClient>,
    pub(super) state: StoredValue<CanvasState>,
    views: StoredValue<HashMap<StickyId, StickyView>>,
    /// Stickies being dragged: the server's positions must not yank them meanwhile.
    dragging: StoredValue<BTreeSet<StickyId>>,
    /// When the running flush started; a flush older than a minute is presumed dead.
    pub(super) in_flight: StoredValue<Option<f64>>,
    pub(super) retry_ms: StoredValue<u32>,
    pub sections: StoredValue<Vec<Section>>,
    /// Visible stickies in the order they were made (DOM and tab order).
    pub order: RwSignal<Vec<StickyId>>,
    /// Deleted stickies, for the restore list.
    pub deleted: RwSignal<Vec<Deleted>>,
    pub pending_count: RwSignal<usize>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    pub link: RwSignal<Link>,
    pub selected: RwSignal<BTreeSet<StickyId>>,
    pub editing: RwSignal<Option<StickyId>>,
    pub viewport: RwSignal<Viewport>,
    /// The canvas shown as a list of sections and their stickies rather than as a board
    /// (the default on narrow screens).
    pub list_view: RwSignal<bool>,
    /// What the view frames, kept framed as the screen's size changes; `None` once
    /// someone pans or zooms.
    pub frame: StoredValue<Option<Frame>>,
    pub conflicts: RwSignal<Vec<TextConflict>>,
    pub drafts: RwSignal<Vec<Draft>>,
    /// The expedition's members by id, as the stream keeps them.
    pub members: Memo<HashMap<MemberId, Member>>,
    pub present: RwSignal<Vec<MemberId>>,
    /// Private writing on this canvas while it is on: how much is written privately.
    pub private_writing: RwSignal<Option<PrivateWriting>>,
    /// Who else types in which sticky, from the canvas's presence.
    pub typing: RwSignal<Vec<Editing>>,
    pub(super) telling: StoredValue<Telling>,
    /// Taken from the context once: handlers may run after the component that made them
    /// is gone (a restored sticky leaves the list whose button restored it).
    pub i18n: I18n,
    announcer: Announcer,
    /// The screen's owner: per-sticky signals are made under it, not under whatever
    /// component's handler happens to run (its row may be disposed right after).
    owner: StoredValue<Owner>,
}

impl Ctl {
    /// The controller of `canvas` for `me`, with the expedition's members kept by `live`.
    pub fn new(client: ApiClient, me: &Member, live: Live, canvas: CanvasSnapshot) -> Self {
        let CanvasSnapshot {
            canvas,
            sections,
            stickies,
            private_writing,
            ..
        } = canvas;
        let state = CanvasState::new(me.id, stickies);
        let ctl = Self {
            expedition: live.snapshot.with_untracked(|s| s.id),
            canvas: canvas.id,
            template: canvas.template,
            me: me.id,
            role: me.role,
            archived: canvas.archived_at.is_some(),
            client: StoredValue::new(client),
            state: StoredValue::new(state),
            views: StoredValue::new(HashMap::new()),
            dragging: StoredValue::new(BTreeSet::new()),
            in_flight: StoredValue::new(None),
            retry_ms: StoredValue::new(1000),
            sections: StoredValue::new(sections),
            order: RwSignal::new(Vec::new()),
            deleted: RwSignal::new(Vec::new()),
            pending_count: RwSignal::new(0),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            link: RwSignal::new(Link::Online),
            selected: RwSignal::new(BTreeSet::new()),
            editing: RwSignal::new(None),
            viewport: RwSignal::new(Viewport::default()),
            list_view: RwSignal::new(narrow_screen()),
            frame: StoredValue::new(None),
            conflicts: RwSignal::new(Vec::new()),
            drafts: RwSignal::new(Vec::new()),
            members: Memo::new(move |_| {
                live.snapshot
                    .with(|s| s.members.iter().map(|m| (m.id, m.clone())).collect())
            }),
            present: RwSignal::new(Vec::new()),
            private_writing: RwSignal::new(private_writing),
            typing: RwSignal::new(Vec::new()),
            telling: StoredValue::new(Telling::default()),
            i18n: use_i18n(),
            announcer: use_announcer(),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
        };
        let all: Touched = ctl
            .state
            .with_value(|s| s.display().stickies.keys().copied().collect());
        ctl.sync(&all, true);
        ctl
    }

    /// Says a canvas sentence through the live region.
    pub fn say(&self, key: super::texts::CanvasKey) {
        self.announcer
            .say(key(super::texts::texts(self.i18n.lang_untracked())));
    }

    /// Says a sentence made by the caller through the live region.
    pub fn announce(&self, text: String) {
        self.announcer.say(text);
    }

    /// Whether this member may restore a sticky `by` deleted (the server's rule too).
    pub fn may_restore(&self, by: Option<MemberId>) -> bool {
        self.can_edit() && (self.role == Role::Facilitator || by == Some(self.me))
    }

    /// Members may edit, projectors (viewers) not, and nobody an archived canvas.
    pub fn can_edit(&self) -> bool {
        self.role != Role::Viewer && !self.archived
    }

    /// The sticky's signals (`None` once it is gone, or the screen is).
    pub fn view(&self, id: StickyId) -> Option<StickyView> {
        self.views.try_with_value(|v| v.get(&id).copied()).flatten()
    }

    pub fn client(&self) -> ApiClient {
        self.client.get_value()
    }

    pub fn member_name(&self, id: MemberId) -> Option<String> {
        self.members
            .with(|m| m.get(&id).map(|m| m.display_name.clone()))
    }

    /// How a sticky's author is named on it: "you", their name, or "someone" (unknown or
    /// gone), in the strings `t` of the current language.
    pub fn author_name(&self, author: Option<MemberId>, t: &super::texts::CanvasTexts) -> String {
        author
            .and_then(|a| {
                if a == self.me {
                    Some(t.you.to_owned())
                } else {
                    self.member_name(a)
                }
            })
            .unwrap_or_else(|| t.someone.to_owned())
    }

    pub fn sticky_text(&self, id: StickyId) -> String {
        self.state.with_value(|s| s.text(id).to_owned())
    }

    /// The board as shown (confirmed + pending), for exports.
    pub fn with_board<R>(&self, f: impl FnOnce(&hevruta_model::canvas::Board) -> R) -> R {
        self.state.with_value(|s| f(s.display()))
    }

    pub fn position(&self, id: StickyId) -> Option<(f64, f64)> {
        self.view(id).map(|v| v.pos.get_untracked())
    }

    /// Copies what changed in the state into the signals.
    pub(super) fn sync(&self, touched: &Touched, structure_hint: bool) {
        let mut structure = structure_hint;
        let pending = self.state.with_value(|s| s.pending_stickies());
        let dragging = self.dragging.get_value();
        self.state.with_value(|state| {
            self.views.update_value(|views| {
                for id in touched {
                    let shown = state.sticky(*id);
                    match (shown, views.get(id)) {
                        (Some(s), Some(v)) => {
                            set_if(v.text, &s.text.value);
                            set_if(v.color, &s.color.value);
                            if !dragging.contains(id) {
                                set_if(v.pos, &s.position.value);
                            }
                            set_if(v.author, &s.author);
                            set_if(v.citation, &s.citation.value);
                            set_if(v.private, &s.private);
                            structure = true; // z may have changed
                        }
                        (Some(s), None) => {
                            let owner = self.owner.get_value();
                            views.insert(
                                *id,
                                owner.with(|| StickyView {
                                    text: RwSignal::new(s.text.value.clone()),
                                    color: RwSignal::new(s.color.value),
                                    pos: RwSignal::new(s.position.value),
                                    z: RwSignal::new(0),
                                    pending: RwSignal::new(false),
                                    author: RwSignal::new(s.author),
                                    citation: RwSignal::new(s.citation.value),
                                    private: RwSignal::new(s.private),
                                }),
                            );
                            structure = true;
                        }
                        (None, Some(_)) => {
                            views.remove(id);
                            structure = true;
                        }
                        (None, None) => {}
                    }
                }
                for (id, v) in views.iter() {
                    set_if(v.pending, &pending.contains(id));
                }
            });
            if structure {
                let mut visible: Vec<_> = state
                    .display()
                    .stickies
                    .values()
                    .filter(|s| s.visible())
                    .collect();
                visible.sort_by_key(|s| (s.created, s.id));
                let order: Vec<StickyId> = visible.iter().map(|s| s.id).collect();
                if self.order.with_untracked(|o| *o != order) {
                    self.order.set(order);
                }
                visible.sort_by_key(|s| (s.z, s.id));
                self.views.with_value(|views| {
                    for (rank, s) in visible.iter().enumerate() {
                        if let Some(v) = views.get(&s.id) {
                            set_if(v.z, &(rank + 1));
                        }
                    }
                });
                let deleted: Vec<Deleted> = state
                    .display()
                    .stickies
                    .values()
                    .filter(|s| s.created.is_some() && s.deleted.value)
                    .map(|s| Deleted {
                        id: s.id,
                        text: s.text.value.clone(),
                        by: s.deleted_by,
                    })
                    .collect();
                if self.deleted.with_untracked(|d| *d != deleted) {
                    self.deleted.set(deleted);
                }
                // Drop gone stickies from the selection, notifying only if there were any
                // (every sticky's highlight listens to the selection).
                let gone = self
                    .selected
                    .with_untracked(|sel| sel.iter().any(|id| state.sticky(*id).is_none()));
                if gone {
                    self.selected.update(|sel| {
                        sel.retain(|id| state.sticky(*id).is_some());
                    });
                }
            }
            set_if(self.pending_count, &state.waiting());
            set_if(self.can_undo, &state.can_undo());
            set_if(self.can_redo, &state.can_redo());
        });
    }

    // ---- local edits ----

    /// Applies this member's edit now, stores it in the outbox and sends it.
    pub fn apply(&self, kinds: Vec<(StickyId, OpKind)>) {
        if kinds.is_empty() || !self.can_edit() {
            return;
        }
        let ops: Vec<Op> = kinds
            .into_iter()
            .map(|(sticky, kind)| Op {
                id: new_op_id(),
                sticky,
                kind,
            })
            .collect();
        let touched = self.state.try_update_value(|s| s.local(ops.clone()));
        if let Some(touched) = touched {
            self.sync(&touched, false);
        }
        self.persist_and_send(ops);
    }

    pub fn undo(&self) {
        self.step(true);
    }

    pub fn redo(&self) {
        self.step(false);
    }

    fn step(&self, undo: bool) {
        if !self.can_edit() {
            return;
        }
        let result = self
            .state
            .try_update_value(|s| {
                if undo {
                    s.undo(new_op_id)
                } else {
                    s.redo(new_op_id)
                }
            })
            .flatten();
        if let Some((ops, touched)) = result {
            self.sync(&touched, false);
            self.persist_and_send(ops);
        }
    }

    /// A new, empty sticky at a canvas point, in the section under it; returns its id.
    /// It stays on this page until it gets text (`typing.rs`); left empty, it goes.
    pub fn create_at(&self, x: f64, y: f64, color: StickyColor) -> StickyId {
        if !self.can_edit() {
            return StickyId(new_uuid());
        }
        self.settle_held();
        let (x, y) = clamp_point(x, y);
        let id = StickyId(new_uuid());
        let section = self.sections.with_value(|s| section_at(s, x, y));
        if let Some(key) = &section {
            self.remember_section(key);
        }
        let create = Op {
            id: new_op_id(),
            sticky: id,
            kind: OpKind::Create {
                section,
                text: String::new(),
                color,
                x,
                y,
            },
        };
        let touched = self.state.try_update_value(|s| {
            let touched = s.local(vec![create]);
            s.hold(id);
            touched
        });
        if let Some(touched) = touched {
            self.sync(&touched, false);
        }
        id
    }

    /// Editing a new sticky was cancelled: it goes, unsent.
    pub fn abandon_new(&self, id: StickyId) {
        if let Some(touched) = self.state.try_update_value(|s| s.withdraw(id))
            && !touched.is_empty()
        {
            self.sync(&touched, false);
        }
    }

    /// Before another sticky is made: the held one goes (still held means still empty:
    /// its first text releases it, `typing.rs`).
    fn settle_held(&self) {
        if let Some(id) = self.state.with_value(|s| s.held()) {
            self.abandon_new(id);
        }
    }

    /// Ends a drag or keyboard move: stores where the stickies are now.
    pub fn move_to(&self, moves: Vec<(StickyId, f64, f64)>) {
        let kinds = self.sections.with_value(|sections| {
            moves
                .into_iter()
                .map(|(id, x, y)| {
                    let (x, y) = clamp_point(x, y);
                    let section = section_at(sections, x, y);
                    (id, OpKind::Move { x, y, section })
                })
                .collect()
        });
        self.apply(kinds);
    }

    pub fn selection(&self) -> Vec<StickyId> {
        self.selected.get_untracked().into_iter().collect()
    }

    pub fn start_drag(&self, ids: &[StickyId]) {
        self.dragging
            .update_value(|d| d.extend(ids.iter().copied()));
    }

    pub fn end_drag(&self) {
        self.dragging.update_value(|d| d.clear());
    }

    /// Someone else's text replaced ours: put ours back (a new write, so it wins now).
    pub fn keep_mine(&self, conflict: &TextConflict) {
        self.conflicts
            .update(|c| c.retain(|x| x.sticky != conflict.sticky));
        // Only over the text the notice was about, never over something newer.
        if self
            .state
            .with_value(|s| s.text(conflict.sticky) != conflict.theirs)
        {
            return;
        }
        self.apply(vec![(
            conflict.sticky,
            OpKind::SetText {
                text: conflict.mine.clone(),
            },
        )]);
    }

    pub fn keep_theirs(&self, conflict: &TextConflict) {
        self.conflicts
            .update(|c| c.retain(|x| x.sticky != conflict.sticky));
    }

    // ---- from the server ----

    /// Op batches from the event stream (raw JSON of `OpsEvent`).
    pub fn on_ops_json(&self, json: &str) {
        let Ok(event) = serde_json::from_str::<OpsEvent>(json) else {
            return;
        };
        if event.canvas_id != self.canvas {
            return;
        }
        self.receive(&event.ops);
    }

    pub fn on_presence_json(&self, json: &str) {
        if let Ok(p) = serde_json::from_str::<PresenceEvent>(json)
            && p.canvas_id == self.canvas
        {
            self.on_typing(&p);
            self.present.set(p.members);
        }
    }

    pub(super) fn receive(&self, ops: &[hevruta_model::canvas::AppliedOp]) {
        let Some(result) = self.state.try_update_value(|s| s.server(ops)) else {
            return;
        };
        self.sync(&result.touched, false);
        if !result.mine.is_empty() {
            // Confirmed, by the stream or by the answer: the outbox can forget them.
            leptos::task::spawn_local(async move {
                let _ = outbox::remove(&result.mine).await;
            });
        }
        let conflicts = result.conflicts;
        // A notice goes stale once its sticky shows another text than "theirs".
        let state = self.state;
        let still = move |c: &TextConflict| state.with_value(|s| s.text(c.sticky) == c.theirs);
        let stale = self
            .conflicts
            .with_untracked(|list| list.iter().any(|c| !still(c)));
        if stale || !conflicts.is_empty() {
            self.conflicts.update(|list| {
                list.retain(|c| still(c) && conflicts.iter().all(|n| n.sticky != c.sticky));
                list.extend(conflicts);
            });
        }
    }
}

/// Phones: narrower than 40rem (640 CSS px), where the list view reads best.
fn narrow_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 640.0)
}

fn set_if<T: PartialEq + Clone + Send + Sync + 'static>(signal: RwSignal<T>, value: &T) {
    if signal.with_untracked(|v| v != value) {
        signal.set(value.clone());
    }
}

pub use crate::browser::new_uuid;

pub fn new_op_id() -> OpId {
    OpId(new_uuid())
}
