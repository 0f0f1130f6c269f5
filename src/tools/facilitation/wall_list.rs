//! What one column of a board or circles wall lists: its first items in large type (title,
//! where from, a badge such as the votes), how many more there are, or that it is empty.

use leptos::prelude::*;

use super::texts::texts;
use crate::i18n::{fill, use_i18n};

/// One item on the wall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WallItem {
    pub title: String,
    pub origin: Option<String>,
    pub badge: Option<String>,
}

#[component]
pub fn WallList(
    /// The items shown and how many more there are.
    #[prop(into)]
    items: Signal<(Vec<WallItem>, usize)>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (shown, more) = items.get();
        let t = texts(i18n.lang());
        if shown.is_empty() {
            return view! { <p class="wall-empty">{t.wall_empty}</p> }.into_any();
        }
        view! {
            <ol class="wall-items">
                {shown
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li class="wall-item">
                                <span class="wall-item-title" dir="auto">
                                    {item.title}
                                </span>
                                {item
                                    .origin
                                    .map(|o| {
                                        view! {
                                            <span class="wall-item-origin" dir="auto">
                                                {o}
                                            </span>
                                        }
                                    })}
                                {item.badge.map(|b| view! { <span class="wall-badge">{b}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            {(more > 0)
                .then(|| {
                    view! {
                        <p class="wall-more">{fill(t.wall_more, &[("n", &more.to_string())])}</p>
                    }
                })}
        }
        .into_any()
    }
}
