//! Running one browser bench script (`tests/bench/*.mjs`, Playwright's library and Debian's
//! chromium) against a throwaway server: the script's progress goes straight to the
//! terminal on stderr, its report is the last line it prints on stdout.

use std::fs;
use std::io::Read;
use std::process::Stdio;

use crate::env::{Context, command};
use crate::server::{self, Profile};
use crate::{Error, Result};

/// Starts a fresh server on `database` (in a temporary folder), runs `node script` against
/// it, and returns the last non-empty line of its stdout. The server is killed after.
pub fn last_line(script: &str, database: &str) -> Result<String> {
    let dir = crate::test::fresh_temp_dir()?;
    let outcome = (|| {
        let server = server::start_for_e2e(&dir.join(database), Profile::Server)?;
        println!("    $ node {script}   (HEVRUTA_URL={})", server.url);
        let mut child = command("node")
            .arg(script)
            .env("HEVRUTA_URL", &server.url)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| Error::new(format!("could not start node {script}: {e}")))?;
        let mut stdout = String::new();
        if let Some(mut out) = child.stdout.take() {
            out.read_to_string(&mut stdout)
                .context(format!("reading the output of {script}"))?;
        }
        let status = child.wait().context("waiting for node")?;
        if !status.success() {
            return Err(Error::new(format!("node {script} failed ({status})")));
        }
        Ok(stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default()
            .to_owned())
        // `server` is dropped (killed) here.
    })();
    let _ = fs::remove_dir_all(&dir);
    outcome
}
