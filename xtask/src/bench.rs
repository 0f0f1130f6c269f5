//! `cargo xtask bench`: measurements only (sizes, the fan-out benchmark, the canvas in
//! headless Chromium); it never fails because a number is worse than hoped.

use crate::env::{self, command, run};
use crate::setup::{self, Browser};
use crate::sizes::{self, kib};
use crate::steps::Steps;
use crate::{Result, spa};

/// The fan-out benchmark, written alongside the server.
const FANOUT_EXAMPLE: &str = "crates/server/examples/fanout.rs";

pub fn bench(args: &[String]) -> Result {
    // Everything after `bench` goes to the fan-out example; a leading `--` is optional.
    let args = match args.split_first() {
        Some((first, rest)) if first == "--" => rest,
        _ => args,
    };
    let mut steps = Steps::new();
    // The canvas bench drives Chromium through the npm Playwright package.
    setup::setup(&mut steps, Browser::Needed)?;
    let assets = spa::build(&mut steps, false)?;
    steps.run("SPA sizes", || {
        println!("    all precompressed files in dist/:");
        print!("{}", sizes::table(&assets));
        for load in spa::page_loads(&assets)? {
            println!(
                "    {} ({}: .wasm, .js, .css):",
                load.page.label, load.page.html
            );
            print!("{}", sizes::table(&load.assets));
            let total = load.total_brotli();
            let target = match load.page.design_target {
                Some(target) => format!(
                    "DESIGN target {} ({}), ",
                    kib(target),
                    if total <= target { "met" } else { "missed" }
                ),
                None => String::new(),
            };
            println!(
                "    {} brotli {}: {target}CI budget {} (1 KiB = 1024 bytes)",
                load.page.label,
                kib(total),
                kib(load.page.budget),
            );
        }
        Ok(())
    })?;
    crate::canvas_bench::bench(&mut steps)?;
    steps.run("fan-out bench", || {
        if !env::root().join(FANOUT_EXAMPLE).exists() {
            println!("    fan-out bench not present ({FANOUT_EXAMPLE})");
            return Ok(());
        }
        run(command("cargo")
            .args([
                "run",
                "--profile",
                "server",
                "-p",
                "hevruta-server",
                "--example",
                "fanout",
                "--",
            ])
            .args(args))
    })
}
