//! The contract's board examples, continuing the story of `examples.rs`: after the canvas
//! (seq 4), Yael starts a board (5), Noa adds the Espoo makerspaces card (6), moves it to
//! Exploring (7), votes twice for it (8) and comments (9).

use hevruta_model::Sector;
use hevruta_model::board::{
    BoardChange, BoardEvent, BoardId, BoardListing, BoardSnapshot, BoardSummary, Card, CardContent,
    CardId, Column, ColumnId, Comment, CommentId, CreateBoard, ImportCards, ImportResult, MoveCard,
    NewCard, NewComment, SSE_BOARD, SetVotes, Source, UpdateBoard, UpdateColumn, Vote, VoteResult,
};
use uuid::Uuid;

use super::examples::{at, frame, noa_id, yael_id};

const BOARD: Uuid = Uuid::from_u128(0x0193_8c2e_9e30_7d65_8a71_8c2d_6e5f_1a07);
const CARD: Uuid = Uuid::from_u128(0x0193_8c2e_af40_7e76_9b82_9d3e_7f60_2b08);
const COMMENT: Uuid = Uuid::from_u128(0x0193_8c2e_c050_7f87_8c93_ae4f_8071_3c09);
const COLUMNS: [(u128, &str, &str); 4] = [
    (0x0193_8c2e_9e31_7a01_8b01_0000_0000_0001, "Discovered", "F"),
    (0x0193_8c2e_9e31_7a01_8b01_0000_0000_0002, "Exploring", "V"),
    (
        0x0193_8c2e_9e31_7a01_8b01_0000_0000_0003,
        "Adapting for our city",
        "k",
    ),
    (0x0193_8c2e_9e31_7a01_8b01_0000_0000_0004, "Piloting", "s"),
];
const TITLE: &str = "Global innovations";

pub fn board_id() -> BoardId {
    BoardId(BOARD)
}

pub fn card_id() -> CardId {
    CardId(CARD)
}

pub fn column_id(i: usize) -> ColumnId {
    ColumnId(Uuid::from_u128(COLUMNS[i].0))
}

fn columns() -> Vec<Column> {
    COLUMNS
        .iter()
        .map(|(id, title, key)| Column {
            id: ColumnId(Uuid::from_u128(*id)),
            title: (*title).into(),
            key: (*key).into(),
        })
        .collect()
}

pub fn create_board() -> CreateBoard {
    CreateBoard {
        id: board_id(),
        title: TITLE.into(),
        columns: Some(columns()),
    }
}

fn summary(card_count: u32) -> BoardSummary {
    BoardSummary {
        id: board_id(),
        title: TITLE.into(),
        created_by: yael_id(),
        created_at: at(4),
        vote_budget: 5,
        card_cap: Some(3),
        card_count,
    }
}

pub fn board_created() -> BoardSummary {
    BoardSummary {
        card_cap: None,
        ..summary(0)
    }
}

pub fn boards() -> BoardListing {
    BoardListing {
        boards: vec![summary(1)],
        last_seq: 9,
    }
}

pub fn update_board() -> UpdateBoard {
    UpdateBoard {
        title: None,
        vote_budget: Some(5),
        card_cap: Some(Some(3)),
    }
}

pub fn board_updated() -> BoardSummary {
    summary(1)
}

pub fn new_column() -> Column {
    Column {
        id: ColumnId(Uuid::from_u128(0x0193_8c2e_9e31_7a01_8b01_0000_0000_0005)),
        title: "Shelved".into(),
        key: "w".into(),
    }
}

pub fn update_column() -> UpdateColumn {
    UpdateColumn {
        title: Some("Adapting for Bat Yam".into()),
        key: None,
    }
}

pub fn column_updated() -> Column {
    Column {
        title: "Adapting for Bat Yam".into(),
        ..columns()[2].clone()
    }
}

fn content() -> CardContent {
    CardContent {
        title: "Makerspaces in the Espoo city libraries".into(),
        summary: Some(
            "Espoo's public libraries lend 3D printers, sewing machines and laser cutters, \
             with staff who teach residents of every age to use them."
                .into(),
        ),
        link: Some("https://www.helmet.fi/en-US/Libraries_and_services/Espoo".into()),
        origin_city: Some("Espoo".into()),
        origin_country: Some("Finland".into()),
        source: Source::Member,
        themes: vec!["makerspaces".into(), "libraries".into()],
        sectors: vec![Sector::Public, Sector::Resident],
        impact: Some("Residents learn by making, beside each other.".into()),
        scalability: None,
        first_steps: Some("One room with a 3D printer in one branch library.".into()),
    }
}

pub fn new_card() -> NewCard {
    NewCard {
        id: card_id(),
        column_id: column_id(0),
        key: "V".into(),
        content: content(),
        from_learning: None,
    }
}

pub fn card_added() -> Card {
    Card {
        id: card_id(),
        column_id: column_id(0),
        key: "V".into(),
        content: content(),
        added_by: noa_id(),
        created_at: at(5),
        from_learning: None,
    }
}

pub fn move_card() -> MoveCard {
    MoveCard {
        column_id: column_id(1),
        key: "V".into(),
    }
}

pub fn card_moved() -> Card {
    Card {
        column_id: column_id(1),
        ..card_added()
    }
}

pub fn card_content() -> CardContent {
    CardContent {
        scalability: Some("Every branch library has a room that could take one.".into()),
        ..content()
    }
}

pub fn card_updated() -> Card {
    Card {
        content: card_content(),
        ..card_moved()
    }
}

pub fn set_votes() -> SetVotes {
    SetVotes { count: 2 }
}

pub fn votes_set() -> VoteResult {
    VoteResult {
        card_id: card_id(),
        count: 2,
        total: 2,
        remaining: 3,
    }
}

pub fn new_comment() -> NewComment {
    NewComment {
        id: CommentId(COMMENT),
        text: "Their programme is described at https://www.espoo.fi".into(),
    }
}

pub fn comment_added() -> Comment {
    Comment {
        id: CommentId(COMMENT),
        card_id: card_id(),
        author: noa_id(),
        text: new_comment().text,
        at: at(8),
    }
}

pub fn board_snapshot() -> BoardSnapshot {
    BoardSnapshot {
        board: summary(1),
        columns: columns(),
        cards: vec![card_moved()],
        votes: vec![Vote {
            card_id: card_id(),
            member_id: noa_id(),
            count: 2,
        }],
        comments: vec![comment_added()],
        // The example canvas's sticky cites nothing, so neither does this.
        citations: vec![],
        learnings: vec![],
        last_seq: 9,
    }
}

pub fn import_cards() -> ImportCards {
    ImportCards {
        columns: vec![new_column()],
        cards: vec![NewCard {
            id: CardId(Uuid::from_u128(0x0193_8c2e_d060_7a98_9da4_bf50_9182_4d10)),
            column_id: new_column().id,
            key: "V".into(),
            content: CardContent {
                title: "Learning city network".into(),
                origin_country: Some("Spain".into()),
                source: Source::Iaec,
                ..CardContent::default()
            },
            from_learning: None,
        }],
    }
}

pub fn imported() -> ImportResult {
    ImportResult {
        columns: 1,
        cards: 1,
    }
}

/// A `board` frame: Noa moving the card (seq 7).
pub fn board_frame() -> serde_json::Value {
    let event = BoardEvent {
        seq: 7,
        at: at(6),
        board_id: board_id(),
        by: noa_id(),
        change: BoardChange::CardMoved {
            card_id: card_id(),
            column_id: column_id(1),
            key: "V".into(),
        },
    };
    frame(SSE_BOARD, Some(event.seq), &event)
}
