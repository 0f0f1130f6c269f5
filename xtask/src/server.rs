//! Building the server, and running a throwaway instance for the end-to-end tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::env::{self, command, run};
use crate::steps::Steps;
use crate::{Error, Result};

/// The line the server prints first on stdout once it is bound.
const LISTENING_PREFIX: &str = "Hevruta listening on ";
/// How long the server may take to print its address and to answer the health check.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

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

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the built server on a random port with a fresh database and waits until
/// `/api/v1/health` answers 200.
pub fn start_for_e2e(database: &Path, profile: Profile) -> Result<RunningServer> {
    let binary = || binary(profile);
    let mut cmd = command(binary());
    cmd.arg("--addr")
        .arg("127.0.0.1:0")
        .arg("--database")
        .arg(database)
        .arg("--dist")
        .arg(env::root().join("dist"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    println!(
        "    $ {} --addr 127.0.0.1:0 --database {} --dist dist",
        binary().display(),
        database.display()
    );
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::new(format!("could not start {}: {e}", binary().display())))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("server stdout was not captured")?;
    // The guard owns the child from here on: every early return below kills it.
    let mut server = RunningServer {
        child,
        url: String::new(),
    };

    // Read stdout on a thread (reads block) and keep draining it for the server's whole
    // life, so it can never block on a full pipe.
    let (url_tx, url_rx) = mpsc::channel();
    thread::spawn(move || {
        let mut url_tx = Some(url_tx);
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            println!("    [server] {line}");
            if let Some(url) = parse_listening_line(&line)
                && let Some(tx) = url_tx.take()
            {
                let _ = tx.send(url);
            }
        }
    });
    let deadline = Instant::now() + STARTUP_TIMEOUT;
    server.url =
        url_rx
            .recv_timeout(STARTUP_TIMEOUT)
            .map_err(|_| match server.child.try_wait() {
                Ok(Some(status)) => Error::new(format!("server exited during startup ({status})")),
                _ => Error::new(format!(
                    "server did not print `{LISTENING_PREFIX}http://…` within {}s",
                    STARTUP_TIMEOUT.as_secs()
                )),
            })?;

    let authority = http_authority(&server.url)
        .ok_or_else(|| Error::new(format!("cannot parse server URL {}", server.url)))?;
    let mut last = String::from("no attempt");
    while Instant::now() < deadline {
        if let Ok(Some(status)) = server.child.try_wait() {
            return Err(Error::new(format!(
                "server exited during startup ({status})"
            )));
        }
        match health_status(authority) {
            Ok(200) => {
                println!("    server healthy at {}", server.url);
                return Ok(server);
            }
            Ok(code) => last = format!("HTTP {code}"),
            Err(e) => last = e.to_string(),
        }
        thread::sleep(Duration::from_millis(200));
    }
    Err(Error::new(format!(
        "GET {}/api/v1/health did not return 200 within {}s (last: {last})",
        server.url,
        STARTUP_TIMEOUT.as_secs()
    )))
}

/// One plain HTTP/1.1 `GET /api/v1/health`; returns the status code.
fn health_status(authority: &str) -> std::io::Result<u16> {
    let addr: SocketAddr = authority
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("address did not resolve"))?;
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    stream.set_write_timeout(Some(Duration::from_secs(2)))?;
    // One write: `write!` on a socket sends each formatted piece separately, and a
    // server that answers after the first piece and closes would make the rest fail.
    let request =
        format!("GET /api/v1/health HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes())?;
    // The status line fits in the first packet; no need to read the body.
    let mut buf = [0u8; 256];
    let n = stream.read(&mut buf)?;
    status_code(&String::from_utf8_lossy(&buf[..n]))
        .ok_or_else(|| std::io::Error::other("not an HTTP response"))
}

/// `Hevruta listening on http://127.0.0.1:PORT` → `http://127.0.0.1:PORT`.
pub fn parse_listening_line(line: &str) -> Option<String> {
    let url = line.trim().strip_prefix(LISTENING_PREFIX)?.trim();
    (url.starts_with("http://") && url.len() > "http://".len()).then(|| url.to_owned())
}

/// `http://127.0.0.1:PORT/anything` → `127.0.0.1:PORT`.
pub fn http_authority(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("http://")?;
    let authority = rest.split('/').next()?;
    (!authority.is_empty()).then_some(authority)
}

/// `HTTP/1.1 200 OK\r\n…` → `200`.
pub fn status_code(response: &str) -> Option<u16> {
    let mut parts = response.lines().next()?.split_whitespace();
    parts.next()?.starts_with("HTTP/").then_some(())?;
    parts.next()?.parse().ok()
}

#[cfg(test)]
mod tests {
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
    fn extracts_the_authority() {
        assert_eq!(
            http_authority("http://127.0.0.1:41234"),
            Some("127.0.0.1:41234")
        );
        assert_eq!(
            http_authority("http://127.0.0.1:8080/join"),
            Some("127.0.0.1:8080")
        );
        assert_eq!(http_authority("ftp://x"), None);
    }

    #[test]
    fn reads_status_codes() {
        assert_eq!(
            status_code("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"),
            Some(200)
        );
        assert_eq!(
            status_code("HTTP/1.1 503 Service Unavailable\r\n"),
            Some(503)
        );
        assert_eq!(status_code("garbage"), None);
        assert_eq!(status_code(""), None);
    }

    #[test]
    fn health_check_against_a_local_listener() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let handle = thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            // Read the whole head, however many packets it comes in.
            let mut request = Vec::new();
            let mut chunk = [0u8; 512];
            while !request.ends_with(b"\r\n\r\n") {
                let n = conn.read(&mut chunk).unwrap();
                assert!(n > 0, "client closed before the end of its request");
                request.extend_from_slice(&chunk[..n]);
            }
            assert!(String::from_utf8_lossy(&request).starts_with("GET /api/v1/health "));
            conn.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                .unwrap();
        });
        assert_eq!(health_status(&addr).unwrap(), 200);
        handle.join().unwrap();
    }
}
