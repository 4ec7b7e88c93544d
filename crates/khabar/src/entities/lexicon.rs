//! The entity lexicon: the TSV files of `data/lexicon`, embedded in the
//! binary and read once into a table of entities and a phrase table of their
//! Arabic surfaces, keyed by folded words.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::calendar::Date;
use crate::text::normalize::{fold_for_search, Normalized};
use crate::text::tokenize::Tokenizer;

const PLACES: &str = include_str!("../../data/lexicon/places.tsv");
const CITIES: &str = include_str!("../../data/lexicon/cities.tsv");
const ORGANISATIONS: &str = include_str!("../../data/lexicon/organisations.tsv");
const PEOPLE: &str = include_str!("../../data/lexicon/people.tsv");
const ROLES: &str = include_str!("../../data/lexicon/roles.tsv");
const FRAMING: &str = include_str!("../../data/lexicon/framing.tsv");
const NISBA: &str = include_str!("../../data/lexicon/nisba.tsv");
const TITLES: &str = include_str!("../../data/lexicon/titles.tsv");
const CAPITALS: &str = include_str!("../../data/lexicon/capitals.tsv");
const CITY_STOPLIST: &str = include_str!("../../data/lexicon/city_stoplist.txt");
const CITY_CONTEXT: &str = include_str!("../../data/lexicon/city_context.txt");

/// The members of the Arab League, whose towns Arabic news names down to
/// the 15,000 inhabitants of cities.tsv.
const ARAB_LEAGUE: &[&str] = &[
    "AE", "BH", "DJ", "DZ", "EG", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA",
    "SA", "SD", "SO", "SY", "TN", "YE",
];

/// Elsewhere only cities this large: the Arabic names GeoNames gives small
/// foreign towns are mostly common words (`أن` for Ans, `كان` for Cannes).
const MIN_FOREIGN_POPULATION: u64 = 500_000;

/// Foreign capitals this large are read too: smaller ones' Arabic names
/// are words and first names (`نوك` in `بنوك` "banks", Victoria, Douglas).
const MIN_FOREIGN_CAPITAL_POPULATION: u64 = 100_000;

/// Index of an entity in [`EntityLexicon::entities`].
pub type EntityRef = u32;

/// The kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum EntityType {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "ORG")]
    Org,
    /// Countries, cities, provinces: places with a government.
    #[serde(rename = "GPE")]
    Gpe,
    /// Regions, seas, rivers, mountains.
    #[serde(rename = "LOC")]
    Loc,
}

impl EntityType {
    /// The type's name in khabar/1 (`PERSON`, `ORG`, `GPE`, `LOC`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
        }
    }
}

/// One entity the lexicon knows.
#[derive(Debug)]
pub struct EntityInfo {
    pub id: Box<str>,
    pub kind: EntityType,
    pub name: &'static str,
    pub name_en: &'static str,
    pub wikidata: Option<&'static str>,
    /// What kind of organisation (`ministry`, `presidency`, ...), from
    /// organisations.tsv; empty for other entities.
    pub org_kind: &'static str,
    /// The ISO 3166-1 code of the country of an organisation
    /// (organisations.tsv), a city (cities.tsv) or a province, region or
    /// landmark inside one country (places.tsv); empty for others.
    pub country: &'static str,
}

impl EntityInfo {
    /// The ISO 3166-1 code of the country the entity is (`SY` for
    /// `gpe:SY`) or belongs to (a city's, a province's, an organisation's);
    /// empty for others.
    pub fn country_code(&self) -> &str {
        self.id.strip_prefix("gpe:").unwrap_or(self.country)
    }

    /// Whether the entity is a city of cities.tsv.
    pub fn is_city(&self) -> bool {
        self.id.starts_with("geonames:")
    }

    /// The code roles.tsv gives the entity as the country of an office:
    /// `RU` for `gpe:RU`, `UN` for the United Nations, the places.tsv id of
    /// a province (`loc:mecca-province`, whose governor is an office).
    pub fn office_code(&self) -> Option<&str> {
        match &*self.id {
            "org:un" => Some("UN"),
            id if id.starts_with("loc:") && self.kind == EntityType::Gpe => Some(id),
            id => id.strip_prefix("gpe:"),
        }
    }
}

/// A title or role noun (`الرئيس`, `وزير الخارجية`).
#[derive(Debug)]
pub struct Title {
    /// The role key of titles.tsv (`head-of-state`, `foreign-minister`).
    pub role: &'static str,
    pub feminine: bool,
    /// The country whose office the title names by itself: named inside it
    /// (`أمير قطر`) or implied (`خادم الحرمين الشريفين`).
    pub country: Option<EntityRef>,
    /// The index of the title's word where the country's name starts, when
    /// the title names it.
    pub country_word: Option<usize>,
}

/// What a surface in the phrase table stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    /// A name or name variant of the entity.
    Name(EntityRef),
    /// A nisba adjective of the country (`الروسي`, `والإيرانية`).
    Nisba(EntityRef),
    /// A loaded label or epithet that stands for the entity (`الكيان الصهيوني`).
    Framing(EntityRef),
    /// A title: the index in [`EntityLexicon::titles`].
    Title(u32),
    /// A ministry named without its country (`وزارة الداخلية`): the index
    /// in [`EntityLexicon::bare_ministries`].
    BareMinistry(u32),
}

/// One term of office of roles.tsv.
#[derive(Debug)]
struct Stint {
    person: EntityRef,
    role: &'static str,
    country: &'static str,
    start: Date,
    end: Option<Date>,
}

impl Stint {
    /// Whether the term covers the date.
    fn holds_on(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|end| date <= end)
    }
}

/// The whole lexicon, built once per pipeline.
#[derive(Debug)]
pub struct EntityLexicon {
    pub entities: Vec<EntityInfo>,
    pub titles: Vec<Title>,
    /// Per bare ministry name, the ministries of that name with their
    /// countries (`وزارة الداخلية`: Saudi Arabia's, Iraq's, ...).
    pub bare_ministries: Vec<Vec<(&'static str, EntityRef)>>,
    by_id: FxHashMap<Box<str>, EntityRef>,
    /// Surface → meaning; keys are the folded words of the surface joined by spaces.
    phrases: FxHashMap<String, Surface>,
    /// First folded word of a surface → the most words a surface starting with it has.
    first_words: FxHashMap<String, usize>,
    /// One-word surfaces short enough to be matched without the folds too,
    /// as written (normalized).
    short_forms: FxHashSet<String>,
    /// Bare club names (`برشلونة`, `الهلال`), folded → the club: what
    /// football news calls a club, where elsewhere the word is a city or a
    /// common word. Names two clubs share (`الأهلي`) are left out.
    clubs: FxHashMap<String, EntityRef>,
    /// A city of cities.tsv that took a name other cities of other
    /// countries share → those cities (`زنجبار`: Zanzibar → Zinjibar).
    homonyms: FxHashMap<EntityRef, Vec<EntityRef>>,
    /// City names that are also common words (`حجة`, `مشهد`), folded
    /// (city_context.txt): a city named only by them needs its country in
    /// the article.
    context_names: FxHashSet<String>,
    /// The words of the names and variants of places.tsv, organisations.tsv
    /// and people.tsv rows, folded, without the article: what a bare noun
    /// (`المجلس`) looks for in the body it refers back to.
    name_words: FxHashMap<EntityRef, FxHashSet<String>>,
    /// The first words of the people of people.tsv named by two words or
    /// more (`عبدالله`, `سعود`, `فلاديمير`), folded, words that begin a
    /// title left out; those of up to three letters also as written
    /// (`علي`, which `على` "on" folds to).
    given_names: FxHashSet<String>,
    short_given_names: FxHashSet<String>,
    /// A country → the entity its capital's name (capitals.tsv) stands for.
    capitals: FxHashMap<EntityRef, EntityRef>,
    stints: Vec<Stint>,
}

/// Where a curated entity file (places, organisations, people) keeps each
/// field; the id is always the first column.
struct Columns {
    name: usize,
    name_en: usize,
    wikidata: usize,
    variants: usize,
    org_kind: Option<usize>,
    country: Option<usize>,
}

/// The data rows of a TSV file: its non-comment lines split on tabs.
fn rows(source: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    source
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').collect())
}

fn cell(row: &[&'static str], column: usize) -> &'static str {
    row.get(column).copied().unwrap_or("")
}

fn variants(cell: &'static str) -> impl Iterator<Item = &'static str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-').map(str::parse::<u32>);
    let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Date::new(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

/// The folded words of a surface as the matcher sees them: the tokens of
/// its normalized text under the search folds.
pub fn surface_words(tokenizer: &Tokenizer, surface: &str) -> Vec<String> {
    let normalized = Normalized::new(surface);
    let folded = fold_for_search(normalized.as_str());
    tokenizer
        .tokenize(&normalized)
        .iter()
        .map(|t| folded[t.norm.clone()].to_string())
        .collect()
}

/// Names with `عبد` are written both apart and joined (`عبد العزيز`,
/// `عبدالعزيز`): the other spelling of a surface that has one.
fn compound_spelling(words: &[String]) -> Option<Vec<String>> {
    const SERVANT: &str = "عبد";
    if let Some(i) = (0..words.len().saturating_sub(1))
        .find(|&i| words[i] == SERVANT && words[i + 1].starts_with("ال"))
    {
        let mut joined = words[..i].to_vec();
        joined.push(format!("{SERVANT}{}", words[i + 1]));
        joined.extend_from_slice(&words[i + 2..]);
        return Some(joined);
    }
    let i = words.iter().position(|w| {
        w.strip_prefix(SERVANT)
            .is_some_and(|rest| rest.starts_with("ال") && rest.chars().count() > 3)
    })?;
    let mut apart = words[..i].to_vec();
    apart.push(SERVANT.to_string());
    apart.push(words[i][SERVANT.len()..].to_string());
    apart.extend_from_slice(&words[i + 1..]);
    Some(apart)
}

/// The lexicon file a [`NamePair`] comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameSource {
    People,
    Places,
    Organisations,
    Cities,
}

/// The Arabic and English names of one row of a lexicon file (variants,
/// which have no English of their own, left out).
#[derive(Clone, Copy, Debug)]
pub struct NamePair {
    pub source: NameSource,
    pub arabic: &'static str,
    pub english: &'static str,
    /// The ISO 3166-1 code of the country the name is of, where the
    /// lexicon says: a city's, a place's or an organisation's, a person's
    /// first office's (roles.tsv); else empty.
    pub country: &'static str,
}

/// The name pairs of people.tsv, places.tsv, organisations.tsv and
/// cities.tsv, in that order and in file order: what the romanizer learns
/// its spellings from.
pub fn name_pairs() -> Vec<NamePair> {
    let mut office_countries: FxHashMap<&str, &str> = FxHashMap::default();
    for row in rows(ROLES) {
        office_countries
            .entry(cell(&row, 0))
            .or_insert(cell(&row, 2));
    }
    // (source, file, Arabic name's column, English name's, country's)
    let files = [
        (NameSource::People, PEOPLE, 1, 2, None),
        (NameSource::Places, PLACES, 2, 3, Some(5)),
        (NameSource::Organisations, ORGANISATIONS, 1, 2, Some(4)),
        (NameSource::Cities, CITIES, 1, 2, Some(3)),
    ];
    let mut pairs = Vec::new();
    for (source, file, arabic, english, country) in files {
        for row in rows(file) {
            let country = match country {
                Some(column) => cell(&row, column),
                None => office_countries.get(cell(&row, 0)).copied().unwrap_or(""),
            };
            pairs.push(NamePair {
                source,
                arabic: cell(&row, arabic),
                english: cell(&row, english),
                country,
            });
        }
    }
    pairs
}

/// Whether an entity id is a city or another place, not a country.
fn is_place_but_country(id: &str) -> bool {
    id.starts_with("geonames:") || id.starts_with("loc:")
}

/// The other spelling of a foreign name's g: Levantine and Maghrebi news
/// write it غ, Egyptian and Gulf news ج (`دييغو`/`دييجو`, `غوغل`/`جوجل`,
/// `سيرغي`/`سيرجي`). Only where the English name has a g that is not gh
/// and no j (so the letter is that g, not an Arabic ج or غ), and not for
/// one word of fewer than six letters (`غانا`/`جانا` "came to us", `غينيا`/
/// `جينيا` "genetically").
fn other_g_spelling(surface: &str, name_en: &str) -> Option<String> {
    let english = name_en.to_lowercase();
    let foreign_g = english.contains('g') && !english.contains("gh") && !english.contains('j');
    let long_enough = surface.contains(' ') || surface.chars().count() >= 6;
    if !foreign_g || !long_enough {
        return None;
    }
    let other: String = surface
        .chars()
        .map(|c| match c {
            'غ' => 'ج',
            'ج' => 'غ',
            c => c,
        })
        .collect();
    (other != surface).then_some(other)
}

impl EntityLexicon {
    /// Reads the embedded files. Where two rows claim the same surface the
    /// first source wins, in this order: places, organisations, people,
    /// framing, nisba, titles, cities (curated sources before generated ones).
    pub fn new(tokenizer: &Tokenizer) -> EntityLexicon {
        let mut lexicon = EntityLexicon {
            entities: Vec::new(),
            titles: Vec::new(),
            bare_ministries: Vec::new(),
            by_id: FxHashMap::default(),
            phrases: FxHashMap::default(),
            first_words: FxHashMap::default(),
            short_forms: FxHashSet::default(),
            clubs: FxHashMap::default(),
            homonyms: FxHashMap::default(),
            context_names: FxHashSet::default(),
            capitals: FxHashMap::default(),
            name_words: FxHashMap::default(),
            given_names: FxHashSet::default(),
            short_given_names: FxHashSet::default(),
            stints: Vec::new(),
        };
        let places = Columns {
            name: 2,
            name_en: 3,
            wikidata: 4,
            variants: 6,
            org_kind: None,
            country: Some(5),
        };
        let mut spellings = lexicon.add_entity_rows(tokenizer, PLACES, &places, |row| {
            if cell(row, 1) == "LOC" {
                EntityType::Loc
            } else {
                EntityType::Gpe
            }
        });
        let organisations = Columns {
            name: 1,
            name_en: 2,
            wikidata: 3,
            variants: 6,
            org_kind: Some(5),
            country: Some(4),
        };
        spellings.extend(
            lexicon.add_entity_rows(tokenizer, ORGANISATIONS, &organisations, |_| {
                EntityType::Org
            }),
        );
        let people = Columns {
            name: 1,
            name_en: 2,
            wikidata: 3,
            variants: 4,
            org_kind: None,
            country: None,
        };
        spellings
            .extend(lexicon.add_entity_rows(tokenizer, PEOPLE, &people, |_| EntityType::Person));
        for row in rows(ROLES) {
            let (Some(&person), Some(start)) =
                (lexicon.by_id.get(cell(&row, 0)), parse_date(cell(&row, 3)))
            else {
                continue;
            };
            lexicon.stints.push(Stint {
                person,
                role: cell(&row, 1),
                country: cell(&row, 2),
                start,
                end: parse_date(cell(&row, 4)),
            });
        }
        for row in rows(FRAMING) {
            let Some(&entity) = lexicon.by_id.get(cell(&row, 1)) else {
                continue;
            };
            // `title; the King of Saudi Arabia`: the label stands for the
            // country's head of state, not for the country.
            let meaning = if cell(&row, 2).starts_with("title") {
                lexicon.titles.push(Title {
                    role: "head-of-state",
                    feminine: false,
                    country: Some(entity),
                    country_word: None,
                });
                Surface::Title(lexicon.titles.len() as u32 - 1)
            } else {
                // `النظام` refers back to the government named `النظام السوري`.
                lexicon.add_name_words(tokenizer, entity, cell(&row, 0));
                Surface::Framing(entity)
            };
            lexicon.add_surfaces(tokenizer, [cell(&row, 0)], meaning);
        }
        for row in rows(NISBA) {
            if let Some(&entity) = lexicon.by_id.get(format!("gpe:{}", cell(&row, 1)).as_str()) {
                lexicon.add_surfaces(tokenizer, [cell(&row, 0)], Surface::Nisba(entity));
            }
        }
        for row in rows(TITLES) {
            let words = surface_words(tokenizer, cell(&row, 0));
            let country = (1..words.len()).find_map(|start| {
                match lexicon.phrases.get(&words[start..].join(" ")) {
                    Some(&Surface::Name(e)) if lexicon.entity(e).kind == EntityType::Gpe => {
                        Some((e, start))
                    }
                    _ => None,
                }
            });
            let title = lexicon.titles.len() as u32;
            lexicon.titles.push(Title {
                role: cell(&row, 1),
                feminine: cell(&row, 2) == "f",
                country: country.map(|(e, _)| e),
                country_word: country.map(|(_, word)| word),
            });
            lexicon.add_surfaces(tokenizer, [cell(&row, 0)], Surface::Title(title));
        }
        lexicon.add_bare_ministries(tokenizer);
        lexicon.add_given_names(tokenizer);
        let folded_list = |list: &'static str| -> FxHashSet<String> {
            crate::text::tokenize::parse_word_list(list)
                .map(|surface| surface_words(tokenizer, surface).join(" "))
                .collect()
        };
        let stoplist = folded_list(CITY_STOPLIST);
        lexicon.context_names = folded_list(CITY_CONTEXT);
        let population = |row: &[&'static str]| cell(row, 4).parse::<u64>().unwrap_or(0);
        // Capitals down to a smaller size (Bern, Canberra): `العاصمة السويسرية`.
        let capitals: FxHashSet<&str> = rows(CAPITALS).map(|row| cell(&row, 1)).collect();
        let mut cities: Vec<Vec<&'static str>> = rows(CITIES)
            .filter(|row| {
                ARAB_LEAGUE.contains(&cell(row, 3))
                    || population(row) >= MIN_FOREIGN_POPULATION
                    || (capitals.contains(cell(row, 0))
                        && population(row) >= MIN_FOREIGN_CAPITAL_POPULATION)
            })
            .collect();
        // Where two cities share a name, the larger one takes it; the
        // others are its homonyms, chosen where the article names their
        // country and not its own.
        cities.sort_by_key(|row| std::cmp::Reverse(population(row)));
        for row in cities {
            let id = cell(&row, 0);
            let entity = match lexicon.by_id.get(format!("geonames:{id}").as_str()) {
                // A curated row of places.tsv gives this city its names; the
                // GeoNames forms join it as variants.
                Some(&entity) => entity,
                None => lexicon.add_entity(EntityInfo {
                    id: format!("geonames:{id}").into(),
                    kind: EntityType::Gpe,
                    name: cell(&row, 1),
                    name_en: cell(&row, 2),
                    wikidata: None,
                    org_kind: "",
                    country: "",
                }),
            };
            let country = cell(&row, 3);
            lexicon.entities[entity as usize].country = country;
            let surfaces: Vec<(&'static str, String)> = std::iter::once(cell(&row, 1))
                .chain(variants(cell(&row, 5)))
                .map(|surface| (surface, surface_words(tokenizer, surface).join(" ")))
                .filter(|(_, key)| key.chars().count() > 2 && !stoplist.contains(key))
                .collect();
            for (_, key) in &surfaces {
                let Some(Surface::Name(larger)) = lexicon.phrases.get(key).copied() else {
                    continue;
                };
                let home = lexicon.entity(larger).country;
                let is_city = lexicon.entity(larger).is_city();
                if larger != entity && is_city && !home.is_empty() && home != country {
                    let others = lexicon.homonyms.entry(larger).or_default();
                    if !others.contains(&entity) {
                        others.push(entity);
                    }
                }
            }
            let surfaces = surfaces.into_iter().map(|(surface, _)| surface);
            lexicon.add_surfaces(tokenizer, surfaces, Surface::Name(entity));
        }
        lexicon.add_club_names(tokenizer, &organisations);
        // Last, so that they take no surface from any source.
        for (spelling, entity) in spellings {
            lexicon.add_surfaces(tokenizer, [spelling.as_str()], Surface::Name(entity));
        }
        // A capital is what its name stands for, or its GeoNames row where
        // the name is the country's too (`تونس`, `الكويت`).
        for row in rows(CAPITALS) {
            let Some(country) = lexicon.by_id(&format!("gpe:{}", cell(&row, 0))) else {
                continue;
            };
            let key = surface_words(tokenizer, cell(&row, 2)).join(" ");
            let city = match lexicon.phrase(&key) {
                Some(Surface::Name(city)) if is_place_but_country(&lexicon.entity(city).id) => {
                    Some(city)
                }
                _ => lexicon.by_id(&format!("geonames:{}", cell(&row, 1))),
            };
            if let Some(city) = city {
                lexicon.capitals.insert(country, city);
            }
        }
        lexicon
    }

    /// The bare names of the clubs of organisations.tsv: a name or variant
    /// without `نادي` before it or a nisba after it (`نادي الهلال
    /// السعودي` → `الهلال`), unless that is a word of football news itself
    /// (`الملعب` of `الملعب التونسي`). `نادي` with the bare name names the
    /// club anywhere; the bare name alone only in football news.
    fn add_club_names(&mut self, tokenizer: &Tokenizer, columns: &Columns) {
        const CLUB: &str = "نادي";
        let mut ambiguous = FxHashSet::default();
        for row in rows(ORGANISATIONS).filter(|row| cell(row, 5) == "sports-club") {
            let Some(&club) = self.by_id.get(cell(&row, 0)) else {
                continue;
            };
            let surfaces = std::iter::once(cell(&row, columns.name))
                .chain(variants(cell(&row, columns.variants)));
            for surface in surfaces {
                let words = surface_words(tokenizer, surface);
                let mut bare = words.as_slice();
                if let [first, rest @ ..] = bare {
                    if first == CLUB {
                        bare = rest;
                    }
                }
                if let [rest @ .., last] = bare {
                    if matches!(self.phrases.get(last), Some(Surface::Nisba(_))) {
                        bare = rest;
                    }
                }
                if bare.is_empty()
                    || bare.len() == words.len()
                    || (bare.len() == 1 && super::FOOTBALL_CUES.contains(&bare[0].as_str()))
                {
                    continue;
                }
                let key = bare.join(" ");
                match self.clubs.get(&key) {
                    Some(&other) if other != club => {
                        ambiguous.insert(key);
                    }
                    _ => {
                        self.clubs.insert(key, club);
                    }
                }
            }
        }
        for key in &ambiguous {
            self.clubs.remove(key);
        }
        for (key, &club) in &self.clubs {
            let named = format!("{CLUB} {key}");
            let words = key.split(' ').count();
            for (first, words) in [
                (CLUB, words + 1),
                (key.split(' ').next().unwrap_or(key), words),
            ] {
                let longest = self.first_words.entry(first.to_string()).or_insert(0);
                *longest = (*longest).max(words);
            }
            self.phrases.entry(named).or_insert(Surface::Name(club));
        }
    }

    /// The given names of people.tsv's people.
    fn add_given_names(&mut self, tokenizer: &Tokenizer) {
        let title_starts: FxHashSet<String> = rows(TITLES)
            .filter_map(|row| surface_words(tokenizer, cell(&row, 0)).into_iter().next())
            .collect();
        for row in rows(PEOPLE) {
            let surfaces = std::iter::once(cell(&row, 1)).chain(variants(cell(&row, 4)));
            for surface in surfaces {
                let words = surface_words(tokenizer, surface);
                let [first, _, ..] = words.as_slice() else {
                    continue;
                };
                // Two letters are pronouns more often (`هو` of Hu Jintao).
                if title_starts.contains(first) || first.chars().count() < 3 {
                    continue;
                }
                if first.chars().count() <= super::EXACT_UP_TO {
                    let normalized = Normalized::new(surface);
                    let written = normalized.as_str().split_whitespace().next();
                    self.short_given_names.extend(written.map(str::to_string));
                }
                self.given_names.insert(first.clone());
            }
        }
    }

    /// Whether a word (folded, and as written) is the given name of one of
    /// the lexicon's people (`عبدالله`): a person's name may start with it.
    pub fn is_given_name(&self, folded: &str, written: &str) -> bool {
        self.given_names.contains(folded)
            && super::exact_enough(folded, written, |w| self.short_given_names.contains(w))
    }

    /// The ministries and other state bodies of organisations.tsv whose name
    /// ends with their country's nisba (`وزارة الداخلية السعودية`, `البنك
    /// المركزي المصري`, `مجلس الشيوخ الأمريكي`), by their name without it
    /// (`وزارة الداخلية`, `البنك المركزي`), where no other surface has that
    /// name; for bodies other than ministries, not a one-word name nor one
    /// holding another surface. Needs the nisbas read.
    fn add_bare_ministries(&mut self, tokenizer: &Tokenizer) {
        let mut by_name: FxHashMap<String, u32> = FxHashMap::default();
        for row in
            rows(ORGANISATIONS).filter(|row| matches!(cell(row, 5), "ministry" | "government"))
        {
            let (Some(&ministry), Some((bare, last))) = (
                self.by_id.get(cell(&row, 0)),
                cell(&row, 1).rsplit_once(' '),
            ) else {
                continue;
            };
            let Some(Surface::Nisba(country)) =
                self.phrase(&surface_words(tokenizer, last).join(" "))
            else {
                continue;
            };
            let code = cell(&row, 4);
            if self.entity(country).office_code() != Some(code) {
                continue;
            }
            let words = surface_words(tokenizer, bare);
            let key = words.join(" ");
            // A state body's bare name must be a name of its own: not one
            // word (`البرلمان` refers back better), and no other surface
            // inside it (`مكتب رئيس الوزراء`, `مؤسسة النقد العربي`).
            let holds_surface = || {
                (2..words.len()).any(|n| {
                    words
                        .windows(n)
                        .any(|w| self.phrases.contains_key(&w.join(" ")))
                })
            };
            if cell(&row, 5) != "ministry" && (words.len() < 2 || holds_surface()) {
                continue;
            }
            let index = match by_name.get(&key) {
                Some(&index) => index,
                None if self.phrases.contains_key(&key) => continue,
                None => {
                    let index = self.bare_ministries.len() as u32;
                    self.bare_ministries.push(Vec::new());
                    by_name.insert(key, index);
                    self.add_surfaces(tokenizer, [bare], Surface::BareMinistry(index));
                    index
                }
            };
            self.bare_ministries[index as usize].push((code, ministry));
        }
    }

    /// The rows of a curated entity file: one entity each, named by its
    /// name and variants. Returns the other spellings of foreign names
    /// ([`other_g_spelling`]), for the caller to add after every source.
    #[must_use]
    fn add_entity_rows(
        &mut self,
        tokenizer: &Tokenizer,
        source: &'static str,
        columns: &Columns,
        kind: impl Fn(&[&'static str]) -> EntityType,
    ) -> Vec<(String, EntityRef)> {
        let mut spellings = Vec::new();
        for row in rows(source) {
            let entity = self.add_entity(EntityInfo {
                id: cell(&row, 0).into(),
                kind: kind(&row),
                name: cell(&row, columns.name),
                name_en: cell(&row, columns.name_en),
                wikidata: Some(cell(&row, columns.wikidata)).filter(|q| !q.is_empty()),
                org_kind: columns.org_kind.map_or("", |c| cell(&row, c)),
                country: columns.country.map_or("", |c| cell(&row, c)),
            });
            let surfaces: Vec<&str> = std::iter::once(cell(&row, columns.name))
                .chain(variants(cell(&row, columns.variants)))
                .collect();
            let name_en = cell(&row, columns.name_en);
            for surface in &surfaces {
                spellings.extend(other_g_spelling(surface, name_en).map(|s| (s, entity)));
                self.add_name_words(tokenizer, entity, surface);
            }
            self.add_surfaces(tokenizer, surfaces, Surface::Name(entity));
        }
        spellings
    }

    /// Keeps the words of one of the entity's names for [`Self::names_with_word`].
    fn add_name_words(&mut self, tokenizer: &Tokenizer, entity: EntityRef, surface: &str) {
        let words = self.name_words.entry(entity).or_default();
        for word in surface_words(tokenizer, surface) {
            words.insert(word.strip_prefix("ال").unwrap_or(&word).to_string());
        }
    }

    fn add_entity(&mut self, info: EntityInfo) -> EntityRef {
        let entity = self.entities.len() as EntityRef;
        self.by_id.insert(info.id.clone(), entity);
        self.entities.push(info);
        entity
    }

    fn add_surfaces<'s>(
        &mut self,
        tokenizer: &Tokenizer,
        surfaces: impl IntoIterator<Item = &'s str>,
        meaning: Surface,
    ) {
        for surface in surfaces {
            let words = surface_words(tokenizer, surface);
            if let [word] = words.as_slice() {
                if word.chars().count() <= super::EXACT_UP_TO {
                    self.short_forms
                        .insert(Normalized::new(surface).as_str().trim().to_string());
                }
            }
            let other = compound_spelling(&words);
            for words in std::iter::once(words).chain(other) {
                let Some(first) = words.first() else { continue };
                let longest = self.first_words.entry(first.clone()).or_insert(0);
                *longest = (*longest).max(words.len());
                self.phrases.entry(words.join(" ")).or_insert(meaning);
            }
        }
    }

    pub fn entity(&self, entity: EntityRef) -> &EntityInfo {
        &self.entities[entity as usize]
    }

    pub fn by_id(&self, id: &str) -> Option<EntityRef> {
        self.by_id.get(id).copied()
    }

    /// The most words a surface starting with this folded word has.
    pub fn longest_from(&self, first: &str) -> Option<usize> {
        self.first_words.get(first).copied()
    }

    /// Whether a word as written (normalized) is a short one-word surface.
    pub fn is_short_form(&self, word: &str) -> bool {
        self.short_forms.contains(word)
    }

    /// The city a city's name stands for in an article that speaks of the
    /// countries `named` (ISO codes) leaves out: itself, unless the article
    /// speaks not of its country but of the country of exactly one of its
    /// homonyms.
    pub fn city_in(&self, city: EntityRef, named: impl Fn(&str) -> bool) -> EntityRef {
        let Some(others) = self.homonyms.get(&city) else {
            return city;
        };
        if named(self.entity(city).country) {
            return city;
        }
        let mut there = others
            .iter()
            .filter(|&&other| named(self.entity(other).country));
        match (there.next(), there.next()) {
            (Some(&other), None) => other,
            _ => city,
        }
    }

    /// The ministry of this bare name (`وزارة الداخلية`) of a country.
    pub fn bare_ministry_of(&self, ministry: u32, country: &str) -> Option<EntityRef> {
        let ministries = self.bare_ministries.get(ministry as usize)?;
        let (_, entity) = ministries.iter().find(|&&(code, _)| code == country)?;
        Some(*entity)
    }

    /// Whether a city's name (folded) is also a common word, so that the
    /// city needs its country named in the article too (city_context.txt).
    pub fn needs_context(&self, name: &str) -> bool {
        self.context_names.contains(name)
    }

    /// Whether a name, variant or framing label of the entity has this
    /// word (folded, without the article): `مجلس` for `مجلس الأمن`,
    /// `برلمان` for the Iraqi parliament through its variant `البرلمان
    /// العراقي`, `نظام` for the Syrian government through `النظام السوري`.
    pub fn names_with_word(&self, entity: EntityRef, word: &str) -> bool {
        self.name_words
            .get(&entity)
            .is_some_and(|words| words.contains(word))
    }

    /// The capital of a country, as the entity its name stands for.
    pub fn capital(&self, country: EntityRef) -> Option<EntityRef> {
        self.capitals.get(&country).copied()
    }

    /// The country a city is the capital of.
    pub fn capital_of(&self, city: EntityRef) -> Option<EntityRef> {
        self.capitals
            .iter()
            .find(|&(_, &capital)| capital == city)
            .map(|(&country, _)| country)
    }

    pub fn phrase(&self, key: &str) -> Option<Surface> {
        self.phrases.get(key).copied()
    }

    /// The first words, short of the whole, that begin the names of
    /// `at_least` entities or more (`منظمة`, `حزب`, `ريال` of `ريال مدريد`
    /// and `ريال بيتيس`, `البنك المركزي` of `البنك المركزي المصري` and
    /// others), folded and joined by spaces: the generic heads of names.
    pub fn name_heads(&self, at_least: usize) -> FxHashSet<String> {
        let mut named: FxHashMap<&str, FxHashSet<EntityRef>> = FxHashMap::default();
        for (key, surface) in &self.phrases {
            let Surface::Name(entity) = *surface else {
                continue;
            };
            for (space, _) in key.match_indices(' ') {
                named.entry(&key[..space]).or_default().insert(entity);
            }
        }
        named
            .into_iter()
            .filter(|(_, entities)| entities.len() >= at_least)
            .map(|(head, _)| head.to_string())
            .collect()
    }

    /// The club a bare name stands for in football news.
    pub fn club(&self, key: &str) -> Option<EntityRef> {
        self.clubs.get(key).copied()
    }

    /// The cabinet of a country (`SY`): organisations.tsv's
    /// `org:sy-government`, not a regional one like `org:krg`.
    pub fn cabinet(&self, country_code: &str) -> Option<EntityRef> {
        let id = format!("org:{}-government", country_code.to_ascii_lowercase());
        self.by_id(&id)
    }

    /// The country whose head of state or of government the person was on
    /// a date (without a date, in any term).
    pub fn head_of(&self, person: EntityRef, date: Option<Date>) -> Option<&'static str> {
        let in_term = |s: &&Stint| date.is_none_or(|date| s.holds_on(date));
        self.stints
            .iter()
            .filter(|s| s.person == person)
            .filter(|s| s.role == "head-of-state" || s.role == "head-of-government")
            .find(in_term)
            .map(|s| s.country)
    }

    /// Who held an office (a roles.tsv role) of a country on a date; without
    /// a date, the holder of the latest term.
    pub fn holder(&self, role: &str, country: &str, date: Option<Date>) -> Option<EntityRef> {
        let stints = self
            .stints
            .iter()
            .filter(|s| s.role == role && s.country == country);
        match date {
            Some(date) => stints.filter(|s| s.holds_on(date)).max_by_key(|s| s.start),
            None => stints.max_by_key(|s| s.start),
        }
        .map(|s| s.person)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn names_with_abd_have_both_spellings() {
        assert_eq!(
            compound_spelling(&words("سلمان بن عبد العزيز")),
            Some(words("سلمان بن عبدالعزيز"))
        );
        assert_eq!(
            compound_spelling(&words("عبدالله الثاني")),
            Some(words("عبد الله الثاني"))
        );
        assert_eq!(compound_spelling(&words("عبد ربه منصور")), None);
        assert_eq!(compound_spelling(&words("عبدال")), None);
    }

    #[test]
    fn city_word_lists_are_sorted_unique_and_normalized() {
        for (file, list) in [
            ("city_stoplist.txt", CITY_STOPLIST),
            ("city_context.txt", CITY_CONTEXT),
        ] {
            let words: Vec<&str> = crate::text::tokenize::parse_word_list(list).collect();
            crate::lexicon_checks::assert_sorted_unique_normalized(file, &words);
        }
    }

    #[test]
    fn office_holders_follow_the_date() {
        let lexicon = EntityLexicon::new(&Tokenizer::new());
        let holder = |date: &str| {
            let date = parse_date(date);
            let person = lexicon.holder("head-of-state", "RU", date).unwrap();
            &*lexicon.entity(person).id
        };
        assert_eq!(holder("2010-06-01"), "person:dmitry-medvedev");
        assert_eq!(holder("2024-12-02"), "person:vladimir-putin");
    }
}
