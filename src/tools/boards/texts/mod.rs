//! The boards' strings, in every shipped language. Kept apart from `i18n::Texts` so they
//! ship only in the boards' wasm, not in the app's first load; the same checks as for
//! `Texts` run over them (`tests` below).

mod ar;
mod en;
mod es;
mod he;

use crate::i18n::{I18n, Lang, Plural};

#[derive(Debug)]
pub struct BoardTexts {
    pub boards_heading: &'static str,
    pub boards_intro: &'static str,
    pub boards_empty: &'static str,
    pub new_board: &'static str,
    pub board_title_label: &'static str,
    pub board_title_default: &'static str,
    pub create: &'static str,
    /// The columns a new board starts with.
    pub default_columns: [&'static str; 4],
    pub back_to_expedition: &'static str,
    pub all_boards: &'static str,
    pub card_count: Plural,
    pub add_card: &'static str,
    /// On the button under a column: `{column}`.
    pub add_card_to: &'static str,
    pub field_title: &'static str,
    pub field_summary: &'static str,
    pub field_link: &'static str,
    pub field_city: &'static str,
    pub field_country: &'static str,
    pub field_source: &'static str,
    pub field_themes: &'static str,
    pub field_sectors: &'static str,
    pub field_impact: &'static str,
    pub field_scalability: &'static str,
    pub field_first_steps: &'static str,
    /// HundrED, IAEC Bank of Experiences, a member's own find, other (`Source::ALL`).
    pub sources: [&'static str; 4],
    pub save_card: &'static str,
    pub cancel: &'static str,
    pub remove_card: &'static str,
    pub card_role: &'static str,
    /// `{name}`.
    pub added_by: &'static str,
    pub from_learning: &'static str,
    /// A canvas sticky cites the card: `{canvas}`.
    pub cited_on: &'static str,
    pub open_link: &'static str,
    pub more: &'static str,
    pub move_to: &'static str,
    pub move_column: &'static str,
    pub move_position: &'static str,
    pub move_button: &'static str,
    /// `{card}`, `{column}`, `{position}`, `{total}`.
    pub announce_moved: &'static str,
    /// `{card}`.
    pub announce_move_failed: &'static str,
    /// `{name}`, `{card}`, `{column}`: someone else's move, seen live.
    pub announce_moved_by: &'static str,
    pub keyboard_help: &'static str,
    pub drag_handle: &'static str,
    pub votes_heading: &'static str,
    /// `{card}`.
    pub vote_add: &'static str,
    /// `{card}`.
    pub vote_remove: &'static str,
    pub vote_total: Plural,
    /// `{n}`.
    pub my_votes: &'static str,
    /// `{n}`, `{budget}`.
    pub votes_left: &'static str,
    pub no_votes_left: &'static str,
    /// `{cap}`.
    pub cap_reached: &'static str,
    pub comments_heading: Plural,
    pub comment_label: &'static str,
    pub comment_send: &'static str,
    pub no_comments: &'static str,
    pub filter_heading: &'static str,
    pub search_label: &'static str,
    pub theme_label: &'static str,
    pub sector_label: &'static str,
    pub source_label: &'static str,
    pub country_label: &'static str,
    pub any: &'static str,
    pub clear_filters: &'static str,
    /// `{shown}`, `{total}`.
    pub showing: &'static str,
    pub layout_label: &'static str,
    pub layout_columns: &'static str,
    pub layout_grid: &'static str,
    /// `{column}`, in the grid.
    pub in_column: &'static str,
    pub export_json: &'static str,
    pub export_csv: &'static str,
    pub import_label: &'static str,
    /// `{valid}`, `{rejected}`.
    pub import_summary: &'static str,
    /// `{n}`.
    pub import_valid: &'static str,
    pub import_nothing: &'static str,
    /// `{n}`.
    pub import_done: &'static str,
    /// `{reason}`.
    pub import_failed: &'static str,
    /// `{row}`, `{title}`, `{reasons}`.
    pub row_rejected: &'static str,
    pub settings_heading: &'static str,
    pub vote_budget_label: &'static str,
    pub card_cap_label: &'static str,
    pub save_settings: &'static str,
    pub facilitator_only: &'static str,
    pub empty_column: &'static str,
    pub board_not_found: &'static str,
    /// `{column}`: the button that opens a column's options.
    pub column_options: &'static str,
    pub column_name_label: &'static str,
    pub rename_column: &'static str,
    pub column_earlier: &'static str,
    pub column_later: &'static str,
    pub remove_column: &'static str,
    /// `{n}`: how many cards the removed column holds.
    pub remove_cards_to: &'static str,
    pub remove_empty_confirm: &'static str,
    pub last_column: &'static str,
    pub add_column: &'static str,
    /// `{n}`: the most columns a board may have.
    pub column_limit: &'static str,
    /// `{column}`.
    pub announce_column_renamed: &'static str,
    /// `{column}`, `{position}`, `{total}`.
    pub announce_column_moved: &'static str,
    /// `{column}`.
    pub announce_column_removed: &'static str,
    /// `{column}`.
    pub announce_column_added: &'static str,
    pub announce_column_failed: &'static str,
    /// `{learning}`: the circle-3 learning a card was made from, a link.
    pub from_learning_named: &'static str,
    pub drag_cancelled: &'static str,
    /// `{n}`: cards of the column not shown yet.
    pub show_more_cards: &'static str,
}

impl BoardTexts {
    pub fn source(&self, s: hevruta_model::board::Source) -> &'static str {
        use hevruta_model::board::Source;
        let i = Source::ALL.iter().position(|x| *x == s).unwrap_or(3);
        self.sources[i]
    }
}

pub fn texts(lang: Lang) -> &'static BoardTexts {
    match lang {
        Lang::En => &en::TEXTS,
        Lang::He => &he::TEXTS,
        Lang::Ar => &ar::TEXTS,
        Lang::Es => &es::TEXTS,
    }
}

/// Picks one board string, e.g. `|t| t.move_to`.
pub type BoardKey = fn(&'static BoardTexts) -> &'static str;

/// The board strings of the current language, tracked, and as one closure type (wasm size).
pub fn bt(i18n: I18n, key: BoardKey) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key(texts(i18n.lang()))
}

/// The strings of the current language, untracked (inside handlers).
pub fn now(i18n: I18n) -> &'static BoardTexts {
    texts(i18n.lang_untracked())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::tests::assert_every_language_has;

    #[test]
    fn every_language_has_every_board_string() {
        assert_every_language_has(texts, 61);
    }
}
