//! Building the SPA with trunk and precompressing `dist/` for the server.
//!
//! The SPA has two entry pages: `index.html` (the app, loaded first) and `canvas.html` (the
//! canvas screen, its own wasm, loaded only when a canvas opens). Trunk builds one page per
//! run and empties its dist directory first, so the canvas page is built into a staging
//! directory under `target/` and merged into `dist/` afterwards.
//!
//! The server serves `X.br` / `X.gz` siblings through tower-http's precompressed support,
//! so compression happens once here, at the highest settings, instead of per request. The
//! entry pages get none: they hold the `hevruta-api` meta a deployment edits, and a sibling
//! would go on serving the old value (from this server, or nginx's `gzip_static`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::env::{self, Context, command, run};
use crate::sizes::{self, AssetSize, PageLoad};
use crate::steps::Steps;
use crate::{Error, Result};

/// Extensions that get `.br` and `.gz` siblings. Not `html`: the pages are edited after the
/// build (about 1 KiB each, so a few hundred bytes is all compressing them would save).
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "json", "svg", "webmanifest"];

/// The tools' entry pages, each built on its own and merged into `dist/`.
const TOOL_PAGES: [&str; 5] = [
    "canvas.html",
    "circles.html",
    "boards.html",
    "projector.html",
    "devices.html",
];

pub fn dist_dir() -> PathBuf {
    env::root().join("dist")
}

/// Where trunk builds a tool's page (`canvas.html` → `target/trunk-canvas/`) before it is
/// merged into `dist/`.
fn stage_dir(page: &str) -> PathBuf {
    env::target_dir().join(format!("trunk-{}", page.trim_end_matches(".html")))
}

/// `cargo fetch`, both wasm binaries in one cargo run, `trunk build --release` for each
/// page, merge, then precompress; returns the sizes of every compressed file.
pub fn build(steps: &mut Steps, locked: bool) -> Result<Vec<AssetSize>> {
    steps.run("build SPA wasm (cargo build --release, both bins)", || {
        // Trunk.toml has `offline = true`, which also makes trunk's cargo run offline:
        // make sure every crate in Cargo.lock is downloaded first (instant when it is).
        // `locked` (CI) also refuses a Cargo.lock that does not match the manifests.
        let mut fetch = command("cargo");
        fetch.arg("fetch");
        if locked {
            fetch.arg("--locked");
        }
        run(&mut fetch)?;
        // Each trunk run below builds its own bin; building both here first lets cargo run
        // the two single-threaded LTO links side by side, and leaves trunk's cargo calls
        // with nothing to do (same target, profile and features as trunk's own call).
        let mut cargo = command("cargo");
        cargo.args([
            "build",
            "--target=wasm32-unknown-unknown",
            "--release",
            "--offline",
            "-p",
            "hevruta",
            "--bins",
        ]);
        if locked {
            cargo.arg("--locked");
        }
        run(&mut cargo)
    })?;
    steps.run("bundle index.html (trunk build --release)", || {
        // Trunk.toml's target, into `dist/` (which trunk empties first).
        run(command("trunk").args(["build", "--release"]))
    })?;
    for page in TOOL_PAGES {
        steps.run(
            &format!("bundle {page} (trunk build, merged into dist/)"),
            || {
                let stage = stage_dir(page);
                // The target comes first: `--release` takes an optional value and would swallow it.
                run(command("trunk")
                    .args(["build", page, "--release", "--html-output", page])
                    .arg("--dist")
                    .arg(&stage))?;
                merge_into(&stage, &dist_dir())
            },
        )?;
    }
    steps.run(
        "precompress dist (brotli 11, gzip 9; not the pages)",
        || {
            let sizes = precompress(&dist_dir())?;
            pages_are_editable(&dist_dir())?;
            Ok(sizes)
        },
    )
}

/// Fails if an entry page has a compressed sibling, which would hide an edit of the page.
pub fn pages_are_editable(dist: &Path) -> Result {
    let mut files = Vec::new();
    collect_files(dist, &mut files)?;
    let mut hiding: Vec<String> = files
        .iter()
        .filter_map(|path| path.file_name()?.to_str())
        .filter(|name| name.ends_with(".html.br") || name.ends_with(".html.gz"))
        .map(str::to_owned)
        .collect();
    hiding.sort();
    if hiding.is_empty() {
        Ok(())
    } else {
        Err(Error::new(format!(
            "{} holds compressed pages ({}): a server would send them instead of an edited \
             page; the build must not write them",
            dist.display(),
            hiding.join(", ")
        )))
    }
}

/// What each entry page in `dist/` makes the browser fetch, from its built html.
pub fn page_loads(assets: &[AssetSize]) -> Result<Vec<PageLoad>> {
    sizes::PAGES
        .iter()
        .map(|page| {
            let path = dist_dir().join(page.html);
            let html = fs::read_to_string(&path).context(format!("reading {}", path.display()))?;
            sizes::page_load(page, &html, assets)
        })
        .collect()
}

/// Copies every file of `stage` into `dist`, keeping the tree. A file both builds wrote
/// (shared CSS, icon, manifest: their names carry a content hash or never change) must be
/// identical; anything else would silently change the other page, so it is an error.
pub fn merge_into(stage: &Path, dist: &Path) -> Result {
    let mut files = Vec::new();
    collect_files(stage, &mut files)?;
    files.sort();
    for from in files {
        let relative = from.strip_prefix(stage).unwrap_or(&from);
        let to = dist.join(relative);
        let bytes = fs::read(&from).context(format!("reading {}", from.display()))?;
        if to.exists() {
            let existing = fs::read(&to).context(format!("reading {}", to.display()))?;
            if existing != bytes {
                return Err(Error::new(format!(
                    "both pages' builds wrote `{}` with different contents ({} vs {})",
                    relative.display(),
                    to.display(),
                    from.display()
                )));
            }
            continue;
        }
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).context(format!("creating {}", parent.display()))?;
        }
        fs::write(&to, bytes).context(format!("writing {}", to.display()))?;
    }
    Ok(())
}

/// Writes `X.br` and `X.gz` next to every compressible file under `dist`; returns their
/// sizes sorted by name.
pub fn precompress(dist: &Path) -> Result<Vec<AssetSize>> {
    let mut files = Vec::new();
    collect_files(dist, &mut files)?;
    files.retain(|path| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e))
    });
    files.sort();
    if files.is_empty() {
        return Err(Error::new(format!(
            "nothing to compress in {}; did trunk build produce it?",
            dist.display()
        )));
    }
    // Brotli 11 is single-threaded and dominates: compress files on every core, biggest
    // first, so the two wasm files run side by side rather than one after the other.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order
        .sort_by_key(|&i| std::cmp::Reverse(fs::metadata(&files[i]).map(|m| m.len()).unwrap_or(0)));
    let next = AtomicUsize::new(0);
    let workers = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    let mut slots: Vec<Option<Result<AssetSize>>> = (0..files.len()).map(|_| None).collect();
    thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        done.push((i, compress_one(dist, &files[i])));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            match handle.join() {
                Ok(done) => done.into_iter().for_each(|(i, size)| slots[i] = Some(size)),
                Err(_) => return Err(Error::new("a compression thread panicked")),
            }
        }
        Ok(())
    })?;
    slots
        .into_iter()
        .map(|slot| slot.unwrap_or_else(|| Err(Error::new("a file was not compressed"))))
        .collect()
}

/// Brotli and gzip siblings of one file, and its sizes.
fn compress_one(dist: &Path, path: &Path) -> Result<AssetSize> {
    let raw = fs::read(path).context(format!("reading {}", path.display()))?;
    let br = brotli(&raw).context(format!("brotli-compressing {}", path.display()))?;
    let gz = gzip(&raw).context(format!("gzip-compressing {}", path.display()))?;
    write_sibling(path, "br", &br)?;
    write_sibling(path, "gz", &gz)?;
    let name = path
        .strip_prefix(dist)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok(AssetSize {
        name,
        raw: raw.len() as u64,
        gzip: gz.len() as u64,
        brotli: br.len() as u64,
    })
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result {
    for entry in fs::read_dir(dir).context(format!("listing {}", dir.display()))? {
        let entry = entry.context(format!("listing {}", dir.display()))?;
        let path = entry.path();
        if entry
            .file_type()
            .context(format!("inspecting {}", path.display()))?
            .is_dir()
        {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn write_sibling(path: &Path, ext: &str, bytes: &[u8]) -> Result {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    let sibling = PathBuf::from(name);
    fs::write(&sibling, bytes).context(format!("writing {}", sibling.display()))
}

/// Brotli at quality 11 with a 4 MiB window (lgwin 22): smallest output, done once per build.
pub fn brotli(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

/// Gzip at the best level, for clients without brotli.
pub fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    const SAMPLE: &[u8] =
        b"<!doctype html><html><body>hevruta hevruta hevruta hevruta</body></html>";

    #[test]
    fn brotli_round_trips() {
        let compressed = brotli(SAMPLE).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &compressed[..], &mut back).unwrap();
        assert_eq!(back, SAMPLE);
    }

    #[test]
    fn gzip_round_trips() {
        let compressed = gzip(SAMPLE).unwrap();
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&compressed[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, SAMPLE);
    }

    #[test]
    fn precompress_writes_siblings_for_web_files_only() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("snippets")).unwrap();
        fs::write(dir.join("index.html"), SAMPLE).unwrap();
        fs::write(dir.join("snippets").join("a.js"), SAMPLE).unwrap();
        fs::write(dir.join("photo.png"), SAMPLE).unwrap();
        let sizes = precompress(&dir).unwrap();
        let names: Vec<&str> = sizes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["snippets/a.js"]);
        assert!(dir.join("snippets").join("a.js.br").exists());
        assert!(dir.join("snippets").join("a.js.gz").exists());
        assert!(!dir.join("photo.png.br").exists());
        assert!(
            !dir.join("index.html.br").exists() && !dir.join("index.html.gz").exists(),
            "a page stays editable: no sibling to serve instead"
        );
        assert!(pages_are_editable(&dir).is_ok());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_compressed_page_is_refused() {
        let dir = scratch("compressed-page");
        fs::write(dir.join("canvas.html"), SAMPLE).unwrap();
        fs::write(dir.join("canvas.html.gz"), gzip(SAMPLE).unwrap()).unwrap();
        let err = pages_are_editable(&dir).unwrap_err().to_string();
        assert!(err.contains("canvas.html.gz"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A fresh scratch directory per test (tests run in parallel).
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn merge_adds_the_second_page_and_keeps_the_first() {
        let dir = scratch("merge");
        let (stage, dist) = (dir.join("stage"), dir.join("dist"));
        fs::create_dir_all(stage.join("snippets")).unwrap();
        fs::create_dir_all(&dist).unwrap();
        fs::write(dist.join("index.html"), "index").unwrap();
        fs::write(dist.join("base-1.css"), "shared").unwrap();
        fs::write(stage.join("canvas.html"), "canvas").unwrap();
        fs::write(stage.join("base-1.css"), "shared").unwrap();
        fs::write(stage.join("canvas-2_bg.wasm"), "wasm").unwrap();
        fs::write(stage.join("snippets").join("s.js"), "js").unwrap();

        merge_into(&stage, &dist).unwrap();

        let read = |name: &str| fs::read_to_string(dist.join(name)).unwrap();
        assert_eq!(read("index.html"), "index");
        assert_eq!(read("canvas.html"), "canvas");
        assert_eq!(read("base-1.css"), "shared");
        assert_eq!(read("canvas-2_bg.wasm"), "wasm");
        assert_eq!(read("snippets/s.js"), "js");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn merge_refuses_to_overwrite_a_different_file() {
        let dir = scratch("merge-clash");
        let (stage, dist) = (dir.join("stage"), dir.join("dist"));
        fs::create_dir_all(&stage).unwrap();
        fs::create_dir_all(&dist).unwrap();
        fs::write(dist.join("index.html"), "the app").unwrap();
        fs::write(stage.join("index.html"), "the canvas screen").unwrap();

        let err = merge_into(&stage, &dist).unwrap_err();

        assert!(err.to_string().contains("`index.html`"), "{err}");
        assert_eq!(
            fs::read_to_string(dist.join("index.html")).unwrap(),
            "the app"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
