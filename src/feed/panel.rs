//! The feed on the expedition home: unread count and "mark all read", the facilitator's
//! form, the upcoming dates, the digest, then the items with reactions and replies.

use hevruta_model::feed::{FeedItem, FeedKind, PostReply, Reaction, SetFeedReaction};
use hevruta_model::{ExpeditionId, Member, MemberId};
use leptos::prelude::*;

use super::post_form::PostForm;
use super::state::{FeedState, digest_sentence};
use super::texts::{FeedTexts, ft, texts};
use crate::client::{ApiClient, ApiError};
use crate::components::ErrorNotice;
use crate::i18n::{I18n, fill, format_date_time, isolate, use_i18n};
use crate::tools::circles::linkify::{Segment, segments};

fn t(i18n: I18n) -> &'static FeedTexts {
    texts(i18n.lang())
}

/// Plain text with its http(s) addresses as links; never HTML.
fn linked(text: &str) -> Vec<AnyView> {
    segments(text)
        .into_iter()
        .map(|s| match s {
            Segment::Text(t) => t.to_owned().into_any(),
            Segment::Link(href) => view! {
                <a
                    href=href.to_owned()
                    dir="ltr"
                    rel="noopener noreferrer nofollow"
                    target="_blank"
                >
                    {href.to_owned()}
                </a>
            }
            .into_any(),
        })
        .collect()
}

fn reaction_name(t: &FeedTexts, r: Reaction) -> &'static str {
    match r {
        Reaction::Thanks => t.thanks,
        Reaction::Going => t.going,
        Reaction::Idea => t.idea,
        Reaction::Celebrate => t.celebrate,
    }
}

/// When an item is about: its date, time and zone as written, and its place.
fn when_line(item: &FeedItem) -> Option<String> {
    let date = item.date.as_deref()?;
    let mut s = date.to_owned();
    if let Some(time) = &item.time {
        s = format!("{s} {time}");
    }
    if let Some(zone) = &item.time_zone {
        s = format!("{s} ({zone})");
    }
    if let Some(place) = &item.place {
        s = format!("{s} · {place}");
    }
    Some(s)
}

/// The feed of expedition `id` for `me`; `state` is filled by the page and its stream.
#[component]
pub fn FeedPanel(
    id: ExpeditionId,
    client: ApiClient,
    me: Member,
    state: FeedState,
    /// The members, to name authors.
    #[prop(into)]
    members: Signal<Vec<Member>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let me_id = me.id;
    let is_facilitator = me.role == hevruta_model::Role::Facilitator;
    let can_write = me.role.can_write();
    let page = state.page;

    let mark_read = Action::new_local({
        let client = client.clone();
        move |_: &()| {
            let client = client.clone();
            async move {
                let seq = page.with_untracked(|p| p.as_ref().map_or(0, |p| p.last_seq));
                let read = client.mark_feed_read(id, seq).await?;
                page.update(|p| {
                    if let Some(p) = p {
                        p.read = read;
                    }
                });
                Ok::<_, ApiError>(())
            }
        }
    });
    let older = Action::new_local({
        let client = client.clone();
        move |cursor: &String| {
            let (client, cursor) = (client.clone(), cursor.clone());
            async move {
                let more = client.feed(id, Some(&cursor)).await?;
                page.update(|p| {
                    if let Some(p) = p {
                        p.items.extend(more.items);
                        p.next_cursor = more.next_cursor;
                    }
                });
                Ok::<_, ApiError>(())
            }
        }
    });
    let failure = Signal::derive(move || {
        [mark_read.value().get(), older.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::err)
    });

    let unread = move || page.with(|p| p.as_ref().map_or(0, |p| p.read.unread));
    let name_of = move |m: MemberId| {
        members.with(|ms| {
            ms.iter()
                .find(|x| x.id == m)
                .map(|x| x.display_name.clone())
                .unwrap_or_default()
        })
    };

    view! {
        <section class="panel feed" aria-labelledby="feed-heading">
            <div class="feed-head">
                <h2 id="feed-heading">{ft(i18n, |t| t.heading)}</h2>
                <Show when=move || { unread() > 0 }>
                    <span class="feed-badge">
                        {move || fill(t(i18n).unread, &[("n", &unread().to_string())])}
                    </span>
                </Show>
                <button
                    type="button"
                    class="button button-quiet"
                    disabled=move || unread() == 0 || mark_read.pending().get()
                    on:click=move |_| {
                        mark_read.dispatch(());
                    }
                >
                    {ft(i18n, |t| t.mark_all_read)}
                </button>
            </div>
            {move || {
                state
                    .offline_since
                    .get()
                    .map(|when| {
                        view! {
                            <p class="notice feed-offline" role="status">
                                {fill(t(i18n).offline, &[("when", &format_date_time(when))])}
                            </p>
                        }
                    })
            }}
            <ErrorNotice error=failure />
            {is_facilitator.then(|| view! { <PostForm id=id client=client.clone() state=state /> })}
            {move || {
                page.with(|p| p.as_ref().map(|p| p.upcoming.clone()))
                    .filter(|u| !u.is_empty())
                    .map(|upcoming| {
                        view! {
                            <section class="feed-upcoming" aria-labelledby="upcoming-heading">
                                <h3 id="upcoming-heading">{ft(i18n, |t| t.upcoming_heading)}</h3>
                                <ul class="feed-list">
                                    {upcoming
                                        .into_iter()
                                        .map(|item| {
                                            let when = when_line(&item).unwrap_or_default();
                                            let summary = super::ics::summary_of(&item.text);
                                            view! {
                                                <li class="upcoming-item">
                                                    <p class="upcoming-when" dir="auto">
                                                        {when}
                                                    </p>
                                                    <p dir="auto">{summary}</p>
                                                    <button
                                                        type="button"
                                                        class="button"
                                                        on:click=move |_| super::calendar::download(&item)
                                                    >
                                                        {ft(i18n, |t| t.add_to_calendar)}
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })
            }}
            {move || {
                page.with(|p| p.as_ref().map(|p| p.digest.clone()))
                    .filter(|d| !d.is_empty())
                    .map(|digest| {
                        view! {
                            <section class="feed-digest" aria-labelledby="digest-heading">
                                <h3 id="digest-heading">{ft(i18n, |t| t.digest_heading)}</h3>
                                <ul class="feed-list">
                                    {digest
                                        .into_iter()
                                        .map(|line| {
                                            let previews = line
                                                .previews
                                                .iter()
                                                .map(|p| isolate(p))
                                                .collect::<Vec<_>>()
                                                .join(", ");
                                            view! {
                                                <li>
                                                    {move || digest_sentence(t(i18n), &line)}
                                                    {(!previews.is_empty())
                                                        .then(|| {
                                                            view! {
                                                                <span class="digest-previews" dir="auto">
                                                                    {format!(" ({previews})")}
                                                                </span>
                                                            }
                                                        })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })
            }}
            {move || match page.with(|p| p.as_ref().map(|p| p.items.is_empty())) {
                None => view! { <p class="hint">"…"</p> }.into_any(),
                Some(true) => view! { <p class="hint">{ft(i18n, |t| t.empty)}</p> }.into_any(),
                Some(false) => ().into_any(),
            }}
            <ol class="feed-items">
                <For
                    each=move || {
                        page.with(|p| p.as_ref().map(|p| p.items.clone()).unwrap_or_default())
                    }
                    key=|item| {
                        let reactions: Vec<_> = item
                            .reactions
                            .iter()
                            .map(|r| (r.reaction, r.by.clone()))
                            .collect();
                        (item.id, reactions, item.replies.len())
                    }
                    let:item
                >
                    <FeedItemView
                        id=id
                        client=client.clone()
                        state=state
                        unread=Signal::derive({
                            let item = item.clone();
                            move || {
                                page.with(|p| p.as_ref().is_some_and(|p| p.is_unread(&item, me_id)))
                            }
                        })
                        author=name_of(item.author)
                        reply_authors=item.replies.iter().map(|r| name_of(r.author)).collect()
                        me=me_id
                        can_write=can_write
                        item=item
                    />
                </For>
            </ol>
            {move || {
                page.with(|p| p.as_ref().and_then(|p| p.next_cursor.clone()))
                    .map(|cursor| {
                        view! {
                            <button
                                type="button"
                                class="button button-quiet"
                                disabled=move || older.pending().get()
                                on:click=move |_| {
                                    older.dispatch(cursor.clone());
                                }
                            >
                                {ft(i18n, |t| t.older)}
                            </button>
                        }
                    })
            }}
        </section>
    }
}

/// One announcement or milestone with its reactions and replies.
#[component]
fn FeedItemView(
    id: ExpeditionId,
    client: ApiClient,
    state: FeedState,
    item: FeedItem,
    #[prop(into)] unread: Signal<bool>,
    author: String,
    /// The name of each reply's author, in the replies' order.
    reply_authors: Vec<String>,
    me: MemberId,
    can_write: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let item_id = item.id;
    let adopt = move |new: FeedItem| {
        state.page.update(|p| {
            if let Some(p) = p {
                p.upsert(new);
            }
        })
    };
    let react = Action::new_local({
        let client = client.clone();
        move |req: &SetFeedReaction| {
            let (client, req) = (client.clone(), *req);
            async move {
                adopt(client.set_feed_reaction(id, item_id, &req).await?);
                Ok::<_, ApiError>(())
            }
        }
    });
    let reply_text = RwSignal::new(String::new());
    let reply = Action::new_local({
        let client = client.clone();
        move |text: &String| {
            let (client, req) = (client.clone(), PostReply { text: text.clone() });
            async move {
                adopt(client.reply_to_feed_item(id, item_id, &req).await?);
                reply_text.set(String::new());
                Ok::<_, ApiError>(())
            }
        }
    });
    let failure = Signal::derive(move || {
        react
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| reply.value().get().and_then(Result::err))
    });
    let kind = item.kind;
    let when = when_line(&item);
    let replies = item.replies.clone();
    let reply_field = format!("reply-{item_id}");
    let reactions = Reaction::ALL
        .into_iter()
        .map(|r| {
            let (mine, count) = item.reaction_count(me, r);
            let label = move || {
                format!(
                    "{} {}{}",
                    r.emoji(),
                    reaction_name(t(i18n), r),
                    if count > 0 {
                        format!(" · {count}")
                    } else {
                        String::new()
                    }
                )
            };
            view! {
                <button
                    type="button"
                    class="button reaction"
                    aria-pressed=if mine { "true" } else { "false" }
                    disabled=move || !can_write || react.pending().get()
                    on:click=move |_| {
                        react
                            .dispatch(SetFeedReaction {
                                reaction: r,
                                on: !mine,
                            });
                    }
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    let on_reply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reply_text.get_untracked();
        if !text.trim().is_empty() {
            reply.dispatch(text);
        }
    };
    view! {
        <li class="feed-item" class:is-unread=move || unread.get()>
            <article aria-labelledby=format!("item-{item_id}")>
                <p class="feed-item-meta">
                    <span class="feed-kind" class:milestone=kind == FeedKind::Milestone>
                        {move || match kind {
                            FeedKind::Announcement => t(i18n).announcement,
                            FeedKind::Milestone => t(i18n).milestone,
                        }}
                    </span>
                    <Show when=move || unread.get()>
                        <span class="feed-new">{ft(i18n, |t| t.new_mark)}</span>
                    </Show>
                    <span dir="auto">{author}</span>
                    <span>{format_date_time(item.at)}</span>
                </p>
                <p class="feed-text" id=format!("item-{item_id}") dir="auto">
                    {linked(&item.text)}
                </p>
                {when
                    .map(|w| {
                        view! {
                            <p class="feed-when" dir="auto">
                                {w}
                            </p>
                        }
                    })}
                {item
                    .link
                    .clone()
                    .map(|l| {
                        view! {
                            <p class="feed-link">
                                <a
                                    href=l.clone()
                                    dir="ltr"
                                    rel="noopener noreferrer nofollow"
                                    target="_blank"
                                >
                                    {l.clone()}
                                </a>
                            </p>
                        }
                    })}
                <div class="reactions">{reactions}</div>
                <ErrorNotice error=failure />
                {(!replies.is_empty())
                    .then(|| {
                        view! {
                            <details class="feed-replies">
                                <summary>
                                    {move || fill(
                                        t(i18n).replies,
                                        &[("n", &replies.len().to_string())],
                                    )}
                                </summary>
                                <ul class="feed-list">
                                    {item
                                        .replies
                                        .iter()
                                        .zip(reply_authors)
                                        .map(|(r, name)| {
                                            view! {
                                                <li class="feed-reply">
                                                    <span class="reply-author" dir="auto">
                                                        {name}
                                                    </span>
                                                    <span dir="auto">{linked(&r.text)}</span>
                                                    <span class="hint">{format_date_time(r.at)}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </details>
                        }
                    })}
                {can_write
                    .then(|| {
                        let field = reply_field.clone();
                        view! {
                            <form class="reply-form" on:submit=on_reply novalidate>
                                <label for=field.clone()>{ft(i18n, |t| t.reply_label)}</label>
                                <input
                                    id=field
                                    type="text"
                                    maxlength="1000"
                                    dir="auto"
                                    prop:value=move || reply_text.get()
                                    on:input:target=move |ev| reply_text.set(ev.target().value())
                                />
                                <button
                                    type="submit"
                                    class="button"
                                    disabled=move || reply.pending().get()
                                >
                                    {ft(i18n, |t| t.send_reply)}
                                </button>
                            </form>
                        }
                    })}
            </article>
        </li>
    }
}
