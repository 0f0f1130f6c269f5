//! Voting rounds on this page's canvas or board: the latest round held on it as the server
//! shows it to this member (its public facts, this member's own dots while open, the
//! results once revealed), kept current by the stream's `round` frames. The server decides
//! everything; this only asks and shows. `bar` is the line everyone sees (with the
//! facilitator's start, reveal and cancel, and the results with their export), `dots` the
//! control on each sticky or card, `texts` the strings.

mod bar;
mod dots;
pub mod texts;

use std::rc::Rc;

use hevruta_model::vote::{RoundEvent, RoundOn, RoundStatus, RoundView, SetDots, StartRound};
use hevruta_model::{ExpeditionId, Member, Role};
use leptos::prelude::*;
use uuid::Uuid;

use crate::client::{ApiClient, ApiError, tap_rounds};

pub use bar::RoundBar;
pub use dots::ItemDots;

#[derive(Clone, Copy)]
pub struct Voting {
    pub expedition: ExpeditionId,
    pub on: RoundOn,
    pub facilitator: bool,
    /// Facilitators and participants vote; viewers do not.
    pub voter: bool,
    client: StoredValue<ApiClient>,
    /// The newest round held here, as this member sees it.
    pub current: RwSignal<Option<RoundView>>,
    /// The last refusal of this device's own request, shown on the bar.
    pub error: RwSignal<Option<ApiError>>,
    pub busy: RwSignal<bool>,
}

impl Voting {
    /// Loads the newest round held `on` this canvas or board and follows the stream's
    /// `round` frames (install before the stream opens, so none is missed).
    pub fn provide(client: &ApiClient, expedition: ExpeditionId, me: &Member, on: RoundOn) -> Self {
        let voting = Voting {
            expedition,
            on,
            facilitator: me.role == Role::Facilitator,
            voter: me.role != Role::Viewer,
            client: StoredValue::new(client.clone()),
            current: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
        };
        tap_rounds(Rc::new(move |json| {
            if let Ok(event) = serde_json::from_str::<RoundEvent>(json) {
                voting.heard(event);
            }
        }));
        voting.load();
        provide_context(voting);
        voting
    }

    fn load(self) {
        let client = self.client.get_value();
        leptos::task::spawn_local(async move {
            let Ok(listing) = client.rounds(self.expedition).await else {
                return;
            };
            if let Some(round) = listing.rounds.into_iter().find(|r| r.on == self.on) {
                self.fetch(round.id);
            }
        });
    }

    fn fetch(self, round: hevruta_model::vote::RoundId) {
        let client = self.client.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(view) = client.round(self.expedition, round).await {
                let _ = self.current.try_set(Some(view));
            }
        });
    }

    /// A round's public facts changed: an open round's count is taken as is; a new round
    /// or an ended one is read again (the results, or this member's own dots).
    fn heard(self, event: RoundEvent) {
        if event.round.on != self.on {
            return;
        }
        let same_open = self.current.with_untracked(|c| {
            c.as_ref().is_some_and(|c| {
                c.round.id == event.round.id && c.round.status == RoundStatus::Open
            })
        });
        if same_open && event.round.status == RoundStatus::Open {
            self.current.update(|c| {
                if let Some(c) = c {
                    c.round.voters = event.round.voters;
                }
            });
        } else {
            self.fetch(event.round.id);
        }
    }

    /// The open round, if any.
    pub fn open(&self) -> Option<RoundView> {
        self.current
            .get()
            .filter(|c| c.round.status == RoundStatus::Open)
    }

    /// This member's dots on `item` in the open round.
    pub fn mine(&self, item: Uuid) -> u32 {
        self.current.with(|c| {
            c.as_ref()
                .filter(|c| c.round.status == RoundStatus::Open)
                .and_then(|c| c.mine.iter().find(|d| d.item == item))
                .map_or(0, |d| d.dots)
        })
    }

    fn run<F>(self, request: impl FnOnce(ApiClient) -> F + 'static)
    where
        F: std::future::Future<Output = Result<RoundView, ApiError>> + 'static,
    {
        let client = self.client.get_value();
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let result = request(client).await;
            let _ = self.busy.try_set(false);
            match result {
                Ok(view) => {
                    let _ = self.current.try_set(Some(view));
                    let _ = self.error.try_set(None);
                }
                Err(e) => {
                    let _ = self.error.try_set(Some(e));
                }
            }
        });
    }

    pub fn set_dots(self, item: Uuid, dots: u32) {
        let Some(round) = self
            .current
            .with_untracked(|c| c.as_ref().map(|c| c.round.id))
        else {
            return;
        };
        let id = self.expedition;
        self.run(
            move |c| async move { c.set_round_dots(id, round, &SetDots { item, dots }).await },
        );
    }

    pub fn start(self, budget: u32, cap: Option<u32>, anonymous: bool) {
        let id = self.expedition;
        let req = StartRound {
            on: self.on,
            budget,
            cap,
            anonymous,
        };
        self.run(move |c| async move { c.start_round(id, &req).await });
    }

    pub fn end(self, reveal: bool) {
        let Some(round) = self
            .current
            .with_untracked(|c| c.as_ref().map(|c| c.round.id))
        else {
            return;
        };
        let id = self.expedition;
        self.run(move |c| async move { c.end_round(id, round, reveal).await });
    }
}

pub fn use_voting() -> Option<Voting> {
    use_context::<Voting>()
}
