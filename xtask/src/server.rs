//! Building the server, and running a throwaway instance for the end-to-end tests.

use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use crate::env::{self, command, run};
use crate::steps::Steps;
use crate::{Error, Result};

/// The line the server prints first on stdout once it is bound (see its `main.rs`).
const LISTENING_PREFIX: &str = "Hevruta listening on ";
/// How long the server may take to print its address and accept a connection there.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// One connection attempt, and the pause between attempts.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const CONNECT_RETRY: Duration = Duration::from_millis(100);

/// Which build of the server to use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Profile {
    /// `--profile server`: fast native code, for `run` and `bench`.
    Server,
    /// The dev build `cargo test` has already made: the end-to-end tests need a correct
    /// server, not a fast one, and this saves a full optimised build on a cold machine.
    Dev,
}

impl Profile {
    fn dir(self) -> &'static str {
        match self {
            Profile::Server => "server",
            Profile::Dev => "debug",
        }
    }
}

pub fn binary(profile: Profile) -> PathBuf {
    env::target_dir().join(profile.dir()).join("hevruta-server")
}

pub fn build(steps: &mut Steps, locked: bool, profile: Profile) -> Result {
    let title = match profile {
        Profile::Server => "build server (--profile server)",
        Profile::Dev => "build server (dev)",
    };
    steps.run(title, || {
        let mut cargo = command("cargo");
        cargo.args(["build", "-p", "hevruta-server"]);
        if profile == Profile::Server {
            cargo.args(["--profile", "server"]);
        }
        if locked {
            cargo.arg("--locked");
        }
        run(&mut cargo)
    })
}

/// A running server that is killed when dropped, so a failing test never leaves it behind.
pub struct RunningServer {
    child: Child,
    pub url: String,
}

impl RunningServer {
    /// Owns `child` from now on: dropping the guard kills it. The URL is set once known.
    pub fn guard(child: Child) -> Self {
        RunningServer {
            child,
            url: String::new(),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a started server serves besides the API, and to whom.
#[derive(Debug, Default)]
pub struct Serving {
    /// The built SPA (`--dist`); `None` serves the API only.
    pub dist: Option<PathBuf>,
    /// Other origins allowed to call the API (`--allowed-origins`, CORS).
    pub allowed_origins: Vec<String>,
}

/// Starts the built server with `dist/` on a random port with a fresh database.
pub fn start_for_e2e(database: &Path, profile: Profile) -> Result<RunningServer> {
    let serving = Serving {
        dist: Some(env::root().join("dist")),
        ..Serving::default()
    };
    start(database, profile, &serving)
}

/// Starts the built server on a random port with a fresh database and waits until it has
/// printed its address (it does so once bound) and that address accepts a connection.
///
/// Always with `--no-rate-limits`: every server started here is driven by tests or
/// benchmarks (conformance, schemathesis, the e2e suite, the benches), which create
/// expeditions and send ops far faster than people do from one address. The limits
/// themselves are tested by the server's API tests (`crates/server/tests/api/limits.rs`).
pub fn start(database: &Path, profile: Profile, serving: &Serving) -> Result<RunningServer> {
    let binary = || binary(profile);
    let mut cmd = command(binary());
    cmd.arg("--addr")
        .arg("127.0.0.1:0")
        .arg("--database")
        .arg(database)
        .arg("--no-rate-limits");
    let mut shown = format!(
        "{} --addr 127.0.0.1:0 --database {} --no-rate-limits",
        binary().display(),
        database.display()
    );
    if let Some(dist) = &serving.dist {
        cmd.arg("--dist").arg(dist);
        shown.push_str(&format!(" --dist {}", dist.display()));
    }
    if !serving.allowed_origins.is_empty() {
        let origins = serving.allowed_origins.join(",");
        cmd.arg("--allowed-origins").arg(&origins);
        shown.push_str(&format!(" --allowed-origins {origins}"));
    }
    cmd.stdin(Stdio::null()).stdout(Stdio::piped());
    println!("    $ {shown}");
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::new(format!("could not start {}: {e}", binary().display())))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("server stdout was not captured")?;
    // The guard owns the child from here on: every early return below kills it.
    let mut server = RunningServer::guard(child);
    let deadline = Instant::now() + STARTUP_TIMEOUT;
    // A server that fails at startup exits right after closing its output: give it a moment
    // so the error can say how it ended.
    let exited = |server: &mut RunningServer| {
        for _ in 0..10 {
            if let Ok(Some(status)) = server.child.try_wait() {
                return format!(" (it exited: {status})");
            }
            thread::sleep(Duration::from_millis(50));
        }
        String::new()
    };
    server.url = match watch_output(stdout).recv_timeout(STARTUP_TIMEOUT) {
        Ok(url) => url,
        Err(RecvTimeoutError::Disconnected) => {
            return Err(Error::new(format!(
                "server closed its output without printing `{LISTENING_PREFIX}http://…`{}",
                exited(&mut server)
            )));
        }
        Err(RecvTimeoutError::Timeout) => {
            return Err(Error::new(format!(
                "server did not print `{LISTENING_PREFIX}http://…` within {}s",
                STARTUP_TIMEOUT.as_secs()
            )));
        }
    };
    let addr = socket_addr(&server.url)
        .ok_or_else(|| Error::new(format!("cannot read an address from {}", server.url)))?;
    wait_until_accepting(addr, deadline)
        .map_err(|e| Error::new(format!("{e}{}", exited(&mut server))))?;
    println!("    server accepting connections at {}", server.url);
    Ok(server)
}

/// Echoes the server's output and sends its URL once it prints the listening line.
fn watch_output(output: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    watch_lines(output, "server", |_| true, parse_listening_line)
}

/// Echoes the lines of a child's output that `echo` picks as `[label] line`, and sends the
/// first URL `find` reads from a line. The thread drains the pipe for the child's whole life,
/// so it never blocks on a full pipe; the channel disconnects without a URL if the output
/// ends first.
pub fn watch_lines(
    output: impl Read + Send + 'static,
    label: &'static str,
    echo: fn(&str) -> bool,
    find: fn(&str) -> Option<String>,
) -> mpsc::Receiver<String> {
    let (url_tx, url_rx) = mpsc::channel();
    thread::spawn(move || {
        let mut url_tx = Some(url_tx);
        for line in BufReader::new(output).lines() {
            let Ok(line) = line else { break };
            if echo(&line) {
                println!("    [{label}] {line}");
            }
            if let Some(url) = find(&line)
                && let Some(tx) = url_tx.take()
            {
                let _ = tx.send(url);
            }
        }
    });
    url_rx
}

/// Connects to `addr` until a connection is accepted or `deadline` passes.
pub fn wait_until_accepting(addr: SocketAddr, deadline: Instant) -> Result {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match TcpStream::connect_timeout(&addr, left.clamp(CONNECT_RETRY, CONNECT_TIMEOUT)) {
            Ok(_) => return Ok(()),
            Err(e) if Instant::now() + CONNECT_RETRY >= deadline => {
                return Err(Error::new(format!(
                    "{addr} did not accept a connection in time (last: {e})"
                )));
            }
            Err(_) => thread::sleep(CONNECT_RETRY),
        }
    }
}

/// `Hevruta listening on http://127.0.0.1:PORT` → `http://127.0.0.1:PORT`.
pub fn parse_listening_line(line: &str) -> Option<String> {
    let url = line.trim().strip_prefix(LISTENING_PREFIX)?.trim();
    (url.starts_with("http://") && url.len() > "http://".len()).then(|| url.to_owned())
}

/// `http://127.0.0.1:PORT` → the socket address (the server prints the address it bound,
/// never a host name).
pub fn socket_addr(url: &str) -> Option<SocketAddr> {
    url.strip_prefix("http://")?
        .trim_end_matches('/')
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::net::TcpListener;

    use super::*;

    #[test]
    fn parses_the_listening_line() {
        assert_eq!(
            parse_listening_line("Hevruta listening on http://127.0.0.1:41234\n").as_deref(),
            Some("http://127.0.0.1:41234")
        );
        assert_eq!(parse_listening_line("Hevruta listening on "), None);
        assert_eq!(parse_listening_line("INFO starting"), None);
        assert_eq!(parse_listening_line("Hevruta listening on https://x"), None);
    }

    #[test]
    fn reads_the_bound_address() {
        assert_eq!(
            socket_addr("http://127.0.0.1:41234"),
            Some(SocketAddr::from(([127, 0, 0, 1], 41234)))
        );
        assert_eq!(
            socket_addr("http://[::1]:8080/"),
            Some(SocketAddr::from(([0, 0, 0, 0, 0, 0, 0, 1], 8080)))
        );
        assert_eq!(socket_addr("http://localhost:8080"), None);
        assert_eq!(socket_addr("ftp://127.0.0.1:21"), None);
    }

    #[test]
    fn the_url_comes_from_the_listening_line_among_other_output() {
        let output = "INFO opening the database\n\
                      Hevruta listening on http://127.0.0.1:41234\n  \
                      Demo expedition join code: ABCD-EFGH\n";
        let urls = watch_output(Cursor::new(output));
        assert_eq!(urls.recv().unwrap(), "http://127.0.0.1:41234");
        assert!(urls.recv().is_err(), "only the first listening line counts");
    }

    #[test]
    fn output_that_ends_without_the_line_disconnects_at_once() {
        let urls = watch_output(Cursor::new("error: cannot open the database\n"));
        assert_eq!(
            urls.recv_timeout(STARTUP_TIMEOUT),
            Err(RecvTimeoutError::Disconnected)
        );
    }

    #[test]
    fn a_bound_listener_is_accepting() {
        // The kernel completes the handshake for a listening socket; nobody needs to accept.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        assert!(wait_until_accepting(addr, deadline).is_ok());
    }

    #[test]
    fn a_closed_port_fails_by_the_deadline() {
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        // The listener is dropped: nothing listens there any more.
        let started = Instant::now();
        let err = wait_until_accepting(addr, started + Duration::from_millis(300)).unwrap_err();
        assert!(err.to_string().contains(&addr.to_string()), "{err}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}
