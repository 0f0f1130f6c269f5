//! The Markdown report: the canvas, its expedition and the date, then sections in order,
//! their stickies as list items with who wrote each and from which sector; user text
//! escaped so it never turns into headings, lists or HTML.

use std::collections::HashMap;
use std::fmt::Write;

use hevruta_model::canvas::{Board, Sticky};
use hevruta_model::{Member, MemberId};

use super::{SectionInfo, drawable};
use crate::i18n::{Texts, fill, isolate};
use crate::tools::canvas::texts::CanvasTexts;

/// Who wrote a sticky, as the report names them: a name and a sector's name, translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub sector: Option<String>,
}

/// The authors the report can name: the expedition's members, with their sectors in the
/// reader's language (members who left are not among them).
pub fn authors(members: &HashMap<MemberId, Member>, t: &Texts) -> HashMap<MemberId, Author> {
    members
        .iter()
        .map(|(id, m)| {
            let author = Author {
                name: m.display_name.clone(),
                sector: m.sector.map(|s| t.sector(s).name.to_owned()),
            };
            (*id, author)
        })
        .collect()
}

/// The report's own words, in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct ReportWords<'a> {
    /// With `{title}` and `{city}`, e.g. "Expedition: {title}, {city}".
    pub expedition: &'a str,
    /// With `{date}`.
    pub date: &'a str,
    /// A sticky's by-line with `{name}`, and with `{name}` and `{sector}`.
    pub by: &'a str,
    pub by_sector: &'a str,
    /// The name of an author who is no longer a member.
    pub someone: &'a str,
    /// The bare phrase for a section without stickies, e.g. "(empty)".
    pub empty: &'a str,
    /// The heading of stickies outside every section.
    pub outside: &'a str,
}

impl ReportWords<'static> {
    pub fn of(t: &'static CanvasTexts) -> Self {
        Self {
            expedition: t.report_expedition,
            date: t.report_date,
            by: t.report_by,
            by_sector: t.report_by_sector,
            someone: t.someone,
            empty: t.empty_section,
            outside: t.outside_sections,
        }
    }
}

/// Everything a report says besides the board.
pub struct Report<'a> {
    /// The canvas's title.
    pub canvas: &'a str,
    pub expedition: &'a str,
    pub city: &'a str,
    /// The moment of the export, formatted for the reader.
    pub date: &'a str,
    pub sections: &'a [SectionInfo],
    pub authors: &'a HashMap<MemberId, Author>,
    pub words: ReportWords<'a>,
}

/// Markdown for a report: `# canvas`, then the expedition and city and the date, then each
/// section in the given order as `## title` with its stickies as list items (top to bottom,
/// then left to right), each followed by its author's by-line, or `_{empty}_` when it has
/// none; then the stickies of no known section under `## {outside}`, if any. Blank
/// stickies are left out.
pub fn markdown(report: &Report, board: &Board) -> String {
    let words = report.words;
    let mut stickies: Vec<&Sticky> = drawable(board)
        .into_iter()
        .filter(|s| !s.text.value.trim().is_empty())
        .collect();
    stickies.sort_by(|a, b| {
        let (ax, ay) = a.position.value;
        let (bx, by) = b.position.value;
        ay.total_cmp(&by)
            .then(ax.total_cmp(&bx))
            .then(a.id.cmp(&b.id))
    });
    let in_section = |s: &Sticky, key: &str| s.section.value.as_deref() == Some(key);
    let by_line = |s: &Sticky| {
        let author = s.author.and_then(|id| report.authors.get(&id));
        let name = isolate(author.map_or(words.someone, |a| a.name.as_str()));
        let line = match author.and_then(|a| a.sector.as_deref()) {
            Some(sector) => fill(words.by_sector, &[("name", &name), ("sector", sector)]),
            None => fill(words.by, &[("name", &name)]),
        };
        md_line(&line)
    };

    let mut out = format!("# {}\n\n", md_heading(report.canvas));
    let expedition = fill(
        words.expedition,
        &[
            ("title", &isolate(report.expedition)),
            ("city", &isolate(report.city)),
        ],
    );
    let date = fill(words.date, &[("date", report.date)]);
    let _ = writeln!(out, "{}\\\n{}", md_line(&expedition), md_line(&date));
    for section in report.sections {
        let _ = write!(out, "\n## {}\n\n", md_heading(&section.title));
        let mut any = false;
        for s in stickies.iter().filter(|s| in_section(s, &section.key)) {
            md_item(&mut out, &s.text.value, &by_line(s));
            any = true;
        }
        if !any {
            let _ = writeln!(out, "_{}_", md_inline(words.empty.trim()));
        }
    }
    let homeless: Vec<&&Sticky> = stickies
        .iter()
        .filter(|s| !report.sections.iter().any(|sec| in_section(s, &sec.key)))
        .collect();
    if !homeless.is_empty() {
        let _ = write!(out, "\n## {}\n\n", md_heading(words.outside));
        for s in homeless {
            md_item(&mut out, &s.text.value, &by_line(s));
        }
    }
    out
}

/// One list item, its by-line (already made inert) last; later lines are indented to stay
/// in the item and end the previous line with a hard break (`\`), so the sticky's line
/// breaks survive rendering.
fn md_item(out: &mut String, text: &str, by_line: &str) {
    let mut lines: Vec<String> = text.trim().lines().map(md_line).collect();
    lines.push(by_line.to_owned());
    for (i, line) in lines.iter().enumerate() {
        let lead = if i == 0 { "- " } else { "  " };
        let more = lines.get(i + 1).is_some_and(|next| !next.is_empty());
        let brk = if more && !line.is_empty() { "\\" } else { "" };
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{lead}{line}{brk}");
        }
    }
}

/// A line of user text made inert at its start: whatever would open a heading, list, quote,
/// code block, table, link definition, HTML block or setext underline is escaped.
fn md_line(line: &str) -> String {
    let line = line.trim();
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let mut out = String::with_capacity(line.len() + 1);
    match line.chars().next() {
        // (`<` is left to `md_inline`.)
        // (`[` is escaped everywhere by `md_inline`.)
        Some('#' | '-' | '+' | '*' | '>' | '=' | '`' | '~' | '|' | '_') => {
            out.push('\\');
        }
        // "1." or "1)" would start an ordered list.
        Some(_) if digits > 0 && matches!(line[digits..].chars().next(), Some('.' | ')')) => {
            out.push_str(&line[..digits]);
            out.push('\\');
            out.push_str(&md_inline(&line[digits..]));
            return out;
        }
        _ => {}
    }
    out.push_str(&md_inline(line));
    out
}

/// Inline text with raw HTML defused (`<tag`, `</`, `<!`, `<?`) and brackets escaped, so
/// no link or image is live (`[x](javascript:…)`, `![x](https://tracker…)`, `[x][ref]`);
/// other marks are kept.
fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let tag = c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'));
        if tag || matches!(c, '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A heading's text on one line, with `#` escaped (a trailing ` #` would be eaten).
fn md_heading(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    md_inline(&one_line).replace('#', "\\#")
}
