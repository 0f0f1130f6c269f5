//! Exporting a canvas: a Markdown report, a standalone SVG picture, a PNG of that picture,
//! and handing any of them to the browser as a download.
//!
//! Everything up to `png` is pure string building, unit-tested natively; the browser parts
//! only touch the DOM when called.

use std::fmt::Write;

use hevruta_model::canvas::{Board, Sticky, StickyColor};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, Url};

/// A sticky's size in canvas units (its position is its top-left corner); one definition
/// for the screen and the exports.
pub use super::geometry::{STICKY_H, STICKY_W};

/// A section as the export sees it: translated title and prompt, and its box in canvas units.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionInfo {
    pub key: String,
    pub title: String,
    pub prompt: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// Colour hex for a sticky colour: light pastels on which `INK` passes WCAG AA by far.
pub fn color_hex(c: StickyColor) -> &'static str {
    match c {
        StickyColor::Yellow => "#fff3a3",
        StickyColor::Pink => "#ffd6e7",
        StickyColor::Blue => "#cfe6ff",
        StickyColor::Green => "#d3f5d0",
        StickyColor::Orange => "#ffdcb8",
        StickyColor::Purple => "#e6d9ff",
    }
}

/// Text colour on stickies and sections.
const INK: &str = "#1f2328";

/// Visible stickies with a usable position, bottom to top.
fn drawable(board: &Board) -> Vec<&Sticky> {
    let mut v = board.visible();
    v.retain(|s| s.position.value.0.is_finite() && s.position.value.1.is_finite());
    v
}

// ---------------------------------------------------------------------------------------
// Markdown

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

// ---------------------------------------------------------------------------------------
// SVG

const FONTS: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', \
                     'Noto Sans Hebrew', 'Noto Sans Arabic', Arial, sans-serif";
/// Space around the drawing, and above it for the canvas title.
const MARGIN: f64 = 40.0;
const TITLE_BAND: f64 = 64.0;
const SECTION_PAD: f64 = 20.0;
const STICKY_PAD: f64 = 12.0;

/// How a kind of text is set: font size, distance between baselines, extra attributes.
struct Font {
    size: f64,
    line: f64,
    attrs: &'static str,
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
const STICKY_TEXT: Font = Font {
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
fn starts_rtl(text: &str) -> Option<bool> {
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

fn str_em(s: &str) -> f64 {
    s.chars().map(char_em).sum()
}

/// `text` wrapped at word boundaries (inside over-long words if need be) to lines of at
/// most `width` in `font`, keeping its line breaks; past `max_lines` the last line ends in
/// an ellipsis.
fn wrap(text: &str, font: &Font, width: f64, max_lines: usize) -> Vec<String> {
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

// ---------------------------------------------------------------------------------------
// Browser: PNG and downloads

/// Browsers refuse canvases much beyond these (Safari's area limit is the tightest).
const MAX_SIDE: f64 = 8192.0;
const MAX_PIXELS: f64 = 40_000_000.0;

/// The bitmap for `width`×`height` at `scale`, the scale reduced to stay within
/// `MAX_SIDE` per side and `MAX_PIXELS` in all; `None` when there is nothing to draw.
fn bitmap_size(width: f64, height: f64, scale: f64) -> Option<(u32, u32)> {
    if ![width, height, scale]
        .iter()
        .all(|v| v.is_finite() && *v > 0.0)
    {
        return None;
    }
    let s = scale
        .min(MAX_SIDE / width)
        .min(MAX_SIDE / height)
        .min((MAX_PIXELS / (width * height)).sqrt());
    Some((
        (width * s).floor().max(1.0) as u32,
        (height * s).floor().max(1.0) as u32,
    ))
}

/// Renders `svg` (of `width`×`height`, as made by [`svg`]) to a PNG at `scale`, on white.
pub async fn png(svg: &str, width: f64, height: f64, scale: f64) -> Result<Blob, String> {
    let (w, h) = bitmap_size(width, height, scale).ok_or("the picture has no size")?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let url = Url::create_object_url_with_blob(&blob(svg, "image/svg+xml;charset=utf-8")?)
        .map_err(describe)?;
    let drawn = draw(&document, &url, w, h).await;
    let _ = Url::revoke_object_url(&url);
    let canvas = drawn?;
    let encoded = js_sys::Promise::new(&mut |resolve, reject| {
        if let Err(e) = canvas.to_blob(&resolve) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    // `toBlob` hands over null when the browser cannot encode (e.g. out of memory).
    JsFuture::from(encoded)
        .await
        .map_err(describe)?
        .dyn_into::<Blob>()
        .map_err(|_| "the browser could not encode the PNG".into())
}

/// Loads the SVG at `url` into an image and draws it on a new white `w`×`h` canvas.
async fn draw(
    document: &web_sys::Document,
    url: &str,
    w: u32,
    h: u32,
) -> Result<HtmlCanvasElement, String> {
    let img = web_sys::HtmlImageElement::new().map_err(describe)?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(url);
    let outcome = JsFuture::from(loaded).await;
    img.set_onload(None);
    img.set_onerror(None);
    outcome.map_err(|_| "the browser could not read the SVG")?;

    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(describe)?
        .unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(describe)?
        .ok_or("no 2D context (canvas too large?)")?
        .unchecked_into();
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w.into(), h.into());
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, w.into(), h.into())
        .map_err(describe)?;
    Ok(canvas)
}

fn blob(text: &str, mime: &str) -> Result<Blob, String> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)
}

/// Offers `blob` as a download named `filename`. Fails silently: there is no one to tell.
pub fn download_blob(filename: &str, blob: &Blob) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let (Ok(a), Some(body)) = (document.create_element("a"), document.body()) {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        // Firefox only follows links that are in the document.
        if body.append_child(&a).is_ok() {
            a.click();
            a.remove();
        }
    }
    // Not revoked at once: some browsers fetch the URL after the click has returned.
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(30_000).await;
        let _ = Url::revoke_object_url(&url);
    });
}

/// Offers `text` as a download; `mime` should name the charset, e.g. `text/markdown;charset=utf-8`.
pub fn download_text(filename: &str, mime: &str, text: &str) {
    if let Ok(b) = blob(text, mime) {
        download_blob(filename, &b);
    }
}

fn describe(e: JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

/// A safe file name from a canvas title: letters of any script, digits, `-` and `_`, runs
/// of spaces as one `-`, at most 80 characters, never empty; then `.ext`.
pub fn file_name(title: &str, ext: &str) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            stem.push(c);
        } else if c.is_whitespace() && !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem: String = stem.chars().take(80).collect();
    let stem = stem.trim_matches('-');
    let stem = if stem.is_empty() { "canvas" } else { stem };
    format!("{stem}.{}", ext.trim_start_matches('.'))
}

#[cfg(test)]
mod tests {
    use hevruta_model::MemberId;
    use hevruta_model::canvas::{AppliedOp, Op, OpId, OpKind, Stamp, StickyId};
    use uuid::Uuid;

    use super::*;

    fn apply(board: &mut Board, seq: u64, sticky: u8, kind: OpKind) {
        board.apply(&AppliedOp {
            stamp: Stamp { seq, idx: 0 },
            author: MemberId(Uuid::from_u128(1)),
            at: 0,
            op: Op {
                id: OpId(Uuid::from_u128(seq.into())),
                sticky: StickyId(Uuid::from_u128(sticky.into())),
                kind,
            },
        });
    }

    /// A board of stickies `(section, text, x, y)`, created in order.
    fn board(stickies: &[(Option<&str>, &str, f64, f64)]) -> Board {
        let mut b = Board::default();
        for (i, (section, text, x, y)) in stickies.iter().enumerate() {
            let kind = OpKind::Create {
                section: section.map(str::to_owned),
                text: (*text).to_owned(),
                color: StickyColor::Yellow,
                x: *x,
                y: *y,
            };
            apply(&mut b, i as u64 + 1, i as u8, kind);
        }
        b
    }

    fn section(key: &str, title: &str, x: f64) -> SectionInfo {
        SectionInfo {
            key: key.into(),
            title: title.into(),
            prompt: format!("What about {title}?"),
            x,
            y: 0.0,
            w: 800.0,
            h: 600.0,
        }
    }

    fn two_sections() -> Vec<SectionInfo> {
        vec![
            section("dreams", "Dreams", 0.0),
            section("partners", "Partners", 800.0),
        ]
    }

    #[test]
    fn markdown_lists_sections_in_order_with_stickies_top_to_bottom_then_left_to_right() {
        let b = board(&[
            (Some("dreams"), "lower", 10.0, 300.0),
            (Some("dreams"), "right", 200.0, 100.0),
            (Some("dreams"), "left", 10.0, 100.0),
            (Some("partners"), "the library", 900.0, 50.0),
        ]);
        let md = markdown("City plan", &two_sections(), &b, "(empty)", "Elsewhere");
        assert_eq!(
            md,
            "# City plan\n\n## Dreams\n\n- left\n- right\n- lower\n\n## Partners\n\n- the library\n"
        );
    }

    #[test]
    fn markdown_marks_empty_sections_and_gathers_stickies_outside_any_section() {
        let b = board(&[
            (None, "loose", 0.0, 0.0),
            (Some("gone_section"), "orphan", 0.0, 10.0),
            (Some("dreams"), "   ", 0.0, 0.0),
        ]);
        let md = markdown("T", &two_sections(), &b, "(ריק)", "Outside");
        assert_eq!(
            md,
            "# T\n\n## Dreams\n\n_(ריק)_\n\n## Partners\n\n_(ריק)_\n\n## Outside\n\n- loose\n- orphan\n"
        );
        let none_outside = markdown("T", &two_sections(), &board(&[]), "-", "Outside");
        assert!(!none_outside.contains("Outside"));
    }

    #[test]
    fn markdown_keeps_multi_line_text_inside_its_item() {
        let b = board(&[(Some("dreams"), "first\nsecond\n\nafter a gap", 0.0, 0.0)]);
        let md = markdown("T", &two_sections()[..1], &b, "-", "-");
        assert!(
            md.ends_with("- first\\\n  second\n\n  after a gap\n"),
            "{md}"
        );
    }

    #[test]
    fn markdown_escapes_what_would_start_headings_lists_and_html() {
        let text =
            "# not a heading\n- not a list\n1. not ordered\n> no quote\n<script>x</script>\n===";
        let b = board(&[(Some("dreams"), text, 0.0, 0.0)]);
        let md = markdown("# Title #", &two_sections()[..1], &b, "-", "-");
        assert!(md.starts_with("# \\# Title \\#\n"), "{md}");
        for expected in [
            "- \\# not a heading\\\n",
            "  \\- not a list\\\n",
            "  1\\. not ordered\\\n",
            "  \\> no quote\\\n",
            "  \\<script>x\\</script>\\\n",
            "  \\===\n",
        ] {
            assert!(md.contains(expected), "missing {expected:?} in\n{md}");
        }
    }

    #[test]
    fn deleted_stickies_are_left_out_of_both_exports() {
        let mut b = board(&[
            (Some("dreams"), "kept", 0.0, 0.0),
            (None, "binned", 0.0, 0.0),
        ]);
        apply(&mut b, 10, 1, OpKind::Delete);
        let md = markdown("T", &two_sections(), &b, "-", "Outside");
        let (svg, _, _) = svg("T", &two_sections(), &b);
        for out in [md, svg] {
            assert!(out.contains("kept"));
            assert!(!out.contains("binned"));
        }
    }

    #[test]
    fn svg_escapes_user_text_and_title() {
        let b = board(&[(
            Some("dreams"),
            r#"<script>alert("x")</script> & co"#,
            0.0,
            0.0,
        )]);
        let mut sections = two_sections();
        sections[0].title = "A & B's <b>".into();
        let (svg, _, _) = svg(r#"Plan <script>&"quoted""#, &sections, &b);
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("Plan &lt;script&gt;&amp;&quot;quoted&quot;"));
        assert!(svg.contains("A &amp; B&#39;s &lt;b&gt;"));
        assert!(svg.contains("&lt;script&gt;alert(&quot;x&quot;)"));
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
        assert_eq!(svg.matches("<svg").count(), svg.matches("</svg>").count());
    }

    #[test]
    fn svg_contains_every_visible_sticky_in_its_colour() {
        let mut b = board(&[
            (Some("dreams"), "one", 0.0, 0.0),
            (None, "two", 2000.0, 0.0),
        ]);
        apply(
            &mut b,
            10,
            1,
            OpKind::SetColor {
                color: StickyColor::Purple,
            },
        );
        let (svg, _, _) = svg("T", &two_sections(), &b);
        assert!(svg.contains(">one</tspan>"));
        assert!(svg.contains(">two</tspan>"));
        assert!(svg.contains(color_hex(StickyColor::Yellow)));
        assert!(svg.contains(color_hex(StickyColor::Purple)));
    }

    #[test]
    fn svg_view_box_covers_sections_and_stickies_at_negative_coordinates() {
        let b = board(&[(None, "far", -500.0, -300.0)]);
        let (svg, w, h) = svg("T", &two_sections(), &b);
        let view_box = format!(
            r#"viewBox="{} {} {} {}""#,
            -500.0 - MARGIN,
            -300.0 - MARGIN - TITLE_BAND,
            w,
            h
        );
        assert!(svg.contains(&view_box), "{view_box} not in {svg}");
        assert_eq!(w, 500.0 + 1600.0 + 2.0 * MARGIN);
        assert_eq!(h, 300.0 + 600.0 + 2.0 * MARGIN + TITLE_BAND);
    }

    #[test]
    fn svg_of_an_empty_canvas_still_has_a_size() {
        let (svg, w, h) = svg("", &[], &Board::default());
        assert!(w > 0.0 && h > 0.0);
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn right_to_left_text_is_anchored_at_the_right() {
        let b = board(&[
            (None, "«שלום» עולם", 0.0, 0.0),
            (None, "123 مرحبا", 0.0, 200.0),
            (None, "hello שלום", 0.0, 400.0),
        ]);
        let (svg, _, _) = svg("T", &[], &b);
        assert_eq!(svg.matches(r#"direction="rtl""#).count(), 2);
        let right = STICKY_W - STICKY_PAD;
        assert!(svg.contains(&format!(r#"<tspan x="{right}" y="26">«שלום» עולם</tspan>"#)));
        assert!(svg.contains(&format!(
            r#"<tspan x="{STICKY_PAD}" y="26">hello שלום</tspan>"#
        )));
        assert_eq!(starts_rtl("  (1) אבג"), Some(true));
        assert_eq!(starts_rtl("12 – 3"), None);
    }

    #[test]
    fn long_text_is_wrapped_and_cut_with_an_ellipsis_inside_the_sticky() {
        let long = "word ".repeat(200);
        let b = board(&[(None, &long, 0.0, 0.0)]);
        let (svg, _, _) = svg("T", &[], &b);
        let lines = wrap(&long, &STICKY_TEXT, STICKY_W - 2.0 * STICKY_PAD, 5);
        assert_eq!(lines.len(), 5);
        assert!(lines[4].ends_with('…'));
        for line in &lines {
            assert!(str_em(line) * STICKY_TEXT.size <= STICKY_W - 2.0 * STICKY_PAD);
        }
        let sticky = &svg[svg.rfind("<svg x=").unwrap()..];
        assert_eq!(sticky.matches("<tspan").count(), 5);
        assert!(sticky.contains("…</tspan>"));
    }

    #[test]
    fn wrapping_keeps_line_breaks_and_splits_over_long_words() {
        let font = Font {
            size: 10.0,
            line: 12.0,
            attrs: "",
        };
        assert_eq!(wrap("a\nb", &font, 100.0, 5), ["a", "b"]);
        let lines = wrap(&"x".repeat(40), &font, 60.0, 10);
        assert!(lines.len() > 1 && lines.iter().all(|l| str_em(l) * 10.0 <= 60.0));
        assert_eq!(lines.concat(), "x".repeat(40));
        assert_eq!(wrap("short", &font, 100.0, 1), ["short"]);
    }

    #[test]
    fn sticky_colours_are_light_enough_for_dark_text_at_wcag_aa() {
        fn luminance(hex: &str) -> f64 {
            let channel = |i: usize| {
                let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        }
        use StickyColor::*;
        for c in [Yellow, Pink, Blue, Green, Orange, Purple] {
            let ratio = (luminance(color_hex(c)) + 0.05) / (luminance(INK) + 0.05);
            assert!(ratio >= 4.5, "{c:?}: {ratio}");
        }
    }

    #[test]
    fn bitmaps_stay_within_browser_limits() {
        assert_eq!(bitmap_size(1000.0, 500.0, 2.0), Some((2000, 1000)));
        let (w, h) = bitmap_size(20_000.0, 1000.0, 2.0).unwrap();
        assert!(w <= 8192 && h <= 8192 && h > 0);
        let (w, h) = bitmap_size(8000.0, 8000.0, 1.0).unwrap();
        assert!(f64::from(w) * f64::from(h) <= MAX_PIXELS);
        assert_eq!(bitmap_size(0.0, 10.0, 1.0), None);
        assert_eq!(bitmap_size(10.0, 10.0, f64::NAN), None);
    }

    #[test]
    fn file_names_keep_letters_of_any_script() {
        assert_eq!(file_name("City plan 2030", "md"), "City-plan-2030.md");
        assert_eq!(file_name("  תוכנית  העיר / Ω ", "png"), "תוכנית-העיר-Ω.png");
        assert_eq!(file_name("خطة_المدينة", ".svg"), "خطة_المدينة.svg");
        assert_eq!(file_name("../../etc/passwd", "md"), "etcpasswd.md");
        assert_eq!(file_name("?!*", "md"), "canvas.md");
        assert_eq!(
            file_name(&"a".repeat(200), "md"),
            format!("{}.md", "a".repeat(80))
        );
    }
}
