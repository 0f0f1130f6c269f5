//! "from the learning …" on a card made from a circle-3 learning: a link to that learning
//! on the circles page, titled as the learning is now. A learning hidden or deleted since
//! is named without a link.

use hevruta_model::Route;
use leptos::prelude::*;
use uuid::Uuid;

use super::ctx::BoardCtx;
use super::texts::texts;

/// The learning's page address: the circles page, scrolled to the learning.
pub fn learning_href(ctx: BoardCtx, learning: Uuid) -> String {
    format!("{}#learning-{learning}", Route::Circles(ctx.expedition))
}

#[component]
pub fn FromLearning(ctx: BoardCtx, learning: Option<Uuid>) -> impl IntoView {
    let i18n = ctx.i18n;
    learning.map(|learning| {
        let title = move || {
            ctx.board.with(|b| {
                b.learnings
                    .iter()
                    .find(|l| l.id.0 == learning)
                    .map(|l| l.title.clone())
            })
        };
        let sentence = move || texts(i18n.lang()).from_learning_named;
        // "from the learning {learning}": the text before and after the title, which links.
        let part = move |after: bool| {
            let s = sentence();
            let (before, rest) = s.split_once("{learning}").unwrap_or((s, ""));
            if after { rest } else { before }
        };
        view! {
            " · "
            <span class="card-origin">
                {move || {
                    match title() {
                        Some(t) => {
                            view! {
                                {part(false)}
                                <a href=learning_href(ctx, learning) class="card-origin-link">
                                    <bdi>{t}</bdi>
                                </a>
                                {part(true)}
                            }
                                .into_any()
                        }
                        None => texts(i18n.lang()).from_learning.into_any(),
                    }
                }}
            </span>
        }
    })
}
