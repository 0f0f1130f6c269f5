//! The circles benchmark of `cargo xtask bench`: 500 learnings rendered as rings and list,
//! and the time a filter takes to show (`tests/bench/circles-bench.mjs`, headless Chromium
//! against a fresh server). It prints what it measures and never fails on a number.

use crate::env::{Context, command};
use crate::server::{self, Profile};
use crate::steps::Steps;
use crate::{Error, Result};

const SCRIPT: &str = "tests/bench/circles-bench.mjs";

pub fn bench(steps: &mut Steps) -> Result {
    steps.run("circles bench (500 learnings, headless Chromium)", || {
        let dir = crate::test::fresh_temp_dir()?;
        let outcome = (|| {
            let server = server::start_for_e2e(&dir.join("bench.sqlite3"), Profile::Server)?;
            println!("    $ node {SCRIPT}   (HEVRUTA_URL={})", server.url);
            let status = command("node")
                .arg(SCRIPT)
                .env("HEVRUTA_URL", &server.url)
                .status()
                .context("running node")?;
            if status.success() {
                Ok(())
            } else {
                Err(Error::new(format!("node {SCRIPT} failed ({status})")))
            }
        })();
        let _ = std::fs::remove_dir_all(&dir);
        outcome
    })
}
