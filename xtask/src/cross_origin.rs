//! The built app served from one origin while its API lives on another (CORS), set up the
//! way a deployment does it: a copy of `dist/` whose pages' `hevruta-api` meta is edited to
//! name the API. The end-to-end spec `tests/e2e/cross-origin.spec.ts` runs against it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::env::Context;
use crate::server::{self, Profile, RunningServer, Serving};
use crate::{Error, Result, spa};

/// Where the spec finds the app's other origin.
pub const URL_VAR: &str = "HEVRUTA_CROSS_ORIGIN_URL";

/// A second reference server that serves only the app (its own API goes unused), from a
/// copy of `dist/` in `dir`.
pub struct AppHost {
    pub server: RunningServer,
    dist: PathBuf,
}

impl AppHost {
    /// Copies `dist/` into `dir` and serves it from a server of its own.
    pub fn start(dir: &Path) -> Result<AppHost> {
        let dist = dir.join("dist-elsewhere");
        copy_tree(&spa::dist_dir(), &dist)?;
        let serving = Serving {
            dist: Some(dist.clone()),
            ..Serving::default()
        };
        let server = server::start(&dir.join("app-host.sqlite3"), Profile::Dev, &serving)?;
        Ok(AppHost { server, dist })
    }

    /// Edits every entry page of the running host to call the API at `api`: what the README
    /// tells a deployment to do.
    pub fn point_at(&self, api: &str) -> Result {
        for entry in fs::read_dir(&self.dist).context(format!("listing {}", self.dist.display()))? {
            let path = entry
                .context(format!("listing {}", self.dist.display()))?
                .path();
            if path.extension().is_some_and(|e| e == "html") {
                let html =
                    fs::read_to_string(&path).context(format!("reading {}", path.display()))?;
                let edited = point_page_at(&html, api)
                    .map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
                fs::write(&path, edited).context(format!("writing {}", path.display()))?;
            }
        }
        println!("    the app at {} now calls {api}", self.server.url);
        Ok(())
    }
}

/// `html` with the `content` of its `<meta name="hevruta-api" …>` set to `api`.
pub fn point_page_at(html: &str, api: &str) -> Result<String> {
    let name = r#"name="hevruta-api""#;
    let missing = || Error::new(format!("no <meta {name} content=\"…\"> to edit"));
    let at = html.find(name).ok_or_else(missing)?;
    let tag_start = html[..at].rfind('<').ok_or_else(missing)?;
    let tag_end = at + html[at..].find('>').ok_or_else(missing)?;
    let tag = &html[tag_start..tag_end];
    let value_start = tag_start + tag.find(r#"content=""#).ok_or_else(missing)? + 9;
    let value_end = value_start + html[value_start..tag_end].find('"').ok_or_else(missing)?;
    let escaped = api.replace('&', "&amp;").replace('"', "&quot;");
    Ok(format!(
        "{}{escaped}{}",
        &html[..value_start],
        &html[value_end..]
    ))
}

/// Copies the files under `from` into `to`, keeping the tree.
fn copy_tree(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to).context(format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).context(format!("listing {}", from.display()))? {
        let entry = entry.context(format!("listing {}", from.display()))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            copy_tree(&source, &target)?;
        } else {
            fs::copy(&source, &target).context(format!("copying {}", source.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meta_gets_the_api_and_nothing_else_changes() {
        let html = "<head>\n<!-- The backend's origin -->\n\
                    <meta name=\"hevruta-api\" content=\"\" />\n<title>Hevruta</title></head>";
        let edited = point_page_at(html, "http://127.0.0.1:41234").unwrap();
        assert_eq!(
            edited,
            html.replace("content=\"\"", "content=\"http://127.0.0.1:41234\"")
        );
        let again = point_page_at(&edited, "https://api.example.org/?a=1&b=\"2\"").unwrap();
        assert!(
            again.contains(r#"content="https://api.example.org/?a=1&amp;b=&quot;2&quot;""#),
            "{again}"
        );
    }

    #[test]
    fn a_page_without_the_meta_is_an_error() {
        assert!(point_page_at("<meta name=\"description\" content=\"x\">", "http://x").is_err());
        assert!(point_page_at("<meta name=\"hevruta-api\">", "http://x").is_err());
    }

    #[test]
    fn the_copy_keeps_the_tree() {
        let dir = std::env::temp_dir().join(format!("xtask-copy-tree-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("from").join("snippets")).unwrap();
        fs::write(dir.join("from").join("index.html"), "page").unwrap();
        fs::write(dir.join("from").join("snippets").join("a.js"), "js").unwrap();
        copy_tree(&dir.join("from"), &dir.join("to")).unwrap();
        let read = |p: &str| fs::read_to_string(dir.join("to").join(p)).unwrap();
        assert_eq!(
            (read("index.html"), read("snippets/a.js")),
            ("page".into(), "js".into())
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
