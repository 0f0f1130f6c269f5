//! `cargo xtask`: Hevruta's build and test driver.
//!
//! One place that knows how to install the toolchain pieces (only crates.io, npm, Debian and
//! PyPI are reachable from these machines and CI, so nothing may be downloaded from
//! elsewhere), build the SPA and the server, and run every check CI runs. Arguments are parsed
//! by hand: three commands and four flags do not need an argument parser.

mod bench;
mod bench_script;
mod boards_bench;
mod canvas_bench;
mod circles_bench;
mod conformance;
mod contract;
mod cross_origin;
mod env;
mod fanout_bench;
mod feed_bench;
mod prism;
mod run;
mod schemathesis;
mod server;
mod setup;
mod sizes;
mod spa;
mod steps;
mod test;

use std::process::ExitCode;

pub use env::{Error, Result};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  run   [--addr HOST:PORT]   build the SPA and the server, then start it with demo data
                             (HEVRUTA_ADDR is honoured too; default 127.0.0.1:8080)
  test  [--skip-e2e]         everything CI checks: cargo fmt, leptosfmt, clippy (host +
                             wasm), unit and integration tests, wasm browser tests, SPA build
                             (both pages) and size budgets, server build, the contract
                             checks, Playwright end-to-end tests
  bench [ARGS...]            SPA size table, the fan-out benchmark (ARGS go to it) and
                             the canvas benchmarks in headless Chromium (the page's cost
                             per event while 30 members type, frames with 2,000 stickies)
  e2e [ARGS...]              the Playwright step of `test` alone, after the builds it
                             needs, with all its servers; ARGS go to Playwright
  conformance [--base URL]   the API tests that speak only HTTP, against the backend at
                             URL (default: the reference server, started apart); reports
                             what it misses by contract area
  contract                   openapi.json through openapi-spec-validator and redocly lint,
                             its TypeScript client through tsc, and schemathesis against
                             the reference server (built first)
  setup [--no-browser]       install missing tools (wasm target, trunk, leptosfmt,
                             wasm-bindgen-cli, npm packages, chromium)
  help                       this text";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let outcome = match command.as_str() {
        "run" => run::parse_addr(rest).and_then(|addr| run::run(&addr)),
        "test" => test::parse_options(rest).and_then(|options| test::test(&options)),
        "bench" => bench::bench(rest),
        "e2e" => test::e2e_only(rest),
        "conformance" => {
            conformance::parse_base(rest).and_then(|base| conformance::conformance(base.as_deref()))
        }
        "contract" if rest.is_empty() => contract::standalone(),
        "setup" => setup::parse_options(rest).and_then(setup::standalone),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(Error::new(format!("unknown command `{other}`\n\n{USAGE}"))),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        // A failing step has already printed its error; anything else (bad arguments) is
        // printed here. Exit non-zero so CI and shells notice.
        Err(e) => {
            if !e.is_reported() {
                eprintln!("xtask: {e}");
            }
            ExitCode::FAILURE
        }
    }
}
