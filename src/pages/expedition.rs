//! `/e/:id`: the expedition home. Title and challenge, the four-stage tracker, the invite
//! panel for facilitators and the partners by sector, all kept live by the event stream.

use hevruta_model::{
    EventKind, ExpeditionId, ExpeditionSnapshot, Member, Role, Route, Stage, UpdateExpedition,
};
use leptos::prelude::*;

use crate::client::{ApiClient, ApiError, FeedStream, StreamStatus};
use crate::components::{
    ErrorNotice, ExpeditionFields, FormErrors, PartnerList, StageTracker, focus_soon, use_announcer,
};
use crate::feed::{FeedPanel, FeedState};
use crate::i18n::{fill, format_date_time, isolate, use_i18n};
use crate::shell::{ExpeditionLoader, Live, Loaded, set_title, use_router};
use crate::state::sessions::SessionBook;

/// Shows the expedition `id` to this device's member.
#[component]
pub fn ExpeditionPage(id: ExpeditionId) -> impl IntoView {
    view! {
        <ExpeditionLoader
            id=id
            load=|_| async { Ok(()) }
            offline=crate::feed::offline::offline_home
            page=|loaded| view! { <ExpeditionHome loaded=loaded /> }
        />
    }
}

fn confirm(message: &str) -> bool {
    window().confirm_with_message(message).unwrap_or(false)
}

/// The sentence announced for an event, if it is news to this member.
fn announcement(
    event: &EventKind,
    before: &ExpeditionSnapshot,
    me: &Member,
    i18n: crate::i18n::I18n,
) -> Option<String> {
    let t = i18n.t_untracked();
    match event {
        EventKind::MemberJoined { member } if member.id != me.id => {
            Some(fill(t.announce_joined, &[("name", &member.display_name)]))
        }
        EventKind::MemberLeft { member_id } => before
            .members
            .iter()
            .find(|m| m.id == *member_id)
            .map(|m| fill(t.announce_left, &[("name", &m.display_name)])),
        EventKind::StageChanged { stage, by } if *by != me.id => Some(fill(
            t.announce_stage,
            &[
                ("n", &stage.number().to_string()),
                ("name", t.stage(*stage).name),
            ],
        )),
        EventKind::ExpeditionUpdated { by, .. } if *by != me.id => Some(t.announce_updated.into()),
        _ => None,
    }
}

#[component]
fn ExpeditionHome(loaded: Loaded<()>) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let router = use_router();
    let Loaded {
        client,
        me,
        expedition,
        ..
    } = loaded;
    let id = expedition.id;
    let is_facilitator = me.role == Role::Facilitator;

    // The feed's first page: one request; its items then arrive on the stream.
    let feed = FeedState::new();
    feed.load(&client, id);
    // What was read last stays on this device, for the home offline.
    let title = expedition.title.clone();
    Effect::new(move |_| {
        if let Some(page) = feed.page.get() {
            let kept = crate::feed::cache::Kept {
                title: title.clone(),
                page,
                at: js_sys::Date::now() as i64,
            };
            leptos::task::spawn_local(async move {
                let _ = crate::feed::cache::keep(id, &kept).await;
            });
        }
    });
    // Live: every event is folded into the snapshot and, when it is news, announced.
    let on_feed = std::rc::Rc::new(move |json: &str| {
        if let Some(item) = feed.apply_raw(json) {
            let t = crate::feed::texts::texts(i18n.lang_untracked());
            let text = crate::feed::ics::summary_of(&item.text);
            announcer.say(fill(t.arrived, &[("text", &isolate(&text))]));
        }
    });
    let Live {
        snapshot: snap,
        status,
    } = {
        let me = me.clone();
        Live::new(&expedition).follow_feed(
            &client,
            expedition.last_seq,
            FeedStream { on_feed },
            move |event, before| {
                if let Some(text) = announcement(&event.change, before, &me, i18n) {
                    announcer.say(text);
                }
            },
        )
    };

    // Keep the device's list of expeditions and the tab title in step with the snapshot.
    Effect::new(move |_| {
        let title = snap.with(|s| s.title.clone());
        SessionBook::edit(|b| {
            if let Some(s) = b.sessions.iter_mut().find(|s| s.expedition_id == id) {
                s.title = title.clone();
            }
        });
    });
    set_title(move || format!("{} · {}", snap.with(|s| s.title.clone()), i18n.t().app_name));

    // Replaces the snapshot with a newer one returned by a write.
    let adopt = move |new: ExpeditionSnapshot| {
        snap.update(|s| {
            if new.last_seq >= s.last_seq {
                *s = new;
            }
        })
    };

    let set_stage = Action::new_local({
        let client = client.clone();
        move |stage: &Stage| {
            let (client, stage) = (client.clone(), *stage);
            async move {
                adopt(client.set_stage(id, stage).await?);
                Ok::<_, ApiError>(())
            }
        }
    });
    let new_code = Action::new_local({
        let client = client.clone();
        move |_: &()| {
            let client = client.clone();
            async move {
                let res = client.regenerate_join_code(id).await?;
                snap.update(|s| s.join_code = Some(res.join_code));
                announcer.say(i18n.t_untracked().new_code_done);
                Ok::<_, ApiError>(())
            }
        }
    });
    let leave = Action::new_local({
        let client = client.clone();
        move |leave_for_good: &bool| {
            let (client, leave_for_good) = (client.clone(), *leave_for_good);
            async move {
                if leave_for_good {
                    client.leave(id).await?;
                } else {
                    // Signing out must work offline too: the device forgets the session
                    // regardless, except when it is the last facilitator's last one and
                    // they step back from the warning.
                    if let Err(ApiError::Conflict(p)) = client.sign_out(false).await
                        && p.code == hevruta_model::ProblemCode::LastFacilitator
                    {
                        if !confirm(i18n.t_untracked().last_session_confirm) {
                            return Ok(());
                        }
                        let _ = client.sign_out(true).await;
                    }
                }
                SessionBook::edit(|b| b.remove(id));
                router.go(&Route::Home);
                Ok::<_, ApiError>(())
            }
        }
    });

    let failure = Signal::derive(move || {
        [set_stage.value().get(), new_code.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::err)
    });
    // Shown by the buttons that leave, where the person who pressed one is looking.
    let leave_failure = Signal::derive(move || leave.value().get().and_then(Result::err));

    let live_label = move || {
        let t = i18n.t();
        match status.get() {
            StreamStatus::Connecting => t.live_connecting,
            StreamStatus::Live => t.live_on,
            StreamStatus::Reconnecting => t.live_reconnecting,
            StreamStatus::Ended => t.live_ended,
        }
    };
    let live_class = move || match status.get() {
        StreamStatus::Live => "live-pill is-live",
        StreamStatus::Ended => "live-pill is-ended",
        _ => "live-pill is-waiting",
    };

    let members = Signal::derive(move || snap.with(|s| s.members.clone()));
    let stage = Signal::derive(move || snap.with(|s| s.stage));
    // Stage 1's progress: partners who wrote a profile, and sectors none of them is from.
    let progress = Signal::derive(move || {
        let t = i18n.t();
        snap.with(|s| {
            let profiled = |m: &&hevruta_model::Member| {
                m.role != hevruta_model::Role::Viewer && s.profiled.contains(&m.id)
            };
            let total = s
                .members
                .iter()
                .filter(|m| m.role != hevruta_model::Role::Viewer);
            let (n, total) = (s.members.iter().filter(profiled).count(), total.count());
            let thin: Vec<&str> = hevruta_model::Sector::ALL
                .into_iter()
                .filter(|x| {
                    !s.members
                        .iter()
                        .filter(profiled)
                        .any(|m| m.sector == Some(*x))
                })
                .map(|x| t.sector(x).name)
                .collect();
            let count = |v: usize| v.to_string();
            let mut line = fill(
                t.profiles_progress,
                &[("n", &count(n)), ("total", &count(total))],
            );
            if !thin.is_empty() {
                line = format!(
                    "{line}. {}",
                    fill(t.thin_sectors, &[("sectors", &thin.join(", "))])
                );
            }
            line
        })
    });
    let me_id = me.id;
    let role = me.role;
    let feed_client = client.clone();
    let editing = RwSignal::new(false);

    view! {
        <div class="page expedition" class:projector=role == Role::Viewer>
            <header class="expedition-header">
                <div class="expedition-meta">
                    <p class="eyebrow">
                        <span dir="auto">{move || snap.with(|s| s.city.clone())}</span>
                        " · "
                        {move || i18n.t().role(role)}
                    </p>
                    <p class=live_class>
                        <span class="live-dot" aria-hidden="true"></span>
                        {live_label}
                    </p>
                </div>
                <Show
                    when=move || editing.get()
                    fallback=move || {
                        view! {
                            <h1 dir="auto">{move || snap.with(|s| s.title.clone())}</h1>
                            <div class="challenge">
                                <h2 class="label">{i18n.tr(|t| t.challenge_label)}</h2>
                                <p dir="auto">{move || snap.with(|s| s.challenge.clone())}</p>
                            </div>
                            {is_facilitator
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            id="edit-details"
                                            class="button button-quiet"
                                            on:click=move |_| editing.set(true)
                                        >
                                            {i18n.tr(|t| t.edit_details)}
                                        </button>
                                    }
                                })}
                        }
                    }
                >
                    <DetailsEditor
                        snapshot=snap.get_untracked()
                        client=client.clone()
                        on_done=Callback::new(move |updated: Option<ExpeditionSnapshot>| {
                            if let Some(new) = updated {
                                adopt(new);
                                announcer.say(i18n.t_untracked().details_saved);
                            }
                            editing.set(false);
                            focus_soon("edit-details");
                        })
                    />
                </Show>
                <Show when=move || status.get() == StreamStatus::Ended>
                    <p class="notice" role="alert">
                        {i18n.tr(|t| t.session_ended)}
                    </p>
                </Show>
                {(role == Role::Viewer)
                    .then(|| view! { <p class="hint">{i18n.tr(|t| t.viewer_notice)}</p> })}
            </header>
            <ErrorNotice error=failure />
            <div class="expedition-grid">
                <div class="expedition-main">
                    <FeedPanel id=id client=feed_client me=me.clone() state=feed members=members />
                    <StageTracker
                        expedition=id
                        progress=progress
                        stage=stage
                        can_edit=is_facilitator
                        pending=set_stage.pending()
                        on_set=Callback::new(move |s: Stage| {
                            set_stage.dispatch(s);
                        })
                    />
                    {is_facilitator
                        .then(|| {
                            view! {
                                <InvitePanel
                                    code=Signal::derive(move || {
                                        snap.with(|s| s.join_code.as_ref().map(|c| c.display()))
                                    })
                                    pending=new_code.pending()
                                    on_new_code=Callback::new(move |_| {
                                        if confirm(i18n.t_untracked().new_code_confirm) {
                                            new_code.dispatch(());
                                        }
                                    })
                                />
                            }
                        })}
                    <section class="panel" aria-labelledby="canvases-heading">
                        <h2 id="canvases-heading">{i18n.tr(|t| t.canvases_heading)}</h2>
                        <a href=Route::Canvases(id).to_string() class="button">
                            {i18n.tr(|t| t.canvases_open)}
                        </a>
                    </section>
                    <section class="panel" aria-labelledby="boards-heading">
                        <h2 id="boards-heading">{i18n.tr(|t| t.boards_heading)}</h2>
                        <a href=Route::Boards(id).to_string() class="button">
                            {i18n.tr(|t| t.boards_open)}
                        </a>
                    </section>
                </div>
                <PartnerList members=members me=me_id />
            </div>
            <footer class="expedition-actions">
                <ErrorNotice error=leave_failure />
                <a href=Route::Home.to_string() class="button button-quiet">
                    {i18n.tr(|t| t.switch_expedition)}
                </a>
                <a href=Route::Devices(id).to_string() class="button button-quiet">
                    {i18n.tr(|t| t.your_devices)}
                </a>
                <button
                    type="button"
                    class="button button-quiet"
                    on:click=move |_| {
                        leave.dispatch(false);
                    }
                >
                    {i18n.tr(|t| t.sign_out)}
                </button>
                <button
                    type="button"
                    class="button button-danger"
                    on:click=move |_| {
                        if confirm(i18n.t_untracked().leave_confirm) {
                            leave.dispatch(true);
                        }
                    }
                >
                    {i18n.tr(|t| t.leave)}
                </button>
                <p class="hint">
                    {move || fill(i18n.t().joined_at, &[("when", &format_date_time(me.joined_at))])}
                </p>
            </footer>
        </div>
    }
}

/// The facilitator's form for the title, city and challenge.
#[component]
fn DetailsEditor(
    snapshot: ExpeditionSnapshot,
    client: ApiClient,
    /// Called with the saved snapshot, or `None` when cancelled.
    on_done: Callback<Option<ExpeditionSnapshot>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = snapshot.id;
    let title = RwSignal::new(snapshot.title.clone());
    let city = RwSignal::new(snapshot.city.clone());
    let challenge = RwSignal::new(snapshot.challenge.clone());
    Effect::new(move |_| focus_soon("edit-title"));
    let save = Action::new_local(move |req: &UpdateExpedition| {
        let (client, req) = (client.clone(), req.clone());
        async move {
            let saved = client.update_expedition(id, &req).await?;
            on_done.run(Some(saved));
            Ok::<_, ApiError>(())
        }
    });
    let errors = FormErrors::new(save.value());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Only what changed, so a newer edit of another field (another tab) is not undone.
        let changed = |now: String, before: &str| (now.trim() != before).then_some(now);
        let req = UpdateExpedition {
            title: changed(title.get_untracked(), &snapshot.title),
            city: changed(city.get_untracked(), &snapshot.city),
            challenge: changed(challenge.get_untracked(), &snapshot.challenge),
        };
        if req == UpdateExpedition::default() {
            on_done.run(None);
            return;
        }
        match req.validate() {
            Err(e) => errors.check(e),
            Ok(_) => {
                errors.check(Vec::new());
                save.dispatch(req);
            }
        }
    };
    view! {
        <form class="details-editor" on:submit=on_submit novalidate>
            <ExpeditionFields
                prefix="edit"
                title=title
                city=city
                challenge=challenge
                errors=errors
            />
            <ErrorNotice error=errors.general />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || save.pending().get()
                >
                    {i18n.tr(|t| t.save)}
                </button>
                <button
                    type="button"
                    class="button button-quiet"
                    on:click=move |_| on_done.run(None)
                >
                    {i18n.tr(|t| t.cancel)}
                </button>
            </div>
        </form>
    }
}

/// The join code and invite link, for facilitators.
#[component]
fn InvitePanel(
    #[prop(into)] code: Signal<Option<String>>,
    #[prop(into)] pending: Signal<bool>,
    on_new_code: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let link = move || {
        let origin = window().location().origin().unwrap_or_default();
        code.get().map(|c| format!("{origin}{}", Route::Join(c)))
    };
    let copy = move |_| {
        let Some(link) = link() else { return };
        crate::browser::copy_text(&link, move |ok| {
            let t = i18n.t_untracked();
            announcer.say(if ok { t.copied } else { t.copy_failed });
        });
    };
    view! {
        <section class="panel invite-panel" aria-labelledby="invite-heading">
            <h2 id="invite-heading">{i18n.tr(|t| t.invite_heading)}</h2>
            <p class="hint">{i18n.tr(|t| t.invite_intro)}</p>
            <dl class="join-code-block">
                <dt class="join-code-label">{i18n.tr(|t| t.join_code_label)}</dt>
                <dd class="join-code" dir="ltr">
                    {move || code.get().unwrap_or_default()}
                </dd>
            </dl>
            <p class="invite-link" dir="ltr">
                {link}
            </p>
            <div class="button-row">
                <button type="button" class="button" on:click=copy>
                    {i18n.tr(|t| t.copy_invite_link)}
                </button>
                <button
                    type="button"
                    class="button button-quiet"
                    disabled=move || pending.get()
                    on:click=move |_| on_new_code.run(())
                >
                    {i18n.tr(|t| t.new_code)}
                </button>
            </div>
        </section>
    }
}
