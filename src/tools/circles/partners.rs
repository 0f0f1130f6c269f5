//! `/e/{id}/partners`: everyone's profile as cards, filtered by sector and passion; the
//! passions partners share; the sectors missing; and for each partner up to three others
//! from other sectors, each with its plain reason. Live.

use hevruta_model::{ExpeditionId, Member, MemberId, Profile, ProfileListing, Role, Route, Sector};
use leptos::prelude::*;

use super::ToolNav;
use super::fields::SectorFilter;
use super::matching::{Reason, all_passions, fold, missing_sectors, shared_passions, suggestions};
use super::texts::{CirclesTexts, ct, texts};
use crate::i18n::{fill, format_number, isolate, use_i18n};
use crate::shell::{ExpeditionLoader, Live, Loaded, set_title};

#[component]
pub fn PartnersPage(id: ExpeditionId) -> impl IntoView {
    view! {
        <ExpeditionLoader
            id=id
            load=move |client| async move { client.profiles(id).await }
            page=|loaded| view! { <Partners loaded=loaded /> }
        />
    }
}

/// A member's name, or a placeholder for someone who left.
fn name_of(members: &[Member], id: MemberId) -> String {
    members
        .iter()
        .find(|m| m.id == id)
        .map(|m| m.display_name.clone())
        .unwrap_or_else(|| "—".into())
}

fn reason_text(t: &CirclesTexts, r: &Reason) -> String {
    let (template, tag) = match r {
        Reason::Passion(tag) => (t.reason_passion, tag),
        Reason::TheyOffer(tag) => (t.reason_offers, tag),
        Reason::TheyNeed(tag) => (t.reason_needs, tag),
    };
    fill(template, &[("tag", &isolate(tag))])
}

#[component]
fn Partners(loaded: Loaded<ProfileListing>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        client,
        me,
        expedition,
        data,
    } = loaded;
    let id = expedition.id;
    let after = data.last_seq;
    let listing = RwSignal::new(data);
    let live = Live::new(&expedition);
    live.follow(&client, after, None, move |event, _| {
        listing.update(|l| {
            l.apply(event);
        });
    });
    set_title(move || format!("{} · Hevruta", ct(i18n, |t| t.partners_heading)()));
    let members = Memo::new(move |_| {
        live.snapshot.with(|s| {
            s.members
                .iter()
                .filter(|m| m.role != Role::Viewer)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let sector_filter = RwSignal::new(None::<Sector>);
    let passion_filter = RwSignal::new(None::<String>);
    let sector_of =
        move |m: MemberId| members.with(|ms| ms.iter().find(|x| x.id == m).and_then(|x| x.sector));
    let shown = Memo::new(move |_| {
        let (sector, passion) = (sector_filter.get(), passion_filter.get());
        listing.with(|l| {
            l.profiles
                .iter()
                .filter(|p| sector.is_none() || sector_of(p.member_id) == sector)
                .filter(|p| {
                    passion
                        .as_ref()
                        .is_none_or(|key| p.passions.iter().any(|x| fold(x) == *key))
                })
                .map(|p| p.member_id)
                .collect::<Vec<_>>()
        })
    });
    let summary = move || {
        let t = texts(i18n.lang());
        let total = members.with(Vec::len);
        let n = listing.with(|l| l.profiles.len());
        fill(
            t.profiles_count,
            &[
                ("n", &format_number(n as i64)),
                ("total", &format_number(total as i64)),
            ],
        )
    };
    let without = move || {
        let names: Vec<String> = members.with(|ms| {
            ms.iter()
                .filter(|m| listing.with(|l| !l.profiles.iter().any(|p| p.member_id == m.id)))
                .map(|m| isolate(&m.display_name))
                .collect()
        });
        (!names.is_empty())
            .then(|| fill(texts(i18n.lang()).not_yet, &[("names", &names.join(", "))]))
    };
    let missing = move || {
        let t = i18n.t();
        let list: Vec<&'static str> = members
            .with(|ms| missing_sectors(ms))
            .into_iter()
            .map(|s| t.sector(s).name)
            .collect();
        list
    };
    let groups = Memo::new(move |_| listing.with(|l| shared_passions(&l.profiles)));
    let passions = Memo::new(move |_| listing.with(|l| all_passions(&l.profiles)));
    let has_mine = move || listing.with(|l| l.profiles.iter().any(|p| p.member_id == me.id));
    let writer = me.role.can_write();
    view! {
        <div class="page tool-page">
            <ToolNav id=id current=Route::Partners(id) />
            <header class="tool-header">
                <h1>{ct(i18n, |t| t.partners_heading)}</h1>
                <p class="lead">{ct(i18n, |t| t.partners_lead)}</p>
                <p class="tool-summary">{summary}</p>
                <p class="hint">{without}</p>
                {writer
                    .then(|| {
                        view! {
                            <a class="button button-primary" href=Route::Profile(id).to_string()>
                                {move || {
                                    if has_mine() {
                                        ct(i18n, |t| t.edit_yours)()
                                    } else {
                                        ct(i18n, |t| t.write_yours)()
                                    }
                                }}
                            </a>
                        }
                    })}
            </header>
            <div class="partners-overview">
                <section class="panel" aria-labelledby="missing-heading">
                    <h2 id="missing-heading">{ct(i18n, |t| t.missing_heading)}</h2>
                    {move || {
                        let list = missing();
                        if list.is_empty() {
                            view! { <p>{ct(i18n, |t| t.missing_none)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="tag-list">
                                    {list
                                        .into_iter()
                                        .map(|s| view! { <li class="tag tag-missing">{s}</li> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }}
                </section>
                <section class="panel" aria-labelledby="shared-heading">
                    <h2 id="shared-heading">{ct(i18n, |t| t.shared_heading)}</h2>
                    {move || {
                        let gs = groups.get();
                        if gs.is_empty() {
                            return view! { <p>{ct(i18n, |t| t.shared_none)}</p> }.into_any();
                        }
                        view! {
                            <ul class="shared-list">
                                {gs
                                    .into_iter()
                                    .map(|g| {
                                        let key = g.key.clone();
                                        let pressed = {
                                            let key = key.clone();
                                            move || passion_filter.get().as_ref() == Some(&key)
                                        };
                                        let names: Vec<String> = members
                                            .with(|ms| {
                                                g.members.iter().map(|m| name_of(ms, *m)).collect()
                                            });
                                        let sentence = fill(
                                            texts(i18n.lang()).shared_group,
                                            &[
                                                ("n", &format_number(g.members.len() as i64)),
                                                ("passion", &isolate(&g.label)),
                                            ],
                                        );
                                        view! {
                                            <li>
                                                <button
                                                    type="button"
                                                    class="button-link shared-group"
                                                    aria-pressed=move || pressed().to_string()
                                                    on:click=move |_| {
                                                        let k = key.clone();
                                                        passion_filter
                                                            .update(|f| {
                                                                *f = if f.as_ref() == Some(&k) { None } else { Some(k) };
                                                            });
                                                    }
                                                >
                                                    {sentence}
                                                </button>
                                                <span class="hint shared-names">
                                                    {names
                                                        .into_iter()
                                                        .map(|n| view! { <bdi class="person">{n}</bdi> })
                                                        .collect_view()}
                                                </span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                </section>
            </div>
            <section aria-labelledby="cards-heading">
                <h2 id="cards-heading">{ct(i18n, |t| t.cards_heading)}</h2>
                <div class="filters">
                    <SectorFilter
                        id="filter-sector"
                        value=sector_filter
                        on_change=Callback::new(move |s| sector_filter.set(s))
                    />
                    <div class="field">
                        <label for="filter-passion">{ct(i18n, |t| t.filter_passion)}</label>
                        <select
                            id="filter-passion"
                            on:change:target=move |ev| {
                                let v = ev.target().value();
                                passion_filter.set((!v.is_empty()).then_some(v));
                            }
                        >
                            <option value="" selected=move || passion_filter.get().is_none()>
                                {ct(i18n, |t| t.filter_all)}
                            </option>
                            {move || {
                                passions
                                    .get()
                                    .into_iter()
                                    .map(|(key, label)| {
                                        let k = key.clone();
                                        view! {
                                            <option
                                                value=key
                                                selected=move || passion_filter.get().as_ref() == Some(&k)
                                            >
                                                {label}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                </div>
                <p class="hint" hidden=move || !shown.with(Vec::is_empty)>
                    {ct(i18n, |t| t.no_match)}
                </p>
                <ul class="profile-cards">
                    <For each=move || shown.get() key=|m| *m let:member>
                        <ProfileCard member=member listing=listing members=members />
                    </For>
                </ul>
            </section>
        </div>
    }
}

/// One partner's card: who, their profile, and whom they could work with.
#[component]
fn ProfileCard(
    member: MemberId,
    listing: RwSignal<ProfileListing>,
    members: Memo<Vec<Member>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let profile = Memo::new(move |_| {
        listing.with(|l| l.profiles.iter().find(|p| p.member_id == member).cloned())
    });
    let who = Memo::new(move |_| members.with(|ms| ms.iter().find(|m| m.id == member).cloned()));
    let suggested = Memo::new(move |_| {
        profile.with(|p| match p {
            Some(p) => listing.with(|l| members.with(|ms| suggestions(p, &l.profiles, ms))),
            None => Vec::new(),
        })
    });
    let tags = move |label: fn(&'static CirclesTexts) -> &'static str, list: Vec<String>| {
        (!list.is_empty()).then(|| {
            view! {
                <div class="profile-row">
                    <h4>{ct(i18n, label)}</h4>
                    <ul class="tag-list">
                        {list
                            .into_iter()
                            .map(|t| {
                                view! {
                                    <li class="tag" dir="auto">
                                        {t}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    };
    let para = move |label: fn(&'static CirclesTexts) -> &'static str, text: String| {
        (!text.is_empty()).then(|| {
            view! {
                <div class="profile-row">
                    <h4>{ct(i18n, label)}</h4>
                    <p dir="auto">{text}</p>
                </div>
            }
        })
    };
    move || {
        let Some(p): Option<Profile> = profile.get() else {
            return ().into_any();
        };
        let m = who.get();
        let name = m
            .as_ref()
            .map(|m| m.display_name.clone())
            .unwrap_or_default();
        let sector = m
            .as_ref()
            .and_then(|m| m.sector)
            .map(|s| i18n.t().sector(s).name)
            .unwrap_or_default();
        let heading = format!("profile-{member}");
        let labelled = heading.clone();
        view! {
            <li class="profile-card panel" aria-labelledby=labelled>
                <h3 id=heading dir="auto">
                    {name}
                </h3>
                <p class="profile-meta">
                    <span class="badge">{sector}</span>
                    {p
                        .organisation
                        .clone()
                        .map(|o| {
                            view! {
                                " "
                                <bdi>{o}</bdi>
                            }
                        })}
                </p>
                {para(|t| t.dream, p.dream.clone())}
                {tags(|t| t.passions, p.passions.clone())}
                {para(|t| t.ambitions, p.ambitions.clone())}
                {para(|t| t.strengths, p.strengths.clone())}
                {tags(|t| t.offers, p.offers.clone())}
                {tags(|t| t.looking_for, p.looking_for.clone())}
                <div class="profile-row suggestions">
                    <h4>{ct(i18n, |t| t.suggestions)}</h4>
                    {move || {
                        let list = suggested.get();
                        if list.is_empty() {
                            return view! { <p class="hint">{ct(i18n, |t| t.suggestions_none)}</p> }
                                .into_any();
                        }
                        view! {
                            <ul>
                                {list
                                    .into_iter()
                                    .map(|s| {
                                        let t = texts(i18n.lang());
                                        let other = members
                                            .with(|ms| ms.iter().find(|m| m.id == s.member).cloned());
                                        let name = other
                                            .as_ref()
                                            .map(|m| m.display_name.clone())
                                            .unwrap_or_default();
                                        let sector = other
                                            .and_then(|m| m.sector)
                                            .map(|x| i18n.t().sector(x).name)
                                            .unwrap_or_default();
                                        let why: Vec<String> = s
                                            .reasons
                                            .iter()
                                            .map(|r| reason_text(t, r))
                                            .collect();
                                        view! {
                                            <li>
                                                <strong>
                                                    <bdi>{name}</bdi>
                                                </strong>
                                                " ("
                                                {sector}
                                                "): "
                                                {why.join("; ")}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                </div>
            </li>
        }
        .into_any()
    }
}
