//! A Prism mock of `openapi.json` (npm `@stoplight/prism-cli`, static mode: every answer is
//! the contract's own example) and a copy of the built app pointed at it, for the e2e spec
//! `tests/e2e/prism.spec.ts`: the contract alone must be enough to drive the app.

use std::net::TcpListener;
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use crate::cross_origin::AppHost;
use crate::env::{self, command};
use crate::server::{self, RunningServer, socket_addr};
use crate::{Error, Result};

/// Where the spec finds the app that calls the mock.
pub const URL_VAR: &str = "HEVRUTA_PRISM_APP_URL";

/// What Prism prints once it serves, before its URL.
const LISTENING: &str = "Prism is listening on ";
/// Prism reads and resolves the whole document first.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// The mock, and the app served from its own origin with its meta naming the mock.
pub struct MockedApp {
    /// Runs as long as the app that calls it.
    _mock: RunningServer,
    pub app: AppHost,
}

impl MockedApp {
    /// Mocks the committed `openapi.json`; the app's copy of `dist/` lives in `dir`.
    pub fn start(dir: &Path) -> Result<MockedApp> {
        let mock = start_mock(&env::root().join("openapi.json"))?;
        let app = AppHost::start(&dir.join("prism"))?;
        app.point_at(&mock.url)?;
        Ok(MockedApp { _mock: mock, app })
    }
}

/// Starts `prism mock SPEC` on a free port and waits until it listens there.
fn start_mock(spec: &Path) -> Result<RunningServer> {
    let port = free_port()?;
    let prism = env::root().join("node_modules").join(".bin").join("prism");
    let mut cmd = command(&prism);
    cmd.arg("mock")
        .arg(spec)
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    println!(
        "    $ {} mock {} -h 127.0.0.1 -p {port}",
        prism.display(),
        spec.display()
    );
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::new(format!("could not start {}: {e}", prism.display())))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("prism's stdout was not captured")?;
    let mut mock = RunningServer::guard(child);
    let deadline = Instant::now() + STARTUP_TIMEOUT;
    mock.url = match server::watch_lines(stdout, "prism", worth_echoing, parse_listening_line)
        .recv_timeout(STARTUP_TIMEOUT)
    {
        Ok(url) => url,
        Err(RecvTimeoutError::Disconnected) => {
            return Err(Error::new(format!(
                "prism ended without printing `{LISTENING}http://…`"
            )));
        }
        Err(RecvTimeoutError::Timeout) => {
            return Err(Error::new(format!(
                "prism did not print `{LISTENING}http://…` within {}s",
                STARTUP_TIMEOUT.as_secs()
            )));
        }
    };
    let addr = socket_addr(&mock.url)
        .ok_or_else(|| Error::new(format!("cannot read an address from {}", mock.url)))?;
    server::wait_until_accepting(addr, deadline)?;
    Ok(mock)
}

/// A port nobody listens on now (Prism has no "pick a free port" of its own).
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Error::new(format!("cannot find a free port: {e}")))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| Error::new(format!("cannot find a free port: {e}")))
}

/// `[10:19:31 PM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:4017` → the URL
/// (colour codes, if any, dropped).
fn parse_listening_line(line: &str) -> Option<String> {
    let plain = without_ansi(line);
    let url = plain.split_once(LISTENING)?.1.trim();
    url.starts_with("http://").then(|| url.to_owned())
}

/// Prism logs four lines a request: echo only what went wrong (a response that breaks the
/// contract's schema, a mock that cannot answer) and where it listens.
fn worth_echoing(line: &str) -> bool {
    line.contains('✖') || line.contains('⚠') || line.contains(LISTENING)
}

/// `line` without ANSI colour sequences (`ESC [ … m`).
fn without_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_listening_line() {
        assert_eq!(
            parse_listening_line(
                "[10:19:31 PM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:4017"
            )
            .as_deref(),
            Some("http://127.0.0.1:4017")
        );
        assert_eq!(
            parse_listening_line(
                "\u{1b}[90m[CLI]\u{1b}[39m start Prism is listening on \u{1b}[1mhttp://127.0.0.1:9\u{1b}[22m"
            )
            .as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(
            parse_listening_line("[CLI] info GET http://127.0.0.1:4017/api/v1/me"),
            None
        );
    }

    #[test]
    fn a_free_port_is_bindable() {
        let port = free_port().unwrap();
        assert!(TcpListener::bind(("127.0.0.1", port)).is_ok());
    }
}
