//! The canvas's sender: every local op goes to the IndexedDB outbox first, then pending
//! ops are sent in order, one batch at a time; transient failures are retried with a
//! growing pause, ops the server refuses for good leave the queue and their text becomes
//! a draft.

use hevruta_model::OpBatch;
use hevruta_model::canvas::{Op, OpId, OpKind};
use leptos::prelude::*;

use super::ctl::{Ctl, Link};
use super::outbox::{self, Draft};
use crate::client::ApiError;

/// Most ops per request; the server accepts up to 500.
const BATCH: usize = 100;
const MAX_RETRY_MS: u32 = 15_000;

impl Ctl {
    /// Stores this member's new ops in the outbox, then sends what is pending.
    pub(super) fn persist_and_send(&self, ops: Vec<Op>) {
        let ctl = *self;
        leptos::task::spawn_local(async move {
            // Into IndexedDB first: from here on a reload cannot lose the edit.
            let _ = outbox::put(ctl.canvas, &ops).await;
            ctl.flush();
        });
    }

    /// Ops found in the outbox after a reload: shown as pending and sent.
    pub fn restore_outbox(&self, ops: Vec<Op>) {
        if ops.is_empty() {
            return;
        }
        if let Some(touched) = self.state.try_update_value(|s| s.restore_pending(ops)) {
            self.sync(&touched, false);
        }
        self.flush();
    }

    /// Sends pending ops in order, one batch at a time, until none are left or the
    /// network fails (then retries later with a growing pause).
    pub fn flush(&self) {
        let now = js_sys::Date::now();
        let busy = self
            .in_flight
            .get_value()
            .is_some_and(|started| now - started < 60_000.0);
        if busy || self.link.get_untracked() == Link::Ended {
            return;
        }
        self.in_flight.set_value(Some(now));
        let ctl = *self;
        leptos::task::spawn_local(async move {
            let retry = loop {
                let batch = ctl.state.with_value(|s| s.next_batch(BATCH));
                if batch.is_empty() {
                    break false;
                }
                match ctl.send(&batch).await {
                    Sent::Done => {}
                    Sent::Retry => break true,
                    Sent::Stop => break false,
                }
            };
            ctl.in_flight.set_value(None);
            if retry {
                let delay = ctl.retry_ms.get_value();
                ctl.retry_ms.set_value((delay * 2).min(MAX_RETRY_MS));
                gloo_timers::future::TimeoutFuture::new(delay).await;
                ctl.flush();
            }
        });
    }

    async fn send(&self, batch: &[Op]) -> Sent {
        let client = self.client.get_value();
        let body = OpBatch {
            ops: batch.to_vec(),
        };
        match client.send_ops(self.expedition, self.canvas, &body).await {
            Ok(result) => {
                self.link.set(Link::Online);
                self.retry_ms.set_value(1000);
                self.receive(&result.applied);
                let ids: Vec<OpId> = batch.iter().map(|o| o.id).collect();
                let _ = outbox::remove(&ids).await;
                Sent::Done
            }
            Err(ApiError::Unauthorized(_)) => {
                self.link.set(Link::Ended);
                Sent::Stop
            }
            Err(e) if e.is_transient() => {
                if !matches!(e, ApiError::Decode(_)) {
                    self.link.set(Link::Offline);
                }
                Sent::Retry
            }
            Err(e) if batch.len() > 1 => {
                // The whole batch was refused for one bad op: send them one by one so
                // only the bad ones become drafts.
                let _ = e;
                for op in batch {
                    match Box::pin(self.send(std::slice::from_ref(op))).await {
                        Sent::Done => {}
                        other => return other,
                    }
                }
                Sent::Done
            }
            Err(e) => {
                let reason = e
                    .problem()
                    .map(|p| p.code.as_str().to_owned())
                    .unwrap_or_default();
                self.refuse(batch, &reason).await;
                Sent::Done
            }
        }
    }

    /// The server will never take these ops: drop them, keeping any text as a draft.
    async fn refuse(&self, ops: &[Op], reason: &str) {
        let ids: Vec<OpId> = ops.iter().map(|o| o.id).collect();
        let Some((dropped, touched)) = self.state.try_update_value(|s| s.refuse(&ids)) else {
            return;
        };
        self.sync(&touched, false);
        for op in dropped {
            let text = match op.kind {
                OpKind::Create { text, .. } | OpKind::SetText { text } => text,
                _ => continue,
            };
            self.keep_draft(op.id.to_string(), text, reason).await;
        }
        let _ = outbox::remove(&ids).await;
    }

    /// Keeps text that could not be saved where the member can see and copy it.
    pub async fn keep_draft(&self, id: String, text: String, reason: &str) {
        // The same text refused twice (its op, and the editor it was typed in) is one draft.
        let kept = self
            .drafts
            .try_with_untracked(|d| d.iter().any(|x| x.text == text))
            .unwrap_or(false);
        if text.trim().is_empty() || kept {
            return;
        }
        let draft = Draft {
            id,
            canvas: self.canvas,
            text,
            at: js_sys::Date::now(),
            reason: reason.to_owned(),
        };
        let _ = outbox::add_draft(&draft).await;
        let _ = self.drafts.try_update(|d| d.push(draft));
    }

    fn unsaved_key(&self) -> String {
        format!("hevruta.canvas.{}.unsaved", self.canvas)
    }

    /// Keeps text being typed as the page goes away (localStorage: written at once).
    pub fn keep_unsaved(&self, text: &str) {
        crate::state::storage::set(&self.unsaved_key(), text);
    }

    /// Text that was being typed when the page last went away becomes a draft.
    pub async fn recover_unsaved(&self) {
        let key = self.unsaved_key();
        if let Some(text) = crate::state::storage::get(&key) {
            crate::state::storage::remove(&key);
            self.keep_draft(super::ctl::new_uuid().to_string(), text, "page_closed")
                .await;
        }
    }

    pub fn dismiss_draft(&self, id: String) {
        self.drafts.update(|d| d.retain(|x| x.id != id));
        leptos::task::spawn_local(async move {
            let _ = outbox::remove_draft(&id).await;
        });
    }
}

enum Sent {
    Done,
    Retry,
    Stop,
}
