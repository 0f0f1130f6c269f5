//! `/e/{id}/circles`: the three learning circles as rings (SVG, each learning a chip) and
//! as an accessible list with the same filters; counts per circle, plain hints where a
//! circle is thin; adding, editing, moving, deleting, hiding and reactions; live.

use hevruta_model::{
    Circle, ExpeditionId, Learning, LearningId, LearningListing, Member, MemberId, Role, Route,
    Sector,
};
use leptos::prelude::*;

use super::ToolNav;
use super::fields::SectorFilter;
use super::filter::{Filter, Hint, counts, hints, themes};
use super::learning_card::LearningCard;
use super::learning_form::LearningForm;
use super::matching::fold;
use super::rings::Rings;
use super::texts::{ct, texts};
use crate::client::ApiClient;
use crate::i18n::{fill, format_number, use_i18n};
use crate::shell::{ExpeditionLoader, Live, Loaded, set_title};
use crate::tools::facilitation::Session;
use crate::tools::facilitation::projector_link::ProjectorLink;
use crate::tools::facilitation::timer::TimerBadge;

#[component]
pub fn CirclesPage(id: ExpeditionId) -> impl IntoView {
    view! {
        <ExpeditionLoader
            id=id
            load=move |client| async move { client.learnings(id).await }
            page=|loaded| view! { <Circles loaded=loaded /> }
        />
    }
}

/// What every part of the page reads: the live listing, members, the filter, who looks.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub expedition: ExpeditionId,
    pub client: StoredValue<ApiClient>,
    pub listing: RwSignal<LearningListing>,
    pub members: Memo<Vec<Member>>,
    pub filter: RwSignal<Filter>,
    pub me: MemberId,
    pub role: Role,
    /// The learning whose form is open (`None` with `adding` false: no form).
    pub editing: RwSignal<Option<LearningId>>,
    pub adding: RwSignal<bool>,
}

impl Ctx {
    pub fn learning(&self, id: LearningId) -> Option<Learning> {
        self.listing.with(|l| l.get(id).cloned())
    }

    pub fn name(&self, id: MemberId) -> String {
        self.members.with(|ms| {
            ms.iter()
                .find(|m| m.id == id)
                .map(|m| m.display_name.clone())
                .unwrap_or_else(|| "—".into())
        })
    }

    pub fn sector_of(&self, id: MemberId) -> Option<Sector> {
        self.members
            .with(|ms| ms.iter().find(|m| m.id == id).and_then(|m| m.sector))
    }

    /// Puts a learning as the server answered it into the list (the stream confirms it).
    pub fn adopt(&self, learning: Learning) {
        let hidden_from_me = learning.hidden && self.role != Role::Facilitator;
        self.listing.update(|l| {
            if hidden_from_me {
                l.remove(learning.id);
            } else {
                l.upsert(learning);
            }
        });
    }

    /// The learnings the filters keep, in order.
    pub fn shown(&self) -> Vec<LearningId> {
        let sector_of = |m: MemberId| self.sector_of(m);
        self.filter.with(|f| {
            self.listing.with(|l| {
                f.apply(&l.learnings, &sector_of)
                    .iter()
                    .map(|l| l.id)
                    .collect()
            })
        })
    }
}

#[component]
fn Circles(loaded: Loaded<LearningListing>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        client,
        me,
        expedition,
        data,
    } = loaded;
    let id = expedition.id;
    let after = data.last_seq;
    let live = Live::new(&expedition);
    let ctx = Ctx {
        expedition: id,
        client: StoredValue::new(client.clone()),
        listing: RwSignal::new(data),
        members: Memo::new(move |_| live.snapshot.with(|s| s.members.clone())),
        filter: RwSignal::new(Filter::default()),
        me: me.id,
        role: me.role,
        editing: RwSignal::new(None),
        adding: RwSignal::new(false),
    };
    let facilitator = me.role == Role::Facilitator;
    let session = Session::provide(&client, id, &me);
    live.follow(&client, after, None, move |event, _| {
        ctx.listing.update(|l| {
            l.apply(event, facilitator);
        });
    });
    set_title(move || format!("{} · Hevruta", ct(i18n, |t| t.circles_heading)()));
    // A link to one learning (a canvas sticky's citation chip): show it once listed.
    let hash = window().location().hash().unwrap_or_default();
    if let Some(target) = hash
        .strip_prefix('#')
        .filter(|h| h.starts_with("learning-"))
    {
        let target = target.to_owned();
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&target) {
                el.scroll_into_view();
            }
            crate::components::focus_by_id(&target);
        });
    }
    let shown = Memo::new(move |_| ctx.shown());
    // Every learning stays rendered; a filter only hides what it leaves out, so changing it
    // flips attributes instead of building hundreds of cards and chips again.
    let all = Memo::new(move |_| {
        ctx.listing
            .with(|l| l.learnings.iter().map(|x| x.id).collect::<Vec<_>>())
    });
    let kept = Memo::new(move |_| {
        let mut ids = shown.get();
        ids.sort_unstable();
        ids
    });
    let total = Memo::new(move |_| ctx.listing.with(|l| l.learnings.len()));
    let per_circle = Memo::new(move |_| {
        ctx.listing
            .with(|l| counts(l.learnings.iter().filter(|x| !x.hidden)))
    });
    let thin = Memo::new(move |_| {
        let sector_of = |m: MemberId| ctx.sector_of(m);
        ctx.listing.with(|l| hints(&l.learnings, &sector_of))
    });
    let hint_text = move |h: Hint| {
        let t = texts(i18n.lang());
        match h {
            Hint::Empty(c) => t.hint_empty[usize::from(c.number()) - 1].to_owned(),
            Hint::OneSector(c, s) => fill(
                t.hint_one_sector,
                &[
                    ("circle", t.circle_numbers[usize::from(c.number()) - 1]),
                    ("sector", i18n.t().sector(s).name),
                ],
            ),
        }
    };
    let writer = me.role.can_write();
    view! {
        <div class="page tool-page circles-page">
            <ToolNav id=id current=Route::Circles(id) />
            <header class="tool-header">
                <h1>{ct(i18n, |t| t.circles_heading)}</h1>
                <p class="lead">{ct(i18n, |t| t.circles_lead)}</p>
                <TimerBadge session=session />
                {(!writer).then(|| view! { <p class="notice">{ct(i18n, |t| t.read_only)}</p> })}
                {facilitator
                    .then(|| {
                        let error = RwSignal::new(None);
                        view! {
                            <ProjectorLink
                                client=ctx.client
                                route=Route::ProjectCircles(id)
                                error=error
                            />
                            <crate::components::ErrorNotice error=error />
                        }
                    })}
            </header>
            <ul class="circle-counts">
                {Circle::ALL
                    .into_iter()
                    .map(|c| {
                        let i = usize::from(c.number()) - 1;
                        view! {
                            <li class=format!("circle-count circle-{}", c.number())>
                                <span class="circle-count-n">
                                    {move || {
                                        fill(
                                            texts(i18n.lang()).circle_count,
                                            &[("n", &format_number(per_circle.get()[i] as i64))],
                                        )
                                    }}
                                </span>
                                <span class="circle-count-name">
                                    {move || texts(i18n.lang()).circle_numbers[i]} ": "
                                    {move || texts(i18n.lang()).circle_names[i]}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <ul class="circle-hints" aria-live="polite">
                {move || {
                    thin.get()
                        .into_iter()
                        .map(|h| view! { <li class="notice">{hint_text(h)}</li> })
                        .collect_view()
                }}
            </ul>
            {writer
                .then(|| {
                    view! {
                        <div class="button-row">
                            <button
                                type="button"
                                id="add-learning"
                                class="button button-primary"
                                aria-expanded=move || ctx.adding.get().to_string()
                                on:click=move |_| {
                                    ctx.editing.set(None);
                                    ctx.adding.update(|a| *a = !*a);
                                }
                            >
                                {ct(i18n, |t| t.add_heading)}
                            </button>
                        </div>
                        <Show when=move || ctx.adding.get()>
                            <LearningForm ctx=ctx editing=None />
                        </Show>
                    }
                })}
            <div class="circles-layout">
                <Rings ctx=ctx all=all kept=kept />
                <section class="learning-section" aria-labelledby="list-heading">
                    <h2 id="list-heading">{ct(i18n, |t| t.list_heading)}</h2>
                    <Filters ctx=ctx />
                    <p class="hint" aria-live="polite">
                        {move || {
                            fill(
                                texts(i18n.lang()).showing,
                                &[
                                    ("n", &format_number(shown.with(Vec::len) as i64)),
                                    ("total", &format_number(total.get() as i64)),
                                ],
                            )
                        }}
                    </p>
                    <p class="hint" hidden=move || !shown.with(Vec::is_empty)>
                        {ct(i18n, |t| t.empty_list)}
                    </p>
                    <ul class="learning-list">
                        <For each=move || all.get() key=|l| *l let:learning>
                            <LearningCard
                                ctx=ctx
                                id=learning
                                kept=Signal::derive(move || {
                                    kept.with(|k| k.binary_search(&learning).is_ok())
                                })
                            />
                        </For>
                    </ul>
                </section>
            </div>
        </div>
    }
}

/// Circle, theme, author and sector: the same filters for the rings and the list.
#[component]
fn Filters(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let theme_options = Memo::new(move |_| ctx.listing.with(|l| themes(&l.learnings)));
    let authors = Memo::new(move |_| {
        let mut ids: Vec<MemberId> = Vec::new();
        ctx.listing.with(|l| {
            for x in &l.learnings {
                if !ids.contains(&x.author) {
                    ids.push(x.author);
                }
            }
        });
        ids.into_iter()
            .map(|m| (m, ctx.name(m)))
            .collect::<Vec<_>>()
    });
    let filter = ctx.filter;
    view! {
        <div class="filters">
            <div class="field">
                <label for="filter-circle">{ct(i18n, |t| t.filter_circle)}</label>
                <select
                    id="filter-circle"
                    on:change:target=move |ev| {
                        let c = ev.target().value().parse().ok().and_then(Circle::from_number);
                        filter.update(|f| f.circle = c);
                    }
                >
                    <option value="" selected=move || filter.with(|f| f.circle.is_none())>
                        {ct(i18n, |t| t.filter_all)}
                    </option>
                    {Circle::ALL
                        .into_iter()
                        .map(|c| {
                            let i = usize::from(c.number()) - 1;
                            view! {
                                <option
                                    value=c.number().to_string()
                                    selected=move || filter.with(|f| f.circle == Some(c))
                                >
                                    {move || texts(i18n.lang()).circle_numbers[i]}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-theme">{ct(i18n, |t| t.filter_theme)}</label>
                <select
                    id="filter-theme"
                    on:change:target=move |ev| {
                        let v = ev.target().value();
                        filter.update(|f| f.theme = (!v.is_empty()).then(|| fold(&v)));
                    }
                >
                    <option value="" selected=move || filter.with(|f| f.theme.is_none())>
                        {ct(i18n, |t| t.filter_all)}
                    </option>
                    {move || {
                        theme_options
                            .get()
                            .into_iter()
                            .map(|(key, label, n)| {
                                let k = key.clone();
                                view! {
                                    <option
                                        value=key
                                        selected=move || {
                                            filter.with(|f| f.theme.as_ref() == Some(&k))
                                        }
                                    >
                                        {format!("{label} ({n})")}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="filter-author">{ct(i18n, |t| t.filter_author)}</label>
                <select
                    id="filter-author"
                    on:change:target=move |ev| {
                        let a = ev.target().value().parse().ok();
                        filter.update(|f| f.author = a);
                    }
                >
                    <option value="" selected=move || filter.with(|f| f.author.is_none())>
                        {ct(i18n, |t| t.filter_all)}
                    </option>
                    {move || {
                        authors
                            .get()
                            .into_iter()
                            .map(|(m, name)| {
                                view! {
                                    <option
                                        value=m.to_string()
                                        selected=move || filter.with(|f| f.author == Some(m))
                                    >
                                        {name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <SectorFilter
                id="filter-sector"
                value=Signal::derive(move || filter.with(|f| f.sector))
                on_change=Callback::new(move |s| filter.update(|f| f.sector = s))
            />
            <button
                type="button"
                class="button button-quiet"
                hidden=move || filter.with(Filter::is_empty)
                on:click=move |_| filter.set(Filter::default())
            >
                {ct(i18n, |t| t.clear_filters)}
            </button>
        </div>
    }
}
