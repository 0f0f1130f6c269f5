//! `/e/{id}/project/circles`: the three learning circles on the wall. Each circle with its
//! count and its newest learnings in large type (and how many more), live as the room
//! adds them; the timer, and how to join. On a viewer session, which never sees a hidden
//! learning.

use hevruta_model::learning::{Circle, Learning, LearningListing};
use hevruta_model::{ExpeditionSnapshot, Member};
use leptos::prelude::*;

use super::projector::JoinAside;
use super::session::Session;
use super::texts::texts;
use super::timer::TimerBadge;
use super::wall_list::{WallItem, WallList};
use crate::client::ApiClient;
use crate::i18n::{fill, use_i18n};
use crate::shell::{Live, set_title};
use crate::tools::circles::texts::texts as circle_texts;

/// Learnings a circle shows on the wall; the rest are counted.
pub const WALL_LEARNINGS: usize = 6;

/// A circle's newest learnings, newest first, and how many it has in all.
pub fn circle_on_wall(listing: &LearningListing, circle: Circle) -> (Vec<WallItem>, usize) {
    let mut in_circle: Vec<&Learning> = listing
        .learnings
        .iter()
        .filter(|l| l.circle == circle && !l.hidden)
        .collect();
    in_circle.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let count = in_circle.len();
    let newest = in_circle
        .into_iter()
        .take(WALL_LEARNINGS)
        .map(|l| WallItem {
            title: l.title.clone(),
            origin: l.origin.clone(),
            badge: None,
        })
        .collect();
    (newest, count)
}

#[component]
pub fn CirclesWall(
    client: ApiClient,
    me: Member,
    expedition: ExpeditionSnapshot,
    listing: LearningListing,
    code: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let after = listing.last_seq;
    let listing = RwSignal::new(listing);
    let live = Live::new(&expedition);
    let session = Session::provide(&client, expedition.id, &me);
    live.follow(&client, after, None, move |event, _| {
        listing.update(|l| {
            l.apply(event, false);
        });
    });
    set_title(move || {
        format!(
            "{} · {}",
            circle_texts(i18n.lang()).circles_heading,
            texts(i18n.lang()).projector_title
        )
    });
    view! {
        <div class="projector">
            <header class="projector-top">
                <h1 class="projector-title">{move || circle_texts(i18n.lang()).circles_heading}</h1>
                <TimerBadge session=session />
            </header>
            <div class="wall-columns wall-circles">
                {Circle::ALL
                    .into_iter()
                    .map(|circle| view! { <WallCircle listing=listing circle=circle /> })
                    .collect_view()}
            </div>
            <JoinAside code=code />
        </div>
    }
}

#[component]
fn WallCircle(listing: RwSignal<LearningListing>, circle: Circle) -> impl IntoView {
    let i18n = use_i18n();
    let n = usize::from(circle.number()) - 1;
    let heading = format!("wall-circle-{}", circle.number());
    let labelled = heading.clone();
    let shown = Memo::new(move |_| listing.with(|l| circle_on_wall(l, circle)));
    view! {
        <section class="wall-column" data-circle=circle.number() aria-labelledby=labelled>
            <h2 id=heading>
                {move || circle_texts(i18n.lang()).circle_numbers[n]} ": "
                {move || circle_texts(i18n.lang()).circle_names[n]}
            </h2>
            <p class="wall-count">
                {move || {
                    fill(
                        circle_texts(i18n.lang()).circle_count,
                        &[("n", &shown.with(|s| s.1).to_string())],
                    )
                }}
            </p>
            <WallList items=Signal::derive(move || {
                shown.with(|(newest, count)| (newest.clone(), count - newest.len()))
            }) />
        </section>
    }
}
