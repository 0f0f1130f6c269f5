//! The board endpoints, one method each. Bodies carry client-made ids, so every write may
//! be retried: the server answers what it stored the first time.

use hevruta_model::ExpeditionId;
use hevruta_model::board::{
    BoardId, BoardListing, BoardSnapshot, BoardSummary, Card, CardContent, CardId, Column,
    ColumnId, Comment, CreateBoard, ImportCards, ImportResult, MoveCard, NewCard, NewComment,
    SetVotes, UpdateBoard, UpdateColumn, VoteResult,
};

use super::{ApiClient, ApiError};

fn board_path(id: ExpeditionId, board: BoardId) -> String {
    format!("/expeditions/{id}/boards/{board}")
}

fn card_path(id: ExpeditionId, board: BoardId, card: CardId) -> String {
    format!("{}/cards/{card}", board_path(id, board))
}

impl ApiClient {
    pub async fn boards(&self, id: ExpeditionId) -> Result<BoardListing, ApiError> {
        self.get(&format!("/expeditions/{id}/boards")).await
    }

    pub async fn create_board(
        &self,
        id: ExpeditionId,
        req: &CreateBoard,
    ) -> Result<BoardSummary, ApiError> {
        self.post(&format!("/expeditions/{id}/boards"), Some(req))
            .await
    }

    pub async fn board(&self, id: ExpeditionId, board: BoardId) -> Result<BoardSnapshot, ApiError> {
        self.get(&board_path(id, board)).await
    }

    pub async fn update_board(
        &self,
        id: ExpeditionId,
        board: BoardId,
        req: &UpdateBoard,
    ) -> Result<BoardSummary, ApiError> {
        self.patch(&board_path(id, board), req).await
    }

    pub async fn add_column(
        &self,
        id: ExpeditionId,
        board: BoardId,
        column: &Column,
    ) -> Result<Column, ApiError> {
        self.post(&format!("{}/columns", board_path(id, board)), Some(column))
            .await
    }

    pub async fn update_column(
        &self,
        id: ExpeditionId,
        board: BoardId,
        column: ColumnId,
        req: &UpdateColumn,
    ) -> Result<Column, ApiError> {
        self.patch(&format!("{}/columns/{column}", board_path(id, board)), req)
            .await
    }

    /// Removes a column; `cards_to` takes its cards (required when it has any).
    pub async fn remove_column(
        &self,
        id: ExpeditionId,
        board: BoardId,
        column: ColumnId,
        cards_to: Option<ColumnId>,
    ) -> Result<(), ApiError> {
        let query = cards_to.map_or(String::new(), |c| format!("?cards_to={c}"));
        self.delete(&format!(
            "{}/columns/{column}{query}",
            board_path(id, board)
        ))
        .await
    }

    pub async fn add_card(
        &self,
        id: ExpeditionId,
        board: BoardId,
        card: &NewCard,
    ) -> Result<Card, ApiError> {
        self.post(&format!("{}/cards", board_path(id, board)), Some(card))
            .await
    }

    pub async fn update_card(
        &self,
        id: ExpeditionId,
        board: BoardId,
        card: CardId,
        content: &CardContent,
    ) -> Result<Card, ApiError> {
        self.patch(&card_path(id, board, card), content).await
    }

    pub async fn remove_card(
        &self,
        id: ExpeditionId,
        board: BoardId,
        card: CardId,
    ) -> Result<(), ApiError> {
        self.delete(&card_path(id, board, card)).await
    }

    pub async fn move_card(
        &self,
        id: ExpeditionId,
        board: BoardId,
        card: CardId,
        to: &MoveCard,
    ) -> Result<Card, ApiError> {
        self.post(&format!("{}/move", card_path(id, board, card)), Some(to))
            .await
    }

    pub async fn set_votes(
        &self,
        id: ExpeditionId,
        board: BoardId,
        card: CardId,
        count: u32,
    ) -> Result<VoteResult, ApiError> {
        self.put(
            &format!("{}/votes", card_path(id, board, card)),
            &SetVotes { count },
        )
        .await
    }

    pub async fn add_comment(
        &self,
        id: ExpeditionId,
        board: BoardId,
        card: CardId,
        comment: &NewComment,
    ) -> Result<Comment, ApiError> {
        self.post(
            &format!("{}/comments", card_path(id, board, card)),
            Some(comment),
        )
        .await
    }

    pub async fn import_cards(
        &self,
        id: ExpeditionId,
        board: BoardId,
        import: &ImportCards,
    ) -> Result<ImportResult, ApiError> {
        self.post(&format!("{}/import", board_path(id, board)), Some(import))
            .await
    }
}
