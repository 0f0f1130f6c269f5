//! The session's timer as everyone sees it: counted down from the server's deadline on
//! this device's clock corrected by its offset, so every screen shows the same second. At
//! zero a gentle signal: a soft glow (still under `prefers-reduced-motion`) and a short,
//! quiet tone unless this device muted it.

use gloo_timers::callback::Interval;
use leptos::prelude::*;

use super::session::{Session, clock, local_now};
use super::texts::{ft, texts};
use crate::i18n::{fill, use_i18n};

const MUTED_KEY: &str = "hevruta.timer.muted";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The timer, or nothing while none is set.
#[component]
pub fn TimerBadge(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let tick = RwSignal::new(local_now());
    let interval = Interval::new(200, move || {
        let _ = tick.try_set(local_now());
    });
    let interval = StoredValue::new_local(Some(interval));
    on_cleanup(move || interval.set_value(None));
    let muted = RwSignal::new(
        storage()
            .and_then(|s| s.get_item(MUTED_KEY).ok().flatten())
            .is_some(),
    );

    // Only a change of the timer itself redraws it (not a hand raised meanwhile).
    let timer = Memo::new(move |_| {
        session.state.with(|s| {
            s.as_ref()
                .and_then(|s| s.timer)
                .map(|t| hevruta_model::facilitation::Timer {
                    remaining_ms: if t.running() { 0 } else { t.remaining_ms },
                    ..t
                })
        })
    });
    let timer = move || timer.get();
    // When this device reaches zero, on its own clock (the deadline moved by the offset).
    let ends_local = move || {
        let offset = session.offset_ms.get().unwrap_or(0.0);
        timer().and_then(|t| t.ends_at).map(|e| e as f64 - offset)
    };
    let remaining = move || match timer() {
        Some(t) => match ends_local() {
            Some(end) => (end - tick.get()).max(0.0),
            None => t.remaining_ms as f64,
        },
        None => 0.0,
    };
    let up = Memo::new(move |_| timer().is_some() && remaining() <= 0.0);
    // The tone, once per reaching zero while it runs.
    Effect::new(move |was_up: Option<bool>| {
        let now_up = up.get();
        if now_up && was_up == Some(false) && ends_local().is_some() && !muted.get_untracked() {
            chime();
        }
        now_up
    });

    let toggle_mute = move |_| {
        let next = !muted.get_untracked();
        muted.set(next);
        if let Some(s) = storage() {
            let _ = if next {
                s.set_item(MUTED_KEY, "1")
            } else {
                s.remove_item(MUTED_KEY)
            };
        }
    };
    let label = move || {
        let t = texts(i18n.lang());
        fill(t.timer_left, &[("time", &clock(remaining()))])
    };

    move || {
        timer().map(|t| {
            view! {
                <div
                    class="facil-timer"
                    class:paused=!t.running()
                    class:up=up
                    data-ends-local=move || ends_local().map(|e| e.round().to_string())
                >
                    <span role="timer" aria-label=label class="facil-clock">
                        {move || clock(remaining())}
                    </span>
                    {(!t.running() && !up.get())
                        .then(|| {
                            view! {
                                <span class="facil-paused">{ft(i18n, |t| t.timer_paused)}</span>
                            }
                        })}
                    <span role="status" class="facil-up">
                        {move || up.get().then(ft(i18n, |t| t.timer_up))}
                    </span>
                    <button
                        type="button"
                        class="button facil-mute"
                        aria-pressed=move || if muted.get() { "true" } else { "false" }
                        title=ft(i18n, |t| t.mute)
                        on:click=toggle_mute
                    >
                        <svg class="facil-bell" viewBox="0 0 24 24" aria-hidden="true">
                            <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0" />
                            <Show when=move || muted.get()>
                                <path d="M3 3l18 18" />
                            </Show>
                        </svg>
                        <span class="visually-hidden">{ft(i18n, |t| t.mute)}</span>
                    </button>
                </div>
            }
        })
    }
}

/// A short, quiet two-note tone (Web Audio; silent where the browser allows no sound).
fn chime() {
    let Ok(ctx) = web_sys::AudioContext::new() else {
        return;
    };
    let start = ctx.current_time();
    for (i, freq) in [660.0_f32, 880.0].into_iter().enumerate() {
        let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
            return;
        };
        osc.frequency().set_value(freq);
        let at = start + i as f64 * 0.25;
        let g = gain.gain();
        let _ = g.set_value_at_time(0.0, at);
        let _ = g.linear_ramp_to_value_at_time(0.08, at + 0.03);
        let _ = g.linear_ramp_to_value_at_time(0.0, at + 0.4);
        let _ = osc.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&ctx.destination());
        let _ = osc.start_with_when(at);
        let _ = osc.stop_with_when(at + 0.45);
    }
}
