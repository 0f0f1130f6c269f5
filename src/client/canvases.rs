use hevruta_model::canvas::{CanvasId, StickyId};
use hevruta_model::{
    CanvasListing, CanvasSnapshot, CanvasSummary, Citables, CreateCanvas, ExpeditionId, OpBatch,
    OpBatchResult, SetEditing, UpdateCanvas,
};

use super::{ApiClient, ApiError};

impl ApiClient {
    /// The expedition's canvases, and the sequence number to follow the stream from.
    pub async fn canvases(&self, id: ExpeditionId) -> Result<CanvasListing, ApiError> {
        self.get(&format!("/expeditions/{id}/canvases")).await
    }

    pub async fn create_canvas(
        &self,
        id: ExpeditionId,
        req: &CreateCanvas,
    ) -> Result<CanvasSummary, ApiError> {
        self.post(&format!("/expeditions/{id}/canvases"), Some(req))
            .await
    }

    pub async fn canvas(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
    ) -> Result<CanvasSnapshot, ApiError> {
        self.get(&format!("/expeditions/{id}/canvases/{canvas}"))
            .await
    }

    /// Renames, archives or restores a canvas; returns it as it is now.
    pub async fn update_canvas(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
        req: &UpdateCanvas,
    ) -> Result<CanvasSummary, ApiError> {
        self.patch(&format!("/expeditions/{id}/canvases/{canvas}"), req)
            .await
    }

    /// Deletes a canvas and its stickies for good. A canvas already gone counts as deleted
    /// (a retried delete whose first answer was lost gets a 404).
    pub async fn delete_canvas(&self, id: ExpeditionId, canvas: CanvasId) -> Result<(), ApiError> {
        match self
            .delete(&format!("/expeditions/{id}/canvases/{canvas}"))
            .await
        {
            Err(ApiError::NotFound(_)) => Ok(()),
            other => other,
        }
    }

    /// Sends a batch of ops. Safe to repeat: ops already applied come back with their
    /// original stamps, so the outbox retries this like an idempotent call.
    pub async fn send_ops(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
        batch: &OpBatch,
    ) -> Result<OpBatchResult, ApiError> {
        self.post(
            &format!("/expeditions/{id}/canvases/{canvas}/ops"),
            Some(batch),
        )
        .await
    }

    /// What a sticky may cite: the expedition's learnings (circle 3 first) and board cards.
    pub async fn citables(&self, id: ExpeditionId) -> Result<Citables, ApiError> {
        self.get(&format!("/expeditions/{id}/citables")).await
    }

    /// Tells the others which sticky this member types in (`None`: none).
    pub async fn set_editing(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
        sticky_id: Option<StickyId>,
    ) -> Result<(), ApiError> {
        self.put_empty(
            &format!("/expeditions/{id}/canvases/{canvas}/editing"),
            &SetEditing { sticky_id },
        )
        .await
    }
}
