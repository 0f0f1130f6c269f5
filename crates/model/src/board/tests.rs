//! Boards: moves converge, keys stay short, filters, CSV neutralisation, JSON and Trello
//! import.

use proptest::prelude::*;
use uuid::Uuid;

use super::import::{ImportError, export_json, plan, read_export};
use super::*;
use crate::{MemberId, Sector};

fn member(n: u128) -> MemberId {
    MemberId(Uuid::from_u128(n))
}

fn column(n: u128, title: &str, key: &str) -> Column {
    Column {
        id: ColumnId(Uuid::from_u128(1000 + n)),
        title: title.into(),
        key: key.into(),
    }
}

fn card(n: u128, col: &Column, key: &str, title: &str) -> Card {
    Card {
        id: CardId(Uuid::from_u128(n)),
        column_id: col.id,
        key: key.into(),
        content: CardContent {
            title: title.into(),
            ..CardContent::default()
        },
        added_by: member(1),
        created_at: 0,
        from_learning: None,
    }
}

fn board(columns: Vec<Column>, cards: Vec<Card>) -> BoardSnapshot {
    BoardSnapshot {
        board: BoardSummary {
            id: BoardId(Uuid::from_u128(77)),
            title: "Global innovations".into(),
            created_by: member(1),
            created_at: 0,
            vote_budget: 5,
            card_cap: Some(3),
            card_count: cards.len() as u32,
        },
        columns,
        cards,
        votes: vec![],
        comments: vec![],
        citations: vec![],
        learnings: vec![],
        last_seq: 1,
    }
}

/// A move as a client makes it from what it sees: `card` to place `index` of `column`.
fn local_move(view: &BoardSnapshot, card: CardId, column: ColumnId, index: usize) -> BoardChange {
    let others: Vec<&Card> = view.column_cards(column).filter(|c| c.id != card).collect();
    let index = index.min(others.len());
    let before = index.checked_sub(1).map(|i| others[i].key.as_str());
    let after = others.get(index).map(|c| c.key.as_str());
    let key = key_between(before, after).unwrap_or_else(|| key_after(before));
    BoardChange::CardMoved {
        card_id: card,
        column_id: column,
        key,
    }
}

fn order(b: &BoardSnapshot) -> Vec<(ColumnId, CardId)> {
    b.cards.iter().map(|c| (c.column_id, c.id)).collect()
}

proptest! {
    /// Three clients each move cards from their own (stale) view; the server orders the
    /// moves as they arrive and every client folds the same stream: all end equal, every
    /// key valid and short.
    #[test]
    fn concurrent_moves_converge_and_keys_stay_short(
        steps in proptest::collection::vec((0usize..3, 0u128..12, 0usize..3, 0usize..14, any::<bool>()), 1..200)
    ) {
        let cols = vec![column(1, "A", "F"), column(2, "B", "V"), column(3, "C", "k")];
        let keys = spread_keys(12);
        let cards: Vec<Card> = (0..12u128)
            .map(|i| card(i, &cols[(i % 3) as usize], &keys[i as usize], "c"))
            .collect();
        let start = board(cols.clone(), cards);
        let mut server = start.clone();
        let mut clients = [start.clone(), start.clone(), start.clone()];
        let mut log: Vec<BoardEvent> = Vec::new();
        let mut delivered = [0usize; 3];
        for (who, card_n, col, index, sync) in steps {
            // A client sometimes catches up before it moves, sometimes not (concurrency).
            if sync {
                for e in &log[delivered[who]..] {
                    clients[who].apply(e);
                }
                delivered[who] = log.len();
            }
            let change = local_move(&clients[who], CardId(Uuid::from_u128(card_n)), cols[col].id, index);
            let event = BoardEvent {
                seq: server.last_seq + 1,
                at: 0,
                board_id: server.board.id,
                by: member(who as u128),
                change,
            };
            prop_assert!(server.apply(&event));
            log.push(event);
        }
        for (who, client) in clients.iter_mut().enumerate() {
            for e in &log[delivered[who]..] {
                client.apply(e);
            }
            // Replays change nothing.
            for e in &log {
                prop_assert!(!client.apply(e));
            }
            prop_assert_eq!(order(client), order(&server));
        }
        for c in &server.cards {
            prop_assert!(check_key(&c.key).is_ok(), "{}", c.key);
            prop_assert!(c.key.len() <= 40, "key {} grew too long", c.key);
        }
        prop_assert_eq!(server.cards.len(), 12);
    }
}

#[test]
fn repeated_moves_to_the_top_of_a_column_keep_keys_short() {
    let cols = vec![column(1, "A", "V")];
    let mut b = board(
        cols.clone(),
        (0..20)
            .map(|i| card(i, &cols[0], &spread_keys(20)[i as usize], "c"))
            .collect(),
    );
    for step in 0..1000u64 {
        let id = CardId(Uuid::from_u128(u128::from(step % 20)));
        let change = local_move(&b, id, cols[0].id, 0);
        b.apply(&BoardEvent {
            seq: b.last_seq + 1,
            at: 0,
            board_id: b.board.id,
            by: member(1),
            change,
        });
    }
    let longest = b.cards.iter().map(|c| c.key.len()).max().unwrap();
    assert!(longest <= 40, "{longest}");
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    use super::csv::cell;
    assert_eq!(
        cell("=HYPERLINK(\"http://evil\",\"x\")"),
        "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""
    );
    for risky in ["+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "  =1"] {
        assert!(cell(risky).starts_with("\"'"), "{risky:?}");
    }
    for plain in ["Makerspaces", "Bat Yam", "3 votes", "", "a=b"] {
        assert!(!cell(plain).starts_with("\"'"), "{plain:?}");
    }
}

#[test]
fn csv_export_has_a_header_and_a_row_per_card_in_board_order() {
    let cols = vec![column(1, "Discovered", "V"), column(2, "Piloting", "k")];
    let mut b = board(
        cols.clone(),
        vec![
            card(2, &cols[1], "V", "=cmd"),
            card(1, &cols[0], "V", "Espoo, \"libraries\""),
        ],
    );
    b.votes.push(Vote {
        card_id: CardId(Uuid::from_u128(2)),
        member_id: member(1),
        count: 2,
    });
    let out = super::csv::export(&b);
    let lines: Vec<&str> = out.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert!(lines[0].starts_with("\"title\",\"column\""));
    assert!(lines[1].starts_with("\"Espoo, \"\"libraries\"\"\",\"Discovered\""));
    assert!(lines[2].starts_with("\"'=cmd\",\"Piloting\""));
    assert!(lines[2].contains(",\"2\","), "{}", lines[2]);
}

fn full_board() -> BoardSnapshot {
    let cols = vec![column(1, "Discovered", "V"), column(2, "Exploring", "k")];
    let mut c = card(5, &cols[0], "V", "Makerspaces in Espoo's libraries");
    c.content = CardContent {
        title: c.content.title.clone(),
        summary: Some("Libraries lend 3D printers.".into()),
        link: Some("https://www.helmet.fi".into()),
        origin_city: Some("Espoo".into()),
        origin_country: Some("Finland".into()),
        source: Source::Hundred,
        themes: vec!["makerspaces".into(), "libraries".into()],
        sectors: vec![Sector::Public, Sector::Learner],
        impact: Some("Every resident can make things".into()),
        scalability: None,
        first_steps: Some("One room in one library".into()),
    };
    c.from_learning = Some(Uuid::from_u128(99));
    let mut b = board(cols.clone(), vec![c, card(6, &cols[1], "V", "שפה")]);
    b.votes.push(Vote {
        card_id: CardId(Uuid::from_u128(5)),
        member_id: member(2),
        count: 3,
    });
    b.comments.push(Comment {
        id: CommentId(Uuid::from_u128(8)),
        card_id: CardId(Uuid::from_u128(5)),
        author: member(2),
        text: "See https://example.org".into(),
        at: 4,
    });
    b
}

#[test]
fn json_export_round_trips_losslessly() {
    let b = full_board();
    assert_eq!(read_export(&export_json(&b)).unwrap(), b);
}

fn ids() -> impl FnMut() -> Uuid {
    let mut n = 5000u128;
    move || {
        n += 1;
        Uuid::from_u128(n)
    }
}

#[test]
fn a_hevruta_export_imports_into_another_board_with_new_ids() {
    let file = export_json(&full_board());
    let target = board(vec![column(9, "exploring", "V")], vec![]);
    let p = plan(&file, &target, &mut ids()).unwrap();
    assert_eq!(p.columns.len(), 1, "Exploring matches the existing column");
    assert_eq!(p.columns[0].title, "Discovered");
    assert!(p.columns[0].key.as_str() > "V");
    assert_eq!(p.cards.len(), 2);
    assert!(p.rejected.is_empty());
    assert_eq!(p.cards[0].content, full_board().cards[0].content);
    assert_ne!(p.cards[0].id, full_board().cards[0].id);
    assert_eq!(p.cards[1].column_id, target.columns[0].id);
}

const TRELLO: &str = r#"{
  "id": "5f1", "name": "Innovations", "prefs": {"background": "blue"}, "unknownThing": [1, 2],
  "labels": [{"id": "L1", "name": "makerspaces", "color": "green"}, {"id": "L2", "name": "", "color": "red"}],
  "lists": [
    {"id": "A", "name": "Heard of", "closed": false, "pos": 2},
    {"id": "B", "name": "Old", "closed": true, "pos": 1},
    {"id": "C", "name": "Trying", "pos": 3, "subscribed": false}
  ],
  "cards": [
    {"id": "c1", "name": "Espoo makerspaces", "desc": "Libraries with 3D printers", "idList": "A", "pos": 20,
     "idLabels": ["L1", "L2"], "attachments": [{"url": "javascript:alert(1)"}, {"url": "https://www.espoo.fi"}], "badges": {}},
    {"id": "c2", "name": "", "desc": "", "idList": "A", "pos": 10},
    {"id": "c3", "name": 42, "idList": "C", "pos": 1},
    {"id": "c4", "name": "In an archived list", "idList": "B", "pos": 1},
    {"id": "c5", "name": "Archived card", "idList": "A", "closed": true},
    {"id": "c6", "name": "Netanya school network", "idList": "C", "pos": 5, "labels": [{"name": "networks"}]},
    "not a card"
  ],
  "actions": [{"type": "createCard", "data": {"deep": {"deeper": {}}}}]
}"#;

#[test]
fn a_trello_export_maps_lists_cards_and_labels_and_reports_rejected_rows() {
    let target = board(vec![], vec![]);
    let p = plan(TRELLO, &target, &mut ids()).unwrap();
    let titles: Vec<&str> = p.columns.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Heard of", "Trying"],
        "archived lists are left out, order by pos"
    );
    let cards: Vec<&str> = p.cards.iter().map(|c| c.content.title.as_str()).collect();
    assert_eq!(
        cards,
        ["Netanya school network", "Espoo makerspaces"],
        "by Trello's pos"
    );
    let espoo = &p.cards[1].content;
    assert_eq!(espoo.themes, ["makerspaces", "red"]);
    assert_eq!(
        espoo.link.as_deref(),
        Some("https://www.espoo.fi"),
        "never a javascript: link"
    );
    assert_eq!(espoo.summary.as_deref(), Some("Libraries with 3D printers"));
    assert_eq!(p.cards[0].content.themes, ["networks"]);
    assert_eq!(p.cards[0].column_id, p.columns[1].id);
    assert_eq!(p.skipped, 2, "one archived list, one archived card");
    let why: Vec<(String, Vec<crate::FieldCode>)> = p
        .rejected
        .iter()
        .map(|r| (r.title.clone(), r.errors.iter().map(|e| e.code).collect()))
        .collect();
    use crate::FieldCode::*;
    assert!(why.contains(&(String::new(), vec![Empty])), "{why:?}");
    assert!(why.contains(&(String::new(), vec![Malformed])), "{why:?}");
    assert!(
        why.contains(&("In an archived list".into(), vec![UnknownColumn])),
        "{why:?}"
    );
    assert_eq!(p.rejected.len(), 4, "{why:?}");
    for c in &p.cards {
        check_key(&c.key).unwrap();
    }
}

#[test]
fn hostile_files_are_refused_with_a_reason() {
    let target = board(vec![], vec![]);
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        plan(&deep, &target, &mut ids()),
        Err(ImportError::NotJson(_))
    ));
    let huge = format!("\"{}\"", "x".repeat(MAX_IMPORT_BYTES));
    assert!(matches!(
        plan(&huge, &target, &mut ids()),
        Err(ImportError::TooLarge { .. })
    ));
    assert_eq!(
        plan("[1,2]", &target, &mut ids()),
        Err(ImportError::UnknownFormat)
    );
    assert_eq!(
        plan("{\"a\":1}", &target, &mut ids()),
        Err(ImportError::UnknownFormat)
    );
    assert!(matches!(
        plan(r#"{"lists": 5, "cards": []}"#, &target, &mut ids()),
        Err(ImportError::WrongShape(_))
    ));
    assert!(matches!(
        plan(
            r#"{"format": "hevruta.board", "version": 1, "board": {"cards": "no"}}"#,
            &target,
            &mut ids()
        ),
        Err(ImportError::WrongShape(_))
    ));
    let lists: Vec<String> = (0..20)
        .map(|i| format!(r#"{{"id":"{i}","name":"L{i}"}}"#))
        .collect();
    let many = format!(r#"{{"lists":[{}],"cards":[]}}"#, lists.join(","));
    assert_eq!(
        plan(&many, &target, &mut ids()),
        Err(ImportError::TooManyColumns { max: MAX_COLUMNS })
    );
}

#[test]
fn card_content_is_checked_field_by_field() {
    let bad = CardContent {
        title: " ".into(),
        link: Some("ftp://x".into()),
        themes: (0..11).map(|i| format!("t{i}")).collect(),
        summary: Some("x".repeat(2001)),
        ..CardContent::default()
    };
    let errors = bad.validate_at("cards[2].").unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "cards[2].title",
            "cards[2].themes",
            "cards[2].summary",
            "cards[2].link"
        ]
    );
    let ok = CardContent {
        title: "  Espoo  ".into(),
        themes: vec!["Maker".into(), "maker".into()],
        sectors: vec![Sector::Public, Sector::Public],
        ..CardContent::default()
    }
    .validate()
    .unwrap();
    assert_eq!(
        (ok.title.as_str(), ok.themes.len(), ok.sectors.len()),
        ("Espoo", 1, 1)
    );
}

#[test]
fn filters_match_text_theme_sector_source_and_country() {
    let b = full_board();
    let hits = |f: Filter| {
        f.apply(&b.cards)
            .iter()
            .map(|c| c.id.0.as_u128())
            .collect::<Vec<_>>()
    };
    assert_eq!(hits(Filter::default()), [5, 6]);
    assert_eq!(
        hits(Filter {
            text: "3d LIBRARIES".into(),
            ..Filter::default()
        }),
        [5]
    );
    assert_eq!(
        hits(Filter {
            text: "printers nowhere".into(),
            ..Filter::default()
        }),
        Vec::<u128>::new()
    );
    assert_eq!(
        hits(Filter {
            text: "שפה".into(),
            ..Filter::default()
        }),
        [6]
    );
    assert_eq!(
        hits(Filter {
            theme: Some("Makerspaces".into()),
            ..Filter::default()
        }),
        [5]
    );
    assert_eq!(
        hits(Filter {
            sector: Some(Sector::Learner),
            ..Filter::default()
        }),
        [5]
    );
    assert_eq!(
        hits(Filter {
            sector: Some(Sector::Business),
            ..Filter::default()
        }),
        Vec::<u128>::new()
    );
    assert_eq!(
        hits(Filter {
            source: Some(Source::Other),
            ..Filter::default()
        }),
        [6]
    );
    assert_eq!(
        hits(Filter {
            country: Some("finland".into()),
            ..Filter::default()
        }),
        [5]
    );
    let (themes, countries) = filter::choices(&b.cards);
    assert_eq!(
        (themes, countries),
        (
            vec!["libraries".to_string(), "makerspaces".into()],
            vec!["Finland".to_string()]
        )
    );
}

#[test]
fn votes_comments_and_removed_columns_fold() {
    let mut b = full_board();
    let ev = |seq, change| BoardEvent {
        seq,
        at: 0,
        board_id: BoardId(Uuid::from_u128(77)),
        by: member(2),
        change,
    };
    let c5 = CardId(Uuid::from_u128(5));
    assert!(b.apply(&ev(
        2,
        BoardChange::VotesSet {
            card_id: c5,
            member_id: member(2),
            count: 1
        }
    )));
    assert_eq!(b.votes_of(member(2), c5), (1, 1));
    assert!(b.apply(&ev(
        3,
        BoardChange::VotesSet {
            card_id: c5,
            member_id: member(3),
            count: 2
        }
    )));
    assert_eq!(b.total_votes(c5), 3);
    let from = b.columns[0].id;
    let to = b.columns[1].id;
    assert!(b.apply(&ev(
        4,
        BoardChange::ColumnRemoved {
            column_id: from,
            cards_to: Some(to),
            places: vec![event::CardPlace {
                card_id: c5,
                key: "W".into()
            }],
        }
    )));
    assert_eq!(b.columns.len(), 1);
    assert_eq!(
        b.column_cards(to).map(|c| c.id).collect::<Vec<_>>(),
        [CardId(Uuid::from_u128(6)), c5]
    );
    assert!(b.apply(&ev(5, BoardChange::CardRemoved { card_id: c5 })));
    assert!(b.votes.is_empty() && b.comments.is_empty());
    assert_eq!(b.board.card_count, 1);
    assert!(
        !b.apply(&ev(5, BoardChange::CardRemoved { card_id: c5 })),
        "replayed"
    );
}

#[test]
fn board_events_read_back_as_written() {
    let b = full_board();
    let e = BoardEvent {
        seq: 9,
        at: 1,
        board_id: b.board.id,
        by: member(1),
        change: BoardChange::CardAdded {
            card: b.cards[0].clone(),
        },
    };
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["change"]["type"], "card_added");
    assert_eq!(json["change"]["card"]["origin_city"], "Espoo");
    assert_eq!(serde_json::from_value::<BoardEvent>(json).unwrap(), e);
}
