//! The boards benchmark of `cargo xtask bench`: a board of 2,000 cards in 8 columns in
//! headless Chromium (`tests/bench/boards-bench.mjs`): time to first render, frame times
//! while a card is dragged, and how long a filter takes to apply. Reported against the
//! issue's targets, never failed on.

use serde::Deserialize;

use crate::canvas_bench::Summary;
use crate::server::{self, Profile};
use crate::steps::Steps;
use crate::{Error, Result};

const SCRIPT: &str = "tests/bench/boards-bench.mjs";

/// What the script prints on its last line.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Report {
    pub cards: u32,
    pub columns: u32,
    pub render_ms: f64,
    pub render_frame_ms: f64,
    /// Cards in the DOM at first render (the start of each column).
    #[serde(default)]
    pub rendered_cards: u32,
    pub drag_intervals_ms: Vec<f64>,
    pub filter_ms: f64,
    #[serde(default)]
    pub page_errors: Vec<String>,
}

impl Report {
    pub fn table(&self) -> String {
        let mut out = format!(
            "    board of {} cards in {} columns (1280×800):\n",
            self.cards, self.columns
        );
        out.push_str(&format!(
            "    first render (every column's first cards, {} in the DOM) {:>8.0} ms, next frame {:.0} ms   target ≤ 1000 ms\n",
            self.rendered_cards, self.render_ms, self.render_frame_ms
        ));
        match Summary::of(&self.drag_intervals_ms) {
            Some(s) => out.push_str(&format!(
                "    drag frames ({} intervals) p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms   target p95 ≤ 16.7 ms\n",
                s.count, s.p50, s.p95, s.max
            )),
            None => out.push_str("    drag frames: none recorded\n"),
        }
        out.push_str(&format!(
            "    filter (search word → DOM shows the matches) {:.1} ms   target ≤ 100 ms\n",
            self.filter_ms
        ));
        if !self.page_errors.is_empty() {
            out.push_str(&format!("    page errors: {:?}\n", self.page_errors));
        }
        out
    }
}

pub fn bench(steps: &mut Steps) -> Result<Report> {
    server::build(steps, false, Profile::Server)?;
    steps.run("boards bench (2,000 cards, headless Chromium)", measure)
}

fn measure() -> Result<Report> {
    let last = crate::bench_script::last_line(SCRIPT, "boards-bench.sqlite3")?;
    let report: Report = serde_json::from_str(&last)
        .map_err(|e| Error::new(format!("the boards bench printed {last:?}: {e}")))?;
    print!("{}", report.table());
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_scripts_report_and_prints_the_targets() {
        let line = r#"{"boards_bench":1,"cards":2000,"columns":8,"render_ms":900,"render_frame_ms":910,"drag_intervals_ms":[16.6,16.7,33.4],"filter_ms":40.5,"page_errors":[]}"#;
        let r: Report = serde_json::from_str(line).unwrap();
        assert_eq!((r.cards, r.drag_intervals_ms.len()), (2000, 3));
        let t = r.table();
        assert!(t.contains("p95 33.4 ms"), "{t}");
        assert!(t.contains("filter"), "{t}");
    }
}
