//! `cargo xtask test`: everything CI checks, in order, stopping at the first failure.
//!
//! CI judges the run by its closing line, `xtask: N passed, 0 failed`, and the exit code.

use std::fs;
use std::path::PathBuf;
use std::process::Stdio;

use crate::cross_origin::{self, AppHost};
use crate::env::{self, Context, command, run};
use crate::prism::{self, MockedApp};
use crate::setup::{self, Browser, CHROMEDRIVER};
use crate::steps::{Steps, summary_line};
use crate::{Error, Result, conformance, contract, server, sizes, spa};

/// Flags of `cargo xtask test`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Skip the Playwright run (handy locally; CI runs everything).
    pub skip_e2e: bool,
}

pub fn parse_options(args: &[String]) -> Result<Options> {
    let mut options = Options::default();
    for arg in args {
        match arg.as_str() {
            "--skip-e2e" => options.skip_e2e = true,
            other => {
                return Err(Error::new(format!(
                    "test: unknown argument `{other}` (only --skip-e2e is accepted)"
                )));
            }
        }
    }
    Ok(options)
}

pub fn test(options: &Options) -> Result {
    let mut steps = Steps::new();
    let outcome = all_steps(&mut steps, options);
    if options.skip_e2e && outcome.is_ok() {
        println!("    (end-to-end tests skipped by --skip-e2e)");
    }
    // The summary must be the very last line.
    let failed = usize::from(outcome.is_err());
    println!("{}", summary_line(steps.passed(), failed));
    outcome
}

fn all_steps(steps: &mut Steps, options: &Options) -> Result {
    setup::setup(steps, Browser::Needed)?;
    steps.run("cargo fmt --check", || {
        run(command("cargo").args(["fmt", "--all", "--", "--check"]))
    })?;
    steps.run("leptosfmt --check (view! macros of the SPA)", || {
        // Its stdout is its settings and a line per clean file; files that need formatting
        // and their diffs come on stderr.
        run(command("leptosfmt")
            .arg("--check")
            .args(setup::LEPTOSFMT_INPUTS)
            .stdout(Stdio::null()))
        .map_err(|e| {
            let inputs = setup::LEPTOSFMT_INPUTS.join(" ");
            Error::new(format!(
                "{e}; format with `leptosfmt {inputs}` (it leaves what rustfmt accepts)"
            ))
        })
    })?;
    steps.run("clippy (host)", || {
        run(command("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    steps.run("clippy (wasm32)", || {
        // The SPA with its browser tests; the model's library only (its property tests
        // use proptest, which does not build for wasm32).
        run(command("cargo").args([
            "clippy",
            "-p",
            "hevruta",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]))?;
        run(command("cargo").args([
            "clippy",
            "-p",
            "hevruta-model",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    steps.run("cargo test (host)", || {
        run(command("cargo").args(["test", "--workspace", "--locked"]))
    })?;
    steps.run("wasm browser tests (wasm-bindgen-test, chromium)", || {
        run(command("cargo")
            .args([
                "test",
                "-p",
                "hevruta",
                "--target",
                "wasm32-unknown-unknown",
                "--locked",
            ])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))
    })?;
    let assets = spa::build(steps, true)?;
    steps.run("size budgets (first load, canvas screen; brotli)", || {
        sizes::report(&spa::page_loads(&assets)?)
    })?;
    server::build(steps, true, server::Profile::Dev)?;
    steps.run(
        "conformance suite (the API tests against the reference server binary)",
        conformance::against_reference,
    )?;
    contract::steps(steps)?;
    if !options.skip_e2e {
        steps.run("end-to-end tests (Playwright)", || e2e(&[]))?;
    }
    Ok(())
}

/// Starts a fresh server on a random port with a new database and runs Playwright against it;
/// a second server serves the app from another origin, pointed at the first (CORS), and a
/// third from a copy pointed at a Prism mock of the contract. `args` go to Playwright (specs,
/// `--grep`, …).
fn e2e(args: &[String]) -> Result {
    let dir = fresh_temp_dir()?;
    let outcome = (|| {
        let elsewhere = AppHost::start(&dir)?;
        let serving = server::Serving {
            dist: Some(spa::dist_dir()),
            allowed_origins: vec![elsewhere.server.url.clone()],
        };
        let server = server::start(&dir.join("e2e.sqlite3"), server::Profile::Dev, &serving)?;
        elsewhere.point_at(&server.url)?;
        let mocked = MockedApp::start(&dir)?;
        // The project's pinned @playwright/test, called directly (what `npx playwright test`
        // would resolve to, minus npx's own argument parsing and any chance of a download).
        let playwright = env::root()
            .join("node_modules")
            .join(".bin")
            .join("playwright");
        run(command(playwright)
            .arg("test")
            .args(args)
            .env("HEVRUTA_URL", &server.url)
            .env(cross_origin::URL_VAR, &elsewhere.server.url)
            .env(prism::URL_VAR, &mocked.app.server.url))
        // The servers are dropped (killed) here, on success and on failure alike.
    })();
    let _ = fs::remove_dir_all(&dir);
    outcome
}

/// `cargo xtask e2e [ARGS...]`: the Playwright run of `cargo xtask test` alone, after the
/// builds it needs, with all three servers (so the cross-origin and contract-mock specs run
/// too); ARGS go to Playwright.
pub fn e2e_only(args: &[String]) -> Result {
    let mut steps = Steps::new();
    let outcome = (|| {
        setup::setup(&mut steps, Browser::Needed)?;
        spa::build(&mut steps, true)?;
        server::build(&mut steps, true, server::Profile::Dev)?;
        steps.run("end-to-end tests (Playwright)", || e2e(args))
    })();
    let failed = usize::from(outcome.is_err());
    println!("{}", summary_line(steps.passed(), failed));
    outcome
}

/// A new, empty directory under the system temp dir (std has no tempdir helper).
pub fn fresh_temp_dir() -> Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("hevruta-e2e-{}-{nanos}", std::process::id()));
    fs::create_dir_all(&dir).context(format!("creating {}", dir.display()))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_test_flags() {
        assert_eq!(parse_options(&[]).unwrap(), Options { skip_e2e: false });
        assert_eq!(
            parse_options(&["--skip-e2e".into()]).unwrap(),
            Options { skip_e2e: true }
        );
        assert!(parse_options(&["--fast".into()]).is_err());
    }

    #[test]
    fn temp_dirs_are_fresh() {
        let a = fresh_temp_dir().unwrap();
        let b = fresh_temp_dir().unwrap();
        assert_ne!(a, b);
        fs::remove_dir_all(a).unwrap();
        fs::remove_dir_all(b).unwrap();
    }
}
