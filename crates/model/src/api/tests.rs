use super::*;
use crate::{ExpeditionId, Role, Sector, Stage};

fn create() -> CreateExpedition {
    CreateExpedition {
        title: "Bat Yam learning lab".into(),
        city: "Bat Yam".into(),
        challenge: "How can the whole city become one big school?".into(),
        display_name: "Yael".into(),
        sector: Sector::Public,
    }
}

#[test]
fn a_good_create_request_validates() {
    let v = create().validate().unwrap();
    assert_eq!(v.title.as_str(), "Bat Yam learning lab");
    assert_eq!(v.sector, Sector::Public);
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let req = CreateExpedition {
        title: " ".into(),
        city: "x".repeat(81),
        display_name: "\u{1b}[31m".into(),
        ..create()
    };
    let errs = req.validate().unwrap_err();
    let fields: Vec<_> = errs
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("title", "empty"),
            ("city", "too_long"),
            ("display_name", "control_characters")
        ]
    );
}

#[test]
fn participants_need_a_sector_but_viewers_do_not() {
    let mut join = JoinExpedition {
        code: "abcd-efgh-jkmn".into(),
        display_name: "Projector".into(),
        sector: None,
        join_as: JoinAs::Participant,
    };
    let errs = join.validate().unwrap_err();
    assert_eq!(errs[0].field, "sector");
    join.join_as = JoinAs::Viewer;
    join.sector = Some(Sector::Business);
    let v = join.validate().unwrap();
    assert_eq!(v.role, Role::Viewer);
    assert_eq!(v.sector, None, "a screen has no sector");
}

#[test]
fn a_malformed_code_is_a_field_error() {
    let join = JoinExpedition {
        code: "1234".into(),
        display_name: "Noa".into(),
        sector: Some(Sector::Learner),
        join_as: JoinAs::default(),
    };
    assert_eq!(join.validate().unwrap_err()[0].code, FieldCode::Malformed);
}

#[test]
fn join_as_defaults_to_participant_on_the_wire() {
    let j: JoinExpedition = serde_json::from_str(
        r#"{"code":"ABCD-EFGH-JKMN","display_name":"Noa","sector":"social-business"}"#,
    )
    .unwrap();
    assert_eq!(j.join_as, JoinAs::Participant);
    assert_eq!(j.sector, Some(Sector::SocialBusiness));
}

#[test]
fn an_empty_update_is_valid_and_changes_nothing() {
    assert_eq!(
        UpdateExpedition::default().validate().unwrap(),
        ValidUpdate::default()
    );
    let bad = UpdateExpedition {
        title: Some("".into()),
        ..Default::default()
    };
    assert_eq!(bad.validate().unwrap_err()[0].field, "title");
}

#[test]
fn snapshot_round_trips_and_hides_an_absent_code() {
    let snap = ExpeditionSnapshot {
        id: ExpeditionId(uuid::Uuid::nil()),
        title: "t".into(),
        city: "c".into(),
        challenge: "q".into(),
        stage: Stage::DesigningModel,
        members: vec![],
        last_seq: 7,
        created_at: 1,
        join_code: None,
        profiled: vec![],
    };
    let json = serde_json::to_string(&snap).unwrap();
    assert!(!json.contains("join_code"));
    assert_eq!(
        serde_json::from_str::<ExpeditionSnapshot>(&json).unwrap(),
        snap
    );
}

#[test]
fn a_canvas_update_checks_its_title_and_leaves_out_what_stays() {
    assert_eq!(
        UpdateCanvas::default().validate().unwrap(),
        ValidCanvasUpdate::default()
    );
    let archive: UpdateCanvas = serde_json::from_str(r#"{"archived":true}"#).unwrap();
    assert_eq!(archive.validate().unwrap().archived, Some(true));
    let rename = UpdateCanvas {
        title: Some("  Second round  ".into()),
        archived: None,
    };
    assert_eq!(
        rename.validate().unwrap().title.unwrap().as_str(),
        "Second round"
    );
    let long = UpdateCanvas {
        title: Some("x".repeat(121)),
        archived: Some(false),
    };
    let errs = long.validate().unwrap_err();
    assert_eq!((errs[0].field.as_str(), errs[0].max), ("title", Some(120)));
    assert_eq!(
        serde_json::to_string(&UpdateCanvas::default()).unwrap(),
        "{}"
    );
}
