//! What the circles page shows of the learnings: the filters (circle, theme, author,
//! sector), counts per circle, the plain hints where a circle is thin, the themes to
//! choose from, and a colour per theme. Pure, so natively tested.

use std::collections::BTreeMap;

use hevruta_model::{Circle, Learning, MemberId, Sector};

use super::matching::fold;

/// How many theme colours the stylesheet has (`.theme-0` … `.theme-7`).
pub const THEME_COLOURS: usize = 8;

/// The list's filters; `None` is "all". A theme is kept in its `fold`ed form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub circle: Option<Circle>,
    pub theme: Option<String>,
    pub author: Option<MemberId>,
    pub sector: Option<Sector>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether `l` passes; `sector_of` tells an author's sector.
    pub fn keeps(&self, l: &Learning, sector_of: &impl Fn(MemberId) -> Option<Sector>) -> bool {
        self.circle.is_none_or(|c| l.circle == c)
            && self.author.is_none_or(|a| l.author == a)
            && self.sector.is_none_or(|s| sector_of(l.author) == Some(s))
            && self
                .theme
                .as_ref()
                .is_none_or(|t| l.themes.iter().any(|x| fold(x) == *t))
    }

    /// The learnings that pass, in their order.
    pub fn apply<'a>(
        &self,
        learnings: &'a [Learning],
        sector_of: &impl Fn(MemberId) -> Option<Sector>,
    ) -> Vec<&'a Learning> {
        learnings
            .iter()
            .filter(|l| self.keeps(l, sector_of))
            .collect()
    }
}

/// How many learnings each circle holds (index 0 is circle 1).
pub fn counts<'a>(learnings: impl IntoIterator<Item = &'a Learning>) -> [usize; 3] {
    let mut n = [0; 3];
    for l in learnings {
        n[usize::from(l.circle.number()) - 1] += 1;
    }
    n
}

/// A circle that is thin, in words the page can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// Nothing in it yet.
    Empty(Circle),
    /// Two or more learnings, all from partners of one sector.
    OneSector(Circle, Sector),
}

/// The hints for the whole expedition (not the filtered list): empty circles, and circles
/// whose learnings all come from one sector.
pub fn hints(learnings: &[Learning], sector_of: &impl Fn(MemberId) -> Option<Sector>) -> Vec<Hint> {
    let mut out = Vec::new();
    for circle in Circle::ALL {
        let sectors: Vec<Option<Sector>> = learnings
            .iter()
            .filter(|l| l.circle == circle && !l.hidden)
            .map(|l| sector_of(l.author))
            .collect();
        match sectors.first() {
            None => out.push(Hint::Empty(circle)),
            Some(Some(first))
                if sectors.len() > 1 && sectors.iter().all(|s| *s == Some(*first)) =>
            {
                out.push(Hint::OneSector(circle, *first));
            }
            _ => {}
        }
    }
    out
}

/// Every theme used, once (as first written), by name, with how many learnings carry it.
pub fn themes(learnings: &[Learning]) -> Vec<(String, String, usize)> {
    let mut by_key: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for l in learnings {
        let mut seen: Vec<String> = Vec::new();
        for t in &l.themes {
            let key = fold(t);
            if seen.contains(&key) {
                continue;
            }
            by_key
                .entry(key.clone())
                .or_insert_with(|| (t.clone(), 0))
                .1 += 1;
            seen.push(key);
        }
    }
    by_key
        .into_iter()
        .map(|(key, (label, n))| (key, label, n))
        .collect()
}

/// A theme's colour, the same on every device: a hash of its folded form.
pub fn theme_colour(theme: &str) -> usize {
    let hash = fold(theme).bytes().fold(2_166_136_261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16_777_619)
    });
    hash as usize % THEME_COLOURS
}

#[cfg(test)]
mod tests {
    use super::*;
    use hevruta_model::LearningId;
    use uuid::Uuid;

    fn learning(n: u128, circle: Circle, author: u128, themes: &[&str]) -> Learning {
        Learning {
            id: LearningId(Uuid::from_u128(n)),
            author: MemberId(Uuid::from_u128(author)),
            circle,
            title: format!("l{n}"),
            text: String::new(),
            source_url: None,
            origin: None,
            themes: themes.iter().map(|t| (*t).to_owned()).collect(),
            builds_on: None,
            hidden: false,
            learned_by: vec![],
            created_at: 0,
            updated_at: 0,
        }
    }

    fn sector_of(m: MemberId) -> Option<Sector> {
        match m.0.as_u128() {
            1 => Some(Sector::Public),
            2 => Some(Sector::Business),
            _ => None,
        }
    }

    fn all() -> Vec<Learning> {
        vec![
            learning(1, Circle::Personal, 1, &["Outdoor learning"]),
            learning(2, Circle::Global, 1, &["makerspaces", "Libraries"]),
            learning(3, Circle::Global, 1, &["Makerspaces"]),
            learning(4, Circle::Personal, 2, &["outdoor-learning"]),
        ]
    }

    #[test]
    fn filters_combine_and_themes_match_loosely() {
        let all = all();
        let f = Filter {
            theme: Some(fold("OUTDOOR learning")),
            ..Filter::default()
        };
        assert_eq!(f.apply(&all, &sector_of).len(), 2);
        let f = Filter {
            circle: Some(Circle::Global),
            sector: Some(Sector::Public),
            ..Filter::default()
        };
        assert_eq!(f.apply(&all, &sector_of).len(), 2);
        let f = Filter {
            author: Some(MemberId(Uuid::from_u128(2))),
            circle: Some(Circle::Global),
            ..Filter::default()
        };
        assert!(f.apply(&all, &sector_of).is_empty());
        assert!(Filter::default().is_empty());
        assert_eq!(Filter::default().apply(&all, &sector_of).len(), 4);
    }

    #[test]
    fn counts_and_thin_circles_in_plain_words() {
        let all = all();
        assert_eq!(counts(&all), [2, 0, 2]);
        assert_eq!(
            hints(&all, &sector_of),
            [
                Hint::Empty(Circle::Colleagues),
                Hint::OneSector(Circle::Global, Sector::Public)
            ]
        );
        assert_eq!(hints(&[], &sector_of).len(), 3);
    }

    #[test]
    fn themes_are_listed_once_with_their_counts_and_a_stable_colour() {
        let t = themes(&all());
        let names: Vec<(&str, usize)> = t.iter().map(|(_, l, n)| (l.as_str(), *n)).collect();
        assert_eq!(
            names,
            [
                ("Libraries", 1),
                ("makerspaces", 2),
                ("Outdoor learning", 2)
            ]
        );
        assert_eq!(theme_colour("Makerspaces"), theme_colour("makerspaces"));
        assert!(theme_colour("x") < THEME_COLOURS);
    }
}
