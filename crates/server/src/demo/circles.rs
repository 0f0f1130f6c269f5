//! The demo's stage 1 and 2: a dozen partner profiles and learnings in all three circles,
//! in English, Hebrew, Arabic and Spanish, drawn from the Education Cities texts (Bat Yam's
//! personal education, Netanya's schools, Espoo's library makerspaces, Hadera, the IAEC
//! networks). Ensured like the rest of the demo: profiles only for partners without one,
//! learnings only into an expedition that has none.

use hevruta_model::{
    CreateLearning, DisplayName, ExpeditionId, JoinCode, LearningDraft, LearningId, Member, Role,
    SaveProfile, Sector, ValidJoin,
};
use uuid::Uuid;

use super::invalid;
use crate::auth::{hash_token, new_token};
use crate::store::{LearningOutcome, Store, StoreError};

/// Partners who join for the circles, besides the canvas's.
pub(super) const MORE_PARTNERS: [(&str, Sector); 5] = [
    ("Yossi, Hadera education department", Sector::Public),
    ("Maya, ed-tech start-up", Sector::Business),
    ("Rivka, parent in Ramat Yosef", Sector::Resident),
    ("Omar, 11th grade", Sector::Learner),
    ("Sara, makerspace volunteer", Sector::NonProfit),
];

/// (member, dream, passions, offers, looking for, organisation).
type ProfileRow = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);

const PROFILES: &[ProfileRow] = &[
    (
        "Demo facilitator",
        "A lab where every partner finds what they are good at, and the city sees it.",
        &["collaboration", "democratic education"],
        &["facilitation", "a meeting room"],
        &["partners from business"],
        "Bat Yam municipality",
    ),
    (
        "Noa, principal of a primary school",
        "שכל ילד וילדה בבת ים ימצאו את הייחודיות שלהם ויבטאו אותה",
        &["חינוך אישי", "outdoor learning", "theatre"],
        &["a school yard after 14:00"],
        &["mentors from business", "a stage"],
        "Bialik primary school",
    ),
    (
        "Amir, theatre company",
        "A theatre where every class rehearses once a term.",
        &["Theatre", "community"],
        &["a stage", "drama workshops"],
        &["teachers who write"],
        "Bat Yam Youth Theatre",
    ),
    (
        "Dana, local bakery chain",
        "Apprenticeships in every neighbourhood shop.",
        &["entrepreneurship", "Outdoor-learning"],
        &["mentors from business", "apprenticeships"],
        &["a school yard after 14:00"],
        "Lehem Bat Yam",
    ),
    (
        "Lucía, educating city of Viladecans",
        "Que la ciudad entera sea un aula: la biblioteca, el teatro, el mercado.",
        &["ciudad educadora", "Théâtre"],
        &["the Spanish network's experience"],
        &["democratic education"],
        "Ajuntament de Viladecans",
    ),
    (
        "Karim, youth centre",
        "أن يجد كل شاب في المدينة مكانًا يتعلم فيه من قوته",
        &["makerspaces", "community"],
        &["an evening space"],
        &["tools", "drama workshops"],
        "مركز الشباب",
    ),
    (
        "Education Cities mentor",
        "Cities that learn from their schools, and schools from their cities.",
        &["democratic education", "collaboration"],
        &["the Education Team Model"],
        &["a meeting room"],
        "Education Cities",
    ),
    (
        "Yossi, Hadera education department",
        "A network of schools in Hadera that teach each other.",
        &["networks of schools", "makerspaces"],
        &["budget for pilots"],
        &["the Education Team Model"],
        "Hadera municipality",
    ),
    (
        "Maya, ed-tech start-up",
        "Every learner with a portfolio of what they made, not only grades.",
        &["Makerspaces", "entrepreneurship"],
        &["tools", "coding workshops"],
        &["an evening space"],
        "Kodkod Labs",
    ),
    (
        "Rivka, parent in Ramat Yosef",
        "שהורים יוכלו לבחור בית ספר שמתאים לילד שלהם",
        &["חינוך אישי", "community"],
        &["parents' evenings"],
        &["drama workshops"],
        "",
    ),
    (
        "Omar, 11th grade",
        "مدرسة نتعلم فيها ما نحبه ونعلّمه للآخرين",
        &["makerspaces", "Theatre"],
        &["a student council"],
        &["coding workshops"],
        "",
    ),
    (
        "Sara, makerspace volunteer",
        "Una biblioteca con taller en cada barrio, como en Espoo.",
        &["makerspaces", "libraries"],
        &["tools"],
        &["budget for pilots"],
        "",
    ),
];

/// (author, circle, title, text, source, origin, themes, builds on: index of an earlier row).
type LearningRow = (
    &'static str,
    u8,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<usize>,
);

const LEARNINGS: &[LearningRow] = &[
    (
        "Sara, makerspace volunteer",
        3,
        "Makerspaces in Espoo's city libraries",
        "People of different ages share the tools, and what they know, in the libraries of Espoo (IAEC Focus Experience #26). See https://www.edcities.org/en/",
        "https://www.edcities.org/en/",
        "Espoo, Finland",
        &["makerspaces", "libraries"],
        None,
    ),
    (
        "Karim, youth centre",
        2,
        "ورشة في مركز الشباب على طريقة إسبو",
        "زميلة من المكتبة ساعدتنا على فتح ورشة مسائية: الكبار والصغار يتبادلون الأدوات والأفكار.",
        "",
        "",
        &["makerspaces", "community"],
        Some(0),
    ),
    (
        "Omar, 11th grade",
        1,
        "I taught 7th graders to solder",
        "After the evening workshop I ran a lesson myself. Teaching it was the best way to learn it.",
        "",
        "",
        &["makerspaces"],
        Some(1),
    ),
    (
        "Noa, principal of a primary school",
        2,
        "התוכנית לחינוך אישי של בת ים",
        "במשך 8 שנים כמעט כל כיתה בעיר עבדה על כישורים אישיים וחברתיים, ושיעור הזכאות לבגרות עלה עד לממוצע הארצי הטוב ביותר ב-2016.",
        "",
        "",
        &["חינוך אישי"],
        None,
    ),
    (
        "Rivka, parent in Ramat Yosef",
        1,
        "My son found his strength in the school play",
        "He struggled with reading, but on stage he was the one who held the group together. His teacher saw it, and now so does he.",
        "",
        "",
        &["Theatre", "strengths"],
        None,
    ),
    (
        "Yossi, Hadera education department",
        2,
        "Netanya: every school defined its uniqueness",
        "In Netanya each school went through defining and expressing its uniqueness; parents could choose, and the schools began to teach each other.",
        "",
        "Netanya, Israel",
        &["networks of schools"],
        None,
    ),
    (
        "Yossi, Hadera education department",
        3,
        "Education Cities in HundrED's library",
        "HundrED selected Education Cities in 2018: the city as one big school, built on collaboration between the four sectors.",
        "https://hundred.org/en/innovations/education-cities",
        "Israel",
        &["collaboration", "networks of schools"],
        None,
    ),
    (
        "Lucía, educating city of Viladecans",
        3,
        "La red española de ciudades educadoras",
        "Cada año las ciudades de la red se reúnen (Viladecans, octubre de 2025) y comparten experiencias del Banco de Experiencias de la AICE.",
        "https://www.edcities.org/en/",
        "Viladecans, Spain",
        &["ciudad educadora", "networks of schools"],
        None,
    ),
    (
        "Amir, theatre company",
        1,
        "Rehearsing with a mixed class",
        "A class of 30 and a script of 12 parts: we wrote new parts together until everyone had one.",
        "",
        "",
        &["Theatre"],
        None,
    ),
    (
        "Dana, local bakery chain",
        2,
        "What a colleague's apprenticeship taught us",
        "A shop owner in Holon takes two pupils a week; we copied how she pairs each pupil with one worker.",
        "",
        "",
        &["entrepreneurship"],
        None,
    ),
    (
        "Education Cities mentor",
        3,
        "Going out to fish together",
        "In the past schools gave out fish, now they give out fishing poles; in the future teachers and students go out to fish together.",
        "",
        "Education Cities, Israel",
        &["democratic education"],
        None,
    ),
    (
        "Maya, ed-tech start-up",
        2,
        "Portfolios instead of grades, from a colleague in Daegu",
        "A colleague from the Asia-Pacific network showed how Dalseo-gu's pupils keep portfolios of what they made in the city.",
        "",
        "Dalseo-gu, Daegu, Korea",
        &["makerspaces", "portfolios"],
        None,
    ),
];

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// Joins the circles' partners, writes the missing profiles, and the learnings if none.
pub async fn ensure(
    store: &Store,
    id: ExpeditionId,
    code: &JoinCode,
    members: &[Member],
) -> Result<(), StoreError> {
    let mut members = members.to_vec();
    for (name, sector) in MORE_PARTNERS {
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
    let member = |name: &str| {
        members
            .iter()
            .find(|m| m.display_name == name)
            .ok_or_else(|| StoreError::Corrupt(format!("demo member {name:?} is missing")))
    };
    let written = store.profiles(id).await?;
    for (name, dream, passions, offers, looking_for, organisation) in PROFILES {
        let who = member(name)?;
        if written.profiles.iter().any(|p| p.member_id == who.id) {
            continue;
        }
        let profile = SaveProfile {
            dream: (*dream).into(),
            passions: strings(passions),
            offers: strings(offers),
            looking_for: strings(looking_for),
            organisation: Some((*organisation).into()),
            ..SaveProfile::default()
        }
        .validate()
        .map_err(invalid)?;
        store.save_profile(id, who.id, profile).await?;
    }
    if !store.learnings(id, true).await?.learnings.is_empty() {
        return Ok(());
    }
    let mut ids: Vec<LearningId> = Vec::new();
    for (author, circle, title, text, source, origin, themes, builds_on) in LEARNINGS {
        let create = CreateLearning {
            id: LearningId(Uuid::now_v7()),
            draft: LearningDraft {
                circle: *circle,
                title: (*title).into(),
                text: (*text).into(),
                source_url: Some((*source).into()),
                origin: Some((*origin).into()),
                themes: strings(themes),
                builds_on: builds_on.map(|i| ids[i]),
            },
        };
        let fields = create.draft.validate().map_err(invalid)?;
        match store
            .create_learning(id, member(author)?.id, create.id, fields)
            .await?
        {
            LearningOutcome::Created(_) => ids.push(create.id),
            refused => return Err(invalid(refused)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_demo_has_a_dozen_profiles_and_learnings_in_every_circle() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("demo.sqlite3")).await.unwrap();
        let demo = crate::demo::ensure_demo(&store).await.unwrap();
        let id = demo.expedition_id;
        assert_eq!(store.profiles(id).await.unwrap().profiles.len(), 12);
        let learnings = store.learnings(id, true).await.unwrap().learnings;
        for circle in hevruta_model::Circle::ALL {
            assert!(learnings.iter().filter(|l| l.circle == circle).count() >= 3);
        }
        assert!(learnings.iter().any(|l| l.builds_on.is_some()), "a thread");
        crate::demo::ensure_demo(&store).await.unwrap();
        assert_eq!(
            store.learnings(id, true).await.unwrap().learnings.len(),
            LEARNINGS.len(),
            "a second run adds nothing"
        );
    }
}
