//! `/e/{id}/profile`: this member's own profile. Counters near each limit, errors next to
//! their fields (the model's own check first, the server's answer else); what was typed
//! stays in the form whatever happens, and a failed save can simply be sent again.

use hevruta_model::{
    ExpeditionId, PlaceName, Profile, ProfileListing, ProfileText, Route, SaveProfile,
};
use leptos::prelude::*;

use super::ToolNav;
use super::fields::{ToolField, field_error, first_error, join_tags, split_tags};
use super::texts::ct;
use crate::client::ApiError;
use crate::components::{ErrorNotice, FormErrors, focus_by_id};
use crate::i18n::use_i18n;
use crate::shell::{ExpeditionLoader, Loaded, set_title};

#[component]
pub fn ProfilePage(id: ExpeditionId) -> impl IntoView {
    view! {
        <ExpeditionLoader
            id=id
            load=move |client| async move { client.profiles(id).await }
            page=|loaded| view! { <ProfileForm loaded=loaded /> }
        />
    }
}

#[component]
fn ProfileForm(loaded: Loaded<ProfileListing>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        client,
        me,
        expedition,
        data,
    } = loaded;
    let id = expedition.id;
    set_title(move || format!("{} · Hevruta", ct(i18n, |t| t.profile_heading)()));
    let mine: SaveProfile = data
        .profiles
        .iter()
        .find(|p| p.member_id == me.id)
        .map(Profile::to_request)
        .unwrap_or_default();
    let dream = RwSignal::new(mine.dream);
    let passions = RwSignal::new(join_tags(&mine.passions));
    let ambitions = RwSignal::new(mine.ambitions);
    let strengths = RwSignal::new(mine.strengths);
    let offers = RwSignal::new(join_tags(&mine.offers));
    let looking_for = RwSignal::new(join_tags(&mine.looking_for));
    let organisation = RwSignal::new(mine.organisation.unwrap_or_default());
    let member = me.id;
    let save = Action::new_local(move |req: &SaveProfile| {
        let (client, req) = (client.clone(), req.clone());
        async move { client.save_profile(id, member, &req).await }
    });
    let errors = FormErrors::new(save.value());
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = SaveProfile {
            dream: dream.get_untracked(),
            passions: split_tags(&passions.get_untracked()),
            ambitions: ambitions.get_untracked(),
            strengths: strengths.get_untracked(),
            offers: split_tags(&offers.get_untracked()),
            looking_for: split_tags(&looking_for.get_untracked()),
            organisation: Some(organisation.get_untracked()),
        };
        match req.validate() {
            Err(e) => {
                errors.check(e);
                if let Some(f) = first_error(errors) {
                    focus_by_id(&format!("profile-{f}"));
                }
            }
            Ok(_) => {
                errors.check(Vec::new());
                save.dispatch(req);
            }
        }
    };
    // A refusal from the server moves focus to its first field, as the own check does.
    Effect::new(move |_| {
        if let Some(Err(ApiError::Problem(_))) = save.value().get()
            && let Some(f) = first_error(errors)
        {
            focus_by_id(&format!("profile-{f}"));
        }
    });
    if !me.role.can_write() {
        return view! {
            <div class="page tool-page">
                <ToolNav id=id current=Route::Profile(id) />
                <h1>{ct(i18n, |t| t.profile_heading)}</h1>
                <p class="notice">{ct(i18n, |t| t.viewer_no_profile)}</p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="page tool-page narrow">
            <ToolNav id=id current=Route::Profile(id) />
            <h1>{ct(i18n, |t| t.profile_heading)}</h1>
            <p class="lead">{ct(i18n, |t| t.profile_lead)}</p>
            <form class="panel profile-form" on:submit=on_submit novalidate>
                <ToolField
                    id="profile-dream"
                    label=|t| t.dream
                    hint=|t| t.dream_hint
                    value=dream
                    error=field_error(errors, "dream")
                    multiline=true
                    maxlength=ProfileText::MAX_CHARS
                />
                <ToolField
                    id="profile-passions"
                    label=|t| t.passions
                    hint=|t| t.tags_hint
                    value=passions
                    error=field_error(errors, "passions")
                />
                <ToolField
                    id="profile-ambitions"
                    label=|t| t.ambitions
                    aside=|t| t.optional
                    value=ambitions
                    error=field_error(errors, "ambitions")
                    multiline=true
                    maxlength=ProfileText::MAX_CHARS
                />
                <ToolField
                    id="profile-strengths"
                    label=|t| t.strengths
                    aside=|t| t.optional
                    value=strengths
                    error=field_error(errors, "strengths")
                    multiline=true
                    maxlength=ProfileText::MAX_CHARS
                />
                <ToolField
                    id="profile-offers"
                    label=|t| t.offers
                    aside=|t| t.optional
                    hint=|t| t.tags_hint
                    value=offers
                    error=field_error(errors, "offers")
                />
                <ToolField
                    id="profile-looking_for"
                    label=|t| t.looking_for
                    aside=|t| t.optional
                    hint=|t| t.tags_hint
                    value=looking_for
                    error=field_error(errors, "looking_for")
                />
                <ToolField
                    id="profile-organisation"
                    label=|t| t.organisation
                    aside=|t| t.optional
                    value=organisation
                    error=field_error(errors, "organisation")
                    maxlength=PlaceName::MAX_CHARS
                />
                <ErrorNotice error=errors.general />
                <div class="button-row">
                    <button type="submit" class="button button-primary" disabled=save.pending()>
                        {move || {
                            if save.pending().get() {
                                ct(i18n, |t| t.saving)()
                            } else {
                                ct(i18n, |t| t.save_profile)()
                            }
                        }}
                    </button>
                    <a class="button button-quiet" href=Route::Partners(id).to_string()>
                        {ct(i18n, |t| t.nav_partners)}
                    </a>
                </div>
                <p class="notice" role="status" hidden=move || !saved()>
                    {ct(i18n, |t| t.profile_saved)}
                </p>
            </form>
        </div>
    }
    .into_any()
}
