//! `cargo xtask bench`: measurements only (sizes and the fan-out benchmark); it never fails
//! because a number is worse than hoped.

use crate::env::{self, command, run};
use crate::setup::{self, Browser};
use crate::sizes::{self, BUDGET_BYTES, DESIGN_TARGET_BYTES, kib};
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
    setup::setup(&mut steps, Browser::NotNeeded)?;
    let assets = spa::build(&mut steps, false)?;
    steps.run("SPA sizes", || {
        println!("    all precompressed files in dist/:");
        print!("{}", sizes::table(&assets));
        let shipped = sizes::first_load(&assets);
        println!("    first load (.wasm, .js, .css):");
        print!("{}", sizes::table(&shipped));
        let total = sizes::total_brotli(&shipped);
        println!(
            "    first-load brotli {}: DESIGN target {} ({}), CI budget {} (1 KiB = 1024 bytes)",
            kib(total),
            kib(DESIGN_TARGET_BYTES),
            if total <= DESIGN_TARGET_BYTES {
                "met"
            } else {
                "missed"
            },
            kib(BUDGET_BYTES),
        );
        Ok(())
    })?;
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
