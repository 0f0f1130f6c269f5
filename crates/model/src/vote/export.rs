//! A revealed round's results as Markdown (a table, for notes and issues) and as CSV (for
//! spreadsheets: quoted and injection-safe with the board export's `cell`).

use super::RoundResults;
use crate::board::csv::cell;

/// A Markdown table cell: one line, with what Markdown or HTML would read escaped.
fn md(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.chars() {
        match ch {
            '\n' | '\r' => out.push(' '),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    out
}

fn voters(item: &super::RankedItem) -> String {
    item.voters.as_ref().map_or_else(String::new, |v| {
        v.iter()
            .map(|v| format!("{} ({})", v.name, v.dots))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// `title` heads the document; `headers` are the column names (rank, item, dots, voters)
/// in the reader's language. The voters column is left out of anonymous results.
pub fn markdown(
    title: &str,
    headers: [&str; 4],
    results: &RoundResults,
    anonymous: bool,
) -> String {
    let cols = if anonymous { 3 } else { 4 };
    let mut out = format!("# {}\n\n", md(title));
    out.push_str(&format!(
        "| {} |\n",
        headers[..cols]
            .iter()
            .map(|h| md(h))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    out.push_str(&format!("|{}\n", "---|".repeat(cols)));
    for item in &results.items {
        let mut row = vec![
            item.rank.to_string(),
            md(&item.label),
            item.dots.to_string(),
        ];
        if !anonymous {
            row.push(md(&voters(item)));
        }
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

/// The results as CSV (UTF-8 with a byte-order mark, CRLF line ends, like the board export).
pub fn csv(headers: [&str; 4], results: &RoundResults, anonymous: bool) -> String {
    let cols = if anonymous { 3 } else { 4 };
    let mut out = String::from("\u{feff}");
    out.push_str(
        &headers[..cols]
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for item in &results.items {
        let mut row = vec![
            cell(&item.rank.to_string()),
            cell(&item.label),
            cell(&item.dots.to_string()),
        ];
        if !anonymous {
            row.push(cell(&voters(item)));
        }
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemberId;
    use crate::vote::{RankedItem, Voter};
    use uuid::Uuid;

    fn results() -> RoundResults {
        RoundResults {
            voters: 1,
            dots: 3,
            items: vec![RankedItem {
                item: Uuid::nil(),
                rank: 1,
                dots: 3,
                label: "=HYPERLINK(\"x\") | *bold*\n<b>".into(),
                voters: Some(vec![Voter {
                    member: MemberId(Uuid::nil()),
                    name: "Dana".into(),
                    dots: 3,
                }]),
            }],
        }
    }

    const HEADERS: [&str; 4] = ["Rank", "Item", "Dots", "Voters"];

    #[test]
    fn markdown_escapes_what_would_break_the_table() {
        let md = markdown("Round", HEADERS, &results(), false);
        assert!(
            md.contains(r#"| 1 | =HYPERLINK("x") \| \*bold\* \<b\> | 3 | Dana (3) |"#),
            "{md}"
        );
        assert!(!markdown("Round", HEADERS, &results(), true).contains("Dana"));
    }

    #[test]
    fn csv_neutralises_formulas_and_quotes_every_cell() {
        let csv = csv(HEADERS, &results(), false);
        let row = csv.split("\r\n").nth(1).unwrap();
        assert!(row.starts_with(r#""1","'=HYPERLINK(""x"")"#), "{row}");
        assert!(row.ends_with(r#""3","Dana (3)""#), "{row}");
        assert!(!super::csv(HEADERS, &results(), true).contains("Dana"));
    }
}
