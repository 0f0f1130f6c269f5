//! CSV export of a board's cards, one row per card in board order. Every cell is quoted,
//! and a cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or
//! carriage return first, even after spaces) gets a leading `'`, so opening the file
//! cannot run `=HYPERLINK(…)` or worse (OWASP's advice on CSV injection). Written by hand:
//! quoting is a few lines, and a CSV crate would add to the boards bundle for them.

use super::BoardSnapshot;

/// The header row's field names.
pub const HEADER: [&str; 14] = [
    "title",
    "column",
    "summary",
    "link",
    "origin_city",
    "origin_country",
    "source",
    "themes",
    "sectors",
    "votes",
    "comments",
    "impact",
    "scalability",
    "first_steps",
];

/// A cell as a spreadsheet may open it safely: neutralised, then quoted.
pub fn cell(raw: &str) -> String {
    let first = raw.trim_start_matches(' ').chars().next();
    let risky = matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let mut out = String::with_capacity(raw.len() + 3);
    out.push('"');
    if risky {
        out.push('\'');
    }
    for ch in raw.chars() {
        if ch == '"' {
            out.push('"');
        }
        out.push(ch);
    }
    out.push('"');
    out
}

/// The cards as CSV (UTF-8 with a byte-order mark, so spreadsheets read Hebrew and Arabic
/// right; CRLF line ends, as RFC 4180 has them).
pub fn export(board: &BoardSnapshot) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.map(cell).join(","));
    out.push_str("\r\n");
    for column in &board.columns {
        for card in board.column_cards(column.id) {
            let c = &card.content;
            let opt = |s: &Option<String>| s.clone().unwrap_or_default();
            let comments = board
                .comments
                .iter()
                .filter(|x| x.card_id == card.id)
                .count();
            let row = [
                c.title.clone(),
                column.title.clone(),
                opt(&c.summary),
                opt(&c.link),
                opt(&c.origin_city),
                opt(&c.origin_country),
                c.source.as_str().to_owned(),
                c.themes.join("; "),
                c.sectors
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                board.total_votes(card.id).to_string(),
                comments.to_string(),
                opt(&c.impact),
                opt(&c.scalability),
                opt(&c.first_steps),
            ];
            out.push_str(&row.iter().map(|s| cell(s)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    }
    out
}
