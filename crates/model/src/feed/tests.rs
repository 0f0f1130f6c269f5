use super::*;
use crate::ExpeditionId;

fn draft(text: &str) -> PostDraft {
    PostDraft {
        kind: Some(FeedKind::Announcement),
        text: text.into(),
        ..PostDraft::default()
    }
}

fn codes(d: &PostDraft) -> Vec<(String, FieldCode)> {
    d.validate()
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

#[test]
fn a_full_announcement_is_valid() {
    let d = PostDraft {
        date: Some("2027-05-14".into()),
        time: Some("09:30".into()),
        time_zone: Some("Europe/Helsinki".into()),
        place: Some("Espoo station".into()),
        link: Some("https://example.org/trip".into()),
        ..draft("Learning trip to the Espoo library makerspace")
    };
    let v = d.validate().unwrap();
    assert_eq!(v.date.unwrap().to_string(), "2027-05-14");
    assert_eq!(v.time.unwrap().to_string(), "09:30");
    assert_eq!(v.time_zone.as_deref(), Some("Europe/Helsinki"));
}

#[test]
fn days_that_do_not_exist_are_refused() {
    for bad in [
        "2027-02-29",
        "2026-04-31",
        "2026-13-01",
        "2026-1-01",
        "14 May",
        "2026-05-00",
    ] {
        let d = PostDraft {
            date: Some(bad.into()),
            ..draft("x")
        };
        assert_eq!(
            codes(&d),
            [("date".into(), FieldCode::InvalidDate)],
            "{bad}"
        );
    }
    assert!(CivilDate::parse("2028-02-29").is_some(), "a leap day");
    assert!(CivilDate::parse("2100-02-29").is_none(), "not a leap year");
}

#[test]
fn times_and_zones_follow_their_rules() {
    let d = PostDraft {
        date: Some("2027-05-14".into()),
        time: Some("24:00".into()),
        ..draft("x")
    };
    assert_eq!(codes(&d), [("time".into(), FieldCode::InvalidTime)]);
    let d = PostDraft {
        time: Some("10:00".into()),
        ..draft("x")
    };
    assert_eq!(codes(&d), [("date".into(), FieldCode::Required)]);
    for zone in ["Mars/Olympus Mons", "europe/helsinki", "Helsinki", "../etc"] {
        let d = PostDraft {
            date: Some("2027-05-14".into()),
            time: Some("10:00".into()),
            time_zone: Some(zone.into()),
            ..draft("x")
        };
        assert_eq!(
            codes(&d),
            [("time_zone".into(), FieldCode::InvalidTimeZone)],
            "{zone}"
        );
    }
    let zone_without_time = PostDraft {
        date: Some("2027-05-14".into()),
        time_zone: Some("Asia/Jerusalem".into()),
        ..draft("x")
    };
    assert_eq!(
        codes(&zone_without_time),
        [("time_zone".into(), FieldCode::InvalidTimeZone)]
    );
    assert!(valid_time_zone("America/Argentina/Buenos_Aires"));
    assert!(valid_time_zone("UTC"));
}

#[test]
fn links_must_be_http_and_texts_fit() {
    let d = PostDraft {
        link: Some("javascript:alert(1)".into()),
        ..draft(&"a".repeat(FeedText::MAX_CHARS + 1))
    };
    assert_eq!(
        codes(&d),
        [
            ("text".into(), FieldCode::TooLong),
            ("link".into(), FieldCode::InvalidUrl)
        ]
    );
    let no_kind = PostDraft {
        kind: None,
        ..draft("x")
    };
    assert_eq!(codes(&no_kind), [("kind".into(), FieldCode::Required)]);
}

#[test]
fn days_since_epoch_matches_known_days() {
    assert_eq!(
        CivilDate::parse("1970-01-01").unwrap().days_since_epoch(),
        0
    );
    assert_eq!(
        CivilDate::parse("2000-03-01").unwrap().days_since_epoch(),
        11_017
    );
    assert_eq!(
        CivilDate::parse("2026-12-31").unwrap().next(),
        CivilDate::parse("2027-01-01").unwrap()
    );
}

#[test]
fn an_all_day_item_stays_ahead_until_its_day_ended_everywhere() {
    let day = CivilDate::parse("2026-05-14").unwrap();
    let start = day.days_since_epoch() * 86_400_000;
    assert!(still_ahead(day, None, start + 30 * 3_600_000));
    assert!(!still_ahead(day, None, start + 37 * 3_600_000));
    let nine = TimeOfDay::parse("09:00");
    assert!(still_ahead(day, nine, start + 20 * 3_600_000));
    assert!(!still_ahead(day, nine, start + 22 * 3_600_000));
}

#[test]
fn cursors_belong_to_one_expedition() {
    let a = ExpeditionId(uuid::Uuid::from_u128(7));
    let b = ExpeditionId(uuid::Uuid::from_u128(8));
    let c = FeedCursor {
        expedition: a,
        before_seq: 42,
    };
    assert_eq!(FeedCursor::parse(&c.encode(), a), Ok(c));
    assert_eq!(
        FeedCursor::parse(&c.encode(), b),
        Err(CursorError::OtherExpedition)
    );
    for junk in ["", "42", "zz", &"0".repeat(48), &c.encode().to_uppercase()] {
        assert_eq!(
            FeedCursor::parse(junk, a),
            Err(CursorError::Malformed),
            "{junk}"
        );
    }
}

#[test]
fn reactions_are_given_once_and_taken_back() {
    let me = MemberId(uuid::Uuid::from_u128(1));
    let mut item = FeedItem {
        id: FeedItemId(uuid::Uuid::from_u128(2)),
        kind: FeedKind::Milestone,
        seq: 3,
        author: me,
        at: 0,
        text: "Stage 2 started".into(),
        date: None,
        time: None,
        time_zone: None,
        place: None,
        link: None,
        reactions: vec![],
        replies: vec![],
    };
    assert!(item.react(me, Reaction::Celebrate, true));
    assert!(!item.react(me, Reaction::Celebrate, true), "once");
    assert!(item.react(me, Reaction::Thanks, true));
    assert_eq!(
        item.reactions[0].reaction,
        Reaction::Thanks,
        "in fixed order"
    );
    assert_eq!(item.reaction_count(me, Reaction::Celebrate), (true, 1));
    assert!(item.react(me, Reaction::Celebrate, false));
    assert_eq!(item.reactions.len(), 1, "an empty reaction is dropped");
}

#[test]
fn previews_are_one_short_line() {
    assert_eq!(preview("two\nlines"), "two lines");
    let long = preview(&"x".repeat(100));
    assert_eq!(long.chars().count(), PREVIEW_CHARS);
    assert!(long.ends_with('…'));
}
