//! Storage: an SQLite file through sqlx (WAL, foreign keys on), migrations embedded and
//! run at start. Each file holds the queries of one resource.
//!
//! The store announces its own commits: every event stored in a `Write` goes to the hub
//! when, and only when, its transaction commits, and every write runs in a task of its own
//! (`detached`), so a caller that stops waiting (a client that went away) cannot come
//! between a commit and its announcement. A Postgres store would do the same with NOTIFY,
//! which is delivered on commit.

mod board_cache;
mod board_cards;
mod board_columns;
mod board_import;
mod board_learnings;
mod boards;
mod canvas_ops;
mod canvases;
mod citations;
mod device_links;
mod devices;
mod digest;
mod events;
mod expeditions;
mod feed;
mod learnings;
mod locks;
mod members;
mod private_writing;
mod profiles;
mod roles;
mod rounds;
mod stream_tickets;

use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use hevruta_model::ExpeditionId;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::config::Quotas;
use crate::events::Hub;

pub use boards::{BoardOutcome, BoardRefusal, Made};
pub use canvas_ops::OpsOutcome;
pub use canvases::CanvasUpdate;
pub use citations::StickyCitation;
pub use devices::{SignOut, Which};
pub use events::StoredEvent;
pub use expeditions::Created;
pub use feed::FeedOutcome;
pub use learnings::LearningOutcome;
pub use locks::Lockable;
pub use members::{Leave, SessionInfo};
pub use private_writing::PrivateStart;
pub use roles::RoleChange;
pub use rounds::{RoundOutcome, RoundRefusal};

/// Handle to the database and the hub it announces its commits to; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    hub: Hub,
    /// How much one expedition may hold; writes past it are refused.
    quotas: Quotas,
    /// Folded canvases, so a snapshot folds only the ops stored since the last one.
    boards: Arc<board_cache::BoardCache>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("the write was cancelled: the runtime is shutting down")]
    Cancelled,
    /// A write that would go past `Quotas`; nothing was written. The text says which.
    #[error("over quota: {0}")]
    OverQuota(String),
}

impl Store {
    /// Opens (creating if needed) the SQLite file at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Durable on every commit: an acknowledged change survives a kill -9.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        let store = Self {
            pool,
            hub: Hub::default(),
            quotas: Quotas::default(),
            boards: Arc::default(),
        };
        store.load_locks().await?;
        Ok(store)
    }

    /// The same store, refusing writes past `quotas`.
    pub fn with_quotas(self, quotas: Quotas) -> Self {
        Self { quotas, ..self }
    }

    /// Where this store announces what it commits (and where presence is kept).
    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    /// Begins a write transaction (taking SQLite's write lock at once).
    async fn begin_write(&self) -> Result<Write, StoreError> {
        Ok(Write {
            tx: self.pool.begin_with("BEGIN IMMEDIATE").await?,
            hub: self.hub.clone(),
            announce: Vec::new(),
        })
    }

    /// Runs `write` to its end in a task of its own, whether or not the caller keeps
    /// waiting: a dropped request cannot stop a write between its commit and its
    /// announcement.
    async fn detached<T: Send + 'static>(
        &self,
        write: impl Future<Output = Result<T, StoreError>> + Send + 'static,
    ) -> Result<T, StoreError> {
        match tokio::spawn(write).await {
            Ok(result) => result,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => Err(StoreError::Cancelled),
        }
    }
}

/// A write transaction that announces the events stored in it once it commits; dropped
/// uncommitted, it rolls back and announces nothing.
struct Write {
    tx: Transaction<'static, Sqlite>,
    hub: Hub,
    announce: Vec<(ExpeditionId, StoredEvent)>,
}

impl Write {
    /// Announces `event` on commit (a stored event, or one read back to be announced again).
    fn announce(&mut self, expedition: ExpeditionId, event: StoredEvent) {
        self.announce.push((expedition, event));
    }

    async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        for (expedition, event) in self.announce {
            self.hub.announce(expedition, event);
        }
        Ok(())
    }
}

impl Deref for Write {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl DerefMut for Write {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what}: {value:?}"))
}

/// A store on a fresh file holding one expedition, for unit tests; keep the dir alive.
#[cfg(test)]
pub(crate) async fn store_with_expedition() -> (Store, expeditions::Created, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.sqlite3")).await.unwrap();
    let new = hevruta_model::CreateExpedition {
        title: "t".into(),
        city: "c".into(),
        challenge: "q".into(),
        display_name: "n".into(),
        sector: hevruta_model::Sector::Public,
    }
    .validate()
    .unwrap();
    let created = store
        .create_expedition(&new, &crate::auth::new_join_code(), "hash")
        .await
        .unwrap();
    (store, created, dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Live;
    use hevruta_model::canvas::{Op, OpId, OpKind, StickyId, Template};
    use hevruta_model::{Stage, Title};
    use uuid::Uuid;

    #[tokio::test]
    async fn writes_announce_what_they_commit_and_refused_ones_nothing() {
        let (store, created, _dir) = store_with_expedition().await;
        let id = created.id;
        let mut live = store.hub().subscribe(id);
        let by = created.facilitator.id;

        store.set_stage(id, Stage::Implementing, by).await.unwrap();
        assert!(matches!(live.try_recv(), Ok(Live::Stored(e)) if e.seq == 2));
        store.set_stage(id, Stage::Implementing, by).await.unwrap();
        assert!(live.try_recv().is_err(), "no change, no event");

        let (canvas, _) = store
            .create_canvas(id, &Title::parse("c").unwrap(), Template::Blank, by)
            .await
            .unwrap();
        assert!(matches!(live.try_recv(), Ok(Live::Stored(e)) if e.seq == 3));
        let edit_unknown = Op {
            id: OpId(Uuid::now_v7()),
            sticky: StickyId(Uuid::now_v7()),
            kind: OpKind::Delete,
        };
        let outcome = store
            .apply_ops(id, canvas.id, &created.facilitator, vec![edit_unknown])
            .await
            .unwrap();
        assert!(matches!(outcome, OpsOutcome::Rejected(_)));
        assert!(
            live.try_recv().is_err(),
            "a refused batch rolls back silently"
        );
        assert_eq!(store.last_seq(id).await.unwrap(), 3);
    }
}
