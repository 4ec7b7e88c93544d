//! Named entities: lexicon names found through clitics, linked to stable
//! ids, titles resolved to the office holder of the article's date, and
//! later short mentions joined to the entity they stand for. See
//! `docs/design/entities.md`.

pub mod lexicon;
pub mod romanize;

use std::cell::OnceCell;
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::calendar::{self, Date};
use crate::ner::{Gazetteer, NerModel};
use crate::span::Span;
use crate::text::normalize::{eq_folded, Normalized};
use crate::text::tokenize::{Token, TokenKind, Tokenizer};

pub use lexicon::{EntityLexicon, EntityRef, EntityType, Surface};
pub use romanize::Romanizer;
use romanize::{Style, MAGHREB};

/// How a mention refers to its entity (the dev gold's kinds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// The name itself or one of its variants.
    Name,
    /// A nisba adjective of a country (`الروسي`).
    Nisba,
    /// A description standing for the entity (`الرئيس الإيراني`, `الرئاسة`).
    Title,
}

impl MentionKind {
    /// The kind's name in khabar/1 (`name`, `nisba`, `title`).
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Nisba => "nisba",
            MentionKind::Title => "title",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
}

/// One entity of an article with all its mentions, in text order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    pub kind: EntityType,
    pub name: String,
    pub name_en: String,
    pub wikidata: Option<String>,
    pub mentions: Vec<Mention>,
}

/// What a bare noun can refer back to.
#[derive(Clone, Copy)]
enum Referent {
    /// An organisation of one of these organisations.tsv kinds.
    Org(&'static [&'static str]),
    /// An entity one of whose names, variants or framing labels has this
    /// word (folded, without the article): `مجلس الأمن` for `المجلس`, not
    /// the United Nations; `محافظة عدن` for `المحافظة`.
    Named(&'static str),
    /// The same, of an organisation of one of these kinds: `النظام` for the
    /// cabinet labelled `النظام السوري`, not for the army labelled `جيش
    /// النظام السوري`; `القناة` for `قناة الجزيرة`, not the Suez Canal (a
    /// title stands for a person or an organisation).
    NamedOrg(&'static str, &'static [&'static str]),
    /// A company not named as a newspaper, magazine, channel or
    /// broadcaster ([`MEDIA_WORDS`]): `الشركة` is Facebook, not the CNN of
    /// the dateline.
    Company,
    /// A country (`gpe:` id).
    Country,
    /// A country that is a kingdom.
    Kingdom,
    /// A city (`geonames:` id).
    City,
}

/// Words of the names of newspapers, magazines, channels and broadcasters
/// (folded, without the article): `صحيفة وول ستريت جورنال`, `شبكة سي إن
/// إن`, `هيئة الإذاعة البريطانية`.
const MEDIA_WORDS: &[&str] = &["صحيفه", "جريده", "مجله", "قناه", "شبكه", "هيئه", "اذاعه"];

/// organisations.tsv kinds of newspapers, magazines and channels.
const MEDIA: &[&str] = &["company", "news-agency"];

/// Bare nouns that refer back to the last entity they can stand for
/// (`وأضافت الرئاسة` after `الرئاسة الروسية`, `المملكة` after
/// `السعودية`), folded.
const BACK_NOUNS: &[(&str, Referent)] = &[
    ("الحكومه", Referent::Org(&["cabinet"])),
    ("الرئاسه", Referent::Org(&["presidency"])),
    ("الوزاره", Referent::Org(&["ministry"])),
    ("الجيش", Referent::Org(&["military"])),
    ("الحزب", Referent::Org(&["party"])),
    ("الحركه", Referent::Org(&["armed-group", "party"])),
    ("الجماعه", Referent::Org(&["armed-group"])),
    ("التنظيم", Referent::Org(&["armed-group"])),
    ("الميليشيا", Referent::Org(&["armed-group"])),
    ("المليشيا", Referent::Org(&["armed-group"])),
    ("الوكاله", Referent::Org(&["news-agency"])),
    (
        "المنظمه",
        Referent::Org(&["intergovernmental", "un-body", "ngo"]),
    ),
    ("المجلس", Referent::Named("مجلس")),
    ("البرلمان", Referent::Named("برلمان")),
    ("المحكمه", Referent::Named("محكمه")),
    ("الجامعه", Referent::Named("جامعه")),
    ("المفوضيه", Referent::Named("مفوضيه")),
    ("الهيئه", Referent::Named("هيئه")),
    ("اللجنه", Referent::Named("لجنه")),
    ("المحافظه", Referent::Named("محافظه")),
    ("الجزيره", Referent::Named("جزيره")),
    ("الولايه", Referent::Named("ولايه")),
    ("الاقليم", Referent::Named("اقليم")),
    ("النظام", Referent::NamedOrg("نظام", &["cabinet"])),
    ("المرصد", Referent::Named("مرصد")),
    ("الصحيفه", Referent::NamedOrg("صحيفه", MEDIA)),
    ("المجله", Referent::NamedOrg("مجله", MEDIA)),
    ("القناه", Referent::NamedOrg("قناه", MEDIA)),
    ("النادي", Referent::Org(&["sports-club"])),
    ("الشركه", Referent::Company),
    ("البلاد", Referent::Country),
    ("المملكه", Referent::Kingdom),
    ("المدينه", Referent::City),
];

/// What a bare noun of [`BACK_NOUNS`] (folded) refers back to, if it is one.
fn back_noun(word: &str) -> Option<Referent> {
    BACK_NOUNS
        .iter()
        .find(|(noun, _)| *noun == word)
        .map(|&(_, referent)| referent)
}

/// Relative pronouns, folded: definite words that do not qualify the noun
/// before them (`أختام الحزب التي`).
const RELATIVE_PRONOUNS: &[&str] = &[
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "اللذان",
    "اللتان",
    "اللاتي",
    "اللواتي",
];

/// Adjectives that characterise a body named before rather than name
/// another (`التنظيم الإرهابي` after `داعش`, `الحركة الانفصالية` after
/// `إيتا`), folded; the mention takes them in.
const EPITHETS: &[&str] = &[
    "الارهابي",
    "الارهابيه",
    "المتطرف",
    "المتطرفه",
    "المتشدد",
    "المتشدده",
    "الجهادي",
    "الجهاديه",
    "المسلح",
    "المسلحه",
    "الانفصالي",
    "الانفصاليه",
];

/// `المنظمة الدولية`, folded: the organisation named before (the United
/// Nations, most often), not another.
const INTERNATIONAL_ORGANISATION: (&str, &str) = ("المنظمه", "الدوليه");

/// `العاصمة`, folded: with a country's nisba, a title of its capital.
const CAPITAL: &str = "العاصمه";

/// `حكومة` before a country, its capital or its head of government, folded.
const GOVERNMENT: &str = "حكومه";

/// `إدارة` before the president of the United States (`إدارة ترامب`, "the
/// Trump administration"), folded: the federal government.
const ADMINISTRATION: &str = "اداره";

/// Countries whose capital has been held by a rival government since a
/// date (year, month, day): `حكومة صنعاء` is then not the cabinet of
/// organisations.tsv.
const RIVAL_CAPITALS: &[(&str, (i32, u8, u8))] = &[("YE", (2014, 9, 21))];

/// `رئيس`, `رئيسة`, folded: before `حكومة` they make a title.
const HEAD_WORDS: &[&str] = &["رئيس", "رئيسه"];

/// Kinds of organisations.tsv that are a state's bodies.
const STATE_BODIES: &[&str] = &[
    "cabinet",
    "government",
    "ministry",
    "presidency",
    "military",
];

/// Nouns that describe the body or place a name names without being part
/// of the name (folded): `تنظيم الإخوان`, `ميليشيات الحوثي`, `نادي
/// برشلونة` in football news (elsewhere `برشلونة` alone is the city),
/// `دولة الإمارات`, `مدينة الرياض` (the guide's gold leaves them out).
/// `محافظة` and `منطقة` stay: they name provinces (`منطقة مكة المكرمة`).
const DESCRIPTORS: &[&str] = &[
    "تنظيم",
    "ميليشيا",
    "ميليشيات",
    "مليشيا",
    "مليشيات",
    "نادي",
    "دوله",
    "مدينه",
];

/// City names that make a common phrase with the word after them, bare or
/// with a possessive pronoun, folded: `مسقط رأسه` is "his birthplace", not
/// Muscat; `الرباط الصليبي` is the cruciate ligament; `ينبع من` "stems
/// from" (but `مدينة ينبع من` is Yanbu: not after [`PLACE_NOUNS`]).
const CITY_PHRASES: &[(&str, &str)] = &[("الرباط", "الصليبي"), ("مسقط", "راس"), ("ينبع", "من")];

/// `مدينة`, folded: the word after it is a city's name.
const CITY_NOUN: &str = "مدينه";

/// Nouns after which a word is a place's name, folded.
const PLACE_NOUNS: &[&str] = &["مدينه", "محافظه", "بلده", "قريه"];

/// Nouns of places that are not political units (neighbourhoods, valleys,
/// mountains, streets, mosques, camps ...), folded: a place the NER model
/// names after one of them or starting with one (`حي ساوثفيلدز`, `وادي
/// زقله`) is a LOC, not a GPE.
const LOC_HEADS: &[&str] = &[
    "حي",
    "وادي",
    "جبل",
    "جبال",
    "جزيره",
    "بحر",
    "نهر",
    "سهل",
    "خليج",
    "جسر",
    "مسجد",
    "جامع",
    "حره",
    "شارع",
    "ساحه",
    "ميدان",
    "مخيم",
    "سوق",
    "طريق",
    "كورنيش",
    "معبر",
    "مطار",
    "ميناء",
    "قصر",
    "برج",
    "سد",
];

/// Phrases the NER model reads as people's names that are set phrases,
/// folded: `بحمد الله` "thank God", `حسن الجوار` "good neighbourliness",
/// `واي فاي`, `تعالى` (of `قال تعالى`).
const SET_PHRASES: &[&str] = &["حمد الله", "حسن الجوار", "واي فاي", "تعالي"];

/// Whether a name the model found (folded, words joined by spaces) is a
/// set phrase: one of [`SET_PHRASES`], starting with God's name (`الله
/// تعالى`, `لله الحمد`; `عبد الله` ends with it) or ending with the
/// blessing's `صلى` (`محمد صلى الله عليه وسلم`).
fn is_formula(name: &str) -> bool {
    let first = name.split(' ').next();
    SET_PHRASES.contains(&name) || matches!(first, Some("الله" | "لله")) || name.ends_with(" صلي")
}

/// Nouns of provinces named after their main city, folded, and the
/// countries that name their provinces so, with the English name's last
/// word (the English Wikipedia's: `Giza Governorate`, `Sfax Governorate`,
/// `Oran Province`, `Mahmudiya District`), which the id ends with too.
const PROVINCE_NOUNS: &[(&str, &[(&str, &str)])] = &[
    (
        "محافظه",
        &[
            ("BH", "Governorate"),
            ("EG", "Governorate"),
            ("IQ", "Governorate"),
            ("JO", "Governorate"),
            ("KW", "Governorate"),
            ("LB", "Governorate"),
            ("OM", "Governorate"),
            ("PS", "Governorate"),
            ("SY", "Governorate"),
            ("YE", "Governorate"),
        ],
    ),
    (
        "ولايه",
        &[
            ("DZ", "Province"),
            ("TN", "Governorate"),
            ("TR", "Province"),
        ],
    ),
    ("قضاء", &[("IQ", "District"), ("LB", "District")]),
    ("مديريه", &[("YE", "District")]),
];

/// Nouns that make the city after them a club's name (`نادي جنوى`).
const CLUB_HEADS: &[&str] = &["نادي", "فريق"];

/// A cabinet named through its country's head, capital or name
/// ([`Document::government_of`]).
struct GovernmentMention {
    cabinet: EntityRef,
    /// Where the mention starts (normalized offset).
    start: usize,
    kind: MentionKind,
    /// Whether the head inside is a mention of his own too.
    head_mentioned: bool,
}

/// Regnal numbers, folded: the last word of `رمسيس الثاني` or
/// `إليزابيث الثانية` is no name of theirs.
const REGNAL_ORDINALS: &[&str] = &[
    "الاول",
    "الاولي",
    "الثاني",
    "الثانيه",
    "الثالث",
    "الثالثه",
    "الرابع",
    "الرابعه",
    "الخامس",
    "الخامسه",
    "السادس",
    "السادسه",
    "السابع",
    "السابعه",
    "الثامن",
    "الثامنه",
    "التاسع",
    "التاسعه",
    "العاشر",
    "العاشره",
];

/// How many of the lexicon's entities must have names starting with the
/// same words for those words to be a generic head (`منظمة`, `حزب`), not
/// a short name (`ليستر` of `ليستر سيتي`).
const NAME_HEAD_ENTITIES: usize = 3;

/// Bare nouns that right after a definite word are its adjective, a
/// participle (`الجريمة المنظمة` "organised crime", `اللجنة المنظمة` "the
/// organising committee"), not the organisation named before; folded.
const PARTICIPLE_NOUNS: &[&str] = &["المنظمه"];

/// Bare nouns that refer back to nothing after certain words (folded
/// stems): `منتصف الولاية` is a term of office, `شبه الجزيرة` a peninsula.
const NOT_BACK_AFTER: &[(&str, &[&str])] = &[
    ("الولايه", &["منتصف", "نهايه", "بدايه", "طوال", "خلال"]),
    ("الجزيره", &["شبه"]),
];

/// Demonstratives, folded: before a definite word they make it a common
/// noun (`هذا الاتفاق` "this agreement", not Al-Ettifaq).
const DEMONSTRATIVES: &[&str] = &["هذا", "هذه", "ذلك", "تلك"];

/// Possessive pronouns a noun ends with, folded (`رأسه`, `رأسها`, `رأسي`).
const POSSESSIVES: &[&str] = &[
    "ه", "ها", "هم", "هما", "هن", "ي", "ك", "كم", "كما", "كن", "نا",
];

/// Words after which a city name is part of a person's name (`محمد أبو
/// العلا`, not Al-Ula), folded.
const NAME_LINKS: &[&str] = &["ابو", "ابن", "بن", "بنت"];

/// Words that begin like a definite noun but qualify no noun before or
/// after them, folded: `إلى`, `إلا`, and words of time (`وأعلنت الحكومة
/// الأربعاء`, `غادر الوفد اليوم الخرطوم`).
const NOT_DEFINITE: &[&str] = &[
    "الي",
    "الا",
    "اليوم",
    "الان",
    "الليله",
    "السبت",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
];

/// Whether a token carries a proclitic other than the article (`لكوريا`,
/// `بالعراق`, `وسوريا`), in the folded text.
fn has_preposition(folded: &str, token: &Token) -> bool {
    let proclitics = token.proclitics(folded);
    !proclitics
        .strip_suffix("ال")
        .unwrap_or(proclitics)
        .is_empty()
}

/// Whether a folded word is a definite noun or adjective (`الوطني`,
/// `الأراضي`), not one of the [`NOT_DEFINITE`] look-alikes.
fn looks_definite(word: &str) -> bool {
    word.starts_with("ال") && !NOT_DEFINITE.contains(&word)
}

/// Words after a title that make its holder another than the one in
/// office on the article's date: a former, late, designated, elected or
/// coming one, or the one of that time (`رئيس الوزراء الإثيوبي آنذاك`).
const NOT_IN_OFFICE: &[&str] = &[
    "السابق",
    "الأسبق",
    "الراحل",
    "السابقة",
    "الراحلة",
    "آنذاك",
    "حينها",
    "حينذاك",
    "المكلف",
    "المكلفة",
    "المنتخب",
    "المنتخبة",
    "الجديد",
    "الجديدة",
    "المقبل",
    "المقبلة",
];

/// Title roles that are forms of address, not offices: they introduce a
/// name but do not refer back to one on their own (`سمو`, `الدكتور`).
const NOT_OFFICES: &[&str] = &["honorific", "honorific-late", "military-rank"];

/// `المملكة`, folded: with no kingdom named before it, Arabic news means
/// Saudi Arabia (of 366 unlinked in the 4,500-article sample, 329 from
/// saudinewsnet, every one of 40 read was).
const KINGDOM_NOUN: &str = "المملكه";

/// Countries news calls `المملكة`.
const KINGDOMS: &[&str] = &[
    "gpe:SA", "gpe:MA", "gpe:JO", "gpe:BH", "gpe:GB", "gpe:ES", "gpe:NL", "gpe:BE", "gpe:SE",
    "gpe:NO", "gpe:DK", "gpe:TH",
];

/// Nouns that make a place name the name of a process, not a place
/// (`صيغة أستانا`, the Astana format): events are not entities.
const EVENT_HEADS: &[&str] = &["صيغة", "مسار"];

/// Places and bodies named after a person (their stems, without the
/// article): in `مستشفى الملك فهد`, `مطار الملك عبدالعزيز`, `برج ترامب`,
/// `كأس خادم الحرمين الشريفين`, the person is part of another name, not
/// mentioned.
const NAMED_AFTER_HEADS: &[&str] = &[
    "استاد",
    "برج",
    "جائزة",
    "جامع",
    "جامعة",
    "جسر",
    "ستاد",
    "شارع",
    "قاعة",
    "قصر",
    "كأس",
    "كلية",
    "مؤسسة",
    "مجمع",
    "مدرسة",
    "مدينة",
    "مركز",
    "مستشفى",
    "مسجد",
    "مطار",
    "معهد",
    "مكتبة",
    "ملعب",
    "ميناء",
    "نادي",
];

/// Quotation marks that open a name (`"الديوك"`, `«السيدة العجوز»`).
const OPENING_QUOTES: &[&str] = &["\"", "«", "“"];

/// Nouns before a team's nickname that say it is a team, folded stems.
const TEAM_WORDS: &[&str] = &["فريق", "نادي", "منتخب"];

/// Words of football news (folded, as written with their article): an
/// article with [`FOOTBALL_CUES_NEEDED`] of them reads a club's bare name
/// (`برشلونة`, `الهلال`) as the club rather than the city or the word.
const FOOTBALL_CUES: &[&str] = &[
    "مباراه",
    "المباراه",
    "مباريات",
    "المباريات",
    "الدوري",
    "لاعب",
    "اللاعب",
    "لاعبي",
    "لاعبين",
    "اللاعبين",
    "مدرب",
    "المدرب",
    "مدربه",
    "هدف",
    "هدفا",
    "الهدف",
    "اهداف",
    "الاهداف",
    "الشوط",
    "ملعب",
    "الملعب",
    "النادي",
];

const FOOTBALL_CUES_NEEDED: usize = 3;

/// Words (folded stems) of news about Oman and about Jordan: a bare `عمان`
/// is Jordan's capital (most of the corpora's uses), unless the article
/// speaks of Oman and not of Jordan (`سلطنة عمان`, `مسقط`, `العماني`).
const OMAN_CUES: &[&str] = &["سلطنه", "مسقط", "العماني", "العمانيه", "العمانيين"];
const JORDAN_CUES: &[&str] = &["الاردن", "الاردني", "الاردنيه", "الاردنيين"];

/// Countries whose president heads the government while another office
/// heads the state (Iran's Supreme Leader): there `الرئيس` is the head of
/// government of roles.tsv.
const PRESIDENT_HEADS_GOVERNMENT: &[&str] = &["IR"];

/// Finds and links the entities of an article. Built once per pipeline.
#[derive(Debug)]
pub struct EntityTagger {
    lexicon: EntityLexicon,
    /// The statistical tagger for names the lexicon does not know, when
    /// one is loaded.
    model: Option<NameModel>,
}

/// A NER model with what it reads its features from.
struct NameModel {
    model: NerModel,
    tokenizer: Tokenizer,
    gazetteer: Gazetteer,
    /// The `name_en` of the names the model finds.
    romanizer: Romanizer,
    /// [`EntityLexicon::name_heads`] of [`NAME_HEAD_ENTITIES`] names.
    name_heads: FxHashSet<String>,
}

impl std::fmt::Debug for NameModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameModel")
            .field("tags", &self.model.tags())
            .finish_non_exhaustive()
    }
}

/// The normalized text of an article and its search-folded copy (the same
/// byte offsets).
struct Texts<'a> {
    normalized: &'a str,
    folded: &'a str,
    /// The article's runs of tokens.
    runs: &'a [&'a [Token]],
    /// Whether the article is football news (see [`FOOTBALL_CUES`]),
    /// counted the first time a club's bare name asks.
    football: OnceCell<bool>,
    /// Whether the article speaks of Oman and not of Jordan (see
    /// [`OMAN_CUES`]), looked at the first time a bare `عمان` asks.
    omani: OnceCell<bool>,
}

impl Texts<'_> {
    fn is_football(&self) -> bool {
        *self.football.get_or_init(|| {
            self.runs
                .iter()
                .flat_map(|run| run.iter())
                .filter(|t| FOOTBALL_CUES.contains(&&self.folded[t.norm.clone()]))
                .nth(FOOTBALL_CUES_NEEDED - 1)
                .is_some()
        })
    }

    fn is_about_oman(&self) -> bool {
        *self.omani.get_or_init(|| {
            let stems = || {
                self.runs
                    .iter()
                    .flat_map(|run| run.iter())
                    .map(|t| &self.folded[t.stem.clone()])
            };
            stems().any(|w| OMAN_CUES.contains(&w)) && !stems().any(|w| JORDAN_CUES.contains(&w))
        })
    }
}

/// Words of up to this many letters must match without the search folds
/// too: `وأم` ("and a mother") is not `وام` (WAM), `أبي` ("my father") is
/// not `آبي` (Abe).
const EXACT_UP_TO: usize = 3;

/// Whether a word matches a short surface without the folds: `unfolded`
/// is the word from the same name start, `is_form` says whether that is a
/// form of the surface.
fn exact_enough(key: &str, unfolded: &str, is_form: impl FnOnce(&str) -> bool) -> bool {
    key.chars().count() > EXACT_UP_TO || is_form(unfolded)
}

/// A lexicon surface found in a run of tokens.
#[derive(Clone, Debug)]
struct Found {
    /// Token range within the run.
    tokens: Range<usize>,
    /// Byte range of the mention in the normalized text (proclitics left out).
    norm: Range<usize>,
    surface: Surface,
}

/// Where a name may begin inside a word: at its start, after the
/// conjunction و/ف, after a preposition ب/ل/ك (with or without the
/// conjunction), or after the first ل of لل, whose article the name keeps
/// (`للأمم` is `ل` + `الأمم`). Each start is `(bytes skipped, article
/// restored)`; every clitic letter is two bytes.
fn name_starts(word: &str) -> impl Iterator<Item = (usize, bool)> + use<'_> {
    let mut starts = [(0, false); 5];
    let mut count = 1;
    let conjunction = word.starts_with(['و', 'ف']);
    for base in [0, 2].into_iter().filter(|&b| b == 0 || conjunction) {
        if base > 0 {
            starts[count] = (base, false);
            count += 1;
        }
        let rest = &word[base..];
        if rest.starts_with("لل") {
            starts[count] = (base + 2, true);
            count += 1;
        } else if rest.starts_with(['ب', 'ل', 'ك']) {
            starts[count] = (base + 2, false);
            count += 1;
        }
    }
    // A name keeps at least two letters, but a whole word of one may begin
    // an abbreviation (`أ ف ب`, `أ ش أ`).
    starts
        .into_iter()
        .take(count)
        .filter(move |&(skip, restored)| {
            let rest = &word[skip + if restored { 2 } else { 0 }..];
            skip == 0 || rest.chars().nth(1).is_some()
        })
}

/// The lookup key of a word from a name start.
fn start_key(key: &mut String, word: &str, (skip, restored): (usize, bool)) {
    key.clear();
    if restored {
        key.push_str("ال");
        key.push_str(&word[skip + 2..]);
    } else {
        key.push_str(&word[skip..]);
    }
}

/// Whether the lookup key of a word from a name start is `key`: what
/// [`start_key`] builds, compared without building it (run for every name
/// found, to see whether `حكومة` is before it).
fn start_is(word: &str, (skip, restored): (usize, bool), key: &str) -> bool {
    if restored {
        key.strip_prefix("ال") == Some(&word[skip + 2..])
    } else {
        &word[skip..] == key
    }
}

impl EntityTagger {
    pub fn new(tokenizer: &Tokenizer) -> EntityTagger {
        EntityTagger {
            lexicon: EntityLexicon::new(tokenizer),
            model: None,
        }
    }

    /// Also tags names the lexicon does not know with a trained NER model
    /// (`khabar train ner`); they become entities with `ar:` ids.
    pub fn with_model(mut self, model: NerModel) -> EntityTagger {
        let tokenizer = Tokenizer::new();
        let gazetteer = Gazetteer::new(&tokenizer);
        self.model = Some(NameModel {
            model,
            tokenizer,
            gazetteer,
            romanizer: Romanizer::from_lexicon(),
            name_heads: self.lexicon.name_heads(NAME_HEAD_ENTITIES),
        });
        self
    }

    pub fn lexicon(&self) -> &EntityLexicon {
        &self.lexicon
    }

    /// The entities of runs of tokens (the dateline's parts, then the
    /// sentences), in order of first mention. `folded` is the normalized
    /// text under the search folds; `today` picks the holders of offices
    /// named by title.
    pub fn tag(
        &self,
        normalized: &Normalized,
        folded: &str,
        runs: &[&[Token]],
        today: Option<Date>,
    ) -> Vec<Entity> {
        let texts = Texts {
            normalized: normalized.as_str(),
            folded,
            runs,
            football: OnceCell::new(),
            omani: OnceCell::new(),
        };
        let mut document = Document {
            lexicon: &self.lexicon,
            normalized,
            folded,
            today,
            entities: Vec::new(),
            linked: FxHashMap::default(),
            aliases: FxHashMap::default(),
            role_holders: FxHashMap::default(),
            descriptions: FxHashMap::default(),
            unknown: FxHashMap::default(),
            common_word_cities: FxHashMap::default(),
            bare_ministries: Vec::new(),
            placed_ministries: FxHashMap::default(),
            provinces: FxHashMap::default(),
        };
        // The model tags all runs at once: it looks at how the same words
        // are tagged in the neighbouring sentences.
        let tagged = self.model.as_ref().map(|model| {
            let words: Vec<Vec<String>> = runs
                .iter()
                .map(|run| {
                    run.iter()
                        .map(|t| t.text(texts.normalized).to_string())
                        .collect()
                })
                .collect();
            let tags = model
                .model
                .tag_document(&model.tokenizer, &model.gazetteer, &words);
            (model, tags)
        });
        let mut key = String::new();
        for (k, run) in runs.iter().enumerate() {
            let found = self.find(&texts, run, &mut key);
            document.resolve(&texts, run, &found);
            let mut named: Vec<Range<usize>> = found.iter().map(|f| f.tokens.clone()).collect();
            if let Some((model, tags)) = &tagged {
                named.extend(document.add_unknown(run, &found, &tags[k], model));
                named.sort_by_key(|r| r.start);
            }
            document.refer_back(run, &found, &named, &mut key);
        }
        if let Some((model, _)) = &tagged {
            document.respell_unknown(&model.romanizer);
        }
        document.finish()
    }

    /// Leftmost-longest lexicon surfaces of one run.
    fn find(&self, texts: &Texts, run: &[Token], key: &mut String) -> Vec<Found> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < run.len() {
            let Some(f) = self.surface_at(texts, run, i, key, run.len()) else {
                i += 1;
                continue;
            };
            let after_found = found.last().is_some_and(|g: &Found| g.tokens.end == i);
            if !after_found && self.city_is_common_word(texts, run, &f) {
                i += 1;
                continue;
            }
            // A name that starts inside a title and runs past its end wins
            // the words they share (`أمير منطقة` + `منطقة مكة المكرمة`),
            // but a cabinet does not: `رئيس الحكومة الإيطالية` is the title
            // and a nisba, as `رئيس الوزراء الإيطالي` is.
            let name_inside = matches!(f.surface, Surface::Title(_))
                .then(|| {
                    (f.tokens.start + 1..f.tokens.end).find(|&k| {
                        self.surface_at(texts, run, k, key, run.len())
                            .is_some_and(|g| {
                                g.tokens.end > f.tokens.end
                                    && match g.surface {
                                        Surface::Title(_) => false,
                                        Surface::Name(e) => {
                                            self.lexicon.entity(e).org_kind != "cabinet"
                                        }
                                        _ => true,
                                    }
                            })
                    })
                })
                .flatten();
            // The title keeps its meaning up to where the name starts
            // (`أمير` of `أمير منطقة`, before `منطقة مكة المكرمة`).
            let f = match name_inside {
                Some(k) => self.surface_at(texts, run, i, key, k - i).unwrap_or(Found {
                    tokens: i..k,
                    norm: f.norm.start..run[k - 1].norm.end,
                    surface: f.surface,
                }),
                None => f,
            };
            i = f.tokens.end;
            let (f, nisba) = self.without_nisba(texts, run, key, f);
            found.push(self.without_descriptor(texts, run, key, f));
            found.extend(nisba);
        }
        found
    }

    /// An organisation's name whose last word is a nisba and whose other
    /// words are a name of the same organisation is that name and a
    /// mention of the nisba's country (`نادي إشبيلية الإسباني`, `حزب الله
    /// اللبناني`); not a state body (`الحرس الثوري الإيراني`, `الكنيست
    /// الإسرائيلي`: the annotation guide counts no nisba there), a country
    /// (`الولايات المتحدة الأمريكية`) or an organisation whose English name
    /// names the country too.
    fn without_nisba(
        &self,
        texts: &Texts,
        run: &[Token],
        key: &mut String,
        f: Found,
    ) -> (Found, Option<Found>) {
        let Some(last) = f.tokens.end.checked_sub(1).filter(|&l| l > f.tokens.start) else {
            return (f, None);
        };
        let token = &run[last];
        let Some(nisba @ Surface::Nisba(country)) =
            self.lexicon.phrase(&texts.folded[token.norm.clone()])
        else {
            return (f, None);
        };
        let Surface::Name(entity) = f.surface else {
            return (f, None);
        };
        let info = self.lexicon.entity(entity);
        // A nisba the English name has too is part of the name
        // (`منظمة التحرير الفلسطينية`, the Palestine Liberation Organization).
        let country_words = self.lexicon.entity(country).name_en.split(' ');
        let in_name = country_words
            .filter(|w| w.len() >= 4)
            .any(|w| info.name_en.split(' ').any(|n| n == w));
        if info.kind != EntityType::Org || STATE_BODIES.contains(&info.org_kind) || in_name {
            return (f, None);
        }
        match self.same_name_within(texts, run, key, &f, f.tokens.start..last) {
            Some(g) => {
                let nisba = Found {
                    tokens: last..f.tokens.end,
                    norm: token.norm.clone(),
                    surface: nisba,
                };
                (g, Some(nisba))
            }
            None => (f, None),
        }
    }

    /// The surface `f` has on exactly the tokens `within` (a part of its
    /// own), if it is the same name there.
    fn same_name_within(
        &self,
        texts: &Texts,
        run: &[Token],
        key: &mut String,
        f: &Found,
        within: Range<usize>,
    ) -> Option<Found> {
        self.surface_at(texts, run, within.start, key, within.len())
            .filter(|g| g.tokens.end == within.end && g.surface == f.surface)
    }

    /// A name after a descriptor noun ([`DESCRIPTORS`]) that is the same
    /// entity's name without it is the mention: `تنظيم الإخوان` names the
    /// Brotherhood as `الإخوان`, `ميليشيات الحوثي` the Houthis as `الحوثي`.
    fn without_descriptor(
        &self,
        texts: &Texts,
        run: &[Token],
        key: &mut String,
        f: Found,
    ) -> Found {
        let first = &texts.folded[f.norm.start..run[f.tokens.start].norm.end];
        if f.tokens.len() < 2 || !DESCRIPTORS.contains(&first) {
            return f;
        }
        let rest = f.tokens.start + 1..f.tokens.end;
        self.same_name_within(texts, run, key, &f, rest)
            .unwrap_or(f)
    }

    /// Whether a one-word city name is a common word where it stands: the
    /// first word of a [`CITY_PHRASES`] phrase (`مسقط رأسه`), part of a
    /// person's name after [`NAME_LINKS`] (`أبو العلا`), or, with the
    /// article, an adjective of the definite word before it (`الأراضي
    /// البيضاء`, "white land"; `العملية السلمية`, `القوة القاهرة`) — not
    /// after [`NOT_DEFINITE`] words, `العاصمة` (`العاصمة الرياض`) or a
    /// lexicon surface (`العاصمة السعودية الرياض`; the caller checks).
    fn city_is_common_word(&self, texts: &Texts, run: &[Token], f: &Found) -> bool {
        let Surface::Name(entity) = f.surface else {
            return false;
        };
        let folded = |t: &Token| &texts.folded[t.norm.clone()];
        let is_city = self.lexicon.entity(entity).is_city();
        let word = &texts.folded[f.norm.clone()];
        let next = run.get(f.tokens.end).map_or("", folded);
        let before = f.tokens.start.checked_sub(1).map(|k| &run[k]);
        // Through proclitics (`بمدينة`), as the name links below.
        let after_place_noun =
            before.is_some_and(|t| PLACE_NOUNS.contains(&&texts.folded[t.stem.clone()]));
        let in_phrase = !after_place_noun
            && CITY_PHRASES.iter().any(|&(city, after)| {
                let rest = next.strip_prefix(after);
                word == city
                    && rest.is_some_and(|rest| rest.is_empty() || POSSESSIVES.contains(&rest))
            });
        // An adjective takes no proclitic (`بالقدس`, `والعين` are names).
        let bare = f.tokens.len() == 1 && f.norm.start == run[f.tokens.start].norm.start;
        let adjective = is_city
            && bare
            && word.starts_with("ال")
            && before.is_some_and(|t| {
                let before = folded(t);
                let before = before.strip_prefix(['و', 'ف']).unwrap_or(before);
                t.kind == TokenKind::Word && looks_definite(before) && before != CAPITAL
            });
        let in_name = is_city
            && bare
            && before.is_some_and(|t| NAME_LINKS.contains(&&texts.folded[t.stem.clone()]));
        in_phrase || in_name || adjective
    }

    /// The longest surface of at most `max_tokens` tokens starting at token `i`.
    fn surface_at(
        &self,
        texts: &Texts,
        run: &[Token],
        i: usize,
        key: &mut String,
        max_tokens: usize,
    ) -> Option<Found> {
        let token = &run[i];
        let folded = texts.folded;
        if token.kind == TokenKind::Hashtag {
            return self.hashtag(folded, token, i, key);
        }
        if !matches!(token.kind, TokenKind::Word | TokenKind::Latin) {
            return None;
        }
        let word = &folded[token.norm.clone()];
        let mut unfolded = String::new();
        for start in name_starts(word) {
            if start.0 > 0 && token.kind != TokenKind::Word {
                break;
            }
            start_key(key, word, start);
            let Some(longest) = self.lexicon.longest_from(key) else {
                continue;
            };
            start_key(&mut unfolded, &texts.normalized[token.norm.clone()], start);
            let mut best = self
                .meaning(texts, run, i..i + 1, key)
                .filter(|_| exact_enough(key, &unfolded, |w| self.lexicon.is_short_form(w)))
                .map(|s| (1, s));
            for n in 2..=longest.min(run.len() - i).min(max_tokens) {
                key.push(' ');
                key.push_str(&folded[run[i + n - 1].norm.clone()]);
                if let Some(surface) = self.meaning(texts, run, i..i + n, key) {
                    best = Some((n, surface));
                }
            }
            let after_kaf = !start.1 && word[..start.0].ends_with('ك');
            if after_kaf
                && best.is_some_and(|(n, s)| n == 1 && !self.fits_after_kaf(s, &word[start.0..]))
            {
                continue;
            }
            if let Some((n, surface)) = best {
                return Some(Found {
                    tokens: i..i + n,
                    norm: token.norm.start + start.0..run[i + n - 1].norm.end,
                    surface,
                });
            }
        }
        None
    }

    /// Whether a one-word surface read after the proclitic ك (`كمصر`, "like
    /// Egypt") is one: with the article, a country, a nisba of four letters
    /// or more or another name of five or more; shorter words after ك are
    /// mostly other words (`كبيرا` is not Beira, `كسرت` not Sirte, `كروس`
    /// not the Russians).
    fn fits_after_kaf(&self, surface: Surface, rest: &str) -> bool {
        let letters = rest.chars().count();
        rest.starts_with("ال")
            || match surface {
                Surface::Name(e) => self.lexicon.entity(e).id.starts_with("gpe:") || letters >= 5,
                Surface::Nisba(_) => letters >= 4,
                Surface::Framing(_) | Surface::Title(_) | Surface::BareMinistry(_) => false,
            }
    }

    /// What the folded surface `key` of the tokens `words` stands for: in
    /// football news a club's bare name is the club, even where it also
    /// names a place (`برشلونة`), unless the words around make a name with
    /// the article a common noun or adjective: a definite word before
    /// (`اللاعبين الشباب`) or a demonstrative (`هذا الاتفاق`), or a
    /// definite word or `مع` after (`الاتحاد العربي`, `التعاون مع`), and
    /// not after a [`PLACE_NOUNS`] noun or `منتخب`.
    fn meaning(
        &self,
        texts: &Texts,
        run: &[Token],
        words: Range<usize>,
        key: &str,
    ) -> Option<Surface> {
        if key == "عمان" && texts.is_about_oman() {
            return self.lexicon.by_id("gpe:OM").map(Surface::Name);
        }
        let general = self.lexicon.phrase(key);
        // A team's nickname (`الديوك`, `السيدة العجوز`) in football news,
        // or quoted or after `فريق` elsewhere (short sports items have too
        // few football words to be told football news).
        if let Some(Surface::Framing(team)) = general {
            let before = words.start.checked_sub(1).map(|k| &run[k]);
            let named_as_team = before.is_some_and(|t| {
                OPENING_QUOTES.contains(&t.text(texts.normalized))
                    || TEAM_WORDS.contains(&&texts.folded[t.stem.clone()])
            });
            let team = self.lexicon.entity(team).org_kind == "sports-club";
            if team && !named_as_team && !texts.is_football() {
                return None;
            }
        }
        let Some(club) = self.lexicon.club(key) else {
            return general;
        };
        let place = |s: Surface| match s {
            Surface::Name(e) => self.lexicon.entity(e).kind == EntityType::Gpe,
            _ => false,
        };
        let word = |t: Option<&Token>| {
            t.filter(|t| t.kind == TokenKind::Word)
                .map_or("", |t| &texts.folded[t.norm.clone()])
        };
        let before_token = words.start.checked_sub(1).map(|k| &run[k]);
        let before = word(before_token);
        let after = word(run.get(words.end));
        let demonstrative =
            DEMONSTRATIVES.contains(&before.strip_prefix(['و', 'ف']).unwrap_or(before));
        let common = key.starts_with("ال")
            && (looks_definite(before) || demonstrative || looks_definite(after) || after == "مع");
        // `مدينة ميلان` is the city; `منتخب الشباب` the youth team (but
        // `المنتخب الأخضر` the national team).
        let before_stem = before_token.map_or("", |t| &texts.folded[t.stem.clone()]);
        let before_definite = before_token.is_some_and(|t| t.has_article(texts.folded));
        let not_club =
            PLACE_NOUNS.contains(&before_stem) || (before_stem == "منتخب" && !before_definite);
        if !common && !not_club && general.is_none_or(place) && texts.is_football() {
            Some(Surface::Name(club))
        } else {
            general
        }
    }

    /// A hashtag that is a whole surface, its words joined by `_`
    /// (`#فلاديمير_بوتين`); the mention leaves the `#` out.
    fn hashtag(&self, folded: &str, token: &Token, i: usize, key: &mut String) -> Option<Found> {
        let name = folded[token.norm.clone()].strip_prefix('#')?;
        key.clear();
        key.extend(name.chars().map(|c| if c == '_' { ' ' } else { c }));
        let surface = self.lexicon.phrase(key)?;
        Some(Found {
            tokens: i..i + 1,
            norm: token.norm.start + 1..token.norm.end,
            surface,
        })
    }
}

/// The entities of one article as they are found.
struct Document<'a> {
    lexicon: &'a EntityLexicon,
    normalized: &'a Normalized,
    /// The normalized text under the search folds (same byte offsets).
    folded: &'a str,
    today: Option<Date>,
    entities: Vec<Entity>,
    /// Lexicon entity → its index in `entities`.
    linked: FxHashMap<EntityRef, usize>,
    /// Folded last names of people named in full → their index in
    /// `entities` and the name as written.
    aliases: FxHashMap<String, (usize, String)>,
    /// A title's role → the person last introduced with it (`الوزير` after
    /// `وزير الخارجية الروسي سيرغي لافروف`).
    role_holders: FxHashMap<&'static str, usize>,
    /// Descriptions given to a person in apposition, folded → their index
    /// in `entities`.
    descriptions: FxHashMap<String, usize>,
    /// Names found by the NER model, folded → their index in `entities`.
    unknown: FxHashMap<String, usize>,
    /// Cities named → whether every name so far was one that is also a
    /// common word ([`EntityLexicon::needs_context`]).
    common_word_cities: FxHashMap<EntityRef, bool>,
    /// Ministries named without their country and no place after them
    /// (`وزارة الداخلية`): the bare name and where it stands.
    bare_ministries: Vec<(u32, Range<usize>)>,
    /// (City, province noun) → the province named after the city
    /// ([`Document::province_of`]), its index in `entities`.
    provinces: FxHashMap<(EntityRef, &'static str), usize>,
    /// Bare ministry names linked through a place after them (`وزارة الصحة
    /// في غزة`) → that ministry: the same name bare later is the same one.
    placed_ministries: FxHashMap<u32, EntityRef>,
}

impl<'a> Document<'a> {
    fn span(&self, norm: Range<usize>) -> Span {
        self.normalized.original_span(norm)
    }

    /// Whether the run's token `i` is a comma.
    fn is_comma(&self, run: &[Token], i: usize) -> bool {
        run.get(i)
            .is_some_and(|t| matches!(t.text(self.normalized.as_str()), "،" | ","))
    }

    fn add(&mut self, entity: EntityRef, kind: MentionKind, norm: Range<usize>) -> usize {
        let index = self.entry(entity);
        self.mention(index, kind, norm);
        index
    }

    fn mention(&mut self, index: usize, kind: MentionKind, norm: Range<usize>) {
        let span = self.span(norm);
        self.entities[index].mentions.push(Mention { span, kind });
    }

    /// Links the surfaces of one run, in order.
    fn resolve(&mut self, texts: &Texts, run: &[Token], found: &[Found]) {
        for (j, f) in found.iter().enumerate() {
            match f.surface {
                Surface::Name(_) | Surface::Title(_) if self.inside_other_name(run, f) => {}
                Surface::Name(entity) => {
                    let index = match self.government_of(run, f, &found[..j], entity) {
                        Some(government) => {
                            let GovernmentMention {
                                cabinet,
                                start,
                                kind,
                                head_mentioned,
                            } = government;
                            self.add(cabinet, kind, start..f.norm.end);
                            // `حكومة شريف إسماعيل` ... `إسماعيل`: the person
                            // is not mentioned, but his last name will be;
                            // a government described by its head (`حكومة
                            // رئيس الوزراء حيدر العبادي`, `إدارة ترامب`)
                            // mentions him, as the guide's gold marks it.
                            if head_mentioned {
                                self.add(entity, MentionKind::Name, f.norm.clone())
                            } else {
                                self.entry(entity)
                            }
                        }
                        None => match self.province_of(run, f, entity) {
                            Some((province, start)) => {
                                self.mention(province, MentionKind::Name, start..f.norm.end);
                                province
                            }
                            None => {
                                self.note_city_name(run, f, entity);
                                self.add(entity, MentionKind::Name, f.norm.clone())
                            }
                        },
                    };
                    self.learn_alias(index, &run[f.tokens.clone()]);
                }
                Surface::Framing(entity) => {
                    self.add(entity, MentionKind::Name, f.norm.clone());
                }
                Surface::Nisba(entity) => {
                    self.add(entity, MentionKind::Nisba, f.norm.clone());
                    // `العاصمة الأردنية، عمان`: the name after a comma too.
                    let comma = self.is_comma(run, f.tokens.end);
                    let named_next = found.get(j + 1).is_some_and(|g| {
                        g.tokens.start == f.tokens.end + usize::from(comma)
                            && matches!(g.surface, Surface::Name(_))
                    });
                    // `واشنطن العاصمة الأميركية`: `العاصمة` ends the name before.
                    let in_name = j
                        .checked_sub(1)
                        .is_some_and(|p| found[p].tokens.end == f.tokens.start);
                    if !named_next && !in_name {
                        self.capital_title(run, f, entity);
                    }
                }
                Surface::Title(title) => {
                    let previous = j.checked_sub(1).map(|p| &found[p]);
                    // `الزعيم` in football news is a club's nickname (Al
                    // Hilal, Al Ain), not a country's leader.
                    let nickname =
                        self.lexicon.titles[title as usize].role == "leader" && texts.is_football();
                    if !nickname {
                        self.title(title, run, &found[j..], previous);
                    }
                }
                Surface::BareMinistry(ministry) => self.bare_ministry(run, found, j, ministry),
            }
        }
    }

    /// Notes whether a city was named by a word that is also a common word
    /// (city_context.txt), not after `مدينة` (`مدينة مشهد` is the city):
    /// [`Self::drop_unsupported_cities`] decides at the end.
    fn note_city_name(&mut self, run: &[Token], f: &Found, entity: EntityRef) {
        if !self.lexicon.entity(entity).is_city() {
            return;
        }
        // Only after `مدينة`: `قرية دوما` near Nablus is not Syria's Douma.
        let after_city_noun = f
            .tokens
            .start
            .checked_sub(1)
            .is_some_and(|k| &self.folded[run[k].stem.clone()] == CITY_NOUN);
        let common = !after_city_noun && self.lexicon.needs_context(&self.folded[f.norm.clone()]);
        let only = self.common_word_cities.entry(entity).or_insert(true);
        *only &= common;
    }

    /// A ministry named without its country (`found[j]`): that of the place
    /// after it (`وزارة الصحة في غزة`, `وزارة الداخلية بالعراق`), else of
    /// the country the article is about, decided when the whole article has
    /// been read ([`Self::link_bare_ministries`]) — unless something after it
    /// says whose it is: a nisba (`وزارة الدفاع البلجيكية`), a gloss
    /// (`وزارة الدفاع (البنتاغون)`), or `في` and a name or a bare noun the
    /// lexicon does not tie to a country (`في غزة`, `في المملكة`; not `في
    /// بيان`).
    fn bare_ministry(&mut self, run: &[Token], found: &[Found], j: usize, ministry: u32) {
        let f = &found[j];
        if let Some(country) = self.place_after(run, f, &found[j + 1..]) {
            if let Some(entity) = self.lexicon.bare_ministry_of(ministry, country) {
                self.add(entity, MentionKind::Name, f.norm.clone());
                self.placed_ministries.insert(ministry, entity);
            }
            return;
        }
        let word = |k: usize| run.get(k).map_or("", |t| &self.folded[t.norm.clone()]);
        let after = f.tokens.end;
        let next = found.get(j + 1);
        let named_at =
            |k: usize| next.is_some_and(|g| g.tokens.start == k) || back_noun(word(k)).is_some();
        let nisba_after =
            next.is_some_and(|g| g.tokens.start == after && matches!(g.surface, Surface::Nisba(_)));
        let gloss = word(after) == "(";
        let place_in = word(after) == "في" && named_at(after + 1);
        if !nisba_after && !gloss && !place_in {
            self.bare_ministries.push((ministry, f.norm.clone()));
        }
    }

    /// `العاصمة` before a country's nisba is a title of its capital
    /// (`العاصمة الأفغانية` is Kabul), unless the capital's name follows
    /// (`العاصمة السورية دمشق`: the name is the mention; the caller checks).
    fn capital_title(&mut self, run: &[Token], nisba: &Found, country: EntityRef) {
        let Some(start) = self.head_before(run, nisba.tokens.start, CAPITAL) else {
            return;
        };
        if let Some(city) = self.lexicon.capital(country) {
            self.add(city, MentionKind::Title, start..nisba.norm.end);
        }
    }

    /// `حكومة` before a country, its capital or its head of state or of
    /// government on the date names the country's cabinet (`حكومة سوريا`,
    /// `حكومة موسكو`, `حكومة بن دغر`, also with his title: `حكومة رئيس
    /// الوزراء حيدر العبادي`), and `إدارة` before the president of the
    /// United States its federal government (`إدارة ترامب`); the name
    /// inside is no mention of its own (the guide's convention), but a
    /// person described with his title or an administration mentions him
    /// too. `earlier` are the surfaces before `f`.
    fn government_of(
        &self,
        run: &[Token],
        f: &Found,
        earlier: &[Found],
        entity: EntityRef,
    ) -> Option<GovernmentMention> {
        // `حكومة دولة الإمارات`: over the descriptor left out of the name.
        let mut name_start = f.tokens.start;
        let descriptor = name_start
            .checked_sub(1)
            .is_some_and(|k| DESCRIPTORS.contains(&&self.folded[run[k].norm.clone()]));
        if descriptor {
            name_start -= 1;
        }
        let person = self.lexicon.entity(entity).kind == EntityType::Person;
        // Over a title and its nisba right before a person's name
        // (`الرئيس الأمريكي دونالد ترامب`).
        let bare_start = name_start;
        if person {
            for g in earlier.iter().rev() {
                let title = matches!(g.surface, Surface::Title(_) | Surface::Nisba(_));
                if !title || g.tokens.end != name_start {
                    break;
                }
                name_start = g.tokens.start;
            }
        }
        // `رئيس حكومة بريطانيا`, `رئيس إدارة ترامب للأعمال`: a title.
        let before = name_start.checked_sub(2).map(|k| &run[k]);
        if before.is_some_and(|t| HEAD_WORDS.contains(&&self.folded[t.stem.clone()])) {
            return None;
        }
        // Any president's administration: `إدارة أوباما` after his term too.
        let president = person && self.lexicon.head_of(entity, None) == Some("US");
        if let Some(start) = president
            .then(|| self.head_before(run, name_start, ADMINISTRATION))
            .flatten()
        {
            return Some(GovernmentMention {
                cabinet: self.lexicon.cabinet("US")?,
                start,
                kind: MentionKind::Name,
                head_mentioned: true,
            });
        }
        let start = self.head_before(run, name_start, GOVERNMENT)?;
        let info = self.lexicon.entity(entity);
        let country = match info.kind {
            EntityType::Person => self.lexicon.head_of(entity, self.today)?,
            _ if info.id.starts_with("gpe:") => info.country_code(),
            _ => {
                let country = self.lexicon.capital_of(entity)?;
                let code = self.lexicon.entity(country).country_code();
                // `حكومة صنعاء` is the Houthis' since they took the city.
                let rival = RIVAL_CAPITALS.iter().any(|&(c, (y, m, d))| {
                    c == code
                        && self
                            .today
                            .is_none_or(|today| Date::new(y, m, d) <= Some(today))
                });
                (!rival).then_some(code)?
            }
        };
        // Described by its head's title, the government is a title mention
        // (as the gold has `حكومة رئيس الوزراء حيدر العبادي`).
        let titled = name_start < bare_start;
        Some(GovernmentMention {
            cabinet: self.lexicon.cabinet(country)?,
            start,
            kind: if titled {
                MentionKind::Title
            } else {
                MentionKind::Name
            },
            head_mentioned: titled,
        })
    }

    /// A city after the noun of the province named after it, where its
    /// country calls its provinces so ([`PROVINCE_NOUNS`]): `محافظة الجيزة`
    /// is Giza Governorate, `ولاية سوسة` Sousse Governorate, `قضاء
    /// المحمودية` a district; not in Saudi Arabia, whose `محافظة الطائف`
    /// the guide reads as the city. Returns the province's index in
    /// `entities` (created at its first mention, id `<city id>/<kind>`)
    /// and where its mention starts.
    fn province_of(&mut self, run: &[Token], f: &Found, city: EntityRef) -> Option<(usize, usize)> {
        let info = self.lexicon.entity(city);
        // A city, or another place inside one country (`محافظة سقطرى`
        // after the island).
        if !info.is_city() && !info.id.starts_with("loc:") {
            return None;
        }
        let (noun, suffix, start) = PROVINCE_NOUNS.iter().find_map(|&(noun, countries)| {
            let (_, suffix) = countries.iter().find(|(c, _)| *c == info.country)?;
            let start = self.head_before(run, f.tokens.start, noun)?;
            Some((noun, *suffix, start))
        })?;
        // A province of places.tsv (`محافظة صعدة`) written apart from its
        // name (`محافظة #صعدة`).
        let key = format!("{noun} {}", &self.folded[f.norm.clone()]);
        if let Some(Surface::Name(province)) = self.lexicon.phrase(&key) {
            return Some((self.entry(province), start));
        }
        if let Some(&index) = self.provinces.get(&(city, noun)) {
            return Some((index, start));
        }
        // `Monastir, Tunisia` → `Monastir Governorate`.
        let place = info.name_en.split(", ").next().unwrap_or(info.name_en);
        let written = &self.normalized.as_str()[start..run[f.tokens.start - 1].norm.end];
        self.entities.push(Entity {
            id: format!("{}/{}", info.id, suffix.to_ascii_lowercase()),
            kind: EntityType::Gpe,
            name: format!("{written} {}", info.name),
            name_en: format!("{place} {suffix}"),
            wikidata: None,
            mentions: Vec::new(),
        });
        let index = self.entities.len() - 1;
        self.provinces.insert((city, noun), index);
        Some((index, start))
    }

    /// Where the word right before token `at` starts, past its proclitics,
    /// when it is `head` (folded).
    fn head_before(&self, run: &[Token], at: usize, head: &str) -> Option<usize> {
        let before = &run[at.checked_sub(1)?];
        let word = &self.folded[before.norm.clone()];
        let (skip, _) = name_starts(word).find(|&start| start_is(word, start, head))?;
        Some(before.norm.start + skip)
    }

    /// Whether a name is part of another's: a place after an event noun
    /// (`صيغة أستانا`), a person or a title after the noun of a place or a
    /// body named after him ([`NAMED_AFTER_HEADS`], without the article:
    /// `مستشفى الملك فهد`, but `رئيس النادي فلورنتينو بيريز`).
    fn inside_other_name(&self, run: &[Token], f: &Found) -> bool {
        let Some(before) = f.tokens.start.checked_sub(1).map(|i| &run[i]) else {
            return false;
        };
        let text = self.normalized.as_str();
        let stem = before.stem_text(text);
        let after = |heads: &[&str]| heads.iter().any(|head| eq_folded(stem, head));
        let definite = before.has_article(self.folded);
        let named_after = !definite && after(NAMED_AFTER_HEADS);
        match f.surface {
            Surface::Name(entity) => match self.lexicon.entity(entity).kind {
                // `نادي جنوى` is a club the lexicon does not know, not the city.
                EntityType::Gpe => {
                    after(EVENT_HEADS)
                        || (!definite && self.lexicon.entity(entity).is_city() && after(CLUB_HEADS))
                }
                EntityType::Person => named_after,
                _ => false,
            },
            Surface::Title(_) => named_after,
            _ => false,
        }
    }

    /// A person named by two words or more may be named later by the last
    /// one alone (`بوتين`, `ايمري`), unless it is or ends a regnal number
    /// (`رمسيس الثاني`, then `سيتي الثاني`; `بنديكت السادس عشر`), a
    /// father's name after
    /// `بن` (`نايف` is not Abdulaziz bin Saud bin Nayef) or a dynasty's
    /// after `آل` (`آل سعود`, `آل خليفة` name many). Where two people of
    /// the article share a last name, it stays with the first named: the
    /// story's subject more often than a relative named after him
    /// (`نواز شريف` ... `شهباز شريف` ... `شريف`).
    fn learn_alias(&mut self, index: usize, name: &[Token]) {
        let [.., before, last] = name else { return };
        // `آل` folds to `ال`.
        let before = &self.folded[before.norm.clone()];
        let patronym = ["بن", "ابن", "بنت", "ال"].contains(&before);
        // `بنديكت السادس عشر`: the last word ends a regnal number.
        let regnal = REGNAL_ORDINALS.contains(&before);
        if self.entities[index].kind != EntityType::Person || patronym || regnal {
            return;
        }
        let written = &self.normalized.as_str()[last.norm.clone()];
        let folded = self.folded[last.norm.clone()].to_string();
        if folded.chars().count() >= 3 && !REGNAL_ORDINALS.contains(&folded.as_str()) {
            self.aliases
                .entry(folded)
                .or_insert_with(|| (index, written.to_string()));
        }
    }

    /// A title: `found[0]`, followed by the rest of the run's surfaces;
    /// `previous` is the surface before it.
    fn title(&mut self, title: u32, run: &[Token], found: &[Found], previous: Option<&Found>) {
        let lexicon = self.lexicon;
        let this = &found[0];
        let title = &lexicon.titles[title as usize];
        let mut end_token = this.tokens.end;
        let mut end = this.norm.end;
        let mut office = title.country;
        if let (Some(country), Some(start)) =
            (title.country, self.country_in_title(run, this, title))
        {
            self.add(country, MentionKind::Name, start..this.norm.end);
        }
        let mut k = 1;
        // An indefinite title with a nisba is someone of that country, not
        // its office holder (`زعيم إسرائيلي`, "an Israeli leader"); with
        // the country's name it is in construct (`زعيم كوريا الشمالية`).
        // A construct is as definite as its last word (`رئيس الوزراء`).
        let indefinite = !run[this.tokens.end - 1].has_article(self.folded);
        if office.is_none() {
            if let Some(f) = found.get(k).filter(|f| f.tokens.start == end_token) {
                // `زعيم لكوريا الشمالية` ("a leader for"): no construct.
                let linked = has_preposition(self.folded, &run[f.tokens.start]);
                let nisba = matches!(f.surface, Surface::Nisba(_)) || linked;
                if let Surface::Nisba(country) | Surface::Name(country) = f.surface {
                    let info = lexicon.entity(country);
                    let office_country =
                        info.kind == EntityType::Gpe || info.office_code() == Some("UN");
                    if office_country && !(indefinite && nisba) {
                        office = Some(country);
                        end_token = f.tokens.end;
                        end = f.norm.end;
                        k += 1;
                    }
                }
            }
        }
        let text = self.normalized.as_str();
        // `وزير الخارجية الأمريكي الأسبق`: a former holder, unnamed here.
        let former = run
            .get(end_token)
            .is_some_and(|t| NOT_IN_OFFICE.iter().any(|w| eq_folded(t.text(text), w)));
        // A name right after the title, or after a comma, carries the
        // mention itself (`الرئيس الروسي فلاديمير بوتين`, `الرئيس الأمريكي، دونالد ترامب`).
        let mut after = end_token;
        if self.is_comma(run, after) {
            after += 1;
        }
        if let Some(f) = found.get(k).filter(|f| f.tokens.start == after) {
            if let Surface::Name(person) = f.surface {
                if lexicon.entity(person).kind == EntityType::Person {
                    let index = self.entry(person);
                    self.role_holders.insert(title.role, index);
                    return;
                }
            }
        }
        // A name the lexicon does not know whole right after the title
        // carries the mention too: a last name named before (`الرئيس
        // الأسد`) or a name that starts with a given name of the lexicon's
        // people (`الملك عبدالله`, `الأمير سعود بن بدر`).
        let named_after = run.get(end_token).is_some_and(|t| {
            let word = &self.folded[t.norm.clone()];
            let written = &text[t.norm.clone()];
            t.kind == TokenKind::Word
                && (self
                    .aliases
                    .get(word)
                    .is_some_and(|(_, alias)| exact_enough(word, written, |w| w == alias))
                    || lexicon.is_given_name(word, written))
        });
        if former || named_after || NOT_OFFICES.contains(&title.role) {
            return;
        }
        // An office of a country is its holder on the article's date,
        // whoever stands before it (`التقى مايك بومبيو، ولي العهد السعودي`:
        // a list, not Pompeo's title).
        let holder = office.and_then(|office| {
            let code = lexicon.entity(office).office_code().unwrap_or_default();
            office_role(title.role, code).and_then(|role| lexicon.holder(role, code, self.today))
        });
        if let Some(holder) = holder {
            let index = self.entry(holder);
            self.mention(index, MentionKind::Title, this.norm.start..end);
            self.role_holders.insert(title.role, index);
            return;
        }
        // A description of a person is theirs, here and wherever it recurs.
        let description = self.folded[this.norm.start..end].to_string();
        let described = self
            .described_person(run, this, previous)
            .map(|person| self.entry(person));
        if let Some(index) = described.or_else(|| self.descriptions.get(&description).copied()) {
            self.mention(index, MentionKind::Title, this.norm.start..end);
            self.descriptions.insert(description, index);
            return;
        }
        // An indefinite title (`زعيم`, "a leader") refers back to no one;
        // in construct with what follows it is definite (`وزير الخارجية
        // الأمريكية`, `زعيم التيار`).
        let in_construct = found.get(k).is_some_and(|f| {
            f.tokens.start == end_token
                && matches!(f.surface, Surface::Name(_))
                && !has_preposition(self.folded, &run[f.tokens.start])
        }) || run
            .get(end_token)
            .is_some_and(|t| t.kind == TokenKind::Word && t.has_article(self.folded));
        let definite = !indefinite || in_construct;
        if office.is_none() && definite {
            if let Some(&index) = self.role_holders.get(title.role) {
                self.mention(index, MentionKind::Title, this.norm.start..end);
            }
        }
    }

    /// The person a title describes: the one named right before it, or
    /// before a comma (`الأمير خالد الفيصل، أمير منطقة مكة المكرمة`) — not
    /// after `و` (`مستشفى الملك فهد والمدير العام`: another person) or a
    /// name inside another (`مستشفى الملك فهد`).
    fn described_person(
        &self,
        run: &[Token],
        this: &Found,
        previous: Option<&Found>,
    ) -> Option<EntityRef> {
        let first = &run[this.tokens.start];
        if self.folded[first.norm.start..this.norm.start].starts_with(['و', 'ف']) {
            return None;
        }
        let p = previous.filter(|p| {
            p.tokens.end == this.tokens.start
                || (p.tokens.end + 1 == this.tokens.start && self.is_comma(run, p.tokens.end))
        })?;
        match p.surface {
            Surface::Name(person)
                if self.lexicon.entity(person).kind == EntityType::Person
                    && !self.inside_other_name(run, p) =>
            {
                Some(person)
            }
            _ => None,
        }
    }

    /// Where the country's name inside a title starts (`أمير قطر`,
    /// `#أمير_قطر`), but not where a name runs past the title and takes its
    /// last words (`حاكم مصرف لبنان` in `حاكم مصرف لبنان المركزي`: the bank).
    fn country_in_title(
        &self,
        run: &[Token],
        this: &Found,
        title: &lexicon::Title,
    ) -> Option<usize> {
        let word = title.country_word?;
        if run[this.tokens.start].kind == TokenKind::Hashtag {
            let tag = &self.normalized.as_str()[this.norm.clone()];
            let (offset, _) = tag.match_indices('_').nth(word.checked_sub(1)?)?;
            return Some(this.norm.start + offset + 1);
        }
        let k = this.tokens.start + word;
        (k < this.tokens.end).then(|| run[k].norm.start)
    }

    /// The index of a lexicon entity in the article, created without a
    /// mention when it is new.
    fn entry(&mut self, entity: EntityRef) -> usize {
        if let Some(&index) = self.linked.get(&entity) {
            return index;
        }
        let info = self.lexicon.entity(entity);
        self.entities.push(Entity {
            id: info.id.to_string(),
            kind: info.kind,
            name: info.name.to_string(),
            name_en: info.name_en.to_string(),
            wikidata: info.wikidata.map(str::to_string),
            mentions: Vec::new(),
        });
        self.linked.insert(entity, self.entities.len() - 1);
        self.entities.len() - 1
    }

    /// Names the model tagged (`tags`, one per token of the run) where the
    /// lexicon found nothing. A name is its tokens without the proclitics
    /// the tokenizer splits off (the article stays), but the tokenizer
    /// splits an unknown word greedily (`ليفربول` → `ل` + `يفربول`): the
    /// fewest proclitics are kept that leave a word the model's clusters
    /// know. The same name again is the same entity. Returns the token
    /// ranges named.
    fn add_unknown(
        &mut self,
        run: &[Token],
        found: &[Found],
        tags: &[String],
        model: &NameModel,
    ) -> Vec<Range<usize>> {
        let text = self.normalized.as_str();
        let mut named = Vec::new();
        for (tag, start, end) in crate::ner::spans(tags) {
            let kind = match tag.as_str() {
                "PERS" | "PER" | "PERSON" => EntityType::Person,
                "ORG" => EntityType::Org,
                "LOC" | "GPE" => self.place_kind(run, start),
                _ => continue,
            };
            let overlaps = found
                .iter()
                .any(|f| f.tokens.start < end && start < f.tokens.end);
            if overlaps || run[start].kind != TokenKind::Word {
                continue;
            }
            let first = &run[start];
            let proclitics = first.proclitics(text);
            let greedy = proclitics.strip_suffix("ال").unwrap_or(proclitics).len();
            let known = |skip: &usize| {
                let word = first.norm.start + skip..first.norm.end;
                proclitics.is_char_boundary(*skip) && model.model.knows(&self.folded[word])
            };
            // Right after an indefinite place noun, in construct, a name
            // takes no preposition (`مطار كاتمندو`, `جزيرة بورنهولم`), nor
            // after a nisba, in apposition (`الإسباني بدرو رودريغيز`); `و`
            // may still join it to a list (`الأميركيين وسلتيك`).
            let keeps_letters = !proclitics.starts_with('و')
                && start.checked_sub(1).is_some_and(|k| {
                    let head = &run[k];
                    let stem = &self.folded[head.stem.clone()];
                    let place_noun = !head.has_article(self.folded)
                        && (LOC_HEADS.contains(&stem) || PLACE_NOUNS.contains(&stem));
                    place_noun || self.is_nisba(head)
                });
            let skip = match keeps_letters {
                true => 0,
                false => (0..=greedy).rev().find(known).unwrap_or(greedy),
            };
            let norm = first.norm.start + skip..run[end - 1].norm.end;
            let name = text[norm.clone()].to_string();
            let key = self.folded[norm.clone()].to_string();
            // One word that is, after the proclitics a name may have, the
            // last name of a person named before (`علي رضا كريمي`, then
            // `كريمي`, which the model may read as ك + `ريمي`) is his, and a
            // bare noun (`المنظمة`) is no name: `refer_back` links both.
            let word = &self.folded[first.norm.clone()];
            let mut candidate = String::new();
            let refers_back = end - start == 1
                && name_starts(word).any(|name_start| {
                    start_key(&mut candidate, word, name_start);
                    self.aliases.contains_key(&candidate) || back_noun(&candidate).is_some()
                });
            // A place or organisation named by the generic head of names
            // the lexicon knows, and not by itself a name, is a common
            // noun: `منظمة`, `حزب`, `البنك المركزي`, `ريال` (the riyal far
            // more often than Real Madrid). People are not: a given name
            // alone names one.
            let spaced = key.split_whitespace().collect::<Vec<_>>().join(" ");
            let generic_head = kind != EntityType::Person
                && model.name_heads.contains(&spaced)
                && self.lexicon.phrase(&spaced).is_none();
            let month = end - start == 1 && self.is_month_in_date(run, start);
            if refers_back || generic_head || month || is_formula(&spaced) {
                continue;
            }
            let index = match self.unknown.get(&key) {
                Some(&index) => index,
                None => {
                    self.entities.push(Entity {
                        id: format!("ar:{}", key.replace(' ', "_")),
                        kind,
                        name_en: model.romanizer.romanize(&name),
                        name,
                        wikidata: None,
                        mentions: Vec::new(),
                    });
                    self.unknown.insert(key, self.entities.len() - 1);
                    self.entities.len() - 1
                }
            };
            self.mention(index, MentionKind::Name, norm);
            self.learn_alias(index, &run[start..end]);
            named.push(start..end);
        }
        named
    }

    /// Whether a word is a nisba, after any proclitics (`والإسباني`).
    fn is_nisba(&self, token: &Token) -> bool {
        let word = &self.folded[token.norm.clone()];
        let mut key = String::new();
        name_starts(word).any(|start| {
            start_key(&mut key, word, start);
            matches!(self.lexicon.phrase(&key), Some(Surface::Nisba(_)))
        })
    }

    /// Whether the one word at token `at` is a month's name in a date: in
    /// brackets or after a slash (`أبريل (نيسان)`, `أيار/مايو`), or before
    /// or after a number (`25 نيسان`, `نيسان 2018`), not the carmaker.
    fn is_month_in_date(&self, run: &[Token], at: usize) -> bool {
        let word = &self.folded[run[at].norm.clone()];
        let is_month = calendar::MONTH_NAMES
            .iter()
            .any(|(name, _, _)| eq_folded(name, word));
        let marks = |k: Option<usize>| {
            k.and_then(|k| run.get(k)).is_some_and(|t| {
                t.kind == TokenKind::Number
                    || matches!(&self.normalized.as_str()[t.norm.clone()], "(" | ")" | "/")
            })
        };
        is_month && (marks(at.checked_sub(1)) || marks(Some(at + 1)))
    }

    /// The type of a place the model names from token `start`: LOC where
    /// it starts with one of [`LOC_HEADS`] or follows one, else GPE.
    fn place_kind(&self, run: &[Token], start: usize) -> EntityType {
        let is_head = |t: &Token| {
            LOC_HEADS.contains(&&self.folded[t.stem.clone()])
                || LOC_HEADS.contains(&&self.folded[t.norm.clone()])
        };
        let before = start.checked_sub(1).map(|k| &run[k]);
        if is_head(&run[start]) || before.is_some_and(is_head) {
            EntityType::Loc
        } else {
            EntityType::Gpe
        }
    }

    /// Spells the names the model found the Maghreb's way where the country
    /// the article names most is in the Maghreb (`عبيد البريكي` → Abid
    /// Briki, not Obeid al-Bariki).
    fn respell_unknown(&mut self, romanizer: &Romanizer) {
        let counts = self.country_mentions();
        let main = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
        if !main.is_some_and(|(country, _)| MAGHREB.contains(country)) {
            return;
        }
        for &index in self.unknown.values() {
            let entity = &mut self.entities[index];
            entity.name_en = romanizer.romanize_in(&entity.name, Style::Maghrebi);
        }
    }

    /// Words outside the names found (`named`: the lexicon's surfaces and
    /// the model's names, token ranges in order) that refer back: the last
    /// name of a person named before, and bare nouns for the last
    /// organisation of their kind. A lexicon surface right after a bare
    /// noun (`found`) may qualify it.
    fn refer_back(
        &mut self,
        run: &[Token],
        found: &[Found],
        named: &[Range<usize>],
        key: &mut String,
    ) {
        let mut unfolded = String::new();
        let mut covered = named.iter().peekable();
        for (i, token) in run.iter().enumerate() {
            while covered.next_if(|r| r.end <= i).is_some() {}
            if covered.peek().is_some_and(|r| r.contains(&i)) || token.kind != TokenKind::Word {
                continue;
            }
            let folded = self.folded;
            let word = &folded[token.norm.clone()];
            for start in name_starts(word) {
                start_key(key, word, start);
                start_key(
                    &mut unfolded,
                    &self.normalized.as_str()[token.norm.clone()],
                    start,
                );
                let norm = token.norm.start + start.0..token.norm.end;
                let alias = self
                    .aliases
                    .get(key.as_str())
                    .filter(|(_, written)| exact_enough(key, &unfolded, |w| w == written));
                if let Some(&(index, _)) = alias {
                    self.mention(index, MentionKind::Name, norm);
                    break;
                }
                // `الجريمة المنظمة`, `اللجنة المنظمة`: a participle.
                let participle = start.0 == 0
                    && PARTICIPLE_NOUNS.contains(&key.as_str())
                    && i.checked_sub(1).is_some_and(|k| {
                        let before = &run[k];
                        before.kind == TokenKind::Word
                            && looks_definite(&folded[before.norm.clone()])
                    });
                let after_blocker = NOT_BACK_AFTER.iter().any(|(noun, blockers)| {
                    key == noun
                        && i.checked_sub(1)
                            .is_some_and(|k| blockers.contains(&&folded[run[k].stem.clone()]))
                });
                if participle || after_blocker {
                    break;
                }
                let referent = self.last_referent(key, token.norm.start).or_else(|| {
                    let saudi = self
                        .lexicon
                        .by_id("gpe:SA")
                        .filter(|_| key == KINGDOM_NOUN)?;
                    Some(self.entry(saudi))
                });
                if let Some(index) = referent {
                    // A noun followed by a nisba or another definite word
                    // names another body (`الحكومة الفرنسية`, `الجيش الوطني`,
                    // `الحكومة الجديدة`, `الحزب الشيوعي`).
                    let next = run.get(i + 1).filter(|t| t.kind == TokenKind::Word);
                    let next_word = next.map(|t| &folded[t.norm.clone()]);
                    // `المنظمة الدولية لحقوق الإنسان` is another one.
                    let named_on = run
                        .get(i + 2)
                        .is_some_and(|t| folded[t.norm.clone()].starts_with('ل'));
                    let epithet = next_word.is_some_and(|next| {
                        EPITHETS.contains(&next)
                            || ((key.as_str(), next) == INTERNATIONAL_ORGANISATION && !named_on)
                    });
                    let qualified = !epithet
                        && next_word.is_some_and(|next| {
                            looks_definite(next) && !RELATIVE_PRONOUNS.contains(&next)
                        });
                    if !qualified && found.iter().all(|f| f.tokens.start != i + 1) {
                        let norm = match next.filter(|_| epithet) {
                            Some(t) => norm.start..t.norm.end,
                            None => norm,
                        };
                        self.mention(index, MentionKind::Title, norm);
                    }
                    break;
                }
            }
        }
    }

    /// The entity last mentioned before `before` (a normalized offset) that
    /// a bare noun can stand for: not one named later in the same sentence.
    fn last_referent(&self, noun: &str, before: usize) -> Option<usize> {
        let referent = back_noun(noun)?;
        let fits = |entity: EntityRef| {
            let info = self.lexicon.entity(entity);
            match referent {
                Referent::Org(kinds) => kinds.contains(&info.org_kind),
                Referent::Named(word) => self.lexicon.names_with_word(entity, word),
                Referent::NamedOrg(word, kinds) => {
                    kinds.contains(&info.org_kind) && self.lexicon.names_with_word(entity, word)
                }
                Referent::Company => {
                    info.org_kind == "company"
                        && !MEDIA_WORDS
                            .iter()
                            .any(|word| self.lexicon.names_with_word(entity, word))
                }
                Referent::Country => info.id.starts_with("gpe:"),
                Referent::Kingdom => KINGDOMS.contains(&&*info.id),
                Referent::City => info.is_city(),
            }
        };
        let before = self.span(before..before).start();
        let last_mention = |index: usize| {
            let starts = self.entities[index].mentions.iter().map(|m| m.span.start());
            starts.filter(|&start| start < before).max()
        };
        // Provinces named after their city (`ولاية سوسة` ... `الولاية`).
        let provinces = self
            .provinces
            .iter()
            .filter(|((_, noun), _)| matches!(referent, Referent::Named(word) if word == *noun))
            .map(|(_, &index)| index);
        self.linked
            .iter()
            .filter(|(&entity, _)| fits(entity))
            .map(|(_, &index)| index)
            .chain(provinces)
            .filter_map(|index| Some((last_mention(index)?, index)))
            .max()
            .map(|(_, index)| index)
    }

    /// Moves a city to its homonym where the article speaks of the
    /// homonym's country and not of the city's own (`زنجبار` in news of
    /// Yemen is Zinjibar, not Zanzibar). An article speaks of a country
    /// when it names it, or a city, a province or other place inside it
    /// (places.tsv's country column) or an organisation of it.
    fn place_homonyms(&mut self) {
        let named = self.country_mentions();
        let moves: Vec<(usize, EntityRef)> = self
            .linked
            .iter()
            .filter_map(|(&city, &index)| {
                let own = self.lexicon.entity(city).country;
                // The city itself does not speak of its country.
                let named = |country: &str| {
                    let by_itself = if country == own {
                        self.entities[index].mentions.len()
                    } else {
                        0
                    };
                    named.get(country).is_some_and(|&n| n > by_itself)
                };
                let there = self.lexicon.city_in(city, named);
                (there != city).then_some((index, there))
            })
            .collect();
        for (index, there) in moves {
            let mentions = std::mem::take(&mut self.entities[index].mentions);
            let target = self.entry(there);
            self.entities[target].mentions.extend(mentions);
        }
    }

    /// Drops the cities named only by words that are also common words
    /// (`بحجة` "under the pretext", `مشهد` "scene") where nothing else in
    /// the article speaks of their country.
    fn drop_unsupported_cities(&mut self) {
        if !self
            .common_word_cities
            .values()
            .any(|&only_common| only_common)
        {
            return;
        }
        let named = self.country_mentions();
        for (&city, &only_common) in &self.common_word_cities {
            let Some(&index) = self.linked.get(&city).filter(|_| only_common) else {
                continue;
            };
            let country = self.lexicon.entity(city).country;
            let by_itself = self.entities[index].mentions.len();
            if named.get(country).is_none_or(|&n| n <= by_itself) {
                self.entities[index].mentions.clear();
            }
        }
    }

    /// Links the ministries named without their country: to the one the same
    /// name was tied to by a place earlier in the article, else to the
    /// country the article is about: the one it speaks of most, at least
    /// twice, and at least twice as often as of any other.
    fn link_bare_ministries(&mut self) {
        let placed = std::mem::take(&mut self.placed_ministries);
        let pending = std::mem::take(&mut self.bare_ministries);
        let (placed_ones, pending): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .partition(|(ministry, _)| placed.contains_key(ministry));
        for (ministry, norm) in placed_ones {
            self.add(placed[&ministry], MentionKind::Name, norm);
        }
        if pending.is_empty() {
            return;
        }
        let named = self.country_mentions();
        let mut counts: Vec<(usize, &str)> = named.iter().map(|(&c, &n)| (n, c)).collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let about = match counts.as_slice() {
            [(first, country), rest @ ..] => {
                let second = rest.first().map_or(0, |&(n, _)| n);
                (*first >= 2 && *first >= 2 * second).then_some(*country)
            }
            [] => None,
        };
        let Some(country) = about else { return };
        for (ministry, norm) in pending {
            if let Some(entity) = self.lexicon.bare_ministry_of(ministry, country) {
                self.add(entity, MentionKind::Name, norm);
            }
        }
    }

    /// How often the article speaks of each country (ISO code): the
    /// mentions of the country and of its cities, its other places
    /// (`محافظة الحديدة`, `قطاع غزة`) and its organisations.
    fn country_mentions(&self) -> FxHashMap<&'a str, usize> {
        let mut counts: FxHashMap<&'a str, usize> = FxHashMap::default();
        for (&entity, &index) in &self.linked {
            let info = self.lexicon.entity(entity);
            let country = info.country_code();
            let mentions = self.entities[index].mentions.len();
            if !country.is_empty() && mentions > 0 {
                *counts.entry(country).or_default() += mentions;
            }
        }
        // Provinces named after a city count for the city's country.
        for (&(city, _), &index) in &self.provinces {
            let country = self.lexicon.entity(city).country;
            *counts.entry(country).or_default() += self.entities[index].mentions.len();
        }
        counts
    }

    /// The country of the place named right after a surface, after `في`
    /// (`وزارة الصحة في غزة`) or through `ب` (`بالعراق`).
    fn place_after(&self, run: &[Token], f: &Found, rest: &[Found]) -> Option<&'a str> {
        let next = rest.first()?;
        let after_in = next.tokens.start == f.tokens.end + 1
            && run
                .get(f.tokens.end)
                .is_some_and(|t| &self.folded[t.norm.clone()] == "في");
        let through_clitic = next.tokens.start == f.tokens.end
            && self.folded[run[next.tokens.start].norm.start..next.norm.start].ends_with('ب');
        let Surface::Name(place) = next.surface else {
            return None;
        };
        let info = self.lexicon.entity(place);
        let country = info.country_code();
        let is_place = matches!(info.kind, EntityType::Gpe | EntityType::Loc);
        (is_place && (after_in || through_clitic) && !country.is_empty()).then_some(country)
    }

    /// The entities with at least one mention, in order of first mention,
    /// each with its mentions in text order.
    fn finish(mut self) -> Vec<Entity> {
        self.place_homonyms();
        self.drop_unsupported_cities();
        self.link_bare_ministries();
        let mut entities: Vec<Entity> = self
            .entities
            .into_iter()
            .filter(|e| !e.mentions.is_empty())
            .map(|mut e| {
                e.mentions.sort_by_key(|m| m.span);
                e.mentions.dedup();
                e
            })
            .collect();
        entities.sort_by_key(|e| e.mentions[0].span);
        entities
    }
}

/// The roles.tsv office a title names for a country, if roles.tsv lists
/// holders of it.
fn office_role(title_role: &str, code: &str) -> Option<&'static str> {
    Some(match title_role {
        "head-of-state" if PRESIDENT_HEADS_GOVERNMENT.contains(&code) => "head-of-government",
        "head-of-state" | "king" | "queen" | "sultan" | "ruler" | "supreme-leader" | "leader" => {
            "head-of-state"
        }
        "head-of-government" => "head-of-government",
        "foreign-minister" => "foreign-minister",
        "defence-minister" => "defence-minister",
        "crown-prince" => "crown-prince",
        "regional-governor" => "regional-governor",
        "secretary-general" if code == "UN" => "un-secretary-general",
        _ => return None,
    })
}
