//! The demo expedition `cargo xtask run` opens on a fresh machine, so there is something
//! to look at before anyone has created anything: Bat Yam's lab with its partners from the
//! four sectors, and a City Education Model canvas they have already filled in, in English,
//! Hebrew, Spanish and Arabic, from what the Education Cities texts tell of Bat Yam,
//! Netanya and Espoo, and a global-innovation board of the examples they name (`boards`).
//!
//! Every piece is ensured, not assumed: a later run finds the expedition, its partners and
//! its canvas by name and adds only what is missing (so a database seeded by an older
//! version gets the canvas too). Stickies go in through the same checks and store path as
//! the API's op batches, one batch per sticky, so the log reads like a session.

use hevruta_model::canvas::{Op, OpId, OpKind, Section, StickyColor, StickyId, Template};
use hevruta_model::{
    CreateExpedition, DisplayName, ExpeditionId, ExpeditionSnapshot, JoinCode, Member, Role,
    Sector, Title, ValidJoin,
};
use uuid::Uuid;

mod boards;
mod circles;

use crate::auth::{hash_token, new_join_code, new_token};
use crate::store::{OpsOutcome, Store, StoreError};

pub const DEMO_TITLE: &str = "Bat Yam: the city as one big school (demo)";
pub const DEMO_CANVAS_TITLE: &str = "Bat Yam's city education model";

const FACILITATOR: &str = "Demo facilitator";

/// Who takes part besides the facilitator, and the colour each one writes in.
const PARTNERS: [(&str, Sector); 6] = [
    ("Noa, principal of a primary school", Sector::Public),
    ("Amir, theatre company", Sector::NonProfit),
    ("Dana, local bakery chain", Sector::Business),
    ("Lucía, educating city of Viladecans", Sector::Public),
    ("Karim, youth centre", Sector::NonProfit),
    ("Education Cities mentor", Sector::SocialBusiness),
];

fn color_of(author: &str) -> StickyColor {
    match author {
        "Noa, principal of a primary school" => StickyColor::Pink,
        "Amir, theatre company" => StickyColor::Purple,
        "Dana, local bakery chain" => StickyColor::Orange,
        "Lucía, educating city of Viladecans" => StickyColor::Blue,
        "Karim, youth centre" => StickyColor::Green,
        _ => StickyColor::Yellow,
    }
}

/// The canvas's stickies in the order they are written: (section, author, text).
const NOTES: &[(&str, &str, &str)] = &[
    (
        "dreams",
        FACILITATOR,
        "Bat Yam as one big school: every child and adult learns from their strengths.",
    ),
    (
        "dreams",
        "Noa, principal of a primary school",
        "שכל ילד וילדה ימצאו את הייחודיות שלהם ויבטאו אותה",
    ),
    (
        "dreams",
        "Lucía, educating city of Viladecans",
        "Que la ciudad entera sea un aula: la biblioteca, el teatro, el mercado.",
    ),
    (
        "learners_uniqueness",
        "Noa, principal of a primary school",
        "Everyone brings a unique package: find it, express it, and see the others' too.",
    ),
    (
        "learners_uniqueness",
        "Karim, youth centre",
        "كل طالب يحمل موهبة خاصة، ودورنا أن نساعده على اكتشافها",
    ),
    (
        "city_strengths",
        FACILITATOR,
        "8 years of personal education: social skills in almost every primary and middle-school class.",
    ),
    (
        "city_strengths",
        "Amir, theatre company",
        "תיאטרון, חוף ים וקהילות מכל העולם: העיר כבר מלאה במורים",
    ),
    (
        "growth_areas",
        "Dana, local bakery chain",
        "Schools feel like islands: businesses hardly know what happens inside.",
    ),
    (
        "growth_areas",
        "Noa, principal of a primary school",
        "לחבר גם את התיכונים: התוכנית לחינוך אישי הגיעה בעיקר ליסודי ולחטיבות הביניים",
    ),
    (
        "partners_by_sector",
        "Education Cities mentor",
        "1st sector: the municipality, schools, welfare, employment, city planning.",
    ),
    (
        "partners_by_sector",
        "Dana, local bakery chain",
        "2nd sector: businesses. Our bakeries can host pupils for a morning of real work.",
    ),
    (
        "partners_by_sector",
        "Amir, theatre company",
        "3rd sector: non-profits: the theatre, youth movements, community centres.",
    ),
    (
        "partners_by_sector",
        "Education Cities mentor",
        "4th sector: social businesses, like Education Cities itself.",
    ),
    (
        "learning_spaces",
        "Lucía, educating city of Viladecans",
        "Espoo (Finlandia): makerspaces en las bibliotecas, donde todas las edades comparten herramientas e ideas.",
    ),
    (
        "learning_spaces",
        FACILITATOR,
        "Our libraries as makerspaces: pupils in the morning, everyone after school.",
    ),
    (
        "learning_spaces",
        "Amir, theatre company",
        "The theatre's rehearsal hall stands empty every morning.",
    ),
    (
        "budget_rules",
        FACILITATOR,
        "The mandate has moved to the city: no need to wait for a national programme.",
    ),
    (
        "budget_rules",
        "Dana, local bakery chain",
        "Safety and insurance rules for pupils learning inside a business?",
    ),
    (
        "pilot_initiatives",
        "Noa, principal of a primary school",
        "Netanya's way: each school defines its uniqueness, then schools teach each other.",
    ),
    (
        "pilot_initiatives",
        "Karim, youth centre",
        "مختبر ابتكار تربوي في المدينة يجمع المعلمين والأهالي وأصحاب المصالح",
    ),
    (
        "pilot_initiatives",
        "Education Cities mentor",
        "A learning expedition in all three circles: our experience, colleagues, the world.",
    ),
    (
        "measures_of_success",
        FACILITATOR,
        "Diploma entitlement, raised step by step: the best national average in 2016.",
    ),
    (
        "measures_of_success",
        "Lucía, educating city of Viladecans",
        "¿Cuántos niños aprenden cada semana fuera de la escuela?",
    ),
];

/// The SPA's sticky size (`src/tools/canvas/geometry.rs`): a placed sticky fits its section.
pub const STICKY_SIZE: (f64, f64) = (180.0, 120.0);

/// Where the `slot`-th sticky of a section goes: below the section's title and prompt, in
/// three columns and two rows taken in a staggered order, nudged a little so the canvas
/// looks written on rather than printed.
pub fn place(section: &Section, slot: usize) -> (f64, f64) {
    const SLOTS: [(f64, f64); 6] = [
        (0.0, 0.0),
        (1.0, 1.0),
        (2.0, 0.0),
        (0.0, 1.0),
        (2.0, 1.0),
        (1.0, 0.0),
    ];
    const NUDGE: [(f64, f64); 6] = [
        (0.0, 4.0),
        (-8.0, -6.0),
        (6.0, 10.0),
        (10.0, -4.0),
        (-4.0, 8.0),
        (4.0, -10.0),
    ];
    let (col, row) = SLOTS[slot % SLOTS.len()];
    let (dx, dy) = NUDGE[slot % NUDGE.len()];
    (
        section.x + 40.0 + col * 270.0 + dx,
        section.y + 185.0 + row * 200.0 + dy,
    )
}

/// How to get into the demo: its code for participants and a fresh facilitator token.
pub struct DemoAccess {
    pub expedition_id: ExpeditionId,
    pub join_code: JoinCode,
    pub facilitator_token: String,
}

/// Creates what is missing of the demo and finds the rest. Either way mints a new
/// facilitator session, because tokens are stored only as hashes and cannot be shown again.
pub async fn ensure_demo(store: &Store) -> Result<DemoAccess, StoreError> {
    let id = match store.find_by_title(DEMO_TITLE).await? {
        Some(id) => id,
        None => create_expedition(store).await?,
    };
    let snapshot = snapshot(store, id).await?;
    let join_code = snapshot
        .join_code
        .clone()
        .ok_or_else(|| StoreError::Corrupt("demo has no join code".into()))?;
    let members = ensure_partners(store, snapshot, &join_code).await?;
    ensure_canvas(store, id, &members).await?;
    circles::ensure(store, id, &join_code, &members).await?;
    boards::ensure_board(store, id, &members).await?;
    let facilitator = members
        .iter()
        .find(|m| m.role == Role::Facilitator)
        .ok_or_else(|| StoreError::Corrupt("demo has no facilitator".into()))?;
    let token = new_token();
    store
        .add_session(facilitator.id, &hash_token(&token))
        .await?;
    Ok(DemoAccess {
        expedition_id: id,
        join_code,
        facilitator_token: token,
    })
}

fn invalid(what: impl std::fmt::Debug) -> StoreError {
    StoreError::Corrupt(format!("demo data is invalid: {what:?}"))
}

async fn snapshot(store: &Store, id: ExpeditionId) -> Result<ExpeditionSnapshot, StoreError> {
    store
        .snapshot(id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("demo expedition vanished".into()))
}

async fn create_expedition(store: &Store) -> Result<ExpeditionId, StoreError> {
    let new = CreateExpedition {
        title: DEMO_TITLE.into(),
        city: "Bat Yam".into(),
        challenge: "How can every school, business, non-profit and resident of Bat Yam become a place where children and adults learn from their strengths?".into(),
        display_name: FACILITATOR.into(),
        sector: Sector::Public,
    }
    .validate()
    .map_err(invalid)?;
    let created = store
        .create_expedition(&new, &new_join_code(), &hash_token(&new_token()))
        .await?;
    Ok(created.id)
}

/// Joins every partner who is not a member yet; returns all members.
async fn ensure_partners(
    store: &Store,
    snapshot: ExpeditionSnapshot,
    code: &JoinCode,
) -> Result<Vec<Member>, StoreError> {
    let mut members = snapshot.members;
    for (name, sector) in PARTNERS {
        if members.iter().any(|m| m.display_name == name) {
            continue;
        }
        let join = ValidJoin {
            code: code.clone(),
            display_name: DisplayName::parse(name).map_err(invalid)?,
            sector: Some(sector),
            role: Role::Participant,
        };
        let (_, member, _) = store
            .join(&join, &hash_token(&new_token()))
            .await?
            .ok_or_else(|| StoreError::Corrupt("the demo's join code is unknown".into()))?;
        members.push(member);
    }
    Ok(members)
}

/// Creates the demo canvas and writes its stickies, unless a canvas of that name exists.
async fn ensure_canvas(
    store: &Store,
    id: ExpeditionId,
    members: &[Member],
) -> Result<(), StoreError> {
    if store
        .canvases(id)
        .await?
        .iter()
        .any(|c| c.title == DEMO_CANVAS_TITLE)
    {
        return Ok(());
    }
    let member = |name: &str| {
        members
            .iter()
            .find(|m| m.display_name == name)
            .ok_or_else(|| StoreError::Corrupt(format!("demo member {name:?} is missing")))
    };
    let template = Template::CityEducationModel;
    let title = Title::parse(DEMO_CANVAS_TITLE).map_err(invalid)?;
    let (canvas, _) = store
        .create_canvas(id, &title, template, member(FACILITATOR)?.id)
        .await?;
    let sections = template.sections();
    for (i, (key, author, text)) in NOTES.iter().enumerate() {
        let section = sections
            .iter()
            .find(|s| s.key == *key)
            .ok_or_else(|| invalid(key))?;
        let slot = NOTES[..i].iter().filter(|(k, _, _)| k == key).count();
        let (x, y) = place(section, slot);
        let op = Op {
            id: OpId(Uuid::now_v7()),
            sticky: StickyId(Uuid::now_v7()),
            kind: OpKind::Create {
                section: Some(section.key.clone()),
                text: (*text).to_owned(),
                color: color_of(author),
                x,
                y,
            },
        };
        op.validate(template).map_err(invalid)?;
        match store
            .apply_ops(id, canvas.id, member(author)?, vec![op])
            .await?
        {
            OpsOutcome::Applied { .. } => {}
            refused => return Err(invalid(refused)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use hevruta_model::canvas::Board;

    use super::*;

    async fn demo_canvas(store: &Store, id: ExpeditionId) -> Board {
        let canvases = store.canvases(id).await.unwrap();
        let demo: Vec<_> = canvases
            .iter()
            .filter(|c| c.title == DEMO_CANVAS_TITLE)
            .collect();
        assert_eq!(demo.len(), 1, "one demo canvas: {canvases:?}");
        assert_eq!(demo[0].template, Template::CityEducationModel);
        store.board(id, demo[0].id, None).await.unwrap().0
    }

    fn inside(s: &Section, (x, y): (f64, f64)) -> bool {
        x >= s.x && y >= s.y && x + STICKY_SIZE.0 <= s.x + s.w && y + STICKY_SIZE.1 <= s.y + s.h
    }

    #[test]
    fn every_slot_is_inside_its_section_and_below_its_heading() {
        for section in Template::CityEducationModel.sections() {
            let spots: Vec<_> = (0..6).map(|slot| place(&section, slot)).collect();
            for (slot, &spot) in spots.iter().enumerate() {
                assert!(inside(&section, spot), "slot {slot} of {}", section.key);
                assert!(spot.1 >= section.y + 170.0, "slot {slot} covers the prompt");
            }
            for (i, a) in spots.iter().enumerate() {
                for b in &spots[i + 1..] {
                    let apart =
                        (a.0 - b.0).abs() >= STICKY_SIZE.0 || (a.1 - b.1).abs() >= STICKY_SIZE.1;
                    assert!(apart, "{a:?} and {b:?} overlap in {}", section.key);
                }
            }
        }
    }

    #[tokio::test]
    async fn the_demo_opens_on_a_filled_city_education_model() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("demo.sqlite3")).await.unwrap();

        let demo = ensure_demo(&store).await.unwrap();

        let board = demo_canvas(&store, demo.expedition_id).await;
        let stickies = board.visible();
        assert!(stickies.len() >= 18, "{} stickies", stickies.len());
        let sections = Template::CityEducationModel.sections();
        for s in &stickies {
            let key = s
                .section
                .value
                .as_deref()
                .expect("every sticky is in a section");
            let section = sections.iter().find(|sec| sec.key == key).unwrap();
            assert!(
                inside(section, s.position.value),
                "{:?} outside {key}",
                s.text.value
            );
        }
        let used: BTreeSet<_> = stickies.iter().map(|s| s.section.value.clone()).collect();
        assert_eq!(used.len(), sections.len(), "every section has stickies");
        let authors: BTreeSet<_> = stickies.iter().map(|s| s.author).collect();
        assert!(authors.len() >= 5, "{} authors", authors.len());
        let colors: HashSet<_> = stickies.iter().map(|s| s.color.value).collect();
        assert!(colors.len() >= 4, "{colors:?}");
        let written_in = |range: std::ops::RangeInclusive<char>| {
            stickies
                .iter()
                .filter(|s| s.text.value.chars().any(|c| range.contains(&c)))
                .count()
        };
        assert!(written_in('\u{05d0}'..='\u{05ea}') >= 2, "Hebrew");
        assert!(written_in('\u{0621}'..='\u{064a}') >= 1, "Arabic");
        assert!(
            stickies.iter().any(|s| s.text.value.contains("¿")),
            "Spanish"
        );
        // One event per sticky, numbered in order after the canvas's creation.
        let seqs: BTreeSet<_> = stickies.iter().map(|s| s.created.unwrap().seq).collect();
        assert_eq!(seqs.len(), stickies.len());
    }

    #[tokio::test]
    async fn a_second_run_adds_nothing_but_a_session() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("demo.sqlite3");
        let first = ensure_demo(&Store::open(&db).await.unwrap()).await.unwrap();
        let store = Store::open(&db).await.unwrap();
        let before = store.snapshot(first.expedition_id).await.unwrap().unwrap();

        let second = ensure_demo(&store).await.unwrap();

        assert_eq!(second.expedition_id, first.expedition_id);
        assert_eq!(second.join_code, first.join_code);
        assert_ne!(second.facilitator_token, first.facilitator_token);
        let after = store.snapshot(first.expedition_id).await.unwrap().unwrap();
        assert_eq!(after.last_seq, before.last_seq, "no new events");
        assert_eq!(
            after.members.len(),
            PARTNERS.len() + 1 + circles::MORE_PARTNERS.len()
        );
        let board = demo_canvas(&store, first.expedition_id).await;
        assert_eq!(board.visible().len(), NOTES.len());
    }

    #[tokio::test]
    async fn an_older_demo_without_canvas_gets_its_partners_and_canvas() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("demo.sqlite3")).await.unwrap();
        let id = create_expedition(&store).await.unwrap();

        let demo = ensure_demo(&store).await.unwrap();

        assert_eq!(demo.expedition_id, id);
        let members = store.snapshot(id).await.unwrap().unwrap().members;
        assert_eq!(
            members.len(),
            PARTNERS.len() + 1 + circles::MORE_PARTNERS.len()
        );
        assert_eq!(demo_canvas(&store, id).await.visible().len(), NOTES.len());
    }
}
