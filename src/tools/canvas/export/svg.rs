//! The standalone SVG picture: sections and stickies laid out as on the canvas, text
//! wrapped by an estimate of its width, XML-escaped, right-to-left text anchored right.

use std::fmt::Write;

use hevruta_model::canvas::Board;

use super::{INK, STICKY_H, STICKY_W, SectionInfo, color_hex, drawable};

const FONTS: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', \
                     'Noto Sans Hebrew', 'Noto Sans Arabic', Arial, sans-serif";
/// Space around the drawing, and above it for the canvas title.
pub(super) const MARGIN: f64 = 40.0;
pub(super) const TITLE_BAND: f64 = 64.0;
const SECTION_PAD: f64 = 20.0;
pub(super) const STICKY_PAD: f64 = 12.0;

/// How a kind of text is set: font size, distance between baselines, extra attributes.
pub(super) struct Font {
    pub(super) size: f64,
    pub(super) line: f64,
    pub(super) attrs: &'static str,
}

const TITLE: Font = Font {
    size: 32.0,
    line: 40.0,
    attrs: r#" font-weight="700""#,
};
const SECTION_TITLE: Font = Font {
    size: 26.0,
    line: 32.0,
    attrs: r#" font-weight="700""#,
};
const PROMPT: Font = Font {
    size: 17.0,
    line: 22.0,
    attrs: r##" fill="#57606a""##,
};
const PROMPT_LINES: usize = 3;
pub(super) const STICKY_TEXT: Font = Font {
    size: 14.0,
    line: 18.0,
    attrs: "",
};

/// A standalone SVG of the whole canvas, and its width and height (canvas units): the
/// title above, then section boxes with title and prompt, then stickies bottom to top.
pub fn svg(title: &str, sections: &[SectionInfo], board: &Board) -> (String, f64, f64) {
    let stickies = drawable(board);
    let boxes = sections
        .iter()
        .map(|s| (s.x, s.y, s.w, s.h))
        .chain(stickies.iter().map(|s| {
            let (x, y) = s.position.value;
            (x, y, STICKY_W, STICKY_H)
        }))
        .filter(|b| [b.0, b.1, b.2, b.3].iter().all(|v| v.is_finite()));
    let (x0, y0, x1, y1) = boxes
        .fold(None, |acc: Option<(f64, f64, f64, f64)>, (x, y, w, h)| {
            let (ax0, ay0, ax1, ay1) = acc.unwrap_or((x, y, x + w, y + h));
            Some((ax0.min(x), ay0.min(y), ax1.max(x + w), ay1.max(y + h)))
        })
        .unwrap_or((0.0, 0.0, 4.0 * STICKY_W, 4.0 * STICKY_H));
    let (left, top) = (x0 - MARGIN, y0 - MARGIN - TITLE_BAND);
    let (width, height) = (x1 - x0 + 2.0 * MARGIN, y1 - y0 + 2.0 * MARGIN + TITLE_BAND);

    let mut out = String::with_capacity(1024 + 400 * stickies.len());
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="{l} {t} {w} {h}" font-family="{FONTS}" fill="{INK}"><title>{title_xml}</title><rect x="{l}" y="{t}" width="{w}" height="{h}" fill="#fff"/>"##,
        w = num(width),
        h = num(height),
        l = num(left),
        t = num(top),
        title_xml = xml(title),
    );
    text_block(
        &mut out,
        &wrap(title, &TITLE, x1 - x0, 1),
        (x0, x1 - x0),
        y0 - TITLE_BAND + TITLE.size + 4.0,
        &TITLE,
    );
    for s in sections {
        let _ = write!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" rx="16" fill="#f6f8fa" stroke="#d0d7de" stroke-width="2"/>"##,
            num(s.x),
            num(s.y),
            num(s.w),
            num(s.h)
        );
        let column = (s.x + SECTION_PAD, s.w - 2.0 * SECTION_PAD);
        let heading_y = s.y + SECTION_PAD + SECTION_TITLE.size;
        let heading = wrap(&s.title, &SECTION_TITLE, column.1, 1);
        text_block(&mut out, &heading, column, heading_y, &SECTION_TITLE);
        let prompt = wrap(&s.prompt, &PROMPT, column.1, PROMPT_LINES);
        let prompt_y = heading_y + SECTION_TITLE.line - SECTION_TITLE.size + PROMPT.line;
        text_block(&mut out, &prompt, column, prompt_y, &PROMPT);
    }
    let column = (STICKY_PAD, STICKY_W - 2.0 * STICKY_PAD);
    let max_lines = ((STICKY_H - 2.0 * STICKY_PAD) / STICKY_TEXT.line) as usize;
    for s in &stickies {
        let (x, y) = s.position.value;
        // A nested <svg> clips whatever the width estimate below gets wrong.
        let _ = write!(
            out,
            r##"<svg x="{}" y="{}" width="{STICKY_W}" height="{STICKY_H}" overflow="hidden"><rect x="1" y="1" width="{}" height="{}" rx="10" fill="{}" stroke="#000" stroke-opacity=".18"/>"##,
            num(x),
            num(y),
            STICKY_W - 2.0,
            STICKY_H - 2.0,
            color_hex(s.color.value)
        );
        let lines = wrap(&s.text.value, &STICKY_TEXT, column.1, max_lines);
        text_block(
            &mut out,
            &lines,
            column,
            STICKY_PAD + STICKY_TEXT.size,
            &STICKY_TEXT,
        );
        out.push_str("</svg>");
    }
    out.push_str("</svg>");
    (out, width, height)
}

/// A `<text>` of `lines`, one `<tspan>` per line from baseline `y`, laid out in the column
/// `(x, width)`: from its left edge, or from its right edge when the text reads right to left.
fn text_block(out: &mut String, lines: &[String], (x, width): (f64, f64), y: f64, font: &Font) {
    if lines.iter().all(|l| l.is_empty()) {
        return;
    }
    let rtl = lines.iter().find_map(|l| starts_rtl(l)).unwrap_or(false);
    let x = if rtl { x + width } else { x };
    let dir = if rtl {
        r#" direction="rtl" text-anchor="start""#
    } else {
        ""
    };
    let _ = write!(
        out,
        r#"<text font-size="{}"{}{dir}>"#,
        font.size, font.attrs
    );
    for (i, line) in lines.iter().enumerate() {
        if !line.is_empty() {
            let _ = write!(
                out,
                r#"<tspan x="{}" y="{}">{}</tspan>"#,
                num(x),
                num(y + i as f64 * font.line),
                xml(line)
            );
        }
    }
    out.push_str("</text>");
}

/// Whether text reads right to left, judged by its first strong character (as `dir=auto`
/// does); `None` when it has none.
pub(super) fn starts_rtl(text: &str) -> Option<bool> {
    text.chars().find_map(|c| {
        if is_rtl(c) {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        }
    })
}

/// Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms.
fn is_rtl(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && c.is_alphabetic()
}

/// A rough advance width in ems, erring wide so lines rarely overflow.
fn char_em(c: char) -> f64 {
    match c {
        '\u{0300}'..='\u{036F}' | '\u{0591}'..='\u{05C7}' | '\u{064B}'..='\u{065F}' => 0.0,
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.3,
        'm' | 'w' | 'M' | 'W' | '@' => 0.9,
        'A'..='Z' => 0.7,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{1F300}'..='\u{1FAFF}'
        | '\u{20000}'.. => 1.0,
        _ => 0.56,
    }
}

pub(super) fn str_em(s: &str) -> f64 {
    s.chars().map(char_em).sum()
}

/// `text` wrapped at word boundaries (inside over-long words if need be) to lines of at
/// most `width` in `font`, keeping its line breaks; past `max_lines` the last line ends in
/// an ellipsis.
pub(super) fn wrap(text: &str, font: &Font, width: f64, max_lines: usize) -> Vec<String> {
    let limit = width / font.size;
    let mut lines: Vec<String> = Vec::new();
    'paragraphs: for para in text.trim().split('\n') {
        let (mut line, mut used) = (String::new(), 0.0);
        for word in para.split_whitespace() {
            let gap = if line.is_empty() { 0.0 } else { char_em(' ') };
            let w = str_em(word);
            if used + gap + w <= limit {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            for c in word.chars() {
                if used + char_em(c) > limit && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push(c);
                used += char_em(c);
            }
            if lines.len() > max_lines {
                break 'paragraphs;
            }
        }
        lines.push(line);
        if lines.len() > max_lines {
            break;
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && str_em(last) + char_em('…') > limit {
                last.pop();
            }
            last.truncate(last.trim_end().len());
            last.push('…');
        }
    }
    lines
}

/// Text as XML character data or attribute value; characters XML 1.0 forbids are dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\0'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// A coordinate to two decimals, without a trailing `.0`.
fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.is_finite() {
        format!("{}", r + 0.0)
    } else {
        "0".into()
    }
}
