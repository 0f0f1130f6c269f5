//! What each entry page of the SPA costs a phone, and the budgets they must stay under.
//!
//! A page's load is the wasm, JS and CSS its built html references (`dist/` holds both
//! pages' files, so globbing it would mix them). Sizes are measured on the brotli files the
//! server actually sends, so they are deterministic and can fail the build.
//! 1 KiB = 1024 bytes throughout.

use crate::{Error, Result};

/// An entry page and the brotli budget `cargo xtask test` holds its load to.
#[derive(Debug, PartialEq, Eq)]
pub struct Page {
    /// What the page is, for the log: "first load", "canvas screen".
    pub label: &'static str,
    /// Its html file in `dist/`.
    pub html: &'static str,
    /// Hard limit on the brotli total of the wasm, JS and CSS it references.
    pub budget: u64,
    /// The DESIGN target `cargo xtask bench` reports against (informational, never enforced).
    pub design_target: Option<u64>,
}

/// The app as every visitor first gets it.
pub const FIRST_LOAD: Page = Page {
    label: "first load",
    html: "index.html",
    budget: 271 * 1024,
    design_target: Some(200 * 1024),
};

/// The canvas screen's own page, fetched only when a canvas opens.
pub const CANVAS_SCREEN: Page = Page {
    label: "canvas screen",
    html: "canvas.html",
    budget: 469 * 1024,
    design_target: Some(300 * 1024),
};

/// `circles.html`: partners, profiles and the learning circles.
pub const CIRCLES_SCREEN: Page = Page {
    label: "circles screen",
    html: "circles.html",
    budget: 330 * 1024,
    design_target: Some(300 * 1024),
};

/// `boards.html`: the global-innovation boards.
pub const BOARDS_SCREEN: Page = Page {
    label: "boards screen",
    html: "boards.html",
    budget: 390 * 1024,
    design_target: Some(300 * 1024),
};

/// `projector.html`: a canvas, a board or the circles on the wall (the canvas's renderer,
/// read-only, the board's and the circles' folds, and the QR code).
pub const PROJECTOR_SCREEN: Page = Page {
    label: "projector",
    html: "projector.html",
    budget: 357 * 1024,
    design_target: Some(300 * 1024),
};

/// `devices.html`: a member's devices, sign-in links with their QR codes, roles.
pub const DEVICES_SCREEN: Page = Page {
    label: "devices",
    html: "devices.html",
    budget: 181 * 1024,
    design_target: Some(300 * 1024),
};

pub const PAGES: [&Page; 6] = [
    &FIRST_LOAD,
    &CANVAS_SCREEN,
    &CIRCLES_SCREEN,
    &BOARDS_SCREEN,
    &PROJECTOR_SCREEN,
    &DEVICES_SCREEN,
];

/// One file in `dist/` and its compressed sizes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetSize {
    /// Path relative to `dist/`, with `/` separators.
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// The files a page needs before it runs, with their sizes.
#[derive(Debug)]
pub struct PageLoad {
    pub page: &'static Page,
    /// Sorted by name.
    pub assets: Vec<AssetSize>,
}

impl PageLoad {
    pub fn total_brotli(&self) -> u64 {
        total_brotli(&self.assets)
    }

    /// Fails when the brotli total exceeds the page's budget.
    pub fn check_budget(&self) -> Result {
        check_budget(self.page, self.total_brotli())
    }
}

/// Files the browser must fetch before a page runs: the wasm, its JS glue and the CSS.
fn counts_towards_load(path: &str) -> bool {
    [".wasm", ".js", ".css"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// The wasm, JS and CSS a built html page references, as paths relative to `dist/`, sorted
/// and without duplicates. Trunk writes them as absolute paths under the public URL (`/`):
/// `href="/x.css"`, `import … from '/x.js'`, `module_or_path: '/x_bg.wasm'`, preload links.
/// Comments and text are ignored; so are other origins (`https://…`), which dist cannot hold.
pub fn referenced_assets(html: &str) -> Vec<String> {
    let html = without_comments(html);
    let mut names: Vec<String> = html
        .split(|c: char| c.is_whitespace() || "\"'`<>()=,;{}".contains(c))
        .map(|token| token.split(['?', '#']).next().unwrap_or(token))
        .filter(|path| counts_towards_load(path))
        .filter_map(|path| {
            path.strip_prefix("./")
                .or_else(|| path.strip_prefix('/').filter(|rest| !rest.starts_with('/')))
        })
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

fn without_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find("-->") {
            Some(end) => &rest[start + end + "-->".len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The load of `page`, whose built html is `html`, out of every file in `dist/`. A reference
/// to a file dist does not hold, or a page without wasm, means the build went wrong.
pub fn page_load(page: &'static Page, html: &str, assets: &[AssetSize]) -> Result<PageLoad> {
    let names = referenced_assets(html);
    if !names.iter().any(|n| n.ends_with(".wasm")) {
        return Err(Error::new(format!(
            "{} references no .wasm; is it a trunk build's output?",
            page.html
        )));
    }
    let assets = names
        .iter()
        .map(|name| {
            assets
                .iter()
                .find(|a| &a.name == name)
                .cloned()
                .ok_or_else(|| {
                    Error::new(format!(
                        "{} references /{name}, which is not in dist/",
                        page.html
                    ))
                })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PageLoad { page, assets })
}

pub fn total_brotli(assets: &[AssetSize]) -> u64 {
    assets.iter().map(|a| a.brotli).sum()
}

pub fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// A plain-text table: file, raw, gzip, brotli, then a total row.
pub fn table(assets: &[AssetSize]) -> String {
    let width = assets
        .iter()
        .map(|a| a.name.len())
        .chain(["total".len(), "file".len()])
        .max()
        .unwrap_or(5);
    let mut out = format!(
        "    {:<width$}  {:>10}  {:>10}  {:>10}\n",
        "file", "raw", "gzip", "brotli"
    );
    for a in assets {
        out.push_str(&format!(
            "    {:<width$}  {:>10}  {:>10}  {:>10}\n",
            a.name, a.raw, a.gzip, a.brotli
        ));
    }
    let sum = |f: fn(&AssetSize) -> u64| assets.iter().map(f).sum::<u64>();
    out.push_str(&format!(
        "    {:<width$}  {:>10}  {:>10}  {:>10}   (bytes; brotli total {})\n",
        "total",
        sum(|a| a.raw),
        sum(|a| a.gzip),
        sum(|a| a.brotli),
        kib(sum(|a| a.brotli)),
    ));
    out
}

/// Fails when a page's brotli total exceeds its budget.
pub fn check_budget(page: &Page, total_brotli: u64) -> Result {
    if total_brotli <= page.budget {
        println!(
            "    {} brotli {} of the {} budget (1 KiB = 1024 bytes)",
            page.label,
            kib(total_brotli),
            kib(page.budget)
        );
        Ok(())
    } else {
        Err(Error::new(format!(
            "{} ({} assets) is {} brotli, over the {} budget by {} (1 KiB = 1024 bytes)",
            page.label,
            page.html,
            kib(total_brotli),
            kib(page.budget),
            kib(total_brotli - page.budget)
        )))
    }
}

/// Prints each page's table and checks every budget, so one over-budget page does not hide
/// the other's numbers; the error names every page over its budget.
pub fn report(loads: &[PageLoad]) -> Result {
    let mut over = Vec::new();
    for load in loads {
        println!("    {} ({}):", load.page.label, load.page.html);
        print!("{}", table(&load.assets));
        if let Err(e) = load.check_budget() {
            over.push(e.to_string());
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(Error::new(over.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str, brotli: u64) -> AssetSize {
        AssetSize {
            name: name.into(),
            raw: brotli * 4,
            gzip: brotli * 2,
            brotli,
        }
    }

    /// Trimmed from a real `trunk build --release` of canvas.html (apostrophe in a comment,
    /// the JS named twice, preload links, non-load files, an SRI hash).
    const CANVAS_HTML: &str = r#"<!doctype html>
<html lang="en" dir="ltr">
<head>
    <!-- The backend's origin; see /old-notes.js -->
    <meta name="description" content="Hevruta: a city's shared learning expedition." />
    <title>Hevruta canvas</title>
    <link rel="icon" href="/icon.svg" type="image/svg+xml" />
    <link rel="manifest" href="/manifest.webmanifest" />
    <link rel="stylesheet" href="/base-59d6.css" integrity="sha384-rmeX/yohZxzSe2"/>
    <link rel="stylesheet" href="/canvas-24ba.css" integrity="sha384-cBBu+VLTIOx"/>
<script type="module">
import init, * as bindings from '/canvas-52bc.js';
const wasm = await init({ module_or_path: '/canvas-52bc_bg.wasm' });
window.wasmBindings = bindings;
</script>
<link rel="modulepreload" href="/canvas-52bc.js" crossorigin="anonymous"><link rel="preload" href="/canvas-52bc_bg.wasm" as="fetch" type="application/wasm"></head>
<body></body>
</html>
"#;

    #[test]
    fn referenced_wasm_js_css_are_read_from_the_built_html() {
        assert_eq!(
            referenced_assets(CANVAS_HTML),
            [
                "base-59d6.css",
                "canvas-24ba.css",
                "canvas-52bc.js",
                "canvas-52bc_bg.wasm"
            ]
        );
    }

    #[test]
    fn comments_text_and_other_origins_are_not_references() {
        let html = "<!-- /old.js --><p>see app.js</p>\
                    <script src=\"https://cdn.example/x.js\"></script>\
                    <script src=\"//cdn.example/y.js\"></script>\
                    <script src=\"./snippets/s.js?v=2\"></script>";
        assert_eq!(referenced_assets(html), ["snippets/s.js"]);
        // An unterminated comment hides the rest of the page, as in a browser.
        assert!(referenced_assets("<!-- /x.js").is_empty());
    }

    #[test]
    fn a_page_load_counts_only_what_its_html_references() {
        // dist/ holds both pages' files; the shared CSS counts towards both.
        let dist = [
            asset("index.html", 1),
            asset("canvas.html", 1),
            asset("base-59d6.css", 5),
            asset("canvas-24ba.css", 2),
            asset("canvas-52bc.js", 10),
            asset("canvas-52bc_bg.wasm", 300),
            asset("hevruta-5fe3.js", 10),
            asset("hevruta-5fe3_bg.wasm", 200),
            asset("icon.svg", 50),
        ];
        let load = page_load(&CANVAS_SCREEN, CANVAS_HTML, &dist).unwrap();
        let names: Vec<&str> = load.assets.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "base-59d6.css",
                "canvas-24ba.css",
                "canvas-52bc.js",
                "canvas-52bc_bg.wasm"
            ]
        );
        assert_eq!(load.total_brotli(), 317);
    }

    #[test]
    fn a_reference_missing_from_dist_is_an_error() {
        let dist = [
            asset("canvas-52bc_bg.wasm", 300),
            asset("canvas-52bc.js", 10),
        ];
        let err = page_load(&CANVAS_SCREEN, CANVAS_HTML, &dist).unwrap_err();
        assert!(
            err.to_string()
                .contains("canvas.html references /base-59d6.css, which is not in dist/"),
            "{err}"
        );
    }

    #[test]
    fn a_page_without_wasm_is_an_error() {
        let html = r#"<link rel="stylesheet" href="/base.css"/>"#;
        let err = page_load(&FIRST_LOAD, html, &[asset("base.css", 1)]).unwrap_err();
        assert!(
            err.to_string().contains("index.html references no .wasm"),
            "{err}"
        );
    }

    #[test]
    fn every_budget_is_inclusive_and_says_by_how_much_it_is_missed() {
        for page in [
            &FIRST_LOAD,
            &CANVAS_SCREEN,
            &CIRCLES_SCREEN,
            &BOARDS_SCREEN,
            &PROJECTOR_SCREEN,
        ] {
            assert!(check_budget(page, page.budget).is_ok(), "{}", page.label);
            let err = check_budget(page, page.budget + 1024)
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with(&format!("{} ({} assets) is ", page.label, page.html)),
                "{err}"
            );
            assert!(
                err.contains(&format!("over the {} budget by 1.0 KiB", kib(page.budget))),
                "{err}"
            );
        }
    }

    #[test]
    fn report_fails_when_either_page_is_over_its_budget() {
        let load = |page, brotli| PageLoad {
            page,
            assets: vec![asset("app_bg.wasm", brotli)],
        };
        let (first, canvas) = (FIRST_LOAD.budget, CANVAS_SCREEN.budget);
        assert!(report(&[load(&FIRST_LOAD, first), load(&CANVAS_SCREEN, canvas)]).is_ok());

        // Under the first-load budget but over the canvas one: the canvas budget is its own.
        let err = report(&[
            load(&FIRST_LOAD, first / 2),
            load(&CANVAS_SCREEN, canvas + 1024),
        ])
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("canvas screen"), "{err}");
        assert!(!err.contains("first load"), "{err}");

        let err = report(&[
            load(&FIRST_LOAD, first + 1024),
            load(&CANVAS_SCREEN, canvas + 1024),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("first load") && err.contains("canvas screen"),
            "{err}"
        );
    }

    #[test]
    fn table_has_a_total_row() {
        let t = table(&[asset("a.wasm", 2048), asset("b.js", 1024)]);
        assert!(t.contains("a.wasm"));
        assert!(t.lines().last().unwrap().contains("3072"));
        assert!(t.contains("3.0 KiB"));
    }
}
