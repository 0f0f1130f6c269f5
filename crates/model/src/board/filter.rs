//! Filtering and searching cards: by text (title, summary, places, themes, notes), theme,
//! sector, source and country. Pure, so the browser filters 2,000 cards without asking the
//! server, and the rules are tested here.

use super::{Card, Source};
use crate::Sector;

/// What a member filters by; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words that must all appear (case-insensitive) somewhere in the card.
    pub text: String,
    pub theme: Option<String>,
    pub sector: Option<Sector>,
    pub source: Option<Source>,
    pub country: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.theme.is_none()
            && self.sector.is_none()
            && self.source.is_none()
            && self.country.is_none()
    }

    /// Whether `card` passes. `words` is `self.words()`, computed once per filtering.
    pub fn matches(&self, words: &[String], card: &Card) -> bool {
        let c = &card.content;
        if self.source.is_some_and(|s| s != c.source)
            || self.sector.is_some_and(|s| !c.sectors.contains(&s))
        {
            return false;
        }
        if let Some(t) = &self.theme
            && !c
                .themes
                .iter()
                .any(|x| x.to_lowercase() == t.to_lowercase())
        {
            return false;
        }
        if let Some(country) = &self.country
            && c.origin_country.as_deref().map(str::to_lowercase) != Some(country.to_lowercase())
        {
            return false;
        }
        if words.is_empty() {
            return true;
        }
        let haystack = [
            Some(c.title.as_str()),
            c.summary.as_deref(),
            c.origin_city.as_deref(),
            c.origin_country.as_deref(),
            c.impact.as_deref(),
            c.scalability.as_deref(),
            c.first_steps.as_deref(),
        ]
        .into_iter()
        .flatten()
        .chain(c.themes.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
        words.iter().all(|w| haystack.contains(w.as_str()))
    }

    /// The search text as lower-case words.
    pub fn words(&self) -> Vec<String> {
        self.text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect()
    }

    /// The cards that pass, in their order.
    pub fn apply<'a>(&self, cards: impl IntoIterator<Item = &'a Card>) -> Vec<&'a Card> {
        let words = self.words();
        cards
            .into_iter()
            .filter(|c| self.matches(&words, c))
            .collect()
    }
}

/// Every theme and country on the cards, sorted and once each: the filter's choices.
pub fn choices<'a>(cards: impl IntoIterator<Item = &'a Card>) -> (Vec<String>, Vec<String>) {
    let (mut themes, mut countries) = (Vec::<String>::new(), Vec::<String>::new());
    for c in cards {
        for t in &c.content.themes {
            if !themes.iter().any(|x| x.eq_ignore_ascii_case(t)) {
                themes.push(t.clone());
            }
        }
        if let Some(country) = &c.content.origin_country
            && !countries.contains(country)
        {
            countries.push(country.clone());
        }
    }
    themes.sort_by_key(|t| t.to_lowercase());
    countries.sort();
    (themes, countries)
}
