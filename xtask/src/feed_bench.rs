//! The feed's Lighthouse run in `cargo xtask bench` (`tests/bench/feed-lighthouse.mjs`):
//! the expedition home in Lighthouse's mobile profile, cold (empty storage and cache) and
//! warm (the service worker's cache), against issue 13's targets. Measured, never failed on.

use serde::Deserialize;

use crate::server::{self, Profile};
use crate::steps::Steps;
use crate::{Error, Result};

const SCRIPT: &str = "tests/bench/feed-lighthouse.mjs";

/// One Lighthouse run's figures.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Run {
    pub score: Option<f64>,
    pub lcp_ms: Option<f64>,
    pub fcp_ms: Option<f64>,
    pub tbt_ms: Option<f64>,
    pub cls: Option<f64>,
    pub bytes: Option<f64>,
    pub wasm_bytes: f64,
    pub requests: u32,
    #[serde(default)]
    pub runtime_error: Option<String>,
}

/// What the script prints on its last line.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Report {
    pub cold: Run,
    pub warm: Run,
}

fn ms(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.0} ms"))
}

impl Report {
    pub fn table(&self) -> String {
        let mut out = String::from(
            "    expedition home (the feed), Lighthouse mobile profile (simulated slow 4G, mid-range phone):\n",
        );
        out.push_str(&format!(
            "    {:<6} {:>6} {:>9} {:>9} {:>8} {:>7} {:>11} {:>11} {:>9}\n",
            "visit", "score", "LCP", "FCP", "TBT", "CLS", "bytes", "wasm bytes", "requests"
        ));
        for (name, r) in [("cold", &self.cold), ("warm", &self.warm)] {
            out.push_str(&format!(
                "    {:<6} {:>6} {:>9} {:>9} {:>8} {:>7} {:>11} {:>11} {:>9}\n",
                name,
                r.score.map_or("-".into(), |s| format!("{:.0}", s * 100.0)),
                ms(r.lcp_ms),
                ms(r.fcp_ms),
                ms(r.tbt_ms),
                r.cls.map_or("-".into(), |c| format!("{c:.3}")),
                r.bytes.map_or("-".into(), |b| format!("{b:.0}")),
                format!("{:.0}", r.wasm_bytes),
                r.requests,
            ));
            if let Some(e) = &r.runtime_error {
                out.push_str(&format!("    {name}: Lighthouse error: {e}\n"));
            }
        }
        out.push_str(
            "    targets: LCP ≤ 2500 ms (stretch 1800 ms), CLS ≤ 0.1, warm visit 0 wasm bytes over the network\n",
        );
        out
    }
}

pub fn bench(steps: &mut Steps) -> Result<Report> {
    server::build(steps, false, Profile::Server)?;
    steps.run("feed Lighthouse (mobile, cold and warm)", measure)
}

fn measure() -> Result<Report> {
    let last = crate::bench_script::last_line(SCRIPT, "feed-bench.sqlite3")?;
    let report: Report = serde_json::from_str(&last)
        .map_err(|e| Error::new(format!("the feed Lighthouse script printed {last:?}: {e}")))?;
    print!("{}", report.table());
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_scripts_report_and_prints_both_visits_against_the_targets() {
        let line = r#"{"feed_lighthouse":1,"profile":"mobile","cold":{"score":0.93,"lcp_ms":2100.4,"fcp_ms":1500,"tbt_ms":120,"cls":0.002,"bytes":260000,"wasm_bytes":190000,"requests":9,"runtime_error":null},"warm":{"score":0.99,"lcp_ms":900,"fcp_ms":800,"tbt_ms":30,"cls":0,"bytes":4000,"wasm_bytes":0,"requests":9,"runtime_error":null}}"#;
        let r: Report = serde_json::from_str(line).unwrap();
        assert_eq!((r.cold.wasm_bytes, r.warm.wasm_bytes), (190000.0, 0.0));
        let t = r.table();
        assert!(t.contains("cold       93   2100 ms"), "{t}");
        assert!(t.contains("warm       99"), "{t}");
        assert!(t.contains("LCP ≤ 2500 ms"), "{t}");
    }
}
