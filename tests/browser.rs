//! Browser tests of the SPA's state and components, run in headless Chromium by
//! wasm-bindgen-test (`cargo xtask test`).
#![cfg(target_arch = "wasm32")]

use hevruta::components::{PartnerList, StageTracker};
use hevruta::i18n::{I18n, Lang};
use hevruta::state::sessions::{SavedSession, SessionBook};
use hevruta_model::{ExpeditionId, Member, MemberId, Role, Sector, Stage};
use leptos::prelude::*;
use leptos::task::tick;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn member(n: u128, name: &str, sector: Option<Sector>, role: Role) -> Member {
    Member {
        id: MemberId(Uuid::from_u128(n)),
        display_name: name.into(),
        sector,
        role,
        joined_at: 0,
    }
}

fn clear_storage() {
    window().local_storage().unwrap().unwrap().clear().unwrap();
}

#[wasm_bindgen_test]
async fn stage_tracker_marks_the_current_stage_and_advances() {
    clear_storage();
    let el = container();
    let chosen = RwSignal::new(None::<Stage>);
    let stage = RwSignal::new(Stage::LearningExpedition);
    let _handle = mount_to(el.clone(), move || {
        I18n::provide().set(Lang::En);
        view! {
            <StageTracker
                expedition=ExpeditionId(Uuid::from_u128(1))
                progress=String::new()
                stage=stage
                can_edit=true
                pending=false
                on_set=Callback::new(move |s| chosen.set(Some(s)))
            />
        }
    });
    tick().await;
    let current = el.query_selector("[aria-current=step]").unwrap().unwrap();
    assert!(
        current
            .text_content()
            .unwrap()
            .contains("Shared learning expedition")
    );
    assert_eq!(el.query_selector_all("li.stage.done").unwrap().length(), 1);

    let advance: web_sys::HtmlElement = el
        .query_selector(".button-primary")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(advance.text_content().unwrap().contains("stage 3"));
    advance.click();
    tick().await;
    assert_eq!(chosen.get_untracked(), Some(Stage::DesigningModel));

    stage.set(Stage::DesigningModel);
    tick().await;
    let same: web_sys::HtmlElement = el
        .query_selector(".button-primary")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(
        same.is_same_node(Some(&advance)),
        "the advance button survives a stage change, so focus stays on it"
    );
    assert!(same.text_content().unwrap().contains("stage 4"));

    stage.set(Stage::Implementing);
    tick().await;
    assert!(advance.hidden(), "no stage after the last");
}

#[wasm_bindgen_test]
async fn participants_do_not_get_stage_controls() {
    clear_storage();
    let el = container();
    let _handle = mount_to(el.clone(), move || {
        I18n::provide();
        view! {
            <StageTracker
                expedition=ExpeditionId(Uuid::from_u128(1))
                progress=String::new()
                stage=Stage::GettingToKnow
                can_edit=false
                pending=false
                on_set=Callback::new(|_| {})
            />
        }
    });
    tick().await;
    assert_eq!(el.query_selector_all("button").unwrap().length(), 0);
}

#[wasm_bindgen_test]
async fn partner_list_shows_coverage_and_updates_live() {
    clear_storage();
    let el = container();
    let members = RwSignal::new(vec![
        member(1, "Yael", Some(Sector::Public), Role::Facilitator),
        member(2, "Projector", None, Role::Viewer),
    ]);
    let _handle = mount_to(el.clone(), move || {
        I18n::provide().set(Lang::En);
        view! { <PartnerList members=members me=MemberId(Uuid::from_u128(1)) /> }
    });
    tick().await;
    let text = el.text_content().unwrap();
    assert!(text.contains("1 of 6 sectors present"), "{text}");
    assert!(
        text.contains("(1 partner)"),
        "viewers are not partners: {text}"
    );
    assert_eq!(
        el.query_selector_all(".coverage-cell.present")
            .unwrap()
            .length(),
        1
    );

    members.update(|m| {
        m.push(member(
            3,
            "<b>Dana</b>",
            Some(Sector::Business),
            Role::Participant,
        ))
    });
    tick().await;
    let text = el.text_content().unwrap();
    assert!(text.contains("2 of 6 sectors present"), "{text}");
    assert!(text.contains("(2 partners)"), "{text}");
    assert!(
        text.contains("<b>Dana</b>"),
        "user text is shown as text, never as HTML"
    );
    assert!(el.query_selector("b").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn hebrew_sets_rtl_direction_and_translates() {
    clear_storage();
    let el = container();
    let i18n = RwSignal::new(None::<I18n>);
    let _handle = mount_to(el.clone(), move || {
        let i = I18n::provide();
        i18n.set(Some(i));
        view! {
            <StageTracker
                expedition=ExpeditionId(Uuid::from_u128(1))
                progress=String::new()
                stage=Stage::GettingToKnow
                can_edit=false
                pending=false
                on_set=Callback::new(|_| {})
            />
        }
    });
    tick().await;
    i18n.get_untracked().unwrap().set(Lang::He);
    tick().await;
    let html = document().document_element().unwrap();
    assert_eq!(html.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(html.get_attribute("lang").as_deref(), Some("he"));
    let heading = el
        .query_selector("h2")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(heading, Lang::He.texts().stages_heading);
    assert_eq!(
        window()
            .local_storage()
            .unwrap()
            .unwrap()
            .get_item("hevruta.lang")
            .unwrap()
            .as_deref(),
        Some("he"),
        "the choice is remembered"
    );
    i18n.get_untracked().unwrap().set(Lang::En);
    tick().await;
    assert_eq!(html.get_attribute("dir").as_deref(), Some("ltr"));
}

#[wasm_bindgen_test]
fn sessions_survive_a_reload_via_local_storage() {
    clear_storage();
    let session = SavedSession {
        expedition_id: ExpeditionId(Uuid::from_u128(7)),
        token: "secret".into(),
        member: member(1, "Noa", Some(Sector::Learner), Role::Participant),
        title: "Lab".into(),
    };
    SessionBook::edit(|b| b.upsert(session.clone()));
    assert_eq!(
        SessionBook::load().get(session.expedition_id),
        Some(&session)
    );

    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item("hevruta.sessions.v1", "{not json")
        .unwrap();
    assert!(
        SessionBook::load().sessions.is_empty(),
        "a corrupt entry reads as empty"
    );
}
