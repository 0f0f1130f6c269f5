//! The demo's global-innovation board: the examples the source texts name (Bat Yam's
//! programme for personal education, Netanya's schools and their uniqueness, the
//! makerspaces of the Espoo city libraries) and a few more told from public facts, spread
//! over the four columns, with some votes and comments. Links only where the address is
//! the project's own public site.

use hevruta_model::board::{
    BoardId, CardContent, CardId, Column, ColumnId, CommentId, CreateBoard, ImportCards, NewCard,
    NewComment, Source, spread_keys,
};
use hevruta_model::{ExpeditionId, Member, Sector};
use uuid::Uuid;

use super::{FACILITATOR, invalid};
use crate::store::{Store, StoreError};

pub const DEMO_BOARD_TITLE: &str = "Global innovations for Bat Yam";

/// A card: its column (0–3), who added it, and what it says.
struct Demo {
    column: usize,
    by: &'static str,
    title: &'static str,
    summary: &'static str,
    link: Option<&'static str>,
    city: Option<&'static str>,
    country: &'static str,
    source: Source,
    themes: &'static [&'static str],
    sectors: &'static [Sector],
    first_steps: Option<&'static str>,
}

const CARDS: &[Demo] = &[
    Demo {
        column: 3,
        by: "Noa, principal of a primary school",
        title: "Bat Yam's programme for personal education",
        summary: "During Education Cities, Bat Yam trained primary and middle school teachers in a humanistic approach focused on personal and social skills. Over eight years it reached almost every classroom, and in 2016 the city reached the best national rate of entitlement to a high-school diploma.",
        link: None,
        city: Some("Bat Yam"),
        country: "Israel",
        source: Source::Member,
        themes: &["personal education", "teacher training"],
        sectors: &[Sector::Public, Sector::Learner],
        first_steps: Some(
            "Train one group of teachers per school and meet monthly to share what works.",
        ),
    },
    Demo {
        column: 2,
        by: "Education Cities mentor",
        title: "Netanya's network of schools with their own uniqueness",
        summary: "In Netanya each school went through a meaningful process of defining and expressing its uniqueness, and the schools learn from each other as a network.",
        link: None,
        city: Some("Netanya"),
        country: "Israel",
        source: Source::Member,
        themes: &["school networks", "uniqueness"],
        sectors: &[Sector::Public],
        first_steps: Some(
            "Each school writes one page on what makes it unique; the principals read them together.",
        ),
    },
    Demo {
        column: 1,
        by: "Lucía, educating city of Viladecans",
        title: "Makerspaces at the Espoo city libraries",
        summary: "Collaborative work sites in Espoo's public libraries where people of different ages and interests help each other by sharing facilities and tools, knowledge, experience and ideas. Presented in the IAEC's Focus Experience.",
        link: Some("https://www.helmet.fi/en-US"),
        city: Some("Espoo"),
        country: "Finland",
        source: Source::Iaec,
        themes: &["makerspaces", "libraries", "intergenerational"],
        sectors: &[Sector::Public, Sector::Resident],
        first_steps: Some(
            "One room with a 3D printer and a sewing machine in one branch library, open two evenings a week.",
        ),
    },
    Demo {
        column: 0,
        by: "Education Cities mentor",
        title: "Education Cities: the city as one big school",
        summary: "An Israeli approach, chosen by HundrED in 2017 as one of ten leading education innovations: the municipality, businesses, non-profits and residents design the city's own model of education together.",
        link: Some("https://hundred.org"),
        city: None,
        country: "Israel",
        source: Source::Hundred,
        themes: &["educating cities", "partnerships"],
        sectors: &[
            Sector::Public,
            Sector::Business,
            Sector::NonProfit,
            Sector::SocialBusiness,
        ],
        first_steps: None,
    },
    Demo {
        column: 0,
        by: "Karim, youth centre",
        title: "The city of children (La città dei bambini)",
        summary: "Since 1991 Fano, and then hundreds of cities, have asked children's councils how to change streets and squares, following Francesco Tonucci: a city good for children is good for everyone.",
        link: Some("https://www.lacittadeibambini.org"),
        city: Some("Fano"),
        country: "Italy",
        source: Source::Other,
        themes: &["children's participation", "public space"],
        sectors: &[Sector::Public, Sector::Learner],
        first_steps: None,
    },
    Demo {
        column: 1,
        by: "Dana, local bakery chain",
        title: "Oodi central library's open workshops",
        summary: "Helsinki's central library lends its urban workshop (3D printers, laser cutters, sewing machines) and recording studios to anyone with a library card.",
        link: Some("https://oodihelsinki.fi/en/"),
        city: Some("Helsinki"),
        country: "Finland",
        source: Source::Member,
        themes: &["makerspaces", "libraries"],
        sectors: &[Sector::Public, Sector::Resident],
        first_steps: None,
    },
    Demo {
        column: 0,
        by: "Lucía, educating city of Viladecans",
        title: "The International Association of Educating Cities",
        summary: "A network of cities that sign the Charter of Educating Cities and share their practices in the IAEC Bank of Experiences.",
        link: Some("https://www.edcities.org/en/"),
        city: Some("Barcelona"),
        country: "Spain",
        source: Source::Iaec,
        themes: &["educating cities", "networks"],
        sectors: &[Sector::Public],
        first_steps: None,
    },
];

/// Votes: (card index, voter, count); comments: (card index, author, text).
const VOTES: &[(usize, &str, u32)] = &[
    (2, "Noa, principal of a primary school", 2),
    (2, "Amir, theatre company", 1),
    (1, "Karim, youth centre", 2),
    (0, "Dana, local bakery chain", 1),
    (4, "Karim, youth centre", 1),
];
const COMMENTS: &[(usize, &str, &str)] = &[
    (
        2,
        "Amir, theatre company",
        "Our theatre could run a set-building evening in such a room.",
    ),
    (
        2,
        "Dana, local bakery chain",
        "We would sponsor the materials for the first year. See https://www.helmet.fi/en-US",
    ),
    (
        1,
        "Noa, principal of a primary school",
        "Our school would start by asking the parents what they see as our uniqueness.",
    ),
];

/// Creates the demo board with its cards, votes and comments, unless it exists.
pub(super) async fn ensure_board(
    store: &Store,
    id: ExpeditionId,
    members: &[Member],
) -> Result<(), StoreError> {
    if store
        .board_listing(id)
        .await?
        .boards
        .iter()
        .any(|b| b.title == DEMO_BOARD_TITLE)
    {
        return Ok(());
    }
    let member = |name: &str| {
        members
            .iter()
            .find(|m| m.display_name == name)
            .map(|m| m.id)
            .ok_or_else(|| StoreError::Corrupt(format!("demo member {name:?} is missing")))
    };
    let refused = |what: &str| StoreError::Corrupt(format!("the demo board's {what} was refused"));
    let columns: Vec<Column> = [
        "Discovered",
        "Exploring",
        "Adapting for our city",
        "Piloting",
    ]
    .iter()
    .zip(spread_keys(4))
    .map(|(title, key)| Column {
        id: ColumnId(Uuid::now_v7()),
        title: (*title).into(),
        key,
    })
    .collect();
    let board = CreateBoard {
        id: BoardId(Uuid::now_v7()),
        title: DEMO_BOARD_TITLE.into(),
        columns: Some(columns.clone()),
    }
    .validate()
    .map_err(invalid)?;
    let board_id = board.id;
    store
        .create_board(id, board, member(FACILITATOR)?)
        .await?
        .map_err(|_| refused("board"))?;
    let mut ids = Vec::new();
    for (i, demo) in CARDS.iter().enumerate() {
        let column = &columns[demo.column];
        let slot = CARDS[..i]
            .iter()
            .filter(|d| d.column == demo.column)
            .count();
        let card = NewCard {
            id: CardId(Uuid::now_v7()),
            column_id: column.id,
            key: spread_keys(8)[slot].clone(),
            content: CardContent {
                title: demo.title.into(),
                summary: Some(demo.summary.into()),
                link: demo.link.map(Into::into),
                origin_city: demo.city.map(Into::into),
                origin_country: Some(demo.country.into()),
                source: demo.source,
                themes: demo.themes.iter().map(|t| (*t).into()).collect(),
                sectors: demo.sectors.to_vec(),
                impact: None,
                scalability: None,
                first_steps: demo.first_steps.map(Into::into),
            },
            from_learning: None,
        };
        let import = ImportCards {
            columns: vec![],
            cards: vec![card.clone()],
        }
        .validate()
        .map_err(invalid)?;
        ids.push(card.id);
        store
            .import_cards(id, board_id, import, member(demo.by)?)
            .await?
            .map_err(|_| refused("card"))?;
    }
    for (card, who, count) in VOTES {
        store
            .set_votes(id, board_id, ids[*card], *count, member(who)?)
            .await?
            .map_err(|_| refused("vote"))?;
    }
    for (card, who, text) in COMMENTS {
        let comment = NewComment {
            id: CommentId(Uuid::now_v7()),
            text: (*text).into(),
        }
        .validate()
        .map_err(invalid)?;
        store
            .add_comment(id, board_id, ids[*card], comment, member(who)?)
            .await?
            .map_err(|_| refused("comment"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::ensure_demo;

    #[tokio::test]
    async fn the_demo_board_holds_the_named_examples_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("demo.sqlite3")).await.unwrap();
        let first = ensure_demo(&store).await.unwrap();
        ensure_demo(&store).await.unwrap();
        let boards = store
            .board_listing(first.expedition_id)
            .await
            .unwrap()
            .boards;
        assert_eq!(boards.len(), 1, "a second run adds no board");
        let board = store
            .board_snapshot(first.expedition_id, boards[0].id)
            .await
            .unwrap()
            .unwrap();
        let titles: Vec<&str> = board
            .cards
            .iter()
            .map(|c| c.content.title.as_str())
            .collect();
        for named in [
            "Bat Yam's programme",
            "Netanya's network",
            "Espoo city libraries",
        ] {
            assert!(
                titles.iter().any(|t| t.contains(named)),
                "{named} in {titles:?}"
            );
        }
        assert_eq!(board.cards.len(), CARDS.len());
        assert_eq!(board.votes.iter().map(|v| v.count).sum::<u32>(), 7);
        assert_eq!(board.comments.len(), COMMENTS.len());
        for column in &board.columns {
            assert!(
                board.column_cards(column.id).next().is_some(),
                "{} is empty",
                column.title
            );
        }
    }
}
