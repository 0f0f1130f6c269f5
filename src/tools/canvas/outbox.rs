//! The offline outbox: ops not yet accepted by the server, and text the server refused,
//! kept in IndexedDB so a reload loses nothing. Every function fails with a message, never
//! a panic, when IndexedDB is unavailable (e.g. some private modes): callers then keep
//! the same things in memory.

use hevruta_model::canvas::{CanvasId, Op, OpId};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::browser::describe;

// Records: outbox `{id, canvas, n, op}` with `op` the op's JSON and `n` its place in the
// queue; drafts are stored as the `Draft` object. Both stores are indexed by `canvas`.
#[wasm_bindgen(inline_js = r#"
let opening = null;
let last = 0;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open("hevruta", 1);
      req.onupgradeneeded = () => {
        for (const name of ["outbox", "drafts"]) {
          req.result.createObjectStore(name, { keyPath: "id" }).createIndex("canvas", "canvas");
        }
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab upgrading, or the user clearing site data: reopen next time.
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

// Runs `work` on one store in one transaction; resolves with `out.value` once committed.
async function run(store, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const out = {};
    work(tx.objectStore(store), out);
    tx.oncomplete = () => resolve(out.value);
    tx.onabort = () => reject(tx.error || new Error("IndexedDB transaction aborted"));
  });
}

function byCanvas(store, canvas, then) {
  return run(store, "readonly", (s, out) => {
    s.index("canvas").getAll(canvas).onsuccess = (e) => { out.value = then(e.target.result); };
  });
}

export function load(canvas) {
  return byCanvas("outbox", canvas, (rows) => rows.sort((a, b) => a.n - b.n).map((r) => r.op));
}

export function put(canvas, ops) {
  return run("outbox", "readwrite", (s) => {
    for (const op of ops) {
      last = Math.max(last + 1, Date.now() * 1000);
      // An op already queued keeps its place: a repeated put must not reorder the queue.
      s.add({ id: JSON.parse(op).id, canvas, n: last, op }).onerror = (e) => {
        if (e.target.error.name === "ConstraintError") e.preventDefault();
      };
    }
  });
}

export function remove(store, ids) {
  return run(store, "readwrite", (s) => { for (const id of ids) s.delete(id); });
}

export function drafts(canvas) {
  return byCanvas("drafts", canvas, (rows) => rows.map((r) => JSON.stringify(r)));
}

export function addDraft(draft) {
  return run("drafts", "readwrite", (s) => { s.put(JSON.parse(draft)); });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = load)]
    async fn js_load(canvas: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = put)]
    async fn js_put(canvas: &str, ops: js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = remove)]
    async fn js_remove(store: &str, ids: js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = drafts)]
    async fn js_drafts(canvas: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = addDraft)]
    async fn js_add_draft(draft: &str) -> Result<JsValue, JsValue>;
}

/// The ops of one canvas waiting to be sent, oldest first.
pub async fn load(canvas: CanvasId) -> Result<Vec<Op>, String> {
    let rows = js_load(&canvas.to_string()).await.map_err(describe)?;
    // A record this version cannot read cannot be sent either; the rest still can.
    Ok(strings(rows)
        .into_iter()
        .filter_map(|json| serde_json::from_str(&json).ok())
        .collect())
}

/// Queues `ops` after those already waiting, in one transaction. An op already queued
/// keeps its place.
pub async fn put(canvas: CanvasId, ops: &[Op]) -> Result<(), String> {
    if ops.is_empty() {
        return Ok(());
    }
    let rows = ops
        .iter()
        .map(|op| serde_json::to_string(op).map(JsValue::from))
        .collect::<Result<js_sys::Array, _>>()
        .map_err(|e| e.to_string())?;
    js_put(&canvas.to_string(), rows)
        .await
        .map(drop)
        .map_err(describe)
}

/// Drops the ops with these ids (sent, or given up on), in one transaction.
pub async fn remove(ids: &[OpId]) -> Result<(), String> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids = ids.iter().map(|id| JsValue::from(id.to_string())).collect();
    js_remove("outbox", ids).await.map(drop).map_err(describe)
}

/// Text a server refused, kept so nothing typed is lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub canvas: CanvasId,
    pub text: String,
    /// When it was refused, in ms since the epoch.
    pub at: f64,
    /// The problem code the server gave.
    pub reason: String,
}

/// The drafts of one canvas, oldest first.
pub async fn drafts(canvas: CanvasId) -> Result<Vec<Draft>, String> {
    let rows = js_drafts(&canvas.to_string()).await.map_err(describe)?;
    let mut drafts: Vec<Draft> = strings(rows)
        .into_iter()
        .filter_map(|json| serde_json::from_str(&json).ok())
        .collect();
    drafts.sort_by(|a, b| a.at.total_cmp(&b.at));
    Ok(drafts)
}

/// Keeps `draft`, replacing one with the same id.
pub async fn add_draft(draft: &Draft) -> Result<(), String> {
    let json = serde_json::to_string(draft).map_err(|e| e.to_string())?;
    js_add_draft(&json).await.map(drop).map_err(describe)
}

pub async fn remove_draft(id: &str) -> Result<(), String> {
    let ids = js_sys::Array::of1(&JsValue::from_str(id));
    js_remove("drafts", ids).await.map(drop).map_err(describe)
}

/// The strings of a JS array (anything else reads as none).
fn strings(value: JsValue) -> Vec<String> {
    value
        .dyn_into::<js_sys::Array>()
        .map(|a| a.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default()
}
