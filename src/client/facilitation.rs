//! The live session's endpoints: timer, locks, hands and done, the facilitator's view.

use hevruta_model::ExpeditionId;
use hevruta_model::board::BoardId;
use hevruta_model::canvas::CanvasId;
use hevruta_model::facilitation::{
    Facilitation, PrivateWriting, SetLock, SetSignals, StartPrivateWriting, TimerCommand, Viewport,
};
use hevruta_model::focus::BoardFocus;
use hevruta_model::pointer::Pointer;

use super::{ApiClient, ApiError, DELETE};

impl ApiClient {
    pub async fn facilitation(&self, id: ExpeditionId) -> Result<Facilitation, ApiError> {
        self.get(&format!("/expeditions/{id}/facilitation")).await
    }

    pub async fn run_timer(
        &self,
        id: ExpeditionId,
        cmd: &TimerCommand,
    ) -> Result<Facilitation, ApiError> {
        self.post(&format!("/expeditions/{id}/facilitation/timer"), Some(cmd))
            .await
    }

    pub async fn set_signals(
        &self,
        id: ExpeditionId,
        req: &SetSignals,
    ) -> Result<Facilitation, ApiError> {
        self.put(&format!("/expeditions/{id}/facilitation/me"), req)
            .await
    }

    pub async fn clear_signals(&self, id: ExpeditionId) -> Result<Facilitation, ApiError> {
        self.send(
            DELETE,
            &format!("/expeditions/{id}/facilitation/signals"),
            None,
        )
        .await
    }

    pub async fn lock_canvas(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
        locked: bool,
    ) -> Result<Facilitation, ApiError> {
        self.put(
            &format!("/expeditions/{id}/canvases/{canvas}/lock"),
            &SetLock { locked },
        )
        .await
    }

    pub async fn lock_board(
        &self,
        id: ExpeditionId,
        board: BoardId,
        locked: bool,
    ) -> Result<Facilitation, ApiError> {
        self.put(
            &format!("/expeditions/{id}/boards/{board}/lock"),
            &SetLock { locked },
        )
        .await
    }

    pub async fn set_view(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
        view: &Viewport,
    ) -> Result<(), ApiError> {
        self.put_empty(&format!("/expeditions/{id}/canvases/{canvas}/view"), view)
            .await
    }

    pub async fn end_view(&self, id: ExpeditionId, canvas: CanvasId) -> Result<(), ApiError> {
        self.delete(&format!("/expeditions/{id}/canvases/{canvas}/view"))
            .await
    }

    pub async fn set_board_focus(
        &self,
        id: ExpeditionId,
        board: BoardId,
        focus: &BoardFocus,
    ) -> Result<(), ApiError> {
        self.put_empty(&format!("/expeditions/{id}/boards/{board}/focus"), focus)
            .await
    }

    pub async fn end_board_focus(&self, id: ExpeditionId, board: BoardId) -> Result<(), ApiError> {
        self.delete(&format!("/expeditions/{id}/boards/{board}/focus"))
            .await
    }

    pub async fn start_private_writing(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
        anonymous: bool,
    ) -> Result<PrivateWriting, ApiError> {
        self.put(
            &format!("/expeditions/{id}/canvases/{canvas}/private-writing"),
            &StartPrivateWriting { anonymous },
        )
        .await
    }

    /// Ends private writing by revealing every private sticky.
    pub async fn reveal_private_writing(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
    ) -> Result<(), ApiError> {
        self.delete(&format!(
            "/expeditions/{id}/canvases/{canvas}/private-writing"
        ))
        .await
    }

    pub async fn set_pointer(
        &self,
        id: ExpeditionId,
        canvas: CanvasId,
        pointer: &Pointer,
    ) -> Result<(), ApiError> {
        self.put_empty(
            &format!("/expeditions/{id}/canvases/{canvas}/pointer"),
            pointer,
        )
        .await
    }

    pub async fn hide_pointer(&self, id: ExpeditionId, canvas: CanvasId) -> Result<(), ApiError> {
        self.delete(&format!("/expeditions/{id}/canvases/{canvas}/pointer"))
            .await
    }
}
