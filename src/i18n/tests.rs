//! Checks every shipped language against English: no empty strings, the same
//! `{placeholders}`, complete stage and sector lists. (A missing field does not compile.)

use super::*;

/// One string of a `Texts`, found through its Debug form.
pub(crate) struct Entry {
    /// Where it sits, e.g. `.stages.name` or `.partners_count.two`.
    pub(crate) key: String,
    pub(crate) value: String,
    /// For a form of a `Plural`, the form's name (`zero`, `one`, `two`, `few`, `many`, `other`).
    plural_form: Option<String>,
}

/// All strings of a `Texts`, with a name for each, via its Debug form. The forms of a
/// `Plural` are included (an optional form only when it is `Some`), marked as such: which
/// of them a language needs depends on its grammar, so they are not compared positionally.
pub(crate) fn strings(t: &impl std::fmt::Debug) -> Vec<Entry> {
    let debug = format!("{t:#?}");
    let mut out = Vec::new();
    // The open structs and arrays, each with whether it is a `Plural`.
    let mut path: Vec<(String, bool)> = Vec::new();
    // The field whose `Some(` holds the next string.
    let mut inside_some: Option<String> = None;
    for line in debug.lines() {
        let trimmed = line.trim().trim_end_matches(',');
        let here: Vec<&str> = path.iter().map(|(k, _)| k.as_str()).collect();
        let here = here.join(".");
        let in_plural = path.last().is_some_and(|(_, plural)| *plural);
        let field = |key: &str, value: &str| Entry {
            key: format!("{here}.{key}"),
            value: value.to_owned(),
            plural_form: in_plural.then(|| key.to_owned()),
        };
        if let Some(s) = quoted(trimmed) {
            // An array element, or the value of a `Some(...)` opened on the line before.
            match inside_some.take() {
                Some(key) => out.push(field(&key, s)),
                None => out.push(Entry {
                    key: format!("{here}[]"),
                    value: s.to_owned(),
                    plural_form: None,
                }),
            }
        } else if let Some((key, value)) = trimmed.split_once(": ") {
            if let Some(s) = quoted(value) {
                out.push(field(key, s));
            } else if value == "Some(" {
                inside_some = Some(key.to_owned());
            } else if value.ends_with('{') || value.ends_with('[') {
                path.push((key.to_owned(), value == "Plural {"));
            }
        } else if trimmed.starts_with('}') || trimmed.starts_with(']') {
            path.pop();
        }
    }
    out
}

fn quoted(s: &str) -> Option<&str> {
    s.strip_prefix('"').and_then(|v| v.strip_suffix('"'))
}

/// The `{name}`s of a string as Debug prints it; Debug's own `\u{..}` escapes (Hebrew and
/// Arabic vowel marks, for instance) are not placeholders.
pub(crate) fn placeholders(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s
        .split('{')
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| !w[0].ends_with("\\u"))
        .filter_map(|w| w[1].split_once('}').map(|(name, _)| name.to_owned()))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The strings that are not plural forms: every language has the same ones, in the same order.
pub(crate) fn plain(entries: &[Entry]) -> Vec<&Entry> {
    entries.iter().filter(|e| e.plural_form.is_none()).collect()
}

/// A tool's own strings: every language has each English one (the same keys, in order),
/// filled in, with English's placeholders; English has at least `at_least` of them.
pub(crate) fn assert_every_language_has<T: std::fmt::Debug + 'static>(
    texts: impl Fn(Lang) -> &'static T,
    at_least: usize,
) {
    let english = strings(texts(Lang::En));
    let english = plain(&english);
    assert!(english.len() >= at_least, "found {}", english.len());
    for lang in Lang::ALL {
        let all = strings(texts(lang));
        let mine = plain(&all);
        assert_eq!(mine.len(), english.len(), "{lang:?}");
        for (en, other) in english.iter().zip(&mine) {
            assert_eq!(en.key, other.key, "{lang:?}");
            assert!(
                !other.value.trim().is_empty(),
                "{lang:?} {} is empty",
                other.key
            );
            assert_eq!(
                placeholders(&en.value),
                placeholders(&other.value),
                "{lang:?} {}: {}",
                en.key,
                other.value
            );
        }
    }
}

#[test]
fn every_language_has_every_string_filled_in() {
    let english = strings(Lang::En.texts());
    let english = plain(&english);
    assert!(
        english.len() > 100,
        "the walker found {} strings",
        english.len()
    );
    for lang in Lang::ALL {
        let all = strings(lang.texts());
        for entry in &all {
            assert!(
                !entry.value.trim().is_empty(),
                "{lang:?} {} is empty",
                entry.key
            );
        }
        let texts = plain(&all);
        assert_eq!(texts.len(), english.len(), "{lang:?}");
        for (en, other) in english.iter().zip(&texts) {
            assert_eq!(en.key, other.key, "{lang:?}");
        }
    }
}

#[test]
fn placeholders_match_english() {
    let english = strings(Lang::En.texts());
    for lang in Lang::ALL {
        let texts = strings(lang.texts());
        for (en, other) in plain(&english).into_iter().zip(plain(&texts)) {
            assert_eq!(
                placeholders(&en.value),
                placeholders(&other.value),
                "{lang:?} {}: {}",
                en.key,
                other.value
            );
        }
        // Every form of a plural has the placeholders of the English `other` form, except that
        // Hebrew and Arabic may say one or two in words ("שותף אחד", "شريكان") without `{n}`.
        for entry in texts.iter().filter(|e| e.plural_form.is_some()) {
            let form = entry.plural_form.as_deref().unwrap_or_default();
            let field = entry
                .key
                .strip_suffix(&format!(".{form}"))
                .unwrap_or(&entry.key);
            let en_other = english
                .iter()
                .find(|e| e.key == format!("{field}.other"))
                .unwrap_or_else(|| panic!("{lang:?} {}: no English plural {field}", entry.key));
            let expected = placeholders(&en_other.value);
            let found = placeholders(&entry.value);
            let in_words = matches!(lang, Lang::He | Lang::Ar) && matches!(form, "one" | "two");
            if in_words {
                assert!(
                    found.iter().all(|p| expected.contains(p)),
                    "{lang:?} {}: {}",
                    entry.key,
                    entry.value
                );
            } else {
                assert_eq!(found, expected, "{lang:?} {}: {}", entry.key, entry.value);
            }
        }
    }
}

#[test]
fn plural_forms_keep_the_count() {
    for lang in Lang::ALL {
        let p = lang.texts().partners_count;
        let forms = [
            ("zero", p.zero),
            ("one", Some(p.one)),
            ("two", p.two),
            ("few", p.few),
            ("many", p.many),
            ("other", Some(p.other)),
        ];
        for (name, form) in forms {
            let Some(form) = form else { continue };
            let in_words = matches!(lang, Lang::He | Lang::Ar) && matches!(name, "one" | "two");
            assert!(form.contains("{n}") || in_words, "{lang:?} {name}: {form}");
        }
    }
}

#[test]
fn browser_tags_pick_the_right_language() {
    assert_eq!(Lang::negotiate(["he-IL", "en"]), Lang::He);
    assert_eq!(Lang::negotiate(["fr-FR", "es-419"]), Lang::Es);
    assert_eq!(Lang::negotiate(["ca-ES"]), Lang::Es);
    assert_eq!(Lang::negotiate(["iw"]), Lang::He);
    assert_eq!(Lang::negotiate(["de", "fr"]), Lang::En);
    assert_eq!(Lang::negotiate([]), Lang::En);
    assert!(Lang::Ar.is_rtl() && Lang::He.is_rtl() && !Lang::Es.is_rtl());
}

#[test]
fn fill_replaces_every_placeholder() {
    assert_eq!(
        fill("{a} and {b}, {a}", &[("a", "x"), ("b", "y")]),
        "x and y, x"
    );
}

#[test]
fn plural_falls_back_to_other() {
    let p = Plural::simple("one", "many");
    assert_eq!(p.pick("one"), "one");
    assert_eq!(p.pick("few"), "many");
}

#[test]
fn every_known_problem_code_has_a_sentence() {
    for lang in Lang::ALL {
        let t = lang.texts();
        for code in ProblemCode::ALL {
            assert!(t.problem(code).is_some(), "{lang:?} {code:?}");
        }
        assert!(t.problem(ProblemCode::Unknown).is_none());
        assert!(t.field_error(FieldCode::TooLong, Some(60)).contains("60"));
    }
}
