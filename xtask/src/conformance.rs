//! `cargo xtask conformance --base URL`: the server's API tests as a black-box suite against
//! any backend, and a report of what it misses by contract area.
//!
//! The tests live in `crates/server/tests/api/`. With `HEVRUTA_CONFORMANCE_BASE` set they
//! speak only HTTP to that backend; built with the `conformance` feature, the tests that need
//! the reference server in their own process are ignored, and libtest prints why.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::env::{command, run};
use crate::server::{self, Profile, Serving};
use crate::steps::Steps;
use crate::{Error, Result, test};

/// The variable the suite's helpers read (`helpers.rs`).
const BASE_VAR: &str = "HEVRUTA_CONFORMANCE_BASE";

/// The test files, one contract area each: what a failing test's module says it broke.
const AREAS: &[(&str, &str)] = &[
    (
        "expeditions",
        "create, join by code, roles, stage, details, leave, sign out",
    ),
    (
        "errors",
        "problem bodies, validation, body limits, 401/404/405/415",
    ),
    (
        "events",
        "the event stream: backlog, resume, order, ends with the session",
    ),
    (
        "canvases",
        "templates, op batches, last writer wins, replay, rights",
    ),
    (
        "canvas_manage",
        "rename, archive, delete, listing, join preview",
    ),
    ("presence", "who is on which canvas, who types where"),
    (
        "profiles",
        "partner profiles: own only, checked fields, live",
    ),
    (
        "learnings",
        "three circles: idempotent create, author rights, hiding, reactions, builds-on, links",
    ),
    ("broadcast", "announced after commit: lost clients, replays"),
    ("openapi", "the served OpenAPI document"),
    ("spa", "the reference server's page fallback"),
];

/// `--base URL` → the URL, without a trailing slash; no arguments → `None`, the reference
/// server.
pub fn parse_base(args: &[String]) -> Result<Option<String>> {
    let usage = "conformance: usage: cargo xtask conformance [--base http://HOST:PORT]";
    match args {
        [] => Ok(None),
        [flag, url] if flag == "--base" => {
            let url = url.trim().trim_end_matches('/');
            if url.starts_with("http://") || url.starts_with("https://") {
                Ok(Some(url.to_owned()))
            } else {
                Err(Error::new(format!(
                    "conformance: `{url}` is not an http(s) URL\n{usage}"
                )))
            }
        }
        _ => Err(Error::new(usage)),
    }
}

/// The standalone command: the suite against `base`, or against a freshly built and started
/// reference server; fails if any test failed.
pub fn conformance(base: Option<&str>) -> Result {
    match base {
        Some(base) => run_suite(base, false)?.outcome(),
        None => {
            server::build(&mut Steps::new(), false, Profile::Dev)?;
            against_reference()
        }
    }
}

/// The `cargo xtask test` step: the suite against the built reference server, started as a
/// process of its own on a free port with a fresh SQLite file.
pub fn against_reference() -> Result {
    let dir = test::fresh_temp_dir()?;
    let outcome = (|| {
        let server = server::start(
            &dir.join("conformance.sqlite3"),
            Profile::Dev,
            &Serving::default(),
        )?;
        run_suite(&server.url, true)?.outcome()
    })();
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

/// Builds the suite, runs it against `base`, prints what failed and what was skipped.
fn run_suite(base: &str, locked: bool) -> Result<Report> {
    let cargo_test = |extra: &[&str]| {
        let mut cargo = command("cargo");
        cargo.args([
            "test",
            "-p",
            "hevruta-server",
            "--features",
            "conformance",
            "--test",
            "api",
        ]);
        if locked {
            cargo.arg("--locked");
        }
        cargo.args(extra);
        cargo
    };
    run(&mut cargo_test(&["--no-run"]))?;
    println!(
        "    $ {BASE_VAR}={base} cargo test -p hevruta-server --features conformance --test api"
    );
    let started = Instant::now();
    let mut child = cargo_test(&["--", "--color", "never"])
        .env(BASE_VAR, base)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| Error::new(format!("could not start the suite: {e}")))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("the suite's stdout was not captured")?;
    let mut results = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        match parse_line(&line) {
            Some(result) => results.push(result),
            // Failure details, libtest's own summary: worth reading as they come.
            None if !line.trim().is_empty() => println!("    | {line}"),
            None => {}
        }
    }
    let status = child
        .wait()
        .map_err(|e| Error::new(format!("waiting for the suite: {e}")))?;
    let report = Report {
        base: base.to_owned(),
        results,
        elapsed: started.elapsed(),
    };
    print!("{}", report.render());
    if report.results.is_empty() || (!status.success() && report.failed().is_empty()) {
        return Err(Error::new(format!(
            "the suite did not run to its end ({status})"
        )));
    }
    Ok(report)
}

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
    /// Not a black-box test; the reason its marking gives.
    Skipped(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// `module::test_name`, e.g. `events::leaving_ends_an_open_stream`.
    pub name: String,
    pub outcome: Outcome,
}

impl TestResult {
    fn module(&self) -> &str {
        self.name.split("::").next().unwrap_or("")
    }
}

/// libtest's `test NAME ... ok` / `... FAILED` / `... ignored, REASON` lines.
pub fn parse_line(line: &str) -> Option<TestResult> {
    let (name, result) = line.strip_prefix("test ")?.split_once(" ... ")?;
    let outcome = match result.trim() {
        "ok" => Outcome::Passed,
        "FAILED" => Outcome::Failed,
        "ignored" => Outcome::Skipped("no reason given".into()),
        other => Outcome::Skipped(other.strip_prefix("ignored, ")?.to_owned()),
    };
    Some(TestResult {
        name: name.trim().to_owned(),
        outcome,
    })
}

/// What a suite run found.
#[derive(Debug)]
pub struct Report {
    pub base: String,
    pub results: Vec<TestResult>,
    pub elapsed: Duration,
}

impl Report {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|r| f(&r.outcome)).count()
    }

    fn failed(&self) -> Vec<&TestResult> {
        self.results
            .iter()
            .filter(|r| r.outcome == Outcome::Failed)
            .collect()
    }

    /// The closing lines: a count per contract area, every failure under its area, every
    /// skipped test with its reason.
    pub fn render(&self) -> String {
        let passed = self.count(|o| *o == Outcome::Passed);
        let failed = self.count(|o| *o == Outcome::Failed);
        let skipped = self.count(|o| matches!(o, Outcome::Skipped(_)));
        let mut out = format!(
            "    conformance of {}: {passed} passed, {failed} failed, {skipped} skipped \
             (not black-box) in {:.1}s\n",
            self.base,
            self.elapsed.as_secs_f64()
        );
        let mut modules: Vec<&str> = self.results.iter().map(TestResult::module).collect();
        modules.sort_by_key(|m| {
            let known = AREAS.iter().position(|(name, _)| name == m);
            (known.unwrap_or(usize::MAX), *m)
        });
        modules.dedup();
        for module in modules {
            let of = |f: &dyn Fn(&Outcome) -> bool| {
                self.results
                    .iter()
                    .filter(|r| r.module() == module && f(&r.outcome))
                    .count()
            };
            let area = AREAS
                .iter()
                .find(|(name, _)| *name == module)
                .map_or(module, |(_, area)| area);
            let (ok, bad, skip) = (
                of(&|o| *o == Outcome::Passed),
                of(&|o| *o == Outcome::Failed),
                of(&|o| matches!(o, Outcome::Skipped(_))),
            );
            let verdict = if bad > 0 { "MISSES" } else { "ok" };
            out.push_str(&format!(
                "      {verdict:<6} {module}: {area} ({ok} passed, {bad} failed, {skip} skipped)\n"
            ));
            for r in self
                .results
                .iter()
                .filter(|r| r.module() == module && r.outcome == Outcome::Failed)
            {
                out.push_str(&format!("               failed: {}\n", r.name));
            }
        }
        let skipped: Vec<_> = self
            .results
            .iter()
            .filter_map(|r| match &r.outcome {
                Outcome::Skipped(why) => Some((r.name.as_str(), why.as_str())),
                _ => None,
            })
            .collect();
        if !skipped.is_empty() {
            out.push_str("    skipped, because they are not black-box tests:\n");
            for (name, why) in skipped {
                out.push_str(&format!("      {name}: {why}\n"));
            }
        }
        out
    }

    /// An error naming every failed test, if any failed.
    pub fn outcome(&self) -> Result {
        let failed = self.failed();
        if failed.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = failed.iter().map(|r| r.name.as_str()).collect();
        Err(Error::new(format!(
            "{} misses {} contract test(s): {}",
            self.base,
            names.len(),
            names.join(", ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &str, outcome: Outcome) -> TestResult {
        TestResult {
            name: name.into(),
            outcome,
        }
    }

    #[test]
    fn reads_libtest_result_lines() {
        assert_eq!(
            parse_line("test events::leaving_ends_an_open_stream ... ok"),
            Some(result(
                "events::leaving_ends_an_open_stream",
                Outcome::Passed
            ))
        );
        assert_eq!(
            parse_line("test errors::malformed_json_is_400 ... FAILED"),
            Some(result("errors::malformed_json_is_400", Outcome::Failed))
        );
        assert_eq!(
            parse_line(
                "test events::streams_end_when_the_server_shuts_down ... ignored, \
                 in-process only: shuts the server down"
            ),
            Some(result(
                "events::streams_end_when_the_server_shuts_down",
                Outcome::Skipped("in-process only: shuts the server down".into())
            ))
        );
        assert_eq!(parse_line("running 72 tests"), None);
        assert_eq!(
            parse_line("test result: ok. 57 passed; 0 failed; 15 ignored"),
            None
        );
        assert_eq!(parse_line("---- errors::x stdout ----"), None);
    }

    #[test]
    fn the_report_names_failures_by_area_and_skips_with_reasons() {
        let report = Report {
            base: "http://other:9000".into(),
            results: vec![
                result("events::b", Outcome::Failed),
                result("expeditions::a", Outcome::Passed),
                result("spa::c", Outcome::Skipped("reference server only".into())),
            ],
            elapsed: Duration::from_millis(1500),
        };
        let text = report.render();
        assert!(
            text.contains("http://other:9000: 1 passed, 1 failed, 1 skipped"),
            "{text}"
        );
        let expeditions = text.find("ok     expeditions").expect(&text);
        let events = text.find("MISSES events: the event stream").expect(&text);
        assert!(expeditions < events, "areas in contract order: {text}");
        assert!(text.contains("failed: events::b"), "{text}");
        assert!(text.contains("spa::c: reference server only"), "{text}");
        let err = report.outcome().unwrap_err().to_string();
        assert!(
            err.contains("misses 1 contract test(s): events::b"),
            "{err}"
        );
    }

    #[test]
    fn a_clean_report_passes() {
        let report = Report {
            base: "http://x".into(),
            results: vec![result("canvases::a", Outcome::Passed)],
            elapsed: Duration::ZERO,
        };
        assert!(report.outcome().is_ok());
    }

    #[test]
    fn the_base_must_be_an_http_url() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_base(&args(&["--base", "http://127.0.0.1:8080/"])).unwrap(),
            Some("http://127.0.0.1:8080".into())
        );
        assert_eq!(
            parse_base(&args(&[])).unwrap(),
            None,
            "the reference server"
        );
        assert!(parse_base(&args(&["--base", "127.0.0.1:8080"])).is_err());
        assert!(parse_base(&args(&["http://x"])).is_err());
    }
}
