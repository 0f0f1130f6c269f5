//! A card's thread: its comments, newest last, links made safe, and a way to add one.

use hevruta_model::board::{CardId, Comment, CommentId, NewComment};
use leptos::prelude::*;

use super::ctx::BoardCtx;
use super::links::{Segment, segments};
use super::texts::{bt, texts};
use crate::browser::new_uuid;
use crate::client::ApiError;
use crate::components::ErrorNotice;
use crate::i18n::{format_number, plural_category};

/// The card's thread, newest last, with links made safe; shown on demand.
#[component]
pub fn Comments(ctx: BoardCtx, card: CardId) -> impl IntoView {
    let i18n = ctx.i18n;
    let open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<ApiError>);
    let thread = move || {
        ctx.board.with(|b| {
            b.comments
                .iter()
                .filter(|c| c.card_id == card)
                .cloned()
                .collect::<Vec<Comment>>()
        })
    };
    let count = move || {
        ctx.board
            .with(|b| b.comments.iter().filter(|c| c.card_id == card).count())
    };
    let label = move || {
        let n = count() as u64;
        texts(i18n.lang())
            .comments_heading
            .pick(&plural_category(n))
            .replace("{n}", &format_number(n as i64))
    };
    let panel = format!("comments-{card}");
    let send = move || {
        let body = text.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        let new = NewComment {
            id: CommentId(new_uuid()),
            text: body,
        };
        let client = ctx.client.get_value();
        leptos::task::spawn_local(async move {
            match client
                .add_comment(ctx.expedition, ctx.board_id, card, &new)
                .await
            {
                Ok(comment) => {
                    text.set(String::new());
                    failed.set(None);
                    ctx.board.update(|b| {
                        b.fold(&hevruta_model::board::BoardChange::CommentAdded { comment });
                    });
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <div class="card-comments">
            <button
                type="button"
                class="button button-quiet"
                aria-expanded=move || open.get().to_string()
                aria-controls=panel.clone()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {label}
            </button>
            <Show when=move || open.get()>
                <div class="comments-panel" id=panel.clone()>
                    <Show
                        when=move || count() != 0
                        fallback=move || view! { <p class="hint">{bt(i18n, |t| t.no_comments)}</p> }
                    >
                        <ol class="comment-list">
                            <For each=thread key=|c| c.id let:c>
                                <li class="comment">
                                    <span class="comment-author">{ctx.name_of(c.author)}</span>
                                    " "
                                    <span class="comment-text" dir="auto">
                                        {segments(&c.text)
                                            .into_iter()
                                            .map(|s| match s {
                                                Segment::Text(t) => t.into_any(),
                                                Segment::Link(href) => {
                                                    view! {
                                                        <a
                                                            href=href.clone()
                                                            rel="noopener noreferrer nofollow ugc"
                                                            target="_blank"
                                                        >
                                                            {href.clone()}
                                                        </a>
                                                    }
                                                        .into_any()
                                                }
                                            })
                                            .collect_view()}
                                    </span>
                                </li>
                            </For>
                        </ol>
                    </Show>
                    {(ctx.can_write())
                        .then(|| {
                            view! {
                                <form
                                    class="comment-form"
                                    on:submit=move |ev| {
                                        ev.prevent_default();
                                        send();
                                    }
                                >
                                    <label for=format!(
                                        "comment-{card}",
                                    )>{bt(i18n, |t| t.comment_label)}</label>
                                    <textarea
                                        id=format!("comment-{card}")
                                        maxlength="1000"
                                        rows="2"
                                        prop:value=move || text.get()
                                        on:input:target=move |ev| text.set(ev.target().value())
                                    ></textarea>
                                    <button type="submit" class="button">
                                        {bt(i18n, |t| t.comment_send)}
                                    </button>
                                </form>
                            }
                        })}
                    <ErrorNotice error=failed />
                </div>
            </Show>
        </div>
    }
}
