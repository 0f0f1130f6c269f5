use gloo_net::http::Method;
use hevruta_model::canvas::CanvasId;
use hevruta_model::{
    CanvasListing, CanvasSnapshot, CanvasSummary, CreateCanvas, ExpeditionId, OpBatch,
    OpBatchResult,
};

use super::{ApiClient, ApiError};

impl ApiClient {
    pub async fn canvases(&self, id: ExpeditionId) -> Result<Vec<CanvasSummary>, ApiError> {
        // The list's `last_seq` (where its stream could continue) is not used yet.
        self.send::<CanvasListing, ()>(Method::GET, &format!("/expeditions/{id}/canvases"), None)
            .await
            .map(|l| l.canvases)
    }

    pub async fn create_canvas(
        &self,
        id: ExpeditionId,
        req: &CreateCanvas,
    ) -> Result<CanvasSummary, ApiError> {
        self.send(
            Method::POST,
            &format!("/expeditions/{id}/canvases"),
            Some(req),
        )
        .await
    }

    pub async fn canvas(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
    ) -> Result<CanvasSnapshot, ApiError> {
        self.send::<_, ()>(
            Method::GET,
            &format!("/expeditions/{id}/canvases/{canvas}"),
            None,
        )
        .await
    }

    /// Sends a batch of ops. Safe to repeat: ops already applied come back with their
    /// original stamps, so the outbox retries this like an idempotent call.
    pub async fn send_ops(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
        batch: &OpBatch,
    ) -> Result<OpBatchResult, ApiError> {
        self.send(
            Method::POST,
            &format!("/expeditions/{id}/canvases/{canvas}/ops"),
            Some(batch),
        )
        .await
    }
}
