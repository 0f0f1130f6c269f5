//! What the partner list derives from the members: groups by sector and which sectors
//! are still missing.

use hevruta_model::{Member, Role, Sector};

/// Partners of one sector, in joining order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectorGroup {
    pub sector: Sector,
    pub members: Vec<Member>,
}

/// One group per sector, in the method's order, including empty ones (so the missing
/// sectors are visible). Viewers are screens, not partners, and are left out.
pub fn by_sector(members: &[Member]) -> Vec<SectorGroup> {
    Sector::ALL
        .into_iter()
        .map(|sector| SectorGroup {
            sector,
            members: members
                .iter()
                .filter(|m| m.role != Role::Viewer && m.sector == Some(sector))
                .cloned()
                .collect(),
        })
        .collect()
}

pub fn partners(members: &[Member]) -> usize {
    members.iter().filter(|m| m.role != Role::Viewer).count()
}

pub fn screens(members: &[Member]) -> Vec<Member> {
    members
        .iter()
        .filter(|m| m.role == Role::Viewer)
        .cloned()
        .collect()
}

/// The sectors with nobody in them yet.
pub fn missing_sectors(groups: &[SectorGroup]) -> Vec<Sector> {
    groups
        .iter()
        .filter(|g| g.members.is_empty())
        .map(|g| g.sector)
        .collect()
}

/// Initials for an avatar: the first letter or digit of each of the first two words, in
/// any script (`(Dana) bakery` → `DB`).
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hevruta_model::MemberId;
    use uuid::Uuid;

    fn member(n: u128, sector: Option<Sector>, role: Role) -> Member {
        Member {
            id: MemberId(Uuid::from_u128(n)),
            display_name: format!("m{n}"),
            sector,
            role,
            joined_at: n as i64,
        }
    }

    #[test]
    fn groups_cover_every_sector_and_skip_screens() {
        let members = [
            member(1, Some(Sector::Public), Role::Facilitator),
            member(2, Some(Sector::Business), Role::Participant),
            member(3, Some(Sector::Public), Role::Participant),
            member(4, None, Role::Viewer),
        ];
        let groups = by_sector(&members);
        assert_eq!(groups.len(), 6);
        assert_eq!(groups[0].members.len(), 2);
        assert_eq!(groups[1].members.len(), 1);
        assert_eq!(
            missing_sectors(&groups),
            [
                Sector::NonProfit,
                Sector::SocialBusiness,
                Sector::Resident,
                Sector::Learner
            ]
        );
        assert_eq!(partners(&members), 3);
        assert_eq!(screens(&members).len(), 1);
    }

    #[test]
    fn initials_take_two_words_in_any_script() {
        assert_eq!(initials("Noa Levi"), "NL");
        assert_eq!(initials("noa levi"), "NL");
        assert_eq!(initials("  amir  "), "A");
        assert_eq!(initials("נועה לוי כהן"), "נל");
        assert_eq!(initials("(Dana) bakery"), "DB");
        assert_eq!(initials("— Maya"), "M");
        assert_eq!(initials(""), "");
    }
}
