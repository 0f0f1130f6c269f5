//! The circles bundle's strings (partners, profile form, learning circles), in every
//! shipped language. Kept apart from `i18n::Texts` so they ship only in `circles.html`'s
//! wasm. The same checks as for `Texts` run over them (`tests` below).

mod ar;
mod en;
mod es;
mod he;

use crate::i18n::{I18n, Lang};

#[derive(Debug)]
pub struct CirclesTexts {
    pub nav_label: &'static str,
    pub back_home: &'static str,
    pub nav_partners: &'static str,
    pub nav_profile: &'static str,
    pub nav_circles: &'static str,
    pub read_only: &'static str,
    // Partners.
    pub partners_heading: &'static str,
    pub partners_lead: &'static str,
    /// `{n}` of `{total}`.
    pub profiles_count: &'static str,
    pub missing_heading: &'static str,
    pub missing_none: &'static str,
    pub shared_heading: &'static str,
    /// `{n}` partners share `{passion}`.
    pub shared_group: &'static str,
    pub shared_none: &'static str,
    pub filter_sector: &'static str,
    pub filter_passion: &'static str,
    pub filter_all: &'static str,
    pub cards_heading: &'static str,
    pub no_match: &'static str,
    /// `{names}` have not written a profile yet.
    pub not_yet: &'static str,
    pub dream: &'static str,
    pub passions: &'static str,
    pub ambitions: &'static str,
    pub strengths: &'static str,
    pub offers: &'static str,
    pub looking_for: &'static str,
    pub organisation: &'static str,
    pub suggestions: &'static str,
    pub suggestions_none: &'static str,
    /// Why a partner is suggested: `{tag}`.
    pub reason_passion: &'static str,
    pub reason_offers: &'static str,
    pub reason_needs: &'static str,
    pub write_yours: &'static str,
    pub edit_yours: &'static str,
    // The profile form.
    pub profile_heading: &'static str,
    pub profile_lead: &'static str,
    pub dream_hint: &'static str,
    pub tags_hint: &'static str,
    pub optional: &'static str,
    pub save_profile: &'static str,
    pub saving: &'static str,
    pub profile_saved: &'static str,
    pub viewer_no_profile: &'static str,
    // The circles.
    pub circles_heading: &'static str,
    pub circles_lead: &'static str,
    /// 1st, 2nd, 3rd circle: what goes in it.
    pub circle_names: [&'static str; 3],
    pub circle_numbers: [&'static str; 3],
    /// `{n}` learnings in a circle.
    pub circle_count: &'static str,
    /// A circle with nothing in it yet.
    pub hint_empty: [&'static str; 3],
    /// Everything in `{circle}` comes from `{sector}`.
    pub hint_one_sector: &'static str,
    pub rings_label: &'static str,
    /// A chip: `{title}`, by `{name}`.
    pub chip_label: &'static str,
    pub filter_circle: &'static str,
    pub filter_theme: &'static str,
    pub filter_author: &'static str,
    /// Showing `{n}` of `{total}`.
    pub showing: &'static str,
    pub clear_filters: &'static str,
    pub list_heading: &'static str,
    pub empty_list: &'static str,
    /// By `{name}`.
    pub by: &'static str,
    pub builds_on: &'static str,
    pub built_on_by: &'static str,
    pub learned: &'static str,
    /// `{n}` learned from this.
    pub learned_count: &'static str,
    pub hidden_badge: &'static str,
    pub hide: &'static str,
    pub unhide: &'static str,
    pub edit: &'static str,
    pub delete: &'static str,
    pub delete_confirm: &'static str,
    pub cancel: &'static str,
    pub move_to: &'static str,
    pub source: &'static str,
    pub origin: &'static str,
    pub cited_on: &'static str,
    pub cited_on_canvas: &'static str,
    pub cited_on_section: &'static str,
    pub add_heading: &'static str,
    pub edit_heading: &'static str,
    pub title_label: &'static str,
    pub text_label: &'static str,
    pub text_hint: &'static str,
    pub source_label: &'static str,
    pub origin_label: &'static str,
    pub themes_label: &'static str,
    pub circle_label: &'static str,
    pub builds_on_label: &'static str,
    pub builds_on_none: &'static str,
    pub add: &'static str,
    pub save_changes: &'static str,
    // Field errors this bundle's forms can get, beyond the shared ones.
    pub field_too_many: &'static str,
    pub field_unknown_circle: &'static str,
    pub field_unknown_learning: &'static str,
    pub field_cycle: &'static str,
    pub field_invalid_url: &'static str,
    pub not_found: &'static str,
    // Devices and roles.
    pub nav_devices: &'static str,
    pub devices_heading: &'static str,
    pub devices_lead: &'static str,
    pub link_heading: &'static str,
    pub link_make: &'static str,
    pub link_hint: &'static str,
    pub link_for_hint: &'static str,
    pub link_qr: &'static str,
    pub link_copy: &'static str,
    pub link_copied: &'static str,
    pub link_copy_failed: &'static str,
    pub sessions_heading: &'static str,
    pub this_device: &'static str,
    pub session_line: &'static str,
    pub session_end: &'static str,
    pub session_ended: &'static str,
    pub idle_note: &'static str,
    pub people_heading: &'static str,
    pub people_lead: &'static str,
    pub make_facilitator: &'static str,
    pub make_participant: &'static str,
    pub link_for: &'static str,
    pub role_changed: &'static str,
}

pub fn texts(lang: Lang) -> &'static CirclesTexts {
    match lang {
        Lang::En => &en::TEXTS,
        Lang::He => &he::TEXTS,
        Lang::Ar => &ar::TEXTS,
        Lang::Es => &es::TEXTS,
    }
}

/// Picks one string, e.g. `|t| t.add`.
pub type CirclesKey = fn(&'static CirclesTexts) -> &'static str;

/// The strings of the current language, tracked, as one closure type (wasm size).
pub fn ct(i18n: I18n, key: CirclesKey) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key(texts(i18n.lang()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::tests::assert_every_language_has;

    #[test]
    fn every_language_has_every_circles_string() {
        assert_every_language_has(texts, 104);
    }
}
