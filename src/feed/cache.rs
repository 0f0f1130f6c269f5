//! The last-seen feed of each expedition, kept in IndexedDB (a database of its own, so the
//! canvas's outbox keeps its version), so the home opens offline with what was last read.
//! Every function fails with a message, never a panic, when IndexedDB is unavailable.

use hevruta_model::ExpeditionId;
use hevruta_model::feed::FeedPage;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::browser::describe;

#[wasm_bindgen(inline_js = r#"
let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open("hevruta-feed", 1);
      req.onupgradeneeded = () => { req.result.createObjectStore("pages", { keyPath: "id" }); };
      req.onsuccess = () => {
        const db = req.result;
        db.onversionchange = () => { db.close(); opening = null; };
        db.onclose = () => { opening = null; };
        resolve(db);
      };
      req.onerror = () => reject(req.error);
    });
    opening.catch(() => { opening = null; });
  }
  return opening;
}

export async function keep(id, json) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("pages", "readwrite");
    tx.objectStore("pages").put({ id, json });
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error || new Error("IndexedDB transaction aborted"));
  });
}

export async function read(id) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const req = db.transaction("pages", "readonly").objectStore("pages").get(id);
    req.onsuccess = () => resolve(req.result ? req.result.json : null);
    req.onerror = () => reject(req.error);
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = keep)]
    async fn js_keep(id: &str, json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = read)]
    async fn js_read(id: &str) -> Result<JsValue, JsValue>;
}

/// What is kept of one expedition's home: its title, the feed, and when it was fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub title: String,
    pub page: FeedPage,
    /// Milliseconds since the epoch.
    pub at: i64,
}

pub async fn keep(id: ExpeditionId, kept: &Kept) -> Result<(), String> {
    let json = serde_json::to_string(kept).map_err(|e| e.to_string())?;
    js_keep(&id.to_string(), &json)
        .await
        .map(drop)
        .map_err(describe)
}

/// The kept home of `id`, if any (one this version cannot read counts as none).
pub async fn read(id: ExpeditionId) -> Result<Option<Kept>, String> {
    let value = js_read(&id.to_string()).await.map_err(describe)?;
    Ok(value
        .as_string()
        .and_then(|j| serde_json::from_str(&j).ok()))
}
