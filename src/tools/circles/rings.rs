//! The three circles as concentric rings (SVG): each learning the filters keep is a chip
//! in its ring, coloured by its first theme; its title and author show on hover and on
//! focus (the caption under the rings). A chip opens (scrolls to and focuses) the learning
//! in the list.

use hevruta_model::{Circle, LearningId};
use leptos::prelude::*;

use super::circles_page::Ctx;
use super::filter::theme_colour;
use super::texts::{ct, texts};
use crate::i18n::{fill, use_i18n};

/// The drawing's size, in its own units.
const SIZE: f64 = 460.0;
/// Each ring's inner and outer radius.
const BANDS: [(f64, f64); 3] = [(0.0, 80.0), (80.0, 155.0), (155.0, 228.0)];
const CHIP: f64 = 9.0;

/// Where the `i`th chip of a ring goes: spread by the golden angle, staggered across the
/// band, so chips rarely overlap however many there are.
pub fn place(circle: Circle, i: usize) -> (f64, f64) {
    let (inner, outer) = BANDS[usize::from(circle.number()) - 1];
    let inner = inner.max(22.0) + CHIP;
    let outer = outer - CHIP - 2.0;
    let golden = 2.399_963_229_728_653; // radians
    let angle = i as f64 * golden - std::f64::consts::FRAC_PI_2;
    let spread = ((i as f64 * 0.618_034) % 1.0) * (outer - inner);
    let r = inner + spread;
    (SIZE / 2.0 + r * angle.cos(), SIZE / 2.0 + r * angle.sin())
}

#[component]
pub fn Rings(
    ctx: Ctx,
    /// Every learning, in order: each keeps its place whatever the filters.
    all: Memo<Vec<LearningId>>,
    /// Those the filters keep, sorted; the others' chips are hidden.
    kept: Memo<Vec<LearningId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let focused = RwSignal::new(None::<LearningId>);
    let chips = move || {
        let mut next = [0usize; 3];
        all.get()
            .into_iter()
            .filter_map(|id| ctx.learning(id))
            .map(|l| {
                let ring = usize::from(l.circle.number()) - 1;
                let (x, y) = place(l.circle, next[ring]);
                next[ring] += 1;
                let colour = l.themes.first().map_or(8, |t| theme_colour(t));
                let label = fill(
                    texts(i18n.lang()).chip_label,
                    &[("title", &l.title), ("name", &ctx.name(l.author))],
                );
                let id = l.id;
                let aria = label;
                let open = move || {
                    let card = format!("learning-{id}");
                    if let Some(el) = document().get_element_by_id(&card) {
                        el.scroll_into_view();
                    }
                    crate::components::focus_by_id(&card);
                };
                view! {
                    <g
                        class="ring-chip"
                        class:is-hidden=l.hidden
                        class:is-filtered=move || kept.with(|k| k.binary_search(&id).is_err())
                        role="button"
                        tabindex="0"
                        aria-label=aria
                        on:focus=move |_| focused.set(Some(id))
                        on:mouseenter=move |_| focused.set(Some(id))
                        on:blur=move |_| focused.set(None)
                        on:click=move |_| open()
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" || ev.key() == " " {
                                ev.prevent_default();
                                open();
                            }
                        }
                    >
                        <circle
                            cx=format!("{x:.1}")
                            cy=format!("{y:.1}")
                            r=CHIP.to_string()
                            class=format!("chip theme-{colour}")
                        />
                    </g>
                }
            })
            .collect_view()
    };
    let caption = move || {
        focused.get().and_then(|id| ctx.learning(id)).map(|l| {
            fill(
                texts(i18n.lang()).chip_label,
                &[("title", &l.title), ("name", &ctx.name(l.author))],
            )
        })
    };
    let centre = SIZE / 2.0;
    view! {
        <figure class="rings">
            <svg
                viewBox=format!("0 0 {SIZE} {SIZE}")
                role="group"
                aria-label=ct(i18n, |t| t.rings_label)
            >
                {BANDS
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, (_, outer))| {
                        view! {
                            <circle
                                cx=centre.to_string()
                                cy=centre.to_string()
                                r=outer.to_string()
                                class=format!("ring ring-{}", i + 1)
                            />
                        }
                    })
                    .collect_view()}
                {BANDS
                    .iter()
                    .enumerate()
                    .map(|(i, (inner, outer))| {
                        let y = centre - (inner + outer) / 2.0;
                        view! {
                            <text
                                x=centre.to_string()
                                y=format!("{y:.0}")
                                class="ring-number"
                                aria-hidden="true"
                            >
                                {(i + 1).to_string()}
                            </text>
                        }
                    })
                    .collect_view()}
                {chips}
            </svg>
            <figcaption class="ring-caption" aria-hidden="true">
                {move || caption().unwrap_or_else(|| "\u{a0}".into())}
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chips_stay_inside_their_ring() {
        for circle in Circle::ALL {
            let (inner, outer) = BANDS[usize::from(circle.number()) - 1];
            for i in 0..500 {
                let (x, y) = place(circle, i);
                let r = ((x - SIZE / 2.0).powi(2) + (y - SIZE / 2.0).powi(2)).sqrt();
                assert!(
                    r - CHIP >= inner - 0.01 && r + CHIP <= outer,
                    "{circle:?} {i}: {r}"
                );
            }
        }
    }
}
