//! What the SPA costs a phone on first load, and the budget it must stay under.
//!
//! Sizes are measured on the brotli files the server actually sends, so they are
//! deterministic and can fail the build. 1 KiB = 1024 bytes throughout.

use crate::{Error, Result};

/// Hard limit for `cargo xtask test`: the brotli size of all first-load .wasm/.js/.css.
pub const BUDGET_BYTES: u64 = 250 * 1024;
/// The DESIGN target `cargo xtask bench` reports against (informational, never enforced).
pub const DESIGN_TARGET_BYTES: u64 = 200 * 1024;

/// One file in `dist/` and its compressed sizes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetSize {
    /// Path relative to `dist/`, with `/` separators.
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Files the browser must fetch before the app runs: the wasm, its JS glue and the CSS.
pub fn is_first_load(name: &str) -> bool {
    [".wasm", ".js", ".css"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// The first-load assets, sorted by name.
pub fn first_load(assets: &[AssetSize]) -> Vec<AssetSize> {
    let mut shipped: Vec<AssetSize> = assets
        .iter()
        .filter(|a| is_first_load(&a.name))
        .cloned()
        .collect();
    shipped.sort_by(|a, b| a.name.cmp(&b.name));
    shipped
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

/// Fails when the first-load brotli total exceeds `budget`.
pub fn check_budget(total_brotli: u64, budget: u64) -> Result {
    if total_brotli <= budget {
        println!(
            "    first-load brotli {} of the {} budget (1 KiB = 1024 bytes)",
            kib(total_brotli),
            kib(budget)
        );
        Ok(())
    } else {
        Err(Error::new(format!(
            "first-load assets are {} brotli, over the {} budget by {} (1 KiB = 1024 bytes)",
            kib(total_brotli),
            kib(budget),
            kib(total_brotli - budget)
        )))
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

    #[test]
    fn budget_is_inclusive_and_in_kib() {
        assert_eq!(BUDGET_BYTES, 256_000);
        assert!(check_budget(BUDGET_BYTES, BUDGET_BYTES).is_ok());
        let err = check_budget(BUDGET_BYTES + 1024, BUDGET_BYTES).unwrap_err();
        assert!(
            err.to_string()
                .contains("over the 250.0 KiB budget by 1.0 KiB"),
            "{err}"
        );
    }

    #[test]
    fn only_wasm_js_css_count_towards_first_load() {
        let assets = [
            asset("index.html", 1),
            asset("hevruta_bg.wasm", 100),
            asset("hevruta.js", 10),
            asset("style.css", 5),
            asset("icon.svg", 50),
            asset("manifest.webmanifest", 1),
        ];
        let shipped = first_load(&assets);
        let names: Vec<&str> = shipped.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["hevruta.js", "hevruta_bg.wasm", "style.css"]);
        assert_eq!(total_brotli(&shipped), 115);
    }

    #[test]
    fn table_has_a_total_row() {
        let t = table(&[asset("a.wasm", 2048), asset("b.js", 1024)]);
        assert!(t.contains("a.wasm"));
        assert!(t.lines().last().unwrap().contains("3072"));
        assert!(t.contains("3.0 KiB"));
    }
}
