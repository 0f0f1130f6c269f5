//! The fan-out benchmark of `cargo xtask bench`: the server's half of edit → rendered.
//! `crates/server/examples/fanout.rs` runs the real server in its process with N light SSE
//! subscribers (30, 300, 1,000) while members type, then as fast as batched commits go; it
//! prints its table and, last, one JSON line, which this reads for the summary table.

use std::io::Read;
use std::process::Stdio;

use serde::Deserialize;

use crate::env::{self, Context, command, run};
use crate::steps::Steps;
use crate::{Error, Result};

/// The fan-out benchmark, written alongside the server.
const EXAMPLE: &str = "crates/server/examples/fanout.rs";

/// One phase of one N.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Phase {
    pub events: u64,
    pub deliveries: u64,
    pub expected: u64,
    pub seconds: f64,
    pub deliveries_per_s: f64,
    /// Edit (request sent) → event read by a subscriber.
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    /// Edit → published to the hub (HTTP, checks, the SQLite commit).
    pub published_p50_ms: f64,
    pub published_p95_ms: f64,
    /// Published → event read by a subscriber: the fan-out alone.
    pub fanout_p50_ms: f64,
    pub fanout_p95_ms: f64,
    /// Share of all cores busy (every process, this one), 0–1.
    #[serde(default)]
    pub cpu_busy: Option<f64>,
    #[serde(default)]
    pub cpu_self: Option<f64>,
}

impl Phase {
    /// Every event reached every subscriber.
    pub fn complete(&self) -> bool {
        self.deliveries > 0 && self.deliveries == self.expected
    }
}

/// N subscribers: members typing, then batched commits.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Run {
    pub subscribers: u64,
    pub typing: Phase,
    pub batched: Phase,
}

/// The example's last line: `{"fanout": 1, "writers": 30, "runs": [...]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Report {
    /// The report format; only 1 exists.
    fanout: u32,
    pub writers: u64,
    pub runs: Vec<Run>,
}

impl Report {
    pub fn parse(line: &str) -> Result<Report> {
        let report: Report = serde_json::from_str(line).map_err(|e| {
            Error::new(format!(
                "fan-out report is not what the example writes ({e}): {line:.200}"
            ))
        })?;
        if report.fanout != 1 {
            return Err(Error::new(format!(
                "fan-out report has `fanout: {}`, this xtask reads 1",
                report.fanout
            )));
        }
        Ok(report)
    }

    /// The run with `n` subscribers.
    pub fn run(&self, n: u64) -> Option<&Run> {
        self.runs.iter().find(|r| r.subscribers == n)
    }
}

/// Builds and runs the example (`args` go to it); `None` when it is not in the tree.
pub fn bench(steps: &mut Steps, args: &[String]) -> Result<Option<Report>> {
    steps.run("fan-out bench (N light SSE subscribers)", || {
        if !env::root().join(EXAMPLE).exists() {
            println!("    fan-out bench not present ({EXAMPLE})");
            return Ok(None);
        }
        run(command("cargo").args([
            "build",
            "--profile",
            "server",
            "-p",
            "hevruta-server",
            "--example",
            "fanout",
        ]))?;
        let binary = env::target_dir()
            .join("server")
            .join("examples")
            .join("fanout");
        println!("    $ {} {}", binary.display(), args.join(" "));
        // Progress on stderr goes straight to the terminal; the table and report on stdout.
        let mut child = command(&binary)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| Error::new(format!("could not start {}: {e}", binary.display())))?;
        let mut stdout = String::new();
        if let Some(mut out) = child.stdout.take() {
            out.read_to_string(&mut stdout)
                .context("reading the fan-out bench's output")?;
        }
        let status = child.wait().context("waiting for the fan-out bench")?;
        if !status.success() {
            print!("{}", indent(&stdout));
            return Err(Error::new(format!("the fan-out bench failed ({status})")));
        }
        let (table, last) = split_report(&stdout);
        print!("{}", indent(table));
        Report::parse(last).map(Some)
    })
}

/// The output without its last non-empty line, and that line.
fn split_report(stdout: &str) -> (&str, &str) {
    let trimmed = stdout.trim_end();
    match trimmed.rfind('\n') {
        Some(i) => (&trimmed[..=i], trimmed[i + 1..].trim()),
        None => ("", trimmed.trim()),
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// A report as the example writes it, for the tests here and in `bench`.
#[cfg(test)]
pub(crate) const SAMPLE: &str = r#"{"fanout":1,"cores":2,"writers":30,"typing_gap_ms":[100,300],"runs":[{"subscribers":30,"typing":{"events":860,"deliveries":25800,"expected":25800,"seconds":5.9,"deliveries_per_s":4377.0,"p50_ms":3.07,"p95_ms":7.74,"max_ms":27.8,"published_p50_ms":2.5,"published_p95_ms":6.9,"fanout_p50_ms":0.5,"fanout_p95_ms":0.81,"cpu_busy":1.0,"cpu_self":0.13},"batched":{"events":60000,"deliveries":1800000,"expected":1800000,"seconds":10.5,"deliveries_per_s":170608.0,"p50_ms":126.0,"p95_ms":183.0,"max_ms":247.0,"published_p50_ms":1,"published_p95_ms":2,"fanout_p50_ms":100,"fanout_p95_ms":170,"cpu_busy":1.0,"cpu_self":0.46}},{"subscribers":300,"typing":{"events":810,"deliveries":242000,"expected":243000,"seconds":5.9,"deliveries_per_s":41130.0,"p50_ms":12.3,"p95_ms":54.5,"max_ms":204.0,"published_p50_ms":8,"published_p95_ms":40,"fanout_p50_ms":4.1,"fanout_p95_ms":14.5,"cpu_busy":null},"batched":{"events":6000,"deliveries":1800000,"expected":1800000,"seconds":6.0,"deliveries_per_s":300620.0,"p50_ms":2695.0,"p95_ms":3086.0,"max_ms":3391.0,"published_p50_ms":1,"published_p95_ms":2,"fanout_p50_ms":2600,"fanout_p95_ms":3000}}]}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_examples_report() {
        let r = Report::parse(SAMPLE).unwrap();
        assert_eq!(r.writers, 30);
        let thirty = r.run(30).unwrap();
        assert_eq!(thirty.typing.p95_ms, 7.74);
        assert_eq!(thirty.typing.cpu_self, Some(0.13));
        assert_eq!(thirty.typing.fanout_p95_ms, 0.81);
        assert!(thirty.typing.complete());
        let three_hundred = r.run(300).unwrap();
        assert!(!three_hundred.typing.complete(), "1,000 deliveries missing");
        assert_eq!(three_hundred.typing.cpu_busy, None);
        assert_eq!(three_hundred.batched.deliveries_per_s, 300620.0);
        assert!(r.run(1000).is_none());
    }

    #[test]
    fn rejects_other_output() {
        assert!(Report::parse("done").is_err());
        assert!(Report::parse(r#"{"fanout":2,"writers":1,"runs":[]}"#).is_err());
        assert!(Report::parse(r#"{"writers":1,"runs":[]}"#).is_err());
    }

    #[test]
    fn the_report_is_the_last_line() {
        let out = "table\nrow 1\n{\"fanout\":1}\n\n";
        assert_eq!(split_report(out), ("table\nrow 1\n", "{\"fanout\":1}"));
        assert_eq!(split_report("{}"), ("", "{}"));
        assert_eq!(indent("a\nb\n"), "    a\n    b\n");
    }
}
