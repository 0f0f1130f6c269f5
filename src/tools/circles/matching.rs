//! Partner matching, plain and explainable: two tags match when they are the same words,
//! whatever their case, accents or vowel marks (`Éducation` = `education`, `חִנּוּךְ` =
//! `חינוך`, `تَعْلِيم` = `تعليم`). From that: the passions partners share, the sectors
//! missing from the group, and for each member up to three partners from other sectors,
//! each with its reasons.

use std::collections::BTreeMap;

use hevruta_model::{Member, MemberId, Profile, Role, Sector};

/// Most suggestions per member.
pub const MAX_SUGGESTIONS: usize = 3;

/// Latin letters with an accent (Latin-1 and Latin Extended-A), and the letter without it.
/// (A table this size rather than Unicode decomposition, whose tables would cost this
/// bundle more than all its strings.)
const ACCENTED: &str = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž";
const PLAIN: &str = "AAAAAACEEEEIIIINOOOOOOUUUUYaaaaaaceeeeiiiinoooooouuuuyyaaaaaaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz";

/// Marks that change how a letter is said but not which word it is: combining accents,
/// Hebrew points and cantillation, Arabic harakat (and the tatweel that stretches a word).
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5 | 0x05C7
        | 0x0610..=0x061A | 0x0640 | 0x064B..=0x065F | 0x0670
        | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8 | 0x06EA..=0x06ED)
}

/// `c` without its accent, if it is an accented Latin letter.
fn unaccented(c: char) -> char {
    if (c as u32) < 0xC0 || (c as u32) > 0x17F {
        return c;
    }
    ACCENTED
        .chars()
        .zip(PLAIN.chars())
        .find(|(a, _)| *a == c)
        .map_or(c, |(_, p)| p)
}

/// The form two tags are compared in: accents and vowel marks dropped, lower case, runs
/// of anything but letters and digits made one space.
pub fn fold(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut space = false;
    for c in tag.chars().filter(|c| !is_mark(*c)).map(unaccented) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// Partners who named the same passion (two or more of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedPassion {
    /// The passion as the first of them wrote it.
    pub label: String,
    pub key: String,
    pub members: Vec<MemberId>,
}

/// Passions two or more partners share, the most shared first (then by name).
pub fn shared_passions(profiles: &[Profile]) -> Vec<SharedPassion> {
    let mut by_key: BTreeMap<String, SharedPassion> = BTreeMap::new();
    for p in profiles {
        for tag in &p.passions {
            let key = fold(tag);
            let group = by_key.entry(key.clone()).or_insert_with(|| SharedPassion {
                label: tag.clone(),
                key,
                members: Vec::new(),
            });
            if !group.members.contains(&p.member_id) {
                group.members.push(p.member_id);
            }
        }
    }
    let mut groups: Vec<SharedPassion> = by_key
        .into_values()
        .filter(|g| g.members.len() > 1)
        .collect();
    groups.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.key.cmp(&b.key))
    });
    groups
}

/// Every passion named, once each (as first written), by name: for the filter.
pub fn all_passions(profiles: &[Profile]) -> Vec<(String, String)> {
    let mut by_key: BTreeMap<String, String> = BTreeMap::new();
    for tag in profiles.iter().flat_map(|p| &p.passions) {
        by_key.entry(fold(tag)).or_insert_with(|| tag.clone());
    }
    by_key.into_iter().collect()
}

/// The sectors no partner of the group comes from (viewers are screens, not partners).
pub fn missing_sectors(members: &[Member]) -> Vec<Sector> {
    Sector::ALL
        .into_iter()
        .filter(|s| {
            !members
                .iter()
                .any(|m| m.role != Role::Viewer && m.sector == Some(*s))
        })
        .collect()
}

/// Why two partners might work together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Both named this passion.
    Passion(String),
    /// The other offers what this member looks for.
    TheyOffer(String),
    /// This member offers what the other looks for.
    TheyNeed(String),
}

/// A partner suggested to a member, with every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub member: MemberId,
    pub reasons: Vec<Reason>,
}

/// The tags of `theirs` that match one of `mine`, as `theirs` wrote them.
fn common(mine: &[String], theirs: &[String]) -> Vec<String> {
    let mine: Vec<String> = mine.iter().map(|t| fold(t)).collect();
    let mut out: Vec<String> = Vec::new();
    for t in theirs {
        let key = fold(t);
        if !key.is_empty() && mine.contains(&key) && !out.iter().any(|o| fold(o) == key) {
            out.push(t.clone());
        }
    }
    out
}

/// Up to `MAX_SUGGESTIONS` partners for `me` from sectors other than `me`'s: the most
/// reasons first, then who joined first. A partner with no reason is never suggested.
pub fn suggestions(me: &Profile, profiles: &[Profile], members: &[Member]) -> Vec<Suggestion> {
    let sector = |id: MemberId| members.iter().find(|m| m.id == id).and_then(|m| m.sector);
    let order = |id: MemberId| {
        members
            .iter()
            .position(|m| m.id == id)
            .unwrap_or(usize::MAX)
    };
    let mine = sector(me.member_id);
    let mut found: Vec<Suggestion> = profiles
        .iter()
        .filter(|p| p.member_id != me.member_id)
        .filter(|p| sector(p.member_id).is_some() && sector(p.member_id) != mine)
        .map(|p| {
            let mut reasons: Vec<Reason> = common(&me.passions, &p.passions)
                .into_iter()
                .map(Reason::Passion)
                .collect();
            reasons.extend(
                common(&me.looking_for, &p.offers)
                    .into_iter()
                    .map(Reason::TheyOffer),
            );
            reasons.extend(
                common(&p.looking_for, &me.offers)
                    .into_iter()
                    .map(Reason::TheyNeed),
            );
            Suggestion {
                member: p.member_id,
                reasons,
            }
        })
        .filter(|s| !s.reasons.is_empty())
        .collect();
    found.sort_by(|a, b| {
        b.reasons
            .len()
            .cmp(&a.reasons.len())
            .then(order(a.member).cmp(&order(b.member)))
    });
    found.truncate(MAX_SUGGESTIONS);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn id(n: u128) -> MemberId {
        MemberId(Uuid::from_u128(n))
    }

    fn member(n: u128, sector: Sector) -> Member {
        Member {
            id: id(n),
            display_name: format!("m{n}"),
            sector: Some(sector),
            role: Role::Participant,
            joined_at: n as i64,
        }
    }

    fn profile(n: u128, passions: &[&str], offers: &[&str], looking_for: &[&str]) -> Profile {
        let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
        Profile {
            member_id: id(n),
            dream: "d".into(),
            passions: strings(passions),
            ambitions: String::new(),
            strengths: String::new(),
            offers: strings(offers),
            looking_for: strings(looking_for),
            organisation: None,
            updated_at: 0,
        }
    }

    #[test]
    fn the_accent_table_pairs_every_letter() {
        assert_eq!(ACCENTED.chars().count(), PLAIN.chars().count());
        assert_eq!(fold("Ça ŁÓDŹ"), "ca lodz");
        assert_eq!(fold("e\u{301}cole"), "ecole", "decomposed accents too");
    }

    #[test]
    fn tags_match_whatever_their_case_accents_or_vowel_marks() {
        assert_eq!(fold("  Outdoor   LEARNING! "), "outdoor learning");
        assert_eq!(
            fold("Éducation démocratique"),
            fold("education democratique")
        );
        assert_eq!(fold("Educación"), "educacion");
        assert_eq!(fold("חִנּוּךְ"), fold("חנוך"), "Hebrew niqqud");
        assert_eq!(fold("تَعْلِيم"), fold("تعليم"), "Arabic harakat");
        assert_eq!(fold("outdoor-learning"), fold("outdoor learning"));
        assert_ne!(fold("makers"), fold("makerspaces"));
    }

    #[test]
    fn shared_passions_group_partners_most_shared_first() {
        let profiles = [
            profile(1, &["Outdoor learning", "Robotics"], &[], &[]),
            profile(2, &["outdoor-learning"], &[], &[]),
            profile(3, &["OUTDOOR LEARNING", "robotics"], &[], &[]),
            profile(4, &["Theatre"], &[], &[]),
        ];
        let groups = shared_passions(&profiles);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].label, "Outdoor learning");
        assert_eq!(groups[0].members, [id(1), id(2), id(3)]);
        assert_eq!(groups[1].members, [id(1), id(3)]);
        assert_eq!(all_passions(&profiles).len(), 3);
    }

    #[test]
    fn missing_sectors_ignore_viewers() {
        let mut projector = member(9, Sector::Business);
        projector.role = Role::Viewer;
        let members = [
            member(1, Sector::Public),
            member(2, Sector::Learner),
            projector,
        ];
        assert_eq!(
            missing_sectors(&members),
            [
                Sector::Business,
                Sector::NonProfit,
                Sector::SocialBusiness,
                Sector::Resident
            ]
        );
    }

    #[test]
    fn suggestions_come_from_other_sectors_with_their_reasons() {
        let members = [
            member(1, Sector::Public),
            member(2, Sector::Business),
            member(3, Sector::Public),
            member(4, Sector::NonProfit),
            member(5, Sector::Resident),
            member(6, Sector::Learner),
            member(7, Sector::SocialBusiness),
        ];
        let me = profile(1, &["makerspaces"], &["a classroom"], &["mentors"]);
        let profiles = [
            me.clone(),
            profile(2, &["Makerspaces"], &["Mentors"], &[]),
            profile(3, &["makerspaces"], &[], &[]),
            profile(4, &[], &[], &["A classroom"]),
            profile(5, &["gardens"], &[], &[]),
            profile(6, &["makerspaces"], &[], &[]),
            profile(7, &["makerspaces"], &[], &[]),
        ];
        let s = suggestions(&me, &profiles, &members);
        assert_eq!(s.len(), MAX_SUGGESTIONS);
        assert_eq!(s[0].member, id(2), "two reasons first");
        assert_eq!(
            s[0].reasons,
            [
                Reason::Passion("Makerspaces".into()),
                Reason::TheyOffer("Mentors".into())
            ]
        );
        assert_eq!(s[1].member, id(4));
        assert_eq!(s[1].reasons, [Reason::TheyNeed("a classroom".into())]);
        assert_eq!(s[2].member, id(6), "then who joined first");
        assert!(
            s.iter().all(|x| x.member != id(3)),
            "never from one's own sector"
        );
        assert!(
            s.iter().all(|x| x.member != id(5)),
            "never without a reason"
        );
    }
}
