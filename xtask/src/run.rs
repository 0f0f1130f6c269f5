//! `cargo xtask run`: build everything and start the server with demo data.

use std::fs;

use crate::env::{self, Context, command};
use crate::setup::{self, Browser};
use crate::steps::Steps;
use crate::{Error, Result, server, sizes, spa};

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// `--addr HOST:PORT` / `--addr=HOST:PORT`, else `$HEVRUTA_ADDR`, else 127.0.0.1:8080.
pub fn parse_addr(args: &[String]) -> Result<String> {
    addr_from(args, std::env::var("HEVRUTA_ADDR").ok())
}

fn addr_from(args: &[String], env_addr: Option<String>) -> Result<String> {
    let mut addr = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--addr" {
            let value = args
                .next()
                .ok_or("run: --addr needs a value, e.g. 0.0.0.0:8080")?;
            addr = Some(value.clone());
        } else if let Some(value) = arg.strip_prefix("--addr=") {
            addr = Some(value.to_owned());
        } else {
            return Err(Error::new(format!(
                "run: unknown argument `{arg}` (only --addr HOST:PORT is accepted)"
            )));
        }
    }
    Ok(addr
        .or(env_addr.filter(|a| !a.is_empty()))
        .unwrap_or_else(|| DEFAULT_ADDR.to_owned()))
}

pub fn run(addr: &str) -> Result {
    let mut steps = Steps::new();
    setup::setup(&mut steps, Browser::NotNeeded)?;
    // Not --locked: a developer who just added a dependency should still be able to run.
    let assets = spa::build(&mut steps, false)?;
    // `cargo xtask test` enforces the budgets; here they only warn so work can go on.
    if let Err(e) = spa::page_loads(&assets).and_then(|loads| sizes::report(&loads)) {
        println!("    warning: {e}");
    }
    server::build(&mut steps, false, server::Profile::Server)?;

    let root = env::root();
    fs::create_dir_all(root.join("data")).context("creating data/")?;
    let mut cmd = command(server::binary(server::Profile::Server));
    cmd.args([
        "--addr",
        addr,
        "--database",
        "data/hevruta.sqlite3",
        "--dist",
        "dist",
        "--demo",
    ]);
    println!("==> start server on {addr} (Ctrl-C stops it)");
    exec(cmd)
}

/// Replaces xtask with the server, so Ctrl-C reaches the server alone, it shuts down
/// gracefully, and its exit status becomes ours.
#[cfg(unix)]
fn exec(mut cmd: std::process::Command) -> Result {
    use std::os::unix::process::CommandExt;
    let error = cmd.exec();
    Err(Error::new(format!(
        "could not start {}: {error}",
        server::binary(server::Profile::Server).display()
    )))
}

#[cfg(not(unix))]
fn exec(mut cmd: std::process::Command) -> Result {
    let status = cmd
        .status()
        .map_err(|e| Error::new(format!("could not start the server: {e}")))?;
    std::process::exit(status.code().unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn addr_precedence() {
        assert_eq!(addr_from(&[], None).unwrap(), DEFAULT_ADDR);
        assert_eq!(
            addr_from(&[], Some("0.0.0.0:80".into())).unwrap(),
            "0.0.0.0:80"
        );
        assert_eq!(addr_from(&[], Some(String::new())).unwrap(), DEFAULT_ADDR);
        assert_eq!(
            addr_from(
                &args(&["--addr", "127.0.0.1:9000"]),
                Some("0.0.0.0:80".into())
            )
            .unwrap(),
            "127.0.0.1:9000"
        );
        assert_eq!(
            addr_from(&args(&["--addr=[::1]:3000"]), None).unwrap(),
            "[::1]:3000"
        );
        assert!(addr_from(&args(&["--addr"]), None).is_err());
        assert!(addr_from(&args(&["--port", "1"]), None).is_err());
    }
}
