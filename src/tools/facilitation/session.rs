//! The live session as this page knows it: the latest `Facilitation` (from the stream's
//! `facilitation` frames and from the answers to this device's own commands), this
//! device's clock offset from the server's, the facilitator's latest view of the open
//! canvas and the spotlight on each board, and where pointer frames go. Provided as
//! context, so the timer, the controls and the follow logic share it.

use std::rc::Rc;

use hevruta_model::canvas::CanvasId;
use hevruta_model::facilitation::{
    Facilitation, SSE_FACILITATION, SSE_VIEW, TimerAction, TimerCommand, ViewEvent,
};
use hevruta_model::focus::{FocusEvent, SSE_FOCUS};
use hevruta_model::pointer::SSE_POINTER;
use hevruta_model::{ExpeditionId, Member};
use leptos::prelude::*;

use crate::client::{ApiClient, ApiError, tap_live_session};

#[derive(Clone, Copy)]
pub struct Session {
    pub expedition: ExpeditionId,
    pub me: StoredValue<Member>,
    pub client: StoredValue<ApiClient>,
    pub state: RwSignal<Option<Facilitation>>,
    /// The server's clock minus this device's: the largest seen (a frame's own delay
    /// only ever makes it look smaller), in milliseconds.
    pub offset_ms: RwSignal<Option<f64>>,
    /// The facilitator's latest view of each presented canvas (the last event only).
    pub view: RwSignal<Option<ViewEvent>>,
    /// The spotlight of each board that has one now.
    pub focuses: RwSignal<Vec<FocusEvent>>,
    /// The last problem of this device's own command, shown where the controls are.
    pub error: RwSignal<Option<ApiError>>,
    /// Where the stream's `pointer` frames go (`Pointers` sets it): each one, undecoded.
    pub on_pointer: StoredValue<Option<PointerTap>, LocalStorage>,
}

/// A handler of `pointer` frames' JSON.
pub type PointerTap = Rc<dyn Fn(&str)>;

/// This device's clock, in milliseconds since the epoch.
pub fn local_now() -> f64 {
    js_sys::Date::now()
}

impl Session {
    /// Starts hearing the live session of this page's stream (install before following).
    pub fn provide(client: &ApiClient, expedition: ExpeditionId, me: &Member) -> Session {
        let session = Session {
            expedition,
            me: StoredValue::new(me.clone()),
            client: StoredValue::new(client.clone()),
            state: RwSignal::new(None),
            offset_ms: RwSignal::new(None),
            view: RwSignal::new(None),
            focuses: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            on_pointer: StoredValue::new_local(None),
        };
        tap_live_session(Rc::new(move |name, json| match name {
            SSE_FACILITATION => {
                if let Ok(state) = serde_json::from_str::<Facilitation>(json) {
                    session.adopt(state);
                }
            }
            SSE_VIEW => {
                if let Ok(view) = serde_json::from_str::<ViewEvent>(json) {
                    let _ = session.view.try_set(Some(view));
                }
            }
            SSE_FOCUS => {
                if let Ok(event) = serde_json::from_str::<FocusEvent>(json) {
                    let _ = session.focuses.try_update(|all| {
                        all.retain(|f| f.board_id != event.board_id);
                        if event.focus.is_some() {
                            all.push(event);
                        }
                    });
                }
            }
            SSE_POINTER => {
                if let Some(tap) = session.on_pointer.try_get_value().flatten() {
                    tap(json);
                }
            }
            _ => {}
        }));
        provide_context(session);
        session
    }

    /// Takes a state the server just wrote, and its `now` as a clock sample.
    pub fn adopt(&self, state: Facilitation) {
        let sample = state.now as f64 - local_now();
        self.offset_ms
            .update(|o| *o = Some(o.map_or(sample, |o| o.max(sample))));
        let _ = self.state.try_set(Some(state));
    }

    /// The server's clock now, as well as this device can tell.
    pub fn server_now(&self) -> f64 {
        local_now() + self.offset_ms.get_untracked().unwrap_or(0.0)
    }

    pub fn is_facilitator(&self) -> bool {
        self.me
            .with_value(|m| m.role == hevruta_model::Role::Facilitator)
    }

    pub fn canvas_locked(&self, canvas: CanvasId) -> bool {
        self.state
            .with(|s| s.as_ref().is_some_and(|s| s.canvas_locked(canvas)))
    }

    /// Runs a request that answers the session, adopting the answer or keeping its error.
    pub fn run<F>(&self, request: impl FnOnce(ApiClient) -> F + 'static)
    where
        F: std::future::Future<Output = Result<Facilitation, ApiError>> + 'static,
    {
        let session = *self;
        let client = self.client.get_value();
        leptos::task::spawn_local(async move {
            match request(client).await {
                Ok(state) => {
                    session.adopt(state);
                    let _ = session.error.try_set(None);
                }
                Err(e) => {
                    let _ = session.error.try_set(Some(e));
                }
            }
        });
    }

    pub fn timer(&self, action: TimerAction, seconds: Option<u32>) {
        let id = self.expedition;
        self.run(move |c| async move { c.run_timer(id, &TimerCommand { action, seconds }).await });
    }
}

pub fn use_session() -> Option<Session> {
    use_context::<Session>()
}

/// `m:ss` (or `h:mm:ss`) of a number of milliseconds, rounded up to the second, as a
/// countdown shows it: 0.2 s left still reads 0:01, and 0:00 means time is up.
pub fn clock(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0).ceil() as u64;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn a_countdown_rounds_up_to_the_second() {
        assert_eq!(clock(300_000.0), "5:00");
        assert_eq!(clock(299_001.0), "5:00");
        assert_eq!(clock(200.0), "0:01");
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(-50.0), "0:00");
        assert_eq!(clock(3_723_000.0), "1:02:03");
    }
}
