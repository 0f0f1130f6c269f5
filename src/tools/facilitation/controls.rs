//! The facilitation strip of a canvas: for everyone the timer, a hand and "done", whom they
//! follow (or may follow) and whether the canvas is locked; for the facilitator a panel
//! with the timer's controls, the lock, presenting, "bring everyone here", the spotlight
//! (a sticky or a section), the laser, private writing, who raised a hand or is done, the
//! expedition's next stage, and the projector. Everyone may switch others' cursors off.
//! Targets are 44 px on phones.

use hevruta_model::Route;
use hevruta_model::facilitation::{SetSignals, TimerAction};
use leptos::prelude::*;

use super::follow::Follow;
use super::follow_line::{FollowLine, name_of};
use super::lock_button::LockButton;
use super::pointers::Pointers;
use super::private::{PrivateBanner, PrivateControls};
use super::projector_link::ProjectorLink;
use super::session::Session;
use super::stage::StageStep;
use super::texts::{FacilKey, ft, texts};
use super::timer::TimerBadge;
use crate::i18n::{I18n, fill, format_number, use_i18n};
use crate::tools::canvas::ctl::Ctl;

/// The strip on the canvas screen (`ctl`'s canvas, `session` of this page, whom it
/// follows, its pointers).
#[component]
pub fn CanvasFacilitation(
    ctl: Ctl,
    session: Session,
    follow: Follow,
    pointers: Pointers,
) -> impl IntoView {
    let i18n = use_i18n();
    let facilitator = session.is_facilitator();
    let writer = ctl.can_edit();
    let canvas = ctl.canvas;
    let locked = move || session.canvas_locked(canvas);
    let open = RwSignal::new(false);

    view! {
        <div class="facil-strip">
            <TimerBadge session=session />
            {(writer && !facilitator).then(|| view! { <Signals session=session /> })}
            <FollowLine presenter=follow.presenter.into() me=ctl.me following=follow.following />
            <PrivateBanner ctl=ctl session=session />
            <Toggle on=pointers.cursors label=|t| t.cursors />
            <Show when=move || locked() && !facilitator>
                <p class="facil-locked" role="status">
                    {ft(i18n, |t| t.locked_notice)}
                </p>
            </Show>
            {facilitator
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button facil-open"
                            aria-expanded=move || if open.get() { "true" } else { "false" }
                            aria-controls="facil-panel"
                            on:click=move |_| open.update(|o| *o = !*o)
                        >
                            {ft(i18n, |t| t.facilitate)}
                            <Show when=move || {
                                session.state.with(|s| s.as_ref().is_some_and(|s| s.hands > 0))
                            }>
                                <span class="facil-badge" aria-hidden="true">
                                    {move || {
                                        session
                                            .state
                                            .with(|s| s.as_ref().map_or(0, |s| s.hands).to_string())
                                    }}
                                </span>
                            </Show>
                        </button>
                        <Show when=move || open.get()>
                            <Panel ctl=ctl session=session follow=follow pointers=pointers />
                        </Show>
                    }
                })}
        </div>
    }
}

/// A participant's hand and "done".
#[component]
fn Signals(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let mine = move |f: fn(&hevruta_model::facilitation::Facilitation) -> bool| {
        session.state.with(|s| s.as_ref().is_some_and(f))
    };
    let id = session.expedition;
    let toggle = move |hand: bool| {
        let req = if hand {
            SetSignals {
                hand: Some(!mine(|s| s.my_hand)),
                done: None,
            }
        } else {
            SetSignals {
                hand: None,
                done: Some(!mine(|s| s.my_done)),
            }
        };
        session.run(move |c| async move { c.set_signals(id, &req).await });
    };
    view! {
        <button
            type="button"
            class="button facil-hand"
            aria-pressed=move || if mine(|s| s.my_hand) { "true" } else { "false" }
            on:click=move |_| toggle(true)
        >
            {move || {
                let t = texts(i18n.lang());
                if mine(|s| s.my_hand) { t.lower_hand } else { t.raise_hand }
            }}
        </button>
        <button
            type="button"
            class="button facil-done"
            aria-pressed=move || if mine(|s| s.my_done) { "true" } else { "false" }
            on:click=move |_| toggle(false)
        >
            {move || {
                let t = texts(i18n.lang());
                if mine(|s| s.my_done) { t.not_done } else { t.say_done }
            }}
        </button>
    }
}

/// A switch kept in `on`, shown as a pressed button.
#[component]
fn Toggle(on: RwSignal<bool>, label: FacilKey) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="button facil-toggle"
            aria-pressed=move || if on.get() { "true" } else { "false" }
            on:click=move |_| on.update(|o| *o = !*o)
        >
            {ft(i18n, label)}
        </button>
    }
}

/// Spotlight one section for everyone (the view moves to it and the rest dims on the
/// projector and for followers), or clear the spotlight.
#[component]
fn SpotlightSection(ctl: Ctl, follow: Follow) -> impl IntoView {
    let i18n = use_i18n();
    let sections = ctl.sections.get_value();
    let chosen = RwSignal::new(0usize);
    let options = sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let key = s.key.clone();
            let title = move || {
                crate::tools::canvas::texts::texts(i18n.lang())
                    .section(&key)
                    .map(|t| t.title)
                    .unwrap_or_default()
            };
            view! { <option value=i.to_string()>{title}</option> }
        })
        .collect_view();
    let spotlit = move || {
        follow.spotlight_section.with(Option::is_some) || follow.spotlight.with(Option::is_some)
    };
    view! {
        <label class="facil-section">
            {ft(i18n, |t| t.section)}
            <select on:change:target=move |ev| {
                chosen.set(ev.target().value().parse().unwrap_or(0))
            }>{options}</select>
        </label>
        <button
            type="button"
            class="button"
            on:click=move |_| {
                let i = chosen.get_untracked();
                let key = ctl.sections.with_value(|s| s.get(i).map(|s| s.key.clone()));
                ctl.go_to_section(i);
                follow.spotlight.set(None);
                follow.spotlight_section.set(key);
                follow.presenting.set(true);
            }
        >
            {ft(i18n, |t| t.spotlight_section)}
        </button>
        <button
            type="button"
            class="button"
            disabled=move || !spotlit()
            on:click=move |_| {
                follow.spotlight.set(None);
                follow.spotlight_section.set(None);
            }
        >
            {ft(i18n, |t| t.clear_spotlight)}
        </button>
    }
}

/// The facilitator's panel.
#[component]
fn Panel(ctl: Ctl, session: Session, follow: Follow, pointers: Pointers) -> impl IntoView {
    let i18n = use_i18n();
    let minutes = RwSignal::new(5u32);
    let running = move || {
        session
            .state
            .with(|s| s.as_ref().and_then(|s| s.timer).map(|t| t.running()))
    };
    let canvas = ctl.canvas;
    let id = session.expedition;
    let locked = move || session.canvas_locked(canvas);
    let b = move |key: FacilKey, action: TimerAction| {
        view! {
            <button type="button" class="button" on:click=move |_| session.timer(action, None)>
                {ft(i18n, key)}
            </button>
        }
    };
    view! {
        <section id="facil-panel" class="facil-panel" aria-label=ft(i18n, |t| t.facilitate)>
            <div class="facil-row">
                <label class="facil-minutes">
                    {ft(i18n, |t| t.minutes)}
                    <input
                        type="number"
                        min="1"
                        max="180"
                        prop:value=move || minutes.get().to_string()
                        on:input:target=move |ev| {
                            if let Ok(m) = ev.target().value().parse::<u32>() {
                                minutes.set(m.clamp(1, 180));
                            }
                        }
                    />
                </label>
                <button
                    type="button"
                    class="button button-primary"
                    on:click=move |_| {
                        session.timer(TimerAction::Start, Some(minutes.get_untracked() * 60))
                    }
                >
                    {ft(i18n, |t| t.start)}
                </button>
                {move || match running() {
                    Some(true) => Some(b(|t| t.pause, TimerAction::Pause)),
                    Some(false) => Some(b(|t| t.resume, TimerAction::Resume)),
                    None => None,
                }}
                <Show when=move || {
                    running().is_some()
                }>
                    {b(|t| t.add_minute, TimerAction::Add)} {b(|t| t.reset, TimerAction::Reset)}
                </Show>
            </div>
            <div class="facil-row">
                <LockButton
                    locked=Signal::derive(locked)
                    lock=|t| t.lock
                    unlock=|t| t.unlock
                    on_toggle=Callback::new(move |lock: bool| {
                        session.run(move |c| async move { c.lock_canvas(id, canvas, lock).await });
                    })
                />
                <button
                    type="button"
                    class="button"
                    aria-pressed=move || if follow.presenting.get() { "true" } else { "false" }
                    on:click=move |_| follow.presenting.update(|p| *p = !*p)
                >
                    {move || {
                        let t = texts(i18n.lang());
                        if follow.presenting.get() { t.stop_present } else { t.present }
                    }}
                </button>
                <button type="button" class="button" on:click=move |_| follow.bring_everyone()>
                    {ft(i18n, |t| t.bring)}
                </button>
                <button
                    type="button"
                    class="button"
                    disabled=move || ctl.selected.with(|s| s.is_empty())
                    on:click=move |_| {
                        follow.spotlight_section.set(None);
                        follow.spotlight.set(ctl.selection().last().copied());
                        follow.presenting.set(true);
                    }
                >
                    {ft(i18n, |t| t.spotlight)}
                </button>
                <Toggle on=pointers.laser label=|t| t.laser />
                <ProjectorLink
                    client=session.client
                    route=Route::Projector(id, canvas)
                    error=session.error
                />
            </div>
            <div class="facil-row">
                <SpotlightSection ctl=ctl follow=follow />
            </div>
            <StageStep session=session />
            <PrivateControls ctl=ctl session=session />
            <Who session=session i18n=i18n />
            {move || {
                session
                    .error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="facil-error" role="alert">
                                {crate::components::error_text(i18n.t(), &e)}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

/// Who raised a hand and who is done, by name, with a way to start a new round.
#[component]
fn Who(session: Session, i18n: I18n) -> impl IntoView {
    let names = move |hands: bool| {
        session.state.with(|s| {
            s.as_ref()
                .and_then(|s| {
                    if hands {
                        s.hands_by.clone()
                    } else {
                        s.done_by.clone()
                    }
                })
                .unwrap_or_default()
        })
    };
    let list = move |hands: bool, key: FacilKey| {
        move || {
            let who = names(hands);
            let n = format_number(who.len() as i64);
            let t = texts(i18n.lang());
            view! {
                <div class="facil-who">
                    <h3>{fill(key(t), &[("n", &n)])}</h3>
                    {if who.is_empty() {
                        view! { <p class="facil-nobody">{t.nobody}</p> }.into_any()
                    } else {
                        view! {
                            <ul>
                                {who
                                    .into_iter()
                                    .map(|m| {
                                        view! {
                                            <li>
                                                <bdi>{name_of(m)}</bdi>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                </div>
            }
        }
    };
    let id = session.expedition;
    view! {
        <div class="facil-row facil-signals">
            {list(true, |t| t.hands)} {list(false, |t| t.done_count)}
            <button
                type="button"
                class="button"
                on:click=move |_| session.run(move |c| async move { c.clear_signals(id).await })
            >
                {ft(i18n, |t| t.clear_signals)}
            </button>
        </div>
    }
}
