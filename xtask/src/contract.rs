//! The contract's proof in CI: the committed `openapi.json` passes two independent
//! validators, a TypeScript client generated from it compiles, and schemathesis finds the
//! live reference server keeping it. Each tool's output is shown only when it fails.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::env::{self, Context, command};
use crate::steps::Steps;
use crate::{Error, Result, schemathesis, setup};

/// The `cargo xtask test` steps; the reference server must be built (`server::build`).
pub fn steps(steps: &mut Steps) -> Result {
    steps.run(
        "setup (contract tools: PyPI virtualenv)",
        setup::ensure_python_tools,
    )?;
    steps.run("openapi-spec-validator (openapi.json)", spec_validator)?;
    steps.run("redocly lint (openapi.json)", redocly)?;
    steps.run(
        "TypeScript client from the contract (openapi-typescript, tsc --strict)",
        typescript,
    )?;
    steps.run(
        "schemathesis against the reference server (all checks, stateful)",
        schemathesis::run,
    )
}

/// `cargo xtask contract`: the same steps on their own, after building the server.
pub fn standalone() -> Result {
    let mut all = Steps::new();
    crate::server::build(&mut all, false, crate::server::Profile::Dev)?;
    steps(&mut all)
}

fn contract() -> PathBuf {
    env::root().join("openapi.json")
}

fn node_bin(program: &str) -> PathBuf {
    env::root().join("node_modules").join(".bin").join(program)
}

/// Where the generated client and its compiler settings go.
pub fn work_dir() -> Result<PathBuf> {
    let dir = env::target_dir().join("contract");
    fs::create_dir_all(&dir).context(format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// Runs `cmd` with its output captured: on success returns it, on failure prints all of it.
pub fn quiet(cmd: &mut Command) -> Result<String> {
    let line = format!(
        "{} {}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("    $ {line}");
    let output = cmd
        .output()
        .map_err(|e| Error::new(format!("could not start `{line}`: {e}")))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(text)
    } else {
        println!("{text}");
        Err(Error::new(format!("`{line}` failed ({})", output.status)))
    }
}

/// Prints the lines of `output` that contain any of `needles`, indented.
pub fn echo_lines(output: &str, needles: &[&str]) {
    for line in output.lines() {
        if needles.iter().any(|n| line.contains(n)) {
            println!("    {}", line.trim());
        }
    }
}

fn spec_validator() -> Result {
    let output = quiet(command(setup::venv_bin("openapi-spec-validator")).arg(contract()))?;
    echo_lines(&output, &["OK"]);
    Ok(())
}

/// `redocly lint` with `redocly.yaml` and `.redocly.lint-ignore.yaml` (each exception there
/// says why). Warnings fail the step too: there are none to live with.
fn redocly() -> Result {
    let lint = |format: &str| {
        let mut cmd = command(node_bin("redocly"));
        cmd.args(["lint", "--format", format]).arg(contract());
        cmd
    };
    // Its JSON report is on stdout; stderr has a banner about Node versions.
    let output = lint("json")
        .output()
        .map_err(|e| Error::new(format!("could not start redocly: {e}")))?;
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let count = |key: &str| report["totals"][key].as_u64();
    match (count("errors"), count("warnings")) {
        (Some(0), Some(0)) if output.status.success() => {
            let ignored = count("ignored").unwrap_or(0);
            println!("    redocly lint: 0 errors, 0 warnings ({ignored} ignored with a reason)");
            Ok(())
        }
        (errors, warnings) => {
            // The readable report, to see what is wrong.
            let _ = quiet(&mut lint("codeframe"));
            Err(Error::new(format!(
                "redocly lint: {} errors, {} warnings",
                errors.map_or("?".into(), |n| n.to_string()),
                warnings.map_or("?".into(), |n| n.to_string())
            )))
        }
    }
}

/// The client types a TypeScript team would generate, compiled strictly on their own.
fn typescript() -> Result {
    let dir = work_dir()?;
    let types = dir.join("api.d.ts");
    quiet(
        command(node_bin("openapi-typescript"))
            .arg(contract())
            .arg("-o")
            .arg(&types),
    )?;
    let config = dir.join("tsconfig.json");
    let settings = serde_json::json!({
        "compilerOptions": {
            "strict": true,
            "noEmit": true,
            "skipLibCheck": false,
            // Only the generated file: no @types from node_modules.
            "types": [],
            "target": "es2022",
            "module": "esnext",
            "moduleResolution": "bundler",
        },
        "files": ["api.d.ts"],
    });
    fs::write(&config, settings.to_string()).context(format!("writing {}", config.display()))?;
    quiet(command(node_bin("tsc")).arg("-p").arg(&config))?;
    let lines = fs::read_to_string(&types)
        .context(format!("reading {}", types.display()))?
        .lines()
        .count();
    println!(
        "    {} ({lines} lines) compiles with tsc --strict",
        types.display()
    );
    Ok(())
}
