//! `/e/{id}/devices`: people and their devices. A member makes a sign-in link (and its QR
//! code) that signs them in on another device, sees where they are signed in and signs
//! out there; a facilitator makes others co-facilitator (or participant again) and makes a
//! sign-in link for someone who lost their device. Roles follow the stream live. Its own
//! bundle (`devices.html`), beside the circles' pages whose navigation it shares.

use hevruta_model::{
    Bundle, DeviceLink, DeviceSession, DeviceSessions, ExpeditionId, Member, MemberId, PersonRole,
    Role, Route, SessionId,
};
use leptos::prelude::*;

use super::ToolNav;
use super::texts::{ct, texts};
use crate::client::{ApiClient, ApiError};
use crate::components::{ErrorNotice, use_announcer};
use crate::i18n::{fill, format_date_time, format_number, isolate, use_i18n};
use crate::pages::NotFoundPage;
use crate::shell::{ExpeditionLoader, Live, Loaded, Shell, set_title};
use crate::tools::facilitation::qr::QrCode;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// The devices bundle (`devices.html`, `src/bin/devices.rs`): one page, in the shell.
#[component]
pub fn DevicesApp() -> impl IntoView {
    view! { <Shell bundle=Bundle::Devices page=devices_page /> }
}

fn devices_page(route: Option<Route>) -> AnyView {
    match route {
        Some(Route::Devices(id)) => view! { <DevicesPage id=id /> }.into_any(),
        // Other pages are other bundles': the server never answers them with this one.
        _ => view! { <NotFoundPage /> }.into_any(),
    }
}

#[component]
pub fn DevicesPage(id: ExpeditionId) -> impl IntoView {
    view! {
        <ExpeditionLoader
            id=id
            load=move |client| async move { client.my_sessions(id).await }
            page=|loaded| view! { <Devices loaded=loaded /> }
        />
    }
}

/// The address that redeems `link` on another device (`/session#link=…`): the secret sits
/// in the fragment, so it never reaches a server log.
fn link_address(link: &DeviceLink) -> String {
    let origin = window().location().origin().unwrap_or_default();
    format!("{origin}{}#link={}", Route::Session, link.secret)
}

#[component]
fn Devices(loaded: Loaded<DeviceSessions>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        client,
        me,
        expedition,
        data,
    } = loaded;
    let id = expedition.id;
    set_title(move || format!("{} · Hevruta", ct(i18n, |t| t.devices_heading)()));
    let live = Live::new(&expedition).follow(&client, expedition.last_seq, None, |_, _| {});
    let members = Signal::derive(move || live.snapshot.with(|s| s.members.clone()));
    // The role as it is now: a co-facilitator made while this page is open gets the panel.
    let facilitator = Memo::new(move |_| {
        members.with(|m| {
            m.iter()
                .any(|m| m.id == me.id && m.role == Role::Facilitator)
        })
    });
    let idle_days = data.idle_timeout_ms / DAY_MS;
    let sessions = RwSignal::new(data.sessions);
    let client = StoredValue::new(client);
    view! {
        <div class="page tool-page narrow devices-page">
            <ToolNav id=id current=Route::Devices(id) />
            <h1>{ct(i18n, |t| t.devices_heading)}</h1>
            <p class="lead">{ct(i18n, |t| t.devices_lead)}</p>
            <OwnLink id=id client=client />
            <Sessions id=id client=client sessions=sessions idle_days=idle_days />
            <Show when=move || facilitator.get()>
                <People id=id client=client members=members me=me.id />
            </Show>
        </div>
    }
}

/// "Sign in on another device": a sign-in link for oneself, with its QR code.
#[component]
fn OwnLink(id: ExpeditionId, client: StoredValue<ApiClient>) -> impl IntoView {
    let i18n = use_i18n();
    let make = Action::new_local(move |_: &()| {
        let client = client.get_value();
        async move { client.my_device_link(id).await }
    });
    let link = Signal::derive(move || make.value().get().and_then(Result::ok));
    let failure = Signal::derive(move || make.value().get().and_then(Result::err));
    view! {
        <section class="panel" aria-labelledby="link-heading">
            <h2 id="link-heading">{ct(i18n, |t| t.link_heading)}</h2>
            <button
                type="button"
                class="button button-primary"
                disabled=make.pending()
                on:click=move |_| {
                    make.dispatch(());
                }
            >
                {ct(i18n, |t| t.link_make)}
            </button>
            <ErrorNotice error=failure />
            {move || link.get().map(|link| view! { <SignInLink link=link for_name=None /> })}
        </section>
    }
}

/// A sign-in link made just now: its QR code, the address, a copy button and until when it
/// works. `for_name`: whom it signs in, when it is not the reader.
#[component]
fn SignInLink(link: DeviceLink, for_name: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let address = link_address(&link);
    let until = format_date_time(link.expires_at);
    let hint = move || {
        let t = texts(i18n.lang());
        match &for_name {
            Some(name) => fill(
                t.link_for_hint,
                &[("name", &isolate(name)), ("time", &until)],
            ),
            None => fill(t.link_hint, &[("time", &until)]),
        }
    };
    let copy = {
        let address = address.clone();
        move |_| {
            let t = texts(i18n.lang_untracked());
            crate::browser::copy_text(&address, move |ok| {
                announcer.say(if ok {
                    t.link_copied
                } else {
                    t.link_copy_failed
                });
            });
        }
    };
    view! {
        <div class="sign-in-link">
            <QrCode link=address.clone() label=texts(i18n.lang_untracked()).link_qr />
            <p class="invite-link" dir="ltr">
                {address.clone()}
            </p>
            <p class="hint">{hint}</p>
            <button type="button" class="button" on:click=copy>
                {ct(i18n, |t| t.link_copy)}
            </button>
        </div>
    }
}

/// Where the member is signed in, newest first; they can sign out on any other device.
#[component]
fn Sessions(
    id: ExpeditionId,
    client: StoredValue<ApiClient>,
    sessions: RwSignal<Vec<DeviceSession>>,
    idle_days: u64,
) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let end = Action::new_local(move |session: &SessionId| {
        let (client, session) = (client.get_value(), *session);
        async move {
            client.end_my_session(id, session).await?;
            sessions.update(|all| all.retain(|s| s.id != session));
            announcer.say(texts(i18n.lang_untracked()).session_ended);
            Ok::<_, ApiError>(())
        }
    });
    let failure = Signal::derive(move || end.value().get().and_then(Result::err));
    let row = move |s: DeviceSession| {
        let line = fill(
            texts(i18n.lang_untracked()).session_line,
            &[
                ("since", &format_date_time(s.created_at)),
                ("used", &format_date_time(s.last_used_at)),
            ],
        );
        let session = s.id;
        view! {
            <li class="device">
                <span class="device-line">
                    {s.device.clone().map(|d| view! { <strong dir="ltr">{d}</strong> })}
                    {s
                        .current
                        .then(|| {
                            view! { <span class="badge">{ct(i18n, |t| t.this_device)}</span> }
                        })} <span>{line}</span>
                </span>
                {(!s.current)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button-quiet"
                                disabled=end.pending()
                                on:click=move |_| {
                                    end.dispatch(session);
                                }
                            >
                                {ct(i18n, |t| t.session_end)}
                            </button>
                        }
                    })}
            </li>
        }
    };
    view! {
        <section class="panel" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{ct(i18n, |t| t.sessions_heading)}</h2>
            <ul class="device-list">
                <For each=move || sessions.get() key=|s| s.id let:s>
                    {row(s)}
                </For>
            </ul>
            <ErrorNotice error=failure />
            <p class="hint">
                {move || {
                    fill(
                        texts(i18n.lang()).idle_note,
                        &[("days", &format_number(idle_days as i64))],
                    )
                }}
            </p>
        </section>
    }
}

/// The facilitator's view of people: each one's role, a switch to co-facilitator (or back
/// to participant), and a sign-in link for someone who lost their device.
#[component]
fn People(
    id: ExpeditionId,
    client: StoredValue<ApiClient>,
    #[prop(into)] members: Signal<Vec<Member>>,
    me: MemberId,
) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let people = Memo::new(move |_| {
        members.with(|m| {
            m.iter()
                .filter(|m| m.role != Role::Viewer)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let set_role = Action::new_local(move |(member, role): &(MemberId, PersonRole)| {
        let (client, member, role) = (client.get_value(), *member, *role);
        async move {
            let changed = client.set_member_role(id, member, role).await?;
            announcer.say(fill(
                texts(i18n.lang_untracked()).role_changed,
                &[
                    ("name", &isolate(&changed.display_name)),
                    ("role", i18n.t_untracked().role(changed.role)),
                ],
            ));
            Ok::<_, ApiError>(changed)
        }
    });
    // The link made last, and for whom.
    let link_for = Action::new_local(move |member: &MemberId| {
        let (client, member) = (client.get_value(), *member);
        async move {
            client
                .device_link_for(id, member)
                .await
                .map(|link| (member, link))
        }
    });
    let failure = Signal::derive(move || {
        set_role
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| link_for.value().get().and_then(Result::err))
    });
    let row = move |m: Member| {
        let member = m.id;
        let is_me = member == me;
        let name = m.display_name.clone();
        let (label, to): (fn(&'static super::texts::CirclesTexts) -> &'static str, _) =
            if m.role == Role::Facilitator {
                (|t| t.make_participant, PersonRole::Participant)
            } else {
                (|t| t.make_facilitator, PersonRole::Facilitator)
            };
        let shown = move || {
            link_for
                .value()
                .get()
                .and_then(Result::ok)
                .filter(|(whom, _)| *whom == member)
        };
        view! {
            <li class="person">
                <span class="person-line">
                    <span class="member-name" dir="auto">
                        {m.display_name.clone()}
                    </span>
                    <span class="badge">{move || i18n.t().role(m.role)}</span>
                </span>
                <span class="button-row">
                    <button
                        type="button"
                        class="button button-quiet"
                        disabled=set_role.pending()
                        aria-describedby=format!("person-{member}")
                        on:click=move |_| {
                            set_role.dispatch((member, to));
                        }
                    >
                        {ct(i18n, label)}
                    </button>
                    {(!is_me)
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    disabled=link_for.pending()
                                    aria-describedby=format!("person-{member}")
                                    on:click=move |_| {
                                        link_for.dispatch(member);
                                    }
                                >
                                    {ct(i18n, |t| t.link_for)}
                                </button>
                            }
                        })}
                </span>
                <span id=format!("person-{member}") hidden>
                    {name.clone()}
                </span>
                {move || {
                    shown()
                        .map(|(_, link)| {
                            view! { <SignInLink link=link for_name=Some(name.clone()) /> }
                        })
                }}
            </li>
        }
    };
    view! {
        <section class="panel" aria-labelledby="people-heading">
            <h2 id="people-heading">{ct(i18n, |t| t.people_heading)}</h2>
            <p class="hint">{ct(i18n, |t| t.people_lead)}</p>
            <ErrorNotice error=failure />
            <ul class="people-list">
                <For each=move || people.get() key=|m| (m.id, m.role) let:m>
                    {row(m)}
                </For>
            </ul>
        </section>
    }
}
