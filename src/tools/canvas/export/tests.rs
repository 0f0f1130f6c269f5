use hevruta_model::MemberId;
use hevruta_model::canvas::{AppliedOp, Op, OpId, OpKind, Stamp, StickyId};
use uuid::Uuid;

use super::download::{MAX_PIXELS, bitmap_size};
use super::svg::{Font, MARGIN, STICKY_PAD, STICKY_TEXT, TITLE_BAND, starts_rtl, str_em, wrap};
use super::*;
use hevruta_model::canvas::Board;

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
        private: false,
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

/// Member 1 (Noa, Business), the author of every sticky `board` makes.
fn noa() -> std::collections::HashMap<MemberId, Author> {
    [(
        MemberId(Uuid::from_u128(1)),
        Author {
            name: "Noa".into(),
            sector: Some("Business".into()),
        },
    )]
    .into()
}

const WORDS: ReportWords<'static> = ReportWords {
    expedition: "Expedition: {title}, {city}",
    date: "Date: {date}",
    by: "— {name}",
    by_sector: "— {name}, {sector}",
    someone: "Someone",
    empty: "(empty)",
    outside: "Outside",
};

/// The report of `board` on `canvas` in Hadera lab, with `words`.
fn report(canvas: &str, sections: &[SectionInfo], b: &Board, words: ReportWords) -> String {
    let authors = noa();
    markdown(
        &Report {
            canvas,
            expedition: "Hadera lab",
            city: "Hadera",
            date: "1 Dec 2026, 19:47",
            sections,
            authors: &authors,
            words,
        },
        b,
    )
}

/// `isolate`'s marks around `s`.
fn iso(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

#[test]
fn markdown_opens_with_the_canvas_its_expedition_and_city_and_the_date() {
    let md = report("City plan", &[], &board(&[]), WORDS);
    assert_eq!(
        md,
        format!(
            "# City plan\n\nExpedition: {}, {}\\\nDate: 1 Dec 2026, 19:47\n",
            iso("Hadera lab"),
            iso("Hadera")
        )
    );
}

#[test]
fn markdown_lists_sections_in_order_with_stickies_top_to_bottom_then_left_to_right() {
    let b = board(&[
        (Some("dreams"), "lower", 10.0, 300.0),
        (Some("dreams"), "right", 200.0, 100.0),
        (Some("dreams"), "left", 10.0, 100.0),
        (Some("partners"), "the library", 900.0, 50.0),
    ]);
    let md = report("City plan", &two_sections(), &b, WORDS);
    let by = format!("  — {}, Business\n", iso("Noa"));
    let item = |text: &str| format!("- {text}\\\n{by}");
    let body = md.split_once("\n\n## ").map(|(_, rest)| rest).unwrap();
    assert_eq!(
        body,
        format!(
            "Dreams\n\n{}{}{}\n## Partners\n\n{}",
            item("left"),
            item("right"),
            item("lower"),
            item("the library")
        )
    );
}

#[test]
fn markdown_names_each_author_and_sector_or_someone_for_a_member_who_left() {
    let mut b = board(&[(Some("dreams"), "mine", 0.0, 0.0)]);
    b.apply(&AppliedOp {
        stamp: Stamp { seq: 9, idx: 0 },
        author: MemberId(Uuid::from_u128(2)),
        at: 0,
        op: Op {
            id: OpId(Uuid::from_u128(90)),
            sticky: StickyId(Uuid::from_u128(9)),
            kind: OpKind::Create {
                section: Some("dreams".into()),
                text: "theirs".into(),
                color: StickyColor::Blue,
                x: 0.0,
                y: 50.0,
            },
        },
        private: false,
    });
    let mut authors = noa();
    let md = report("T", &two_sections()[..1], &b, WORDS);
    assert!(
        md.contains(&format!("- theirs\\\n  — {}\n", iso("Someone"))),
        "{md}"
    );
    // A Hebrew name without a sector, in an Arabic report.
    authors.insert(
        MemberId(Uuid::from_u128(2)),
        Author {
            name: "סלמה <b>".into(),
            sector: None,
        },
    );
    let words = ReportWords {
        by_sector: "— {name}، {sector}",
        ..WORDS
    };
    let md = markdown(
        &Report {
            canvas: "T",
            expedition: "x",
            city: "y",
            date: "d",
            sections: &two_sections()[..1],
            authors: &authors,
            words,
        },
        &b,
    );
    assert!(
        md.contains(&format!("  — {}، Business\n", iso("Noa"))),
        "{md}"
    );
    assert!(md.contains(&format!("  — {}\n", iso("סלמה \\<b>"))), "{md}");
}

#[test]
fn markdown_marks_empty_sections_and_gathers_stickies_outside_any_section() {
    let b = board(&[
        (None, "loose", 0.0, 0.0),
        (Some("gone_section"), "orphan", 0.0, 10.0),
        (Some("dreams"), "   ", 0.0, 0.0),
    ]);
    let words = ReportWords {
        empty: "(ריק)",
        ..WORDS
    };
    let md = report("T", &two_sections(), &b, words);
    let by = format!("  — {}, Business\n", iso("Noa"));
    assert!(
        md.ends_with(&format!(
            "\n\n## Dreams\n\n_(ריק)_\n\n## Partners\n\n_(ריק)_\n\n## Outside\n\n- loose\\\n{by}- orphan\\\n{by}"
        )),
        "{md}"
    );
    let none_outside = report("T", &two_sections(), &board(&[]), WORDS);
    assert!(!none_outside.contains("Outside"));
}

#[test]
fn markdown_keeps_multi_line_text_inside_its_item() {
    let b = board(&[(Some("dreams"), "first\nsecond\n\nafter a gap", 0.0, 0.0)]);
    let md = report("T", &two_sections()[..1], &b, WORDS);
    assert!(
        md.ends_with(&format!(
            "- first\\\n  second\n\n  after a gap\\\n  — {}, Business\n",
            iso("Noa")
        )),
        "{md}"
    );
}

#[test]
fn markdown_escapes_what_would_start_headings_lists_and_html() {
    let text = "# not a heading\n- not a list\n1. not ordered\n> no quote\n<script>x</script>\n===";
    let b = board(&[(Some("dreams"), text, 0.0, 0.0)]);
    let md = report("# Title #", &two_sections()[..1], &b, WORDS);
    assert!(md.starts_with("# \\# Title \\#\n"), "{md}");
    for expected in [
        "- \\# not a heading\\\n",
        "  \\- not a list\\\n",
        "  1\\. not ordered\\\n",
        "  \\> no quote\\\n",
        "  \\<script>x\\</script>\\\n",
        "  \\===\\\n",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in\n{md}");
    }
}

#[test]
fn markdown_leaves_no_link_or_image_live() {
    let text = "See [the plan](javascript:alert(1)) and ![pixel](https://tracker.example/p.png)\n[ref]: javascript:alert(2)";
    let b = board(&[(Some("dreams"), text, 0.0, 0.0)]);
    let md = report("[Title](javascript:x)", &two_sections()[..1], &b, WORDS);
    for expected in [
        "# \\[Title\\](javascript:x)\n",
        "- See \\[the plan\\](javascript:alert(1)) and !\\[pixel\\](https://tracker.example/p.png)\\\n",
        "  \\[ref\\]: javascript:alert(2)\\\n",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in\n{md}");
    }
}

#[test]
fn markdown_makes_the_expedition_and_names_inert_too() {
    let authors = noa();
    let md = markdown(
        &Report {
            canvas: "T",
            expedition: "<img src=x> lab\n# x",
            city: "- Hadera",
            date: "today",
            sections: &[],
            authors: &authors,
            words: ReportWords {
                expedition: "{title} in {city}",
                ..WORDS
            },
        },
        &board(&[]),
    );
    let head = md.lines().nth(2).unwrap();
    assert_eq!(
        head,
        format!("{} in {}\\", iso("\\<img src=x> lab # x"), iso("- Hadera"))
    );
}

#[test]
fn deleted_stickies_are_left_out_of_both_exports() {
    let mut b = board(&[
        (Some("dreams"), "kept", 0.0, 0.0),
        (None, "binned", 0.0, 0.0),
    ]);
    apply(&mut b, 10, 1, OpKind::Delete);
    let md = report("T", &two_sections(), &b, WORDS);
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
