//! Live typing: text goes out while it is typed (at most one op per 100 ms), and the
//! others see who types in which sticky ("Dana is typing…"), told to the server through
//! `PUT …/editing` and heard back in the canvas's presence.
//!
//! `Typing` is one editor's session, shared by the sticky's in-place editor and the list
//! view's: it throttles the ops, and on Enter, Escape, a reload or the editor vanishing it
//! decides what becomes of the text.

use std::sync::{Arc, Mutex};

use hevruta_model::canvas::StickyId;
use hevruta_model::{Editing, MemberId, PresenceEvent};
use leptos::prelude::*;

use super::ctl::{Ctl, new_op_id, new_uuid};

/// Live text ops of one member are at least this far apart.
pub const TYPING_INTERVAL_MS: f64 = 100.0;

/// What this page has told the server about its typing, so a late answer never undoes a
/// newer state ("stopped" overtaking "started").
#[derive(Debug, Default, Clone, Copy)]
pub struct Telling {
    wanted: Option<StickyId>,
    told: Option<StickyId>,
    busy: bool,
}

impl Ctl {
    /// Says which sticky this member types in; sent in order, the newest wins.
    pub fn tell_editing(&self, sticky: Option<StickyId>) {
        if !self.can_edit() {
            return;
        }
        let start = self
            .telling
            .try_update_value(|t| {
                t.wanted = sticky;
                let start = !t.busy && t.told != t.wanted;
                t.busy |= start;
                start
            })
            .unwrap_or(false);
        if !start {
            return;
        }
        let ctl = *self;
        leptos::task::spawn_local(async move {
            loop {
                let Some(next) = ctl.telling.try_with_value(|t| t.wanted) else {
                    return;
                };
                let told = ctl
                    .client()
                    .set_editing(ctl.expedition, ctl.canvas, next)
                    .await
                    .is_ok();
                let again = ctl.telling.try_update_value(|t| {
                    // Failed: the next presence frame or call tries again.
                    if told {
                        t.told = next;
                    }
                    let again = told && t.told != t.wanted;
                    t.busy = again;
                    again
                });
                if again != Some(true) {
                    return;
                }
            }
        });
    }

    /// The canvas's presence changed: who else types where. If the server has forgotten
    /// that this page types (its stream reconnected), it is told again.
    pub(super) fn on_typing(&self, presence: &PresenceEvent) {
        let others: Vec<Editing> = presence
            .editing
            .iter()
            .filter(|e| e.member_id != self.me)
            .copied()
            .collect();
        if self.typing.with_untracked(|t| *t != others) {
            self.typing.set(others);
        }
        let mine = presence
            .editing
            .iter()
            .find(|e| e.member_id == self.me)
            .map(|e| e.sticky_id);
        let wanted = self.telling.with_value(|t| t.wanted);
        if wanted != mine && presence.members.contains(&self.me) {
            let _ = self.telling.try_update_value(|t| t.told = mine);
            self.tell_editing(wanted);
        }
    }

    /// Who else is typing in `sticky` now.
    pub fn typing_in(&self, sticky: StickyId) -> Vec<MemberId> {
        self.typing.with(|t| {
            t.iter()
                .filter(|e| e.sticky_id == sticky)
                .map(|e| e.member_id)
                .collect()
        })
    }

    /// Text typed into `id` so far: shown and sent now. A new sticky is sent once it has
    /// text (its creation first).
    fn type_live(&self, id: StickyId, text: String) {
        if !self.can_edit() {
            return;
        }
        let Some(held) = self.state.try_with_value(|s| s.held()) else {
            return; // the screen is gone
        };
        if held == Some(id) {
            if text.trim().is_empty() {
                return;
            }
            let due = self
                .state
                .try_update_value(|s| s.release(id))
                .unwrap_or_default();
            self.persist_and_send(due);
        }
        let op_id = new_op_id();
        let Some(touched) = self.state.try_update_value(|s| s.typed(id, text, op_id)) else {
            return;
        };
        self.sync(&touched, false);
        let op = self
            .state
            .with_value(|s| s.pending().iter().find(|op| op.id == op_id).cloned());
        self.persist_and_send(op.into_iter().collect());
    }

    /// Escape after typing: the text goes back to what it was, with no undo step left.
    fn revert_typing(&self, id: StickyId) {
        let back = self
            .state
            .try_update_value(|s| s.revert_typing(id, new_op_id))
            .flatten();
        if let Some((ops, touched)) = back {
            self.sync(&touched, false);
            self.persist_and_send(ops);
        }
    }

    /// A sticky made in this editor and left empty: it goes, and undo forgets it. Still
    /// held (nothing was sent): withdrawn; already sent: deleted.
    fn drop_new(&self, id: StickyId) {
        if self.state.with_value(|s| s.held()) == Some(id) {
            self.abandon_new(id);
            return;
        }
        self.apply(vec![(id, hevruta_model::canvas::OpKind::Delete)]);
        let _ = self.state.try_update_value(|s| s.forget(id));
        self.sync(&Default::default(), false);
    }

    /// The editor of `id` closed. (Another editor may have opened already: it stays told.)
    fn end_typing(&self, id: StickyId) {
        let _ = self.state.try_update_value(|s| s.end_typing());
        if self.telling.try_with_value(|t| t.wanted) == Some(Some(id)) {
            self.tell_editing(None);
        }
    }
}

/// One editor's typing session.
#[derive(Clone)]
pub struct Typing(Arc<Mutex<Session>>);

struct Session {
    ctl: Ctl,
    id: StickyId,
    /// The text when the editor opened.
    initial: String,
    /// Made in this editor (held until it gets text).
    new: bool,
    typed: String,
    sent: String,
    sent_at: f64,
    timer: Option<TimeoutHandle>,
    finished: bool,
}

impl Typing {
    /// The editor of `id` opened (call it from the editor's component): the others are
    /// told, and the session ends with the component or the page.
    pub fn open(ctl: Ctl, id: StickyId) -> Self {
        let initial = ctl.sticky_text(id);
        let new = ctl.state.with_value(|s| s.held()) == Some(id);
        ctl.tell_editing(Some(id));
        let typing = Self(Arc::new(Mutex::new(Session {
            ctl,
            id,
            typed: initial.clone(),
            sent: initial.clone(),
            initial,
            new,
            sent_at: 0.0,
            timer: None,
            finished: false,
        })));
        let on_hide = typing.clone();
        let hide = window_event_listener_untyped("pagehide", move |_| on_hide.page_hide());
        let on_drop = typing.clone();
        on_cleanup(move || {
            hide.remove();
            on_drop.dropped();
        });
        typing
    }

    /// The text in the editor now. It goes out at once if the last op went out at least
    /// `TYPING_INTERVAL_MS` ago, else when that time is up (with what is typed by then).
    pub fn input(&self, text: String) {
        let Ok(mut s) = self.0.lock() else { return };
        if s.finished {
            return;
        }
        s.typed = text;
        if s.timer.is_some() {
            return;
        }
        let wait = s.sent_at + TYPING_INTERVAL_MS - js_sys::Date::now();
        if wait <= 0.0 {
            s.send();
            return;
        }
        let me = self.clone();
        s.timer = set_timeout_with_handle(
            move || {
                if let Ok(mut s) = me.0.lock() {
                    s.timer = None;
                    if !s.finished {
                        s.send();
                    }
                }
            },
            std::time::Duration::from_millis(wait.ceil() as u64),
        )
        .ok();
    }

    /// Enter, a click elsewhere: the text stays (an empty new sticky goes).
    pub fn save(&self) {
        let Some(mut s) = self.finish() else { return };
        if s.ctl.view(s.id).is_none() {
            // The sticky went away under the editor (deleted by someone): keep the text
            // where its writer sees it.
            if s.typed != s.initial {
                s.draft("sticky_gone");
            }
        } else if s.new && s.typed.trim().is_empty() {
            s.ctl.drop_new(s.id);
        } else if s.typed != s.sent {
            s.send();
        }
        s.ctl.end_typing(s.id);
    }

    /// Escape: the sticky goes back to the text it had (a new one goes).
    pub fn cancel(&self) {
        let Some(s) = self.finish() else { return };
        if s.new {
            s.ctl.drop_new(s.id);
        } else if s.sent != s.initial && s.ctl.view(s.id).is_some() {
            s.ctl.revert_typing(s.id);
        }
        s.ctl.end_typing(s.id);
    }

    /// The page goes away (a reload, a closed tab): the text not yet sent is kept at once,
    /// synchronously, and becomes a draft when the canvas opens again.
    fn page_hide(&self) {
        let Ok(s) = self.0.lock() else { return };
        if !s.finished && s.typed != s.sent && s.typed.trim() != s.initial.trim() {
            s.ctl.keep_unsaved(&s.typed);
        }
    }

    /// The editor went away without finishing (its sticky was deleted or refused under
    /// it): what was typed becomes a draft rather than vanishing.
    fn dropped(&self) {
        let Some(mut s) = self.finish() else { return };
        if s.ctl.view(s.id).is_some() {
            // Still there (the screen closed under the editor): the rest goes out.
            s.send();
        } else if s.typed != s.initial {
            s.draft("editor_closed");
        }
        s.ctl.end_typing(s.id);
    }

    /// Marks the session finished (once) and stops its timer.
    fn finish(&self) -> Option<std::sync::MutexGuard<'_, Session>> {
        let mut s = self.0.lock().ok()?;
        if s.finished {
            return None;
        }
        s.finished = true;
        if let Some(timer) = s.timer.take() {
            timer.clear();
        }
        Some(s)
    }
}

impl Session {
    fn send(&mut self) {
        if self.typed != self.sent {
            self.ctl.type_live(self.id, self.typed.clone());
            self.sent = self.typed.clone();
        }
        self.sent_at = js_sys::Date::now();
    }

    fn draft(&self, reason: &'static str) {
        let (ctl, text) = (self.ctl, self.typed.clone());
        leptos::task::spawn_local(async move {
            ctl.keep_draft(new_uuid().to_string(), text, reason).await;
        });
    }
}

/// Who else types in sticky `id`: on the sticky ("Dana is typing…"), or in this member's
/// own editor of it (`in_editor`: "Dana is editing this sticky too…", a polite status, so
/// a screen reader hears it while typing).
#[component]
pub fn TypingMarks(ctl: Ctl, id: StickyId, #[prop(optional)] in_editor: bool) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let marks = move || {
        let t = super::texts::texts(i18n.lang());
        let template = if in_editor { t.typing_too } else { t.typing };
        ctl.typing_in(id)
            .into_iter()
            .map(|member| {
                let name = ctl
                    .member_name(member)
                    .unwrap_or_else(|| t.someone.to_owned());
                let text = crate::i18n::fill(template, &[("name", &crate::i18n::isolate(&name))]);
                view! {
                    <span class="typing-mark" dir="auto">
                        {text}
                    </span>
                }
            })
            .collect_view()
    };
    if in_editor {
        view! {
            <span class="typing-marks" role="status">
                {marks}
            </span>
        }
        .into_any()
    } else {
        view! {
            <Show when=move || !ctl.typing_in(id).is_empty()>
                <span class="typing-marks">{marks}</span>
            </Show>
        }
        .into_any()
    }
}
