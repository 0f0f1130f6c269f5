//! Folded canvases kept in memory, so a snapshot folds only the ops stored since the last
//! one (`Store::board` says why that equals folding the whole log). Bounded: at most
//! `MAX_CACHED_STICKIES` stickies across all canvases, the least recently read go first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hevruta_model::canvas::{Board, CanvasId};

/// Stickies kept folded across all canvases (a few hundred bytes each); a canvas with
/// more is folded on every read.
pub(super) const MAX_CACHED_STICKIES: usize = 100_000;

/// The fold of a canvas's public ops as of an expedition sequence number.
#[derive(Clone)]
pub(super) struct Folded {
    pub board: Arc<Board>,
    /// Every public op with a seq up to this one is in `board`, and no other op.
    pub seq: u64,
    /// How many private ops with a seq up to `seq` the canvas held (a reveal makes them
    /// public at once, which turns this count to 0).
    pub private: i64,
}

pub(super) struct BoardCache {
    inner: Mutex<Inner>,
    /// Most stickies kept, across all canvases.
    budget: usize,
}

impl Default for BoardCache {
    fn default() -> Self {
        Self::with_budget(MAX_CACHED_STICKIES)
    }
}

#[derive(Default)]
struct Inner {
    entries: HashMap<CanvasId, (Folded, u64)>,
    /// Bumped on every touch: an entry's second field says when it was last used.
    clock: u64,
    stickies: usize,
}

impl BoardCache {
    pub fn with_budget(budget: usize) -> Self {
        Self {
            inner: Mutex::default(),
            budget,
        }
    }

    pub fn get(&self, canvas: CanvasId) -> Option<Folded> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.clock += 1;
        let now = inner.clock;
        inner.entries.get_mut(&canvas).map(|(folded, used)| {
            *used = now;
            folded.clone()
        })
    }

    /// Keeps `folded` unless what is kept is as recent (a reader with a newer snapshot
    /// came first); evicts the least recently used canvases over the budget.
    pub fn put(&self, canvas: CanvasId, folded: Folded) {
        let size = folded.board.stickies.len();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if size > self.budget {
            inner.forget(canvas);
            return;
        }
        if inner
            .entries
            .get(&canvas)
            .is_some_and(|(kept, _)| kept.seq > folded.seq)
        {
            return;
        }
        inner.forget(canvas);
        inner.clock += 1;
        let now = inner.clock;
        inner.stickies += size;
        inner.entries.insert(canvas, (folded, now));
        while inner.stickies > self.budget {
            let oldest = inner
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(id, _)| *id);
            match oldest {
                Some(id) => inner.forget(id),
                None => break,
            }
        }
    }

    pub fn forget(&self, canvas: CanvasId) {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .forget(canvas);
    }

    #[cfg(test)]
    fn stickies(&self) -> usize {
        self.inner.lock().unwrap().stickies
    }
}

impl Inner {
    fn forget(&mut self, canvas: CanvasId) {
        if let Some((folded, _)) = self.entries.remove(&canvas) {
            self.stickies -= folded.board.stickies.len();
        }
    }
}

#[cfg(test)]
mod tests;
