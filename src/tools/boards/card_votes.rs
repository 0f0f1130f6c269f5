//! A card's votes: the total, the member's own, and "+"/"−" within the board's budget and
//! per-card cap, saying why not when a vote cannot be added.

use hevruta_model::board::CardId;
use leptos::prelude::*;

use super::ctx::BoardCtx;
use super::texts::{bt, texts};
use crate::client::ApiError;
use crate::components::ErrorNotice;
use crate::i18n::{fill, format_number, isolate, plural_category};

#[component]
pub fn Votes(ctx: BoardCtx, card: CardId, title: String) -> impl IntoView {
    let i18n = ctx.i18n;
    let failed = RwSignal::new(None::<ApiError>);
    let state = move || {
        ctx.board.with(|b| {
            let (mine, spent) = b.votes_of(ctx.me, card);
            (
                mine,
                spent,
                b.total_votes(card),
                b.board.vote_budget,
                b.board.per_card(),
            )
        })
    };
    let can_add = move || {
        let (mine, spent, _, budget, cap) = state();
        ctx.can_write() && spent < budget && mine < cap
    };
    let why_not = move || {
        let (mine, spent, _, budget, cap) = state();
        let t = texts(i18n.lang());
        if !ctx.can_write() {
            None
        } else if spent >= budget {
            Some(t.no_votes_left.to_owned())
        } else if mine >= cap {
            Some(fill(
                t.cap_reached,
                &[("cap", &format_number(i64::from(cap)))],
            ))
        } else {
            None
        }
    };
    let total = move || {
        let (mine, _, total, _, _) = state();
        let t = texts(i18n.lang());
        let mut s = t
            .vote_total
            .pick(&plural_category(u64::from(total)))
            .replace("{n}", &format_number(i64::from(total)));
        if mine > 0 {
            s.push_str(" · ");
            s.push_str(&fill(t.my_votes, &[("n", &format_number(i64::from(mine)))]));
        }
        s
    };
    let (t1, t2) = (title.clone(), title);
    let label_add = move || fill(texts(i18n.lang()).vote_add, &[("card", &isolate(&t1))]);
    let label_remove = move || fill(texts(i18n.lang()).vote_remove, &[("card", &isolate(&t2))]);
    let why_id = format!("why-{card}");
    let why_ref = why_id.clone();
    view! {
        <div class="card-votes" role="group" aria-label=bt(i18n, |t| t.votes_heading)>
            {(ctx.can_write())
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button vote-button"
                            aria-label=label_remove.clone()
                            disabled=move || state().0 == 0
                            on:click=move |_| ctx.vote(card, state().0.saturating_sub(1), failed)
                        >
                            "−"
                        </button>
                    }
                })}
            <span class="vote-total">{total}</span>
            {(ctx.can_write())
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button vote-button"
                            aria-label=label_add.clone()
                            aria-describedby=why_ref.clone()
                            disabled=move || !can_add()
                            on:click=move |_| ctx.vote(card, state().0 + 1, failed)
                        >
                            "+"
                        </button>
                    }
                })}
            <span class="hint vote-why" id=why_id>
                {why_not}
            </span>
            <ErrorNotice error=failed />
        </div>
    }
}
