//! `setup`: install whatever is missing, skip whatever is present at the right version.
//!
//! Checking is fast (a few `--version` calls); installing is slow (trunk and
//! wasm-bindgen-cli take ~7 minutes each on 2 cores, leptosfmt ~3), which is why every piece
//! is checked first. Everything comes from crates.io, npm or Debian, because nothing else is
//! reachable from these machines or CI.

use std::fs;
use std::path::{Path, PathBuf};

use crate::env::{self, Context, command, probe, run};
use crate::steps::Steps;
use crate::{Error, Result};

/// trunk 0.22 needs a newer rustc than these machines have; 0.21.14 is known to work.
pub const TRUNK_VERSION: &str = "0.21.14";
/// Formats `view!` macros (Leptos 0.8 syntax included); its defaults (width 100, four
/// spaces) match rustfmt's, so no leptosfmt.toml is needed.
pub const LEPTOSFMT_VERSION: &str = "0.1.33";
/// What leptosfmt formats, relative to the root: the SPA and its browser tests (leptosfmt
/// expands the glob itself).
pub const LEPTOSFMT_INPUTS: &[&str] = &["src", "tests/*.rs"];
const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether this command needs a browser (wasm browser tests, Playwright).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Browser {
    Needed,
    NotNeeded,
}

/// `cargo xtask setup [--no-browser]`.
pub fn parse_options(args: &[String]) -> Result<Browser> {
    match args {
        [] => Ok(Browser::Needed),
        [flag] if flag == "--no-browser" => Ok(Browser::NotNeeded),
        _ => Err(Error::new(format!(
            "setup: unexpected arguments {args:?} (only --no-browser is accepted)"
        ))),
    }
}

/// `cargo xtask setup` on its own.
pub fn standalone(browser: Browser) -> Result {
    setup(&mut Steps::new(), browser)
}

/// The setup step used by run, test and bench.
pub fn setup(steps: &mut Steps, browser: Browser) -> Result {
    steps.run("setup", || {
        let root = env::root();
        // Read and cross-check the pinned versions before any slow install.
        let lock = fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
        let bindgen = wasm_bindgen_version_from_lock(&lock)?;
        let trunk_toml =
            fs::read_to_string(root.join("Trunk.toml")).context("reading Trunk.toml")?;
        check_trunk_toml(&trunk_toml, &bindgen)?;

        ensure_wasm_target()?;
        ensure_npm_packages(&root)?;
        if let Some(wanted) = tool_value(&trunk_toml, "wasm_opt") {
            check_wasm_opt(&root, wanted)?;
        }
        if browser == Browser::Needed {
            ensure_chromium()?;
        }
        ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
        ensure_cargo_tool("leptosfmt", "leptosfmt", LEPTOSFMT_VERSION, true)?;
        // wasm-bindgen-cli's own lockfile pins a crate version crates.io no longer serves,
        // so it must be installed without --locked.
        ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &bindgen, false)
    })
}

/// The PyPI tools of the contract checks (`contract.rs`), at versions known to work here.
pub const PYPI_TOOLS: &[(&str, &str)] = &[
    ("openapi-spec-validator", "0.9.0"),
    ("schemathesis", "4.32.5"),
];

/// A program of the contract tools' virtualenv (`<target>/venv`), e.g. `schemathesis`.
pub fn venv_bin(program: &str) -> PathBuf {
    env::target_dir().join("venv").join("bin").join(program)
}

/// Installs `PYPI_TOOLS` into `<target>/venv` unless they are there at their versions.
pub fn ensure_python_tools() -> Result {
    let wanted: Vec<&str> = PYPI_TOOLS.iter().map(|(_, version)| *version).collect();
    let report = || {
        probe(
            command(venv_bin("python"))
                .args(["-c", VERSIONS_OF])
                .args(PYPI_TOOLS.iter().map(|(name, _)| *name)),
        )
    };
    if report().is_some_and(|r| r.split_whitespace().eq(wanted.iter().copied())) {
        println!("    PyPI tools in target/venv: present");
        return Ok(());
    }
    if !venv_bin("python").exists() {
        run(command("python3")
            .args(["-m", "venv"])
            .arg(env::target_dir().join("venv")))
        .map_err(|e| {
            Error::new(format!(
                "{e}; Python 3 with venv is required (on Debian: apt-get install -y python3-venv)"
            ))
        })?;
    }
    let pins: Vec<String> = PYPI_TOOLS
        .iter()
        .map(|(n, v)| format!("{n}=={v}"))
        .collect();
    run(command(venv_bin("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .args(&pins))?;
    match report() {
        Some(r) if r.split_whitespace().eq(wanted.iter().copied()) => Ok(()),
        other => Err(Error::new(format!(
            "installed {pins:?} into target/venv, but it reports {other:?}"
        ))),
    }
}

/// Prints the installed version of each distribution named in `argv[1:]` ("-" if missing).
const VERSIONS_OF: &str = r#"
import sys, importlib.metadata as m
def version(name):
    try:
        return m.version(name)
    except m.PackageNotFoundError:
        return "-"
print(" ".join(version(name) for name in sys.argv[1:]))
"#;

fn ensure_wasm_target() -> Result {
    let installed = probe(command("rustup").args(["target", "list", "--installed"]))
        .ok_or("`rustup target list --installed` failed: is rustup installed and on PATH?")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("    rust target {WASM_TARGET}: present");
        Ok(())
    } else {
        run(command("rustup").args(["target", "add", WASM_TARGET]))
    }
}

/// Installs `krate@version` with cargo unless `binary --version` already reports `version`.
fn ensure_cargo_tool(binary: &str, krate: &str, version: &str, locked: bool) -> Result {
    let reported = probe(command(binary).arg("--version"));
    if let Some(output) = &reported
        && version_matches(output, version)
    {
        println!("    {binary} {version}: present");
        return Ok(());
    }
    match &reported {
        Some(output) => println!("    {binary}: found `{}`, want {version}", output.trim()),
        None => println!("    {binary}: not installed, want {version}"),
    }
    let spec = format!("{krate}@{version}");
    let mut install = command("cargo");
    install.args(["install", &spec]);
    if locked {
        install.arg("--locked");
    }
    run(&mut install)?;
    match probe(command(binary).arg("--version")) {
        Some(output) if version_matches(&output, version) => Ok(()),
        other => Err(Error::new(format!(
            "installed {spec} but `{binary} --version` reports {other:?}; \
             is another {binary} earlier on PATH?"
        ))),
    }
}

/// Runs `npm ci` when node_modules is missing or older than package-lock.json.
fn ensure_npm_packages(root: &Path) -> Result {
    for tool in ["node", "npm"] {
        if probe(command(tool).arg("--version")).is_none() {
            return Err(Error::new(format!(
                "`{tool}` was not found on PATH; Node.js 20+ and npm are required \
                 (on Debian: apt-get install -y nodejs npm)"
            )));
        }
    }
    let lock = root.join("package-lock.json");
    let lock_time = fs::metadata(&lock)
        .and_then(|m| m.modified())
        .context("reading package-lock.json")?;
    // npm writes node_modules/.package-lock.json on every install: a cheap "installed at" stamp.
    let installed_time = fs::metadata(root.join("node_modules").join(".package-lock.json"))
        .and_then(|m| m.modified())
        .ok();
    if installed_time.is_some_and(|installed| installed >= lock_time) {
        println!("    npm packages: up to date");
        Ok(())
    } else {
        run(command("npm").args(["ci", "--no-audit", "--no-fund"]))
    }
}

/// Trunk.toml pins wasm-opt (e.g. `version_132`); binaryen from npm must provide exactly that,
/// because Debian's older wasm-opt produces a wasm that fails at runtime.
fn check_wasm_opt(root: &Path, wanted: &str) -> Result {
    let want = wanted.strip_prefix("version_").unwrap_or(wanted);
    let wasm_opt = root.join("node_modules").join(".bin").join("wasm-opt");
    let output = probe(command(&wasm_opt).arg("--version")).ok_or_else(|| {
        Error::new(format!(
            "{} is missing or broken; package.json should pin binaryen {want}",
            wasm_opt.display()
        ))
    })?;
    if version_matches(&output, want) {
        println!("    wasm-opt {want}: present (npm binaryen)");
        Ok(())
    } else {
        Err(Error::new(format!(
            "Trunk.toml wants wasm_opt = \"{wanted}\" but node_modules has `{}`; \
             pin binaryen {want} in package.json",
            output.trim()
        )))
    }
}

/// Installs Debian's chromium and chromedriver if missing (Playwright's own browser download
/// is unreachable from these machines).
fn ensure_chromium() -> Result {
    let missing = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect::<Vec<_>>();
    if missing.is_empty() {
        println!("    chromium and chromedriver: present");
        return Ok(());
    }
    let install = "apt-get update && apt-get install -y chromium chromium-driver";
    if !is_root() {
        return Err(Error::new(format!(
            "{} missing; install them with: sudo sh -c '{install}'",
            missing.join(" and ")
        )));
    }
    run(command("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(command("apt-get")
        .args(["install", "-y", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn is_root() -> bool {
    probe(command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// The single `wasm-bindgen` version in Cargo.lock; wasm-bindgen-cli must match it exactly.
pub fn wasm_bindgen_version_from_lock(lock: &str) -> Result<String> {
    let mut versions: Vec<String> = Vec::new();
    let mut name: Option<&str> = None;
    for line in lock.lines() {
        let line = line.trim();
        if line == "[[package]]" {
            name = None;
        } else if let Some(value) = string_value(line, "name") {
            name = Some(value);
        } else if let Some(value) = string_value(line, "version")
            && name == Some("wasm-bindgen")
            && !versions.iter().any(|v| v == value)
        {
            versions.push(value.to_owned());
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::new(
            "Cargo.lock has no `wasm-bindgen` package; is the SPA's dependency missing?",
        )),
        many => Err(Error::new(format!(
            "Cargo.lock has several wasm-bindgen versions {many:?}; wasm-bindgen-cli can only \
             match one, so pin a single version"
        ))),
    }
}

/// Trunk.toml's `[tools] wasm_bindgen` must equal the Cargo.lock version.
pub fn check_trunk_toml(trunk_toml: &str, lock_version: &str) -> Result {
    match tool_value(trunk_toml, "wasm_bindgen") {
        Some(v) if v == lock_version => Ok(()),
        Some(v) => Err(Error::new(format!(
            "Trunk.toml has [tools] wasm_bindgen = \"{v}\" but Cargo.lock has wasm-bindgen \
             {lock_version}; make them equal"
        ))),
        None => Err(Error::new(format!(
            "Trunk.toml lacks [tools] wasm_bindgen = \"{lock_version}\" (trunk would try to \
             download a wasm-bindgen otherwise)"
        ))),
    }
}

/// A string value from the `[tools]` table of Trunk.toml.
pub fn tool_value<'a>(trunk_toml: &'a str, key: &str) -> Option<&'a str> {
    let mut in_tools = false;
    for line in trunk_toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_tools = line == "[tools]";
        } else if in_tools && let Some(value) = string_value(line, key) {
            return Some(value);
        }
    }
    None
}

/// `key = "value"` (with optional spaces and trailing comment) → `value`.
fn string_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(key)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    rest.split_once('"').map(|(value, _)| value)
}

/// The version a tool reports: the first word starting with a digit (a leading `v` is
/// allowed), e.g. `trunk 0.21.14` → `0.21.14`, `wasm-opt version 132 (version_132)` → `132`.
pub fn reported_version(output: &str) -> Option<&str> {
    output
        .split_whitespace()
        .map(|word| word.strip_prefix('v').unwrap_or(word))
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()))
}

/// Exact comparison: `0.2.13` must not satisfy a wanted `0.2.130`.
pub fn version_matches(output: &str, wanted: &str) -> bool {
    reported_version(output) == Some(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
]

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.999"

[[package]]
name = "web-sys"
version = "0.3.77"
"#;

    #[test]
    fn finds_wasm_bindgen_in_lock() {
        assert_eq!(wasm_bindgen_version_from_lock(LOCK).unwrap(), "0.2.130");
    }

    #[test]
    fn missing_or_duplicate_wasm_bindgen_is_an_error() {
        assert!(wasm_bindgen_version_from_lock("[[package]]\nname = \"leptos\"\n").is_err());
        let twice =
            format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n");
        let err = wasm_bindgen_version_from_lock(&twice).unwrap_err();
        assert!(err.to_string().contains("several"), "{err}");
    }

    #[test]
    fn reads_trunk_tools() {
        let toml = "[build]\ntarget = \"index.html\"\noffline = true\n\n[tools]\n\
                    wasm_bindgen = \"0.2.130\"  # must equal Cargo.lock\nwasm_opt = \"version_132\"\n";
        assert_eq!(tool_value(toml, "wasm_bindgen"), Some("0.2.130"));
        assert_eq!(tool_value(toml, "wasm_opt"), Some("version_132"));
        assert_eq!(tool_value(toml, "target"), None, "only [tools] is read");
        assert!(check_trunk_toml(toml, "0.2.130").is_ok());
        assert!(check_trunk_toml(toml, "0.2.131").is_err());
        assert!(check_trunk_toml("[build]\n", "0.2.130").is_err());
    }

    #[test]
    fn compares_versions_exactly() {
        assert!(version_matches("trunk 0.21.14\n", "0.21.14"));
        assert!(version_matches("wasm-bindgen 0.2.130", "0.2.130"));
        assert!(version_matches("wasm-opt version 132 (version_132)", "132"));
        assert!(version_matches("v20.20.2", "20.20.2"));
        assert!(version_matches("leptosfmt 0.1.33\n", LEPTOSFMT_VERSION));
        assert!(!version_matches("wasm-bindgen 0.2.13", "0.2.130"));
        assert!(!version_matches("trunk 0.22.0", "0.21.14"));
        assert!(!version_matches("", "0.21.14"));
    }

    #[test]
    fn parses_setup_flags() {
        assert_eq!(parse_options(&[]).unwrap(), Browser::Needed);
        assert_eq!(
            parse_options(&["--no-browser".into()]).unwrap(),
            Browser::NotNeeded
        );
        assert!(parse_options(&["--bogus".into()]).is_err());
    }
}
