//! The Markdown report: sections in order, their stickies as list items, user text
//! escaped so it never turns into headings, lists or HTML.

use std::fmt::Write;

use hevruta_model::canvas::{Board, Sticky};

use super::{SectionInfo, drawable};

/// Markdown for a report: `# title`, then each section in the given order as `## title`
/// with its stickies as list items (top to bottom, then left to right), or `_{empty}_`
/// when it has none; then the stickies of no known section under `## {outside}`, if any.
/// Blank stickies are left out. `empty` and `outside` come translated from the caller,
/// `empty` being the bare phrase, e.g. "(empty)".
pub fn markdown(
    title: &str,
    sections: &[SectionInfo],
    board: &Board,
    empty: &str,
    outside: &str,
) -> String {
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

    let mut out = format!("# {}\n", md_heading(title));
    for section in sections {
        let _ = write!(out, "\n## {}\n\n", md_heading(&section.title));
        let mut any = false;
        for s in stickies.iter().filter(|s| in_section(s, &section.key)) {
            md_item(&mut out, &s.text.value);
            any = true;
        }
        if !any {
            let _ = writeln!(out, "_{}_", md_inline(empty.trim()));
        }
    }
    let homeless: Vec<&&Sticky> = stickies
        .iter()
        .filter(|s| !sections.iter().any(|sec| in_section(s, &sec.key)))
        .collect();
    if !homeless.is_empty() {
        let _ = write!(out, "\n## {}\n\n", md_heading(outside));
        for s in homeless {
            md_item(&mut out, &s.text.value);
        }
    }
    out
}

/// One list item; later lines are indented to stay in the item and end the previous line
/// with a hard break (`\`), so the sticky's line breaks survive rendering.
fn md_item(out: &mut String, text: &str) {
    let lines: Vec<String> = text.trim().lines().map(md_line).collect();
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
        Some('#' | '-' | '+' | '*' | '>' | '=' | '`' | '~' | '|' | '[' | '_') => {
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

/// Inline text with raw HTML defused (`<tag`, `</`, `<!`, `<?`); other marks are kept.
fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
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
