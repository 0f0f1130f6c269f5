//! Voting rounds: open, list, read, set dots, reveal, cancel.

use hevruta_model::ExpeditionId;
use hevruta_model::vote::{RoundId, RoundListing, RoundView, SetDots, StartRound};

use super::{ApiClient, ApiError};

impl ApiClient {
    pub async fn rounds(&self, id: ExpeditionId) -> Result<RoundListing, ApiError> {
        self.get(&format!("/expeditions/{id}/rounds")).await
    }

    pub async fn round(&self, id: ExpeditionId, round: RoundId) -> Result<RoundView, ApiError> {
        self.get(&format!("/expeditions/{id}/rounds/{round}")).await
    }

    pub async fn start_round(
        &self,
        id: ExpeditionId,
        req: &StartRound,
    ) -> Result<RoundView, ApiError> {
        self.post(&format!("/expeditions/{id}/rounds"), Some(req))
            .await
    }

    pub async fn set_round_dots(
        &self,
        id: ExpeditionId,
        round: RoundId,
        req: &SetDots,
    ) -> Result<RoundView, ApiError> {
        self.put(&format!("/expeditions/{id}/rounds/{round}/votes"), req)
            .await
    }

    /// `reveal` or `cancel`.
    pub async fn end_round(
        &self,
        id: ExpeditionId,
        round: RoundId,
        reveal: bool,
    ) -> Result<RoundView, ApiError> {
        let action = if reveal { "reveal" } else { "cancel" };
        self.post::<_, ()>(&format!("/expeditions/{id}/rounds/{round}/{action}"), None)
            .await
    }
}
