use hevruta_model::{Member, MemberId, Role, Sector};
use leptos::prelude::*;

use crate::i18n::{fill, format_number, plural_category, use_i18n};
use crate::state::members::{by_sector, initials, missing_sectors, partners, screens};

#[component]
fn MemberItem(member: Member, is_me: bool) -> impl IntoView {
    let i18n = use_i18n();
    let role = member.role;
    view! {
        <li class="member">
            <span class="avatar" aria-hidden="true">
                {initials(&member.display_name)}
            </span>
            <span class="member-line">
                <span class="member-name" dir="auto">
                    {member.display_name.clone()}
                </span>
                {(role == Role::Facilitator)
                    .then(|| view! { <span class="badge">{move || i18n.t().role(role)}</span> })}
                {is_me
                    .then(|| view! { <span class="badge badge-quiet">{i18n.tr(|t| t.you)}</span> })}
            </span>
        </li>
    }
}

/// Members grouped by sector, with how many of the six sectors are present and which are
/// still missing. Missing sectors are marked by text and shape, not by colour alone.
#[component]
pub fn PartnerList(#[prop(into)] members: Signal<Vec<Member>>, me: MemberId) -> impl IntoView {
    let i18n = use_i18n();
    let groups = Memo::new(move |_| members.with(|m| by_sector(m)));
    let count = move || {
        let n = members.with(|m| partners(m)) as u64;
        let form = i18n.t().partners_count.pick(&plural_category(n));
        fill(form, &[("n", &format_number(n as i64))])
    };
    let summary = move || {
        let t = i18n.t();
        let missing = groups.with(|g| missing_sectors(g));
        let total = Sector::ALL.len();
        let covered = total - missing.len();
        let summary = fill(
            t.coverage_summary,
            &[
                ("covered", &format_number(covered as i64)),
                ("total", &format_number(total as i64)),
            ],
        );
        let detail = if missing.is_empty() {
            t.coverage_complete.to_string()
        } else {
            let names: Vec<&str> = missing.iter().map(|s| t.sector(*s).name).collect();
            fill(t.coverage_missing, &[("list", &names.join(" · "))])
        };
        view! {
            <p class="coverage-summary">
                <strong>{summary}</strong>
                " "
                <span>{detail}</span>
            </p>
        }
    };
    let bar = move || {
        let t = i18n.t();
        groups
            .get()
            .into_iter()
            .map(|g| {
                let present = !g.members.is_empty();
                view! {
                    <li class="coverage-cell" class:present=present>
                        <span class="coverage-mark" aria-hidden="true">
                            {if present { "●" } else { "○" }}
                        </span>
                        <span>{t.sector(g.sector).name}</span>
                        <span class="visually-hidden">
                            {if present {
                                format!(": {}", g.members.len())
                            } else {
                                format!(": {}", t.sector_empty)
                            }}
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    let group_list = move || {
        let t = i18n.t();
        groups
            .get()
            .into_iter()
            .map(|g| {
                let heading_id = format!("sector-{}", g.sector.as_str());
                let named = t.sector(g.sector);
                let body = if g.members.is_empty() {
                    view! { <p class="empty">{t.sector_empty}</p> }.into_any()
                } else {
                    view! {
                        <ul class="member-list" aria-labelledby=heading_id.clone()>
                            {g
                                .members
                                .into_iter()
                                .map(|m| {
                                    let is_me = m.id == me;
                                    view! { <MemberItem member=m is_me=is_me /> }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                };
                view! {
                    <li class="sector-group">
                        <h3 id=heading_id>{named.name}</h3>
                        <p class="hint">{named.about}</p>
                        {body}
                    </li>
                }
            })
            .collect_view()
    };
    let screen_list = move || {
        let list = members.with(|m| screens(m));
        (!list.is_empty()).then(|| {
            view! {
                <div class="screens">
                    <h3>{i18n.tr(|t| t.screens_heading)}</h3>
                    <ul class="member-list">
                        {list
                            .into_iter()
                            .map(|m| {
                                let is_me = m.id == me;
                                view! { <MemberItem member=m is_me=is_me /> }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    };
    view! {
        <section class="panel partners-panel" aria-labelledby="partners-heading">
            <h2 id="partners-heading">
                {i18n.tr(|t| t.partners_heading)} " " <span class="count">"("{count}")"</span>
            </h2>
            <div class="coverage">
                <h3>{i18n.tr(|t| t.coverage_heading)}</h3>
                {summary}
                <ul class="coverage-bar">{bar}</ul>
            </div>
            <ul class="sector-groups">{group_list}</ul>
            {screen_list}
        </section>
    }
}
