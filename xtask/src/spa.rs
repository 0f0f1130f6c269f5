//! Building the SPA with trunk and precompressing `dist/` for the server.
//!
//! The server serves `X.br` / `X.gz` siblings through tower-http's precompressed support,
//! so compression happens once here, at the highest settings, instead of per request.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::env::{self, Context, command, run};
use crate::sizes::AssetSize;
use crate::steps::Steps;
use crate::{Error, Result};

/// Extensions that get `.br` and `.gz` siblings.
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "json", "svg", "webmanifest"];

pub fn dist_dir() -> PathBuf {
    env::root().join("dist")
}

/// `cargo fetch` + `trunk build --release`, then precompress; returns the sizes of every
/// compressed file.
pub fn build(steps: &mut Steps, locked: bool) -> Result<Vec<AssetSize>> {
    steps.run("build SPA (trunk build --release)", || {
        // Trunk.toml has `offline = true`, which also makes trunk's cargo run offline:
        // make sure every crate in Cargo.lock is downloaded first (instant when it is).
        // `locked` (CI) also refuses a Cargo.lock that does not match the manifests.
        let mut fetch = command("cargo");
        fetch.arg("fetch");
        if locked {
            fetch.arg("--locked");
        }
        run(&mut fetch)?;
        run(command("trunk").args(["build", "--release"]))
    })?;
    steps.run("precompress dist (brotli 11, gzip 9)", || {
        precompress(&dist_dir())
    })
}

/// Writes `X.br` and `X.gz` next to every compressible file under `dist`.
pub fn precompress(dist: &Path) -> Result<Vec<AssetSize>> {
    let mut files = Vec::new();
    collect_files(dist, &mut files)?;
    files.sort();
    let mut sizes = Vec::new();
    for path in files {
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let raw = fs::read(&path).context(format!("reading {}", path.display()))?;
        // The two encoders are independent; run them on both cores.
        let (br, gz) = std::thread::scope(|s| {
            let gz = s.spawn(|| gzip(&raw));
            (brotli(&raw), gz.join())
        });
        let br = br.context(format!("brotli-compressing {}", path.display()))?;
        let gz = gz
            .map_err(|_| Error::new("gzip thread panicked"))?
            .context(format!("gzip-compressing {}", path.display()))?;
        write_sibling(&path, "br", &br)?;
        write_sibling(&path, "gz", &gz)?;
        let name = path
            .strip_prefix(dist)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        sizes.push(AssetSize {
            name,
            raw: raw.len() as u64,
            gzip: gz.len() as u64,
            brotli: br.len() as u64,
        });
    }
    if sizes.is_empty() {
        return Err(Error::new(format!(
            "nothing to compress in {}; did trunk build produce it?",
            dist.display()
        )));
    }
    Ok(sizes)
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
        assert_eq!(names, ["index.html", "snippets/a.js"]);
        assert!(dir.join("index.html.br").exists());
        assert!(dir.join("snippets").join("a.js.gz").exists());
        assert!(!dir.join("photo.png.br").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
