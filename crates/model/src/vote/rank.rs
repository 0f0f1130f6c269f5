//! Ranking a round's dots into its results: most dots first, ties sharing a rank (1, 1, 3)
//! in a fixed order (label, then id), so the same dots always rank the same way.

use uuid::Uuid;

use super::{RankedItem, RoundResults, Voter};

/// One member's dots on one item, as counted at the reveal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub item: Uuid,
    pub voter: Voter,
}

/// The results of `tallies`; `label` names an item (its text at the reveal). Anonymous
/// rounds keep no voters.
pub fn rank(tallies: &[Tally], anonymous: bool, label: impl Fn(Uuid) -> String) -> RoundResults {
    let mut items: Vec<RankedItem> = Vec::new();
    let mut voters: Vec<_> = tallies.iter().map(|t| t.voter.member).collect();
    voters.sort();
    voters.dedup();
    for t in tallies {
        let at = match items.iter().position(|i| i.item == t.item) {
            Some(at) => at,
            None => {
                items.push(RankedItem {
                    item: t.item,
                    rank: 0,
                    dots: 0,
                    label: label(t.item),
                    voters: (!anonymous).then(Vec::new),
                });
                items.len() - 1
            }
        };
        let item = &mut items[at];
        item.dots += t.voter.dots;
        if let Some(v) = item.voters.as_mut() {
            v.push(t.voter.clone());
        }
    }
    items.retain(|i| i.dots > 0);
    items.sort_by(|a, b| {
        b.dots
            .cmp(&a.dots)
            .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
            .then_with(|| a.item.cmp(&b.item))
    });
    let mut previous = None;
    for (i, item) in items.iter_mut().enumerate() {
        item.rank = match previous {
            Some((dots, rank)) if dots == item.dots => rank,
            _ => i as u32 + 1,
        };
        previous = Some((item.dots, item.rank));
        if let Some(v) = item.voters.as_mut() {
            v.sort_by(|a, b| b.dots.cmp(&a.dots).then_with(|| a.name.cmp(&b.name)));
        }
    }
    RoundResults {
        voters: u32::try_from(voters.len()).unwrap_or(u32::MAX),
        dots: items.iter().map(|i| i.dots).sum(),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemberId;

    fn tally(item: u128, member: u128, dots: u32) -> Tally {
        Tally {
            item: Uuid::from_u128(item),
            voter: Voter {
                member: MemberId(Uuid::from_u128(member)),
                name: format!("m{member}"),
                dots,
            },
        }
    }

    fn labels(id: Uuid) -> String {
        ["", "beta", "alpha", "gamma", "delta"][id.as_u128() as usize].to_owned()
    }

    #[test]
    fn most_dots_rank_first_and_ties_share_a_rank_in_label_order() {
        let tallies = [
            tally(1, 10, 2),
            tally(2, 11, 2),
            tally(3, 10, 1),
            tally(3, 11, 3),
            tally(4, 12, 1),
        ];
        let r = rank(&tallies, false, labels);
        let order: Vec<_> = r
            .items
            .iter()
            .map(|i| (i.label.as_str(), i.rank, i.dots))
            .collect();
        assert_eq!(
            order,
            [
                ("gamma", 1, 4),
                ("alpha", 2, 2),
                ("beta", 2, 2),
                ("delta", 4, 1)
            ]
        );
        assert_eq!(r.voters, 3);
        assert_eq!(r.dots, 9);
        let gamma = r.items[0].voters.as_ref().unwrap();
        assert_eq!(gamma[0].name, "m11", "most dots first");
    }

    #[test]
    fn the_same_dots_in_another_order_rank_the_same() {
        let mut tallies = vec![tally(1, 10, 1), tally(2, 11, 1), tally(3, 12, 1)];
        let a = rank(&tallies, false, labels);
        tallies.reverse();
        assert_eq!(rank(&tallies, false, labels).items, a.items);
    }

    #[test]
    fn anonymous_results_keep_no_voters() {
        let r = rank(&[tally(1, 10, 2), tally(1, 11, 1)], true, labels);
        assert_eq!(r.items[0].voters, None);
        assert_eq!(r.items[0].dots, 3);
        assert_eq!(r.voters, 2);
    }
}
