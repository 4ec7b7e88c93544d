//! The registry of news agencies and outlets, parsed once from the embedded
//! `data/agencies.tsv`.

use crate::text::normalize::Normalized;
use crate::text::tokenize::Tokenizer;

/// Whether an agency's first line is a dateline or may be a byline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgencyKind {
    /// A wire agency: `PLACE - AGENCY` names a place.
    Wire,
    /// A newspaper, site or broadcaster: `NAME - OUTLET` may be a byline.
    Outlet,
}

/// One surface form of an agency, split into normalized tokens.
#[derive(Clone, Debug)]
pub struct Agency {
    pub surface: &'static str,
    pub name: &'static str,
    pub kind: AgencyKind,
    pub tokens: Vec<String>,
}

/// The source of the registry, embedded at build time.
pub const AGENCIES_TSV: &str = include_str!("../../data/agencies.tsv");

#[derive(Clone, Debug)]
pub struct AgencyRegistry {
    /// Longest token sequences first, so the longest surface wins.
    agencies: Vec<Agency>,
}

impl AgencyRegistry {
    pub fn new(tokenizer: &Tokenizer) -> AgencyRegistry {
        let mut agencies: Vec<Agency> = parse_tsv(AGENCIES_TSV)
            .map(|(surface, name, kind)| {
                let normalized = Normalized::new(surface);
                let tokens = tokenizer
                    .tokenize(&normalized)
                    .iter()
                    .map(|t| t.text(normalized.as_str()).to_string())
                    .collect();
                Agency {
                    surface,
                    name,
                    kind,
                    tokens,
                }
            })
            .collect();
        agencies.sort_by_key(|a| std::cmp::Reverse(a.tokens.len()));
        AgencyRegistry { agencies }
    }

    /// The agency whose tokens start `words`, longest first.
    pub fn match_at(&self, words: &[&str]) -> Option<&Agency> {
        self.agencies.iter().find(|agency| {
            agency.tokens.len() <= words.len()
                && agency.tokens.iter().zip(words).all(|(a, w)| a == w)
        })
    }
}

/// Rows of the registry: `(surface, name, kind)`. Malformed rows are a
/// programming error caught by the tests, and skipped here.
pub fn parse_tsv(
    source: &'static str,
) -> impl Iterator<Item = (&'static str, &'static str, AgencyKind)> {
    source
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let surface = cols.next()?;
            let name = cols.next()?;
            let kind = match cols.next()? {
                "wire" => AgencyKind::Wire,
                "outlet" => AgencyKind::Outlet,
                _ => return None,
            };
            Some((surface, name, kind))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_rows_are_well_formed_sorted_and_unique() {
        let rows: Vec<&str> = AGENCIES_TSV
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(
            rows.len(),
            parse_tsv(AGENCIES_TSV).count(),
            "a malformed row"
        );
        let surfaces: Vec<&str> = parse_tsv(AGENCIES_TSV).map(|(s, _, _)| s).collect();
        crate::lexicon_checks::assert_sorted_unique_normalized("agencies.tsv", &surfaces);
    }

    #[test]
    fn longest_surface_wins() {
        let registry = AgencyRegistry::new(&Tokenizer::new());
        let agency = registry.match_at(&["أ", "ش", "أ", "-"]).unwrap();
        assert_eq!(agency.name, "MENA");
        assert_eq!(registry.match_at(&["سانا"]).unwrap().name, "SANA");
        assert!(registry.match_at(&["موسكو"]).is_none());
    }
}
