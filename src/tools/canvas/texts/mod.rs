//! The canvas screen's strings, in every shipped language. Kept apart from `i18n::Texts`
//! so that they ship only in the canvas screen's wasm, not in the app's first load. The
//! same checks as for `Texts` run over them (`tests` below).

mod ar;
mod en;
mod es;
mod he;

use crate::i18n::{I18n, Lang, Plural};

/// A section's title and the one-line prompt under it.
#[derive(Debug)]
pub struct SectionText {
    pub key: &'static str,
    pub title: &'static str,
    pub prompt: &'static str,
}

#[derive(Debug)]
pub struct CanvasTexts {
    /// Every section key of every template, in template order.
    pub sections: &'static [SectionText; 13],
    pub back: &'static str,
    pub all_canvases: &'static str,
    pub list_heading: &'static str,
    pub list_empty: &'static str,
    pub title_label: &'static str,
    pub template_label: &'static str,
    /// City Education Model, Blank, Three circles (the order of `Template::ALL`).
    pub templates: [&'static str; 3],
    pub create: &'static str,
    pub canvas_region: &'static str,
    pub toolbar: &'static str,
    pub add_sticky: &'static str,
    pub undo: &'static str,
    pub redo: &'static str,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub fit: &'static str,
    pub colour: &'static str,
    pub colours: [&'static str; 6],
    pub bring_to_front: &'static str,
    pub delete: &'static str,
    pub export: &'static str,
    pub export_markdown: &'static str,
    pub export_svg: &'static str,
    pub export_png: &'static str,
    pub export_failed: &'static str,
    pub empty_section: &'static str,
    pub outside_sections: &'static str,
    pub deleted_heading: &'static str,
    pub deleted_none: &'static str,
    pub restore: &'static str,
    /// Beside a disabled Restore: why.
    pub restore_not_yours: &'static str,
    /// The open canvas was deleted (by the facilitator).
    pub canvas_deleted_here: &'static str,
    pub unsaved_heading: &'static str,
    pub announce_archived_here: &'static str,
    pub announce_restored_here: &'static str,
    /// What a screen reader calls a sticky (aria-roledescription).
    pub sticky_role: &'static str,
    pub sticky_by: &'static str,
    pub sticky_text: &'static str,
    pub sticky_pending: &'static str,
    pub sticky_empty: &'static str,
    pub done: &'static str,
    pub saved: &'static str,
    pub waiting: &'static str,
    pub offline: &'static str,
    pub presence_heading: &'static str,
    pub you: &'static str,
    pub someone: &'static str,
    pub conflict: &'static str,
    /// On a sticky someone else has open: `{name}`.
    pub typing: &'static str,
    /// In your editor, when someone else has the same sticky open: `{name}`.
    pub typing_too: &'static str,
    pub keep_mine: &'static str,
    pub keep_theirs: &'static str,
    pub drafts_heading: &'static str,
    pub drafts_hint: &'static str,
    pub copy: &'static str,
    pub dismiss: &'static str,
    pub shortcuts: &'static str,
    pub view_only: &'static str,
    pub selected: &'static str,
    pub more: &'static str,
    pub section_label: &'static str,
    pub view_board: &'static str,
    pub view_list: &'static str,
    pub view_label: &'static str,
    pub add_to_section: &'static str,
    pub edit_sticky: &'static str,
    pub save_sticky: &'static str,
    pub cancel_edit: &'static str,
    pub sticky_text_label: &'static str,
    pub list_section_empty: &'static str,
    pub announce_deleted_n: &'static str,
    pub touch_help: &'static str,
    pub view_keys: &'static str,
    pub by_author: &'static str,
    pub close_panel: &'static str,
    pub show_sticky: &'static str,
    pub announce_deleted: &'static str,
    pub announce_restored: &'static str,
    pub cited_card: &'static str,
    pub cited_learning: &'static str,
    pub cite: &'static str,
    pub cite_one: &'static str,
    pub cite_heading: &'static str,
    pub cite_search: &'static str,
    pub cite_learnings: &'static str,
    pub cite_cards: &'static str,
    pub cite_circle: &'static str,
    pub cite_on_board: &'static str,
    pub cite_loading: &'static str,
    pub cite_failed: &'static str,
    pub cite_nothing: &'static str,
    pub cite_remove: &'static str,
    pub cite_missing: &'static str,
    pub cite_chip_learning: &'static str,
    pub cite_chip_card: &'static str,
    pub announce_cited: &'static str,
    pub announce_uncited: &'static str,
    pub not_found: &'static str,
    pub zoom_level: &'static str,
    // The canvas list's management, and the Markdown report's header (appended here).
    pub rename: &'static str,
    pub rename_label: &'static str,
    pub archive: &'static str,
    pub unarchive: &'static str,
    pub delete_canvas_confirm: &'static str,
    pub delete_for_good: &'static str,
    pub sticky_count: Plural,
    pub changed_when: &'static str,
    pub archived_when: &'static str,
    pub here_now: &'static str,
    pub archived_heading: &'static str,
    pub archived_hint: &'static str,
    pub archived_badge: &'static str,
    pub announce_renamed: &'static str,
    pub announce_archived: &'static str,
    pub announce_unarchived: &'static str,
    pub announce_canvas_deleted: &'static str,
    pub report_expedition: &'static str,
    pub report_date: &'static str,
    pub report_by: &'static str,
    pub report_by_sector: &'static str,
}

impl CanvasTexts {
    pub fn template(&self, t: hevruta_model::canvas::Template) -> &'static str {
        use hevruta_model::canvas::Template;
        match t {
            Template::CityEducationModel => self.templates[0],
            Template::Blank => self.templates[1],
            Template::ThreeCircles => self.templates[2],
        }
    }

    pub fn section(&self, key: &str) -> Option<&SectionText> {
        self.sections.iter().find(|s| s.key == key)
    }
}

pub fn texts(lang: Lang) -> &'static CanvasTexts {
    match lang {
        Lang::En => &en::TEXTS,
        Lang::He => &he::TEXTS,
        Lang::Ar => &ar::TEXTS,
        Lang::Es => &es::TEXTS,
    }
}

/// The title of the section `key` in `lang`, without the rest of the canvas's strings
/// (the circles page names the section a sticky is in).
pub fn section_title(lang: Lang, key: &str) -> Option<&'static str> {
    let sections = match lang {
        Lang::En => &en::SECTIONS,
        Lang::He => &he::SECTIONS,
        Lang::Ar => &ar::SECTIONS,
        Lang::Es => &es::SECTIONS,
    };
    sections.iter().find(|s| s.key == key).map(|s| s.title)
}

/// Picks one canvas string, e.g. `|t| t.undo`.
pub type CanvasKey = fn(&'static CanvasTexts) -> &'static str;

/// The canvas strings of the current language, tracked, and as one closure type (wasm size).
pub fn ct(i18n: I18n, key: CanvasKey) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key(texts(i18n.lang()))
}

#[cfg(test)]
mod tests {
    use hevruta_model::canvas::Template;

    use super::*;
    use crate::i18n::tests::assert_every_language_has;

    #[test]
    fn every_language_has_every_canvas_string() {
        assert_every_language_has(texts, 61);
    }

    #[test]
    fn every_template_section_has_a_title_in_every_language() {
        for lang in Lang::ALL {
            let t = texts(lang);
            for template in Template::ALL {
                for s in template.sections() {
                    assert!(t.section(&s.key).is_some(), "{lang:?} lacks {}", s.key);
                }
            }
            // Same keys in the same order as English (titles are looked up by key).
            let keys: Vec<&str> = t.sections.iter().map(|s| s.key).collect();
            let en: Vec<&str> = texts(Lang::En).sections.iter().map(|s| s.key).collect();
            assert_eq!(keys, en, "{lang:?}");
        }
    }
}
