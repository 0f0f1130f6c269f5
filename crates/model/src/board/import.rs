//! Import and export of whole boards. JSON export is the board as the API gives it, under
//! a format name, and reads back to the same board. Import reads either that or a Trello
//! board's JSON export (lists → columns, cards, labels → themes; fields Trello adds later
//! are ignored), checks every row, and returns a plan: the valid rows ready to send and
//! the rejected ones with why, so the member chooses between nothing and the valid rows.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::{
    BoardSnapshot, CardContent, CardId, Column, ColumnId, MAX_COLUMNS, MAX_IMPORT_BYTES, NewCard,
    Source, key_after, spread_keys,
};
use crate::problem::FieldCode;
use crate::{FieldError, WebUrl};

/// The `format` of a Hevruta board export.
pub const FORMAT: &str = "hevruta.board";
pub const VERSION: u32 = 1;

/// A Hevruta board export file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardExport {
    pub format: String,
    pub version: u32,
    pub board: BoardSnapshot,
}

/// The board as a JSON file: columns, cards, votes, comments and provenance, losslessly.
pub fn export_json(board: &BoardSnapshot) -> String {
    serde_json::to_string_pretty(&BoardExport {
        format: FORMAT.into(),
        version: VERSION,
        board: board.clone(),
    })
    .unwrap_or_default()
}

/// Reads an export back (the round trip of `export_json`).
pub fn read_export(text: &str) -> Result<BoardSnapshot, ImportError> {
    let value = parse(text)?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(ImportError::UnknownFormat);
    }
    let export: BoardExport =
        serde_json::from_value(value).map_err(|e| ImportError::WrongShape(e.to_string()))?;
    Ok(export.board)
}

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Bigger than `MAX_IMPORT_BYTES`.
    TooLarge { max: usize },
    /// Not JSON (or nested deeper than a parser should follow).
    NotJson(String),
    /// JSON, but neither a Hevruta export nor a Trello board.
    UnknownFormat,
    /// The right format with the wrong shape where rows cannot be told apart.
    WrongShape(String),
    /// More columns than a board may have.
    TooManyColumns { max: usize },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooLarge { max } => write!(f, "the file is over {} MiB", max >> 20),
            ImportError::NotJson(e) => write!(f, "the file is not JSON: {e}"),
            ImportError::UnknownFormat => {
                f.write_str("the file is neither a Hevruta board nor a Trello export")
            }
            ImportError::WrongShape(e) => write!(f, "the file has the wrong shape: {e}"),
            ImportError::TooManyColumns { max } => write!(f, "a board has at most {max} columns"),
        }
    }
}

/// A row that will not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Its place in the file's cards, from 0.
    pub row: usize,
    /// Its title as far as it could be read.
    pub title: String,
    pub errors: Vec<FieldError>,
}

/// What importing a file would do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportPlan {
    /// Columns to add (columns with a title the board has already are reused).
    pub columns: Vec<Column>,
    /// The valid cards, with new ids, in the file's order.
    pub cards: Vec<NewCard>,
    pub rejected: Vec<Rejected>,
    /// Archived lists and cards left out.
    pub skipped: usize,
}

fn parse(text: &str) -> Result<Value, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            max: MAX_IMPORT_BYTES,
        });
    }
    serde_json::from_str(text).map_err(|e| ImportError::NotJson(e.to_string()))
}

/// A column read from a file, before it is matched with the board's.
struct FileColumn {
    file_id: String,
    title: String,
}

/// A card read from a file: where it goes and what it says, or why it cannot.
struct FileCard {
    column: Option<String>,
    content: Result<CardContent, Vec<FieldError>>,
    title: String,
}

/// Reads `text` (a Hevruta export or a Trello board) into a plan for `board`, with ids
/// from `new_id`.
pub fn plan(
    text: &str,
    board: &BoardSnapshot,
    new_id: &mut dyn FnMut() -> Uuid,
) -> Result<ImportPlan, ImportError> {
    let value = parse(text)?;
    let (columns, cards, skipped) = if value.get("format").and_then(Value::as_str) == Some(FORMAT) {
        hevruta_rows(value)?
    } else if value.get("lists").is_some() && value.get("cards").is_some() {
        trello_rows(&value)?
    } else {
        return Err(ImportError::UnknownFormat);
    };
    let mut plan = ImportPlan {
        skipped,
        ..ImportPlan::default()
    };
    // Columns: reuse one of the same title, else add one after the last.
    let mut last_key = board.columns.last().map(|c| c.key.clone());
    let mut mapping: Vec<(String, ColumnId)> = Vec::new();
    for fc in &columns {
        let existing = board
            .columns
            .iter()
            .chain(plan.columns.iter())
            .find(|c| c.title.trim().to_lowercase() == fc.title.trim().to_lowercase())
            .map(|c| c.id);
        let id = match existing {
            Some(id) => id,
            None => {
                let key = key_after(last_key.as_deref());
                last_key = Some(key.clone());
                // A list whose name cannot be a column title still takes its cards.
                let title = crate::ColumnTitle::parse(&fc.title)
                    .map(crate::ColumnTitle::into_inner)
                    .unwrap_or_else(|_| {
                        let cut: String = fc.title.trim().chars().take(60).collect();
                        crate::ColumnTitle::parse(&cut)
                            .map(crate::ColumnTitle::into_inner)
                            .unwrap_or_else(|_| "Imported".into())
                    });
                let id = ColumnId(new_id());
                plan.columns.push(Column { id, title, key });
                id
            }
        };
        mapping.push((fc.file_id.clone(), id));
    }
    if board.columns.len() + plan.columns.len() > MAX_COLUMNS {
        return Err(ImportError::TooManyColumns { max: MAX_COLUMNS });
    }
    // Cards: checked row by row; each column's new cards go after its last card.
    let mut valid: Vec<(ColumnId, CardContent)> = Vec::new();
    for (row, fc) in cards.into_iter().enumerate() {
        let column = fc
            .column
            .as_ref()
            .and_then(|c| mapping.iter().find(|(f, _)| f == c).map(|(_, id)| *id));
        let Some(column) = column else {
            plan.rejected.push(Rejected {
                row,
                title: fc.title,
                errors: vec![FieldError::new(
                    "column",
                    FieldCode::UnknownColumn,
                    "its list is missing, archived or not valid",
                )],
            });
            continue;
        };
        match fc.content.and_then(|c| c.validate()) {
            Ok(content) => valid.push((column, content)),
            Err(errors) => plan.rejected.push(Rejected {
                row,
                title: fc.title,
                errors,
            }),
        }
    }
    let mut keys: Vec<(ColumnId, std::vec::IntoIter<String>)> = Vec::new();
    for (column, _) in &valid {
        if keys.iter().any(|(c, _)| c == column) {
            continue;
        }
        let n = valid.iter().filter(|(c, _)| c == column).count();
        let prefix = board
            .column_cards(*column)
            .last()
            .map(|c| c.key.clone())
            .unwrap_or_default();
        let made: Vec<String> = spread_keys(n)
            .into_iter()
            .map(|k| format!("{prefix}{k}"))
            .collect();
        keys.push((*column, made.into_iter()));
    }
    for (column, content) in valid {
        let key = keys
            .iter_mut()
            .find(|(c, _)| *c == column)
            .and_then(|(_, k)| k.next())
            .unwrap_or_else(|| "V".into());
        plan.cards.push(NewCard {
            id: CardId(new_id()),
            column_id: column,
            key,
            content,
            from_learning: None,
        });
    }
    Ok(plan)
}

type Rows = (Vec<FileColumn>, Vec<FileCard>, usize);

fn hevruta_rows(value: Value) -> Result<Rows, ImportError> {
    let export: BoardExport =
        serde_json::from_value(value).map_err(|e| ImportError::WrongShape(e.to_string()))?;
    let b = export.board;
    let columns = b
        .columns
        .iter()
        .map(|c| FileColumn {
            file_id: c.id.to_string(),
            title: c.title.clone(),
        })
        .collect();
    let cards = b
        .cards
        .into_iter()
        .map(|c| FileCard {
            column: Some(c.column_id.to_string()),
            title: c.content.title.clone(),
            content: Ok(c.content),
        })
        .collect();
    Ok((columns, cards, 0))
}

fn wrong_type(field: &str, what: &str) -> FieldError {
    FieldError::new(field, FieldCode::Malformed, format!("must be {what}"))
}

/// A string field of a Trello object: absent is `None`, another type an error.
fn string(obj: &Value, field: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    match obj.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.push(wrong_type(field, "text"));
            None
        }
    }
}

fn closed(obj: &Value) -> bool {
    obj.get("closed").and_then(Value::as_bool).unwrap_or(false)
}

fn pos(obj: &Value) -> f64 {
    obj.get("pos").and_then(Value::as_f64).unwrap_or(0.0)
}

fn trello_rows(value: &Value) -> Result<Rows, ImportError> {
    let array = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_array)
            .ok_or_else(|| ImportError::WrongShape(format!("`{name}` must be a list")))
    };
    let lists = array("lists")?;
    let cards = array("cards")?;
    let labels = value.get("labels").and_then(Value::as_array);
    let mut skipped = 0;
    let mut open_lists: Vec<(f64, FileColumn)> = Vec::new();
    for list in lists {
        let (Some(id), Some(name)) = (
            list.get("id").and_then(Value::as_str),
            list.get("name").and_then(Value::as_str),
        ) else {
            continue; // its cards are rejected as having no list
        };
        if closed(list) {
            skipped += 1;
            continue;
        }
        open_lists.push((
            pos(list),
            FileColumn {
                file_id: id.to_owned(),
                title: name.to_owned(),
            },
        ));
    }
    open_lists.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rows: Vec<(String, f64, FileCard)> = Vec::new();
    for card in cards {
        if !card.is_object() {
            rows.push((
                String::new(),
                0.0,
                FileCard {
                    column: None,
                    title: String::new(),
                    content: Err(vec![wrong_type("card", "an object")]),
                },
            ));
            continue;
        }
        if closed(card) {
            skipped += 1;
            continue;
        }
        let mut errors = Vec::new();
        let title = string(card, "name", &mut errors).unwrap_or_default();
        let summary = string(card, "desc", &mut errors).filter(|s| !s.trim().is_empty());
        let list = card
            .get("idList")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let themes = trello_labels(card, labels);
        let link = card
            .get("attachments")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("url").and_then(Value::as_str))
            .find(|u| WebUrl::parse(u).is_ok())
            .map(str::to_owned);
        let content = CardContent {
            title: title.clone(),
            summary,
            link,
            source: Source::Other,
            themes,
            ..CardContent::default()
        };
        let file_card = FileCard {
            column: list.clone(),
            title,
            content: if errors.is_empty() {
                Ok(content)
            } else {
                Err(errors)
            },
        };
        rows.push((list.unwrap_or_default(), pos(card), file_card));
    }
    // Trello orders cards by `pos` within a list; rows keep their file order for reports.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| rows[a].1.total_cmp(&rows[b].1));
    let mut ranked: Vec<Option<FileCard>> = rows.into_iter().map(|(_, _, c)| Some(c)).collect();
    let cards = order.into_iter().filter_map(|i| ranked[i].take()).collect();
    Ok((
        open_lists.into_iter().map(|(_, c)| c).collect(),
        cards,
        skipped,
    ))
}

/// A Trello card's label names (a colour's name when a label has none), as themes.
fn trello_labels(card: &Value, board_labels: Option<&Vec<Value>>) -> Vec<String> {
    let name_of = |l: &Value| {
        l.get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.trim().is_empty())
            .or_else(|| l.get("color").and_then(Value::as_str))
            .map(str::to_owned)
    };
    let mut names: Vec<String> = card
        .get("labels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(name_of)
        .collect();
    if names.is_empty() {
        for id in card
            .get("idLabels")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if let Some(l) = board_labels
                .into_iter()
                .flatten()
                .find(|l| l.get("id").and_then(Value::as_str) == Some(id))
                && let Some(n) = name_of(l)
            {
                names.push(n);
            }
        }
    }
    names.dedup();
    names
}
