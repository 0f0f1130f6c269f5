//! Translations. Every user-facing string is a field of `Texts`; each shipped language is
//! one `const Texts` value, so a key missing in any language is a compile error. Plurals
//! and number/date formats come from the browser's `Intl`, which costs the wasm nothing.

mod ar;
mod context;
mod en;
mod es;
mod format;
mod he;

use hevruta_model::{FieldCode, ProblemCode, Role, Sector, Stage};

pub use context::{I18n, use_i18n};
pub use format::{format_date_time, format_number, plural_category, set_format_lang};

/// Picks one string out of `Texts`, e.g. `|t| t.join_heading`.
pub type Key = fn(&'static Texts) -> &'static str;

/// A shipped language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    He,
    Ar,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::He, Lang::Ar, Lang::Es];

    /// BCP 47 tag, used for `<html lang>` and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::He => "he",
            Lang::Ar => "ar",
            Lang::Es => "es",
        }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::He | Lang::Ar)
    }

    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The language's own name, as the switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::He => "עברית",
            Lang::Ar => "العربية",
            Lang::Es => "Español",
        }
    }

    /// Matches a browser language tag (`he-IL`, `es-419`, `iw`) to a shipped language.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "he" | "iw" => Some(Lang::He),
            "ar" => Some(Lang::Ar),
            "es" | "ca" => Some(Lang::Es),
            _ => None,
        }
    }

    /// The first shipped language in the user's preference list, else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or(Lang::En)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &en::TEXTS,
            Lang::He => &he::TEXTS,
            Lang::Ar => &ar::TEXTS,
            Lang::Es => &es::TEXTS,
        }
    }
}

/// A message that depends on a count. `one` and `other` are required; the rest fall back
/// to `other` (Arabic uses all six, Hebrew `two`).
#[derive(Debug, Clone, Copy)]
pub struct Plural {
    pub zero: Option<&'static str>,
    pub one: &'static str,
    pub two: Option<&'static str>,
    pub few: Option<&'static str>,
    pub many: Option<&'static str>,
    pub other: &'static str,
}

impl Plural {
    pub const fn simple(one: &'static str, other: &'static str) -> Self {
        Self {
            zero: None,
            one,
            two: None,
            few: None,
            many: None,
            other,
        }
    }

    /// The form for `category` (`zero`, `one`, `two`, `few`, `many`, `other`).
    pub fn pick(&self, category: &str) -> &'static str {
        let form = match category {
            "zero" => self.zero,
            "one" => Some(self.one),
            "two" => self.two,
            "few" => self.few,
            "many" => self.many,
            _ => None,
        };
        form.unwrap_or(self.other)
    }

    pub fn all(&self) -> impl Iterator<Item = &'static str> {
        [
            Some(self.one),
            Some(self.other),
            self.zero,
            self.two,
            self.few,
            self.many,
        ]
        .into_iter()
        .flatten()
    }
}

/// A name, title or quoted text inside a translated sentence, isolated for bidirectional
/// display (U+2068 … U+2069, on one line), so a Hebrew or Arabic name inside an English
/// sentence, or the other way round, keeps its order and the sentence's.
pub fn isolate(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("\u{2068}{one_line}\u{2069}")
}

/// Replaces `{name}` placeholders in a template.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A name and a one-line description, e.g. of a stage or sector.
#[derive(Debug, Clone, Copy)]
pub struct Named {
    pub name: &'static str,
    pub about: &'static str,
}

/// Every string of the app, in one language.
#[derive(Debug)]
pub struct Texts {
    // Shell
    pub app_name: &'static str,
    pub skip_to_content: &'static str,
    pub language: &'static str,
    pub main_nav: &'static str,
    pub home: &'static str,
    pub tagline: &'static str,
    pub footer_note: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_to_start: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub cancel: &'static str,
    pub save: &'static str,
    pub edit: &'static str,
    pub you: &'static str,

    // Landing
    pub join_heading: &'static str,
    pub join_intro: &'static str,
    pub field_code: &'static str,
    pub code_hint: &'static str,
    pub field_your_name: &'static str,
    pub name_hint: &'static str,
    pub field_sector: &'static str,
    pub choose_sector: &'static str,
    pub join_as_viewer: &'static str,
    pub join_as_viewer_hint: &'static str,
    pub join_submit: &'static str,
    pub joining: &'static str,
    pub create_heading: &'static str,
    pub create_intro: &'static str,
    pub field_title: &'static str,
    pub field_city: &'static str,
    pub field_challenge: &'static str,
    pub challenge_hint: &'static str,
    pub create_submit: &'static str,
    pub creating: &'static str,
    pub your_expeditions: &'static str,
    pub open: &'static str,
    pub forget: &'static str,
    pub forget_hint: &'static str,
    pub form_has_errors: &'static str,

    // Session link
    pub opening_session: &'static str,
    pub session_link_invalid: &'static str,

    // Expedition home
    pub expedition_home: &'static str,
    pub challenge_label: &'static str,
    pub stages_heading: &'static str,
    pub stage_step: &'static str,
    pub stage_current: &'static str,
    pub stage_done: &'static str,
    pub stage_upcoming: &'static str,
    pub advance_to: &'static str,
    pub set_stage_to: &'static str,
    pub last_stage_reached: &'static str,
    pub partners_heading: &'static str,
    pub partners_count: Plural,
    pub coverage_heading: &'static str,
    pub coverage_summary: &'static str,
    pub coverage_missing: &'static str,
    pub coverage_complete: &'static str,
    pub sector_empty: &'static str,
    pub screens_heading: &'static str,
    pub invite_heading: &'static str,
    pub invite_intro: &'static str,
    pub join_code_label: &'static str,
    pub copy_invite_link: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub new_code: &'static str,
    pub new_code_confirm: &'static str,
    pub new_code_done: &'static str,
    pub edit_details: &'static str,
    pub details_saved: &'static str,
    pub live_connecting: &'static str,
    pub live_on: &'static str,
    pub live_reconnecting: &'static str,
    pub live_ended: &'static str,
    pub announce_joined: &'static str,
    pub announce_left: &'static str,
    pub announce_stage: &'static str,
    pub announce_updated: &'static str,
    pub switch_expedition: &'static str,
    pub your_devices: &'static str,
    pub sign_out: &'static str,
    pub leave: &'static str,
    /// Signing out the only facilitator's last session: asked before forcing it.
    pub last_session_confirm: &'static str,
    pub leave_confirm: &'static str,
    pub not_a_member: &'static str,
    pub session_ended: &'static str,
    pub joined_at: &'static str,
    pub viewer_notice: &'static str,

    // Vocabulary of the method
    pub stages: [Named; 4],
    pub sectors: [Named; 6],
    pub roles: [&'static str; 3],

    // Errors
    pub err_network: &'static str,
    pub err_unexpected: &'static str,
    pub err_unauthorized: &'static str,
    pub err_forbidden: &'static str,
    pub err_not_found: &'static str,
    pub err_wrong_join_code: &'static str,
    pub err_conflict: &'static str,
    pub err_last_facilitator: &'static str,
    pub err_too_large: &'static str,
    pub err_invalid: &'static str,
    pub err_server: &'static str,
    pub err_unavailable: &'static str,
    pub field_empty: &'static str,
    pub field_too_long: &'static str,
    pub field_control_characters: &'static str,
    pub field_malformed_code: &'static str,
    pub field_required: &'static str,
    pub field_invalid: &'static str,
    pub canvases_heading: &'static str,
    pub canvases_open: &'static str,
    pub boards_heading: &'static str,
    pub boards_open: &'static str,
    pub err_canvas_archived: &'static str,
    pub err_locked: &'static str,
    pub err_too_many: &'static str,
    /// A quota is reached (members, canvases or stickies): nothing more of that kind fits.
    pub err_over_quota: &'static str,
    /// A limited field's counter once the text nears the limit.
    pub chars_left: Plural,
    pub join_checking: &'static str,
    pub join_preview: &'static str,
    pub join_preview_city: &'static str,
    /// The stage tracker's tool links and stage 1's progress.
    pub tool_partners: &'static str,
    pub tool_circles: &'static str,
    pub tool_canvases: &'static str,
    /// `{n}` of `{total}` partners.
    pub profiles_progress: &'static str,
    /// `{sectors}` with nobody in the group yet.
    pub thin_sectors: &'static str,
}

impl Texts {
    pub fn stage(&self, s: Stage) -> Named {
        self.stages[s as usize]
    }

    pub fn sector(&self, s: Sector) -> Named {
        self.sectors[s as usize]
    }

    pub fn role(&self, r: Role) -> &'static str {
        match r {
            Role::Facilitator => self.roles[0],
            Role::Participant => self.roles[1],
            Role::Viewer => self.roles[2],
        }
    }

    /// The app's own sentence for a problem code; `None` for codes it does not know, where
    /// the caller falls back to the server's text.
    pub fn problem(&self, code: ProblemCode) -> Option<&'static str> {
        Some(match code {
            ProblemCode::Unauthorized => self.err_unauthorized,
            ProblemCode::Forbidden => self.err_forbidden,
            ProblemCode::NotFound => self.err_not_found,
            ProblemCode::WrongJoinCode => self.err_wrong_join_code,
            ProblemCode::Conflict => self.err_conflict,
            ProblemCode::CanvasArchived => self.err_canvas_archived,
            ProblemCode::Locked => self.err_locked,
            ProblemCode::TooManyRequests => self.err_too_many,
            ProblemCode::OverQuota => self.err_over_quota,
            ProblemCode::LastFacilitator => self.err_last_facilitator,
            ProblemCode::PayloadTooLarge => self.err_too_large,
            ProblemCode::InvalidJson
            | ProblemCode::InvalidBody
            | ProblemCode::ValidationFailed
            | ProblemCode::UnsupportedMediaType
            | ProblemCode::MethodNotAllowed => self.err_invalid,
            ProblemCode::Internal => self.err_server,
            ProblemCode::Unavailable => self.err_unavailable,
            ProblemCode::Unknown => return None,
        })
    }

    /// The sentence for one field error code, with `{max}` filled where it applies.
    pub fn field_error(&self, code: FieldCode, max: Option<u32>) -> String {
        match code {
            FieldCode::Empty => self.field_empty.into(),
            FieldCode::TooLong => fill(
                self.field_too_long,
                &[("max", &format_number(i64::from(max.unwrap_or(0))))],
            ),
            FieldCode::ControlCharacters => self.field_control_characters.into(),
            FieldCode::Malformed => self.field_malformed_code.into(),
            FieldCode::Required => self.field_required.into(),
            _ => self.field_invalid.into(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
