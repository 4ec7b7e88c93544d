//! The canonical example, exactly: the SANA story of the Putin–Pezeshkian call.

use khabar::structure::boilerplate::BoilerplateKind;
use khabar::{ArticleJson, OutputOptions, Pipeline, Published, RawArticle};

const SEED: &str = include_str!("../../../examples/sana-putin-pezeshkian.txt");

fn seed_analysis() -> khabar::Analysis {
    let article = RawArticle {
        id: "000_424fbe4dbe17e1ac".into(),
        source: Some("sana".into()),
        published: Some(Published::parse("2024-12-02").unwrap()),
        text: SEED.into(),
        ..Default::default()
    };
    Pipeline::builder().build().analyze(article)
}

fn surface(span: khabar::Span) -> &'static str {
    span.slice(SEED).unwrap()
}

#[test]
fn dateline_is_moscow_sana() {
    let analysis = seed_analysis();
    let dateline = analysis.structure.dateline.expect("a dateline");
    assert_eq!(surface(dateline.span), "موسكو-سانا");
    assert_eq!(surface(dateline.place.unwrap()), "موسكو");
    let agency = dateline.agency.unwrap();
    assert_eq!((surface(agency.span), agency.name), ("سانا", "SANA"));
    assert_eq!(dateline.date, None);
}

#[test]
fn the_telegram_promo_is_the_only_boilerplate() {
    let analysis = seed_analysis();
    let found: Vec<(BoilerplateKind, &str)> = analysis
        .structure
        .boilerplate
        .iter()
        .map(|b| (b.kind, surface(b.span)))
        .collect();
    assert_eq!(
        found,
        [(
            BoilerplateKind::SocialPromo,
            "لمتابعة أخبار سانا على تلغرام https://t.me/SyrianArabNewsAgen"
        )]
    );
}

#[test]
fn sentences_are_the_nine_story_paragraphs() {
    let analysis = seed_analysis();
    let starts: Vec<String> = analysis
        .sentences
        .iter()
        .map(|s| {
            surface(s.span)
                .split(' ')
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(
        starts,
        [
            "أكد الرئيسان الروسي",
            "وقالت الرئاسة الروسية",
            "وأضافت الرئاسة: “تم",
            "ولفتت الرئاسة الروسية",
            "إلى ذلك قال",
            "وأضاف: إن “موسكو",
            "من جانبه قال",
            "وأضاف: إن “عودة",
            "وأشاد بزشكيان بدور",
        ]
    );
    let last = analysis.sentences.last().unwrap();
    assert!(surface(last.span).ends_with("مؤكداً “استعداد بلاده لأي تعاون معها”."));
}

#[test]
fn every_span_slices_to_its_surface() {
    let analysis = seed_analysis();
    let json =
        serde_json::to_value(ArticleJson::new(&analysis, OutputOptions { tokens: true })).unwrap();
    let checked = khabar::schema::check_spans(&json).unwrap();
    assert!(checked > 300, "only {checked} spans");
}

#[test]
fn pipeline_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Pipeline>();
    assert_send_sync::<khabar::Analysis>();
    assert_send_sync::<khabar::entities::Romanizer>();
}

/// Every entity of the seed with its mentions in text order, as
/// `(id, [(surface, kind)])`.
fn entities() -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    seed_analysis()
        .entities
        .iter()
        .map(|e| {
            let mentions = e
                .mentions
                .iter()
                .map(|m| (surface(m.span), m.kind.as_str()))
                .collect();
            (e.id.clone(), mentions)
        })
        .collect()
}

#[test]
fn entities_are_the_thirteen_of_the_story_each_linked_once() {
    let ids: Vec<String> = entities().into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        ids,
        [
            "geonames:524901",
            "org:sana",
            "gpe:RU",
            "person:vladimir-putin",
            "gpe:IR",
            "person:masoud-pezeshkian",
            "gpe:SY",
            "org:kremlin",
            "gpe:TR",
            "org:un-security-council",
            "gpe:LB",
            "gpe:IL",
            "gpe:US",
        ]
    );
}

#[test]
fn people_are_linked_through_titles_and_short_names() {
    let entities = entities();
    let mentions = |id: &str| &entities.iter().find(|(e, _)| e == id).unwrap().1;
    assert_eq!(
        mentions("person:vladimir-putin"),
        &[("فلاديمير بوتين", "name"), ("بوتين", "name")]
    );
    assert_eq!(
        mentions("person:masoud-pezeshkian"),
        &[
            ("مسعود بزشكيان", "name"),
            ("الرئيس الإيراني", "title"),
            ("بزشكيان", "name")
        ]
    );
    assert_eq!(
        mentions("org:kremlin"),
        &[
            ("الرئاسة الروسية", "name"),
            ("الرئاسة", "title"),
            ("الرئاسة الروسية", "name")
        ]
    );
}

#[test]
fn places_are_named_through_clitics_and_nisbas() {
    let entities = entities();
    let mentions = |id: &str| &entities.iter().find(|(e, _)| e == id).unwrap().1;
    assert_eq!(
        mentions("gpe:SY"),
        &[
            ("سورية", "name"),
            ("سورية", "name"),
            ("السورية", "nisba"),
            ("سورية", "name"),
            // `السلامة للبلاد`: the country named last before it, not
            // Turkey named after it in the sentence.
            ("لبلاد", "title"),
            ("سورية", "name"),
            ("سورية", "name"),
            ("سورية", "name"),
            ("سورية", "name"),
            ("سورية", "name"),
            ("السورية", "nisba"),
        ]
    );
    assert_eq!(
        mentions("gpe:IR"),
        &[
            ("الإيراني", "nisba"),
            ("الإيراني", "nisba"),
            ("إيران", "name"),
            ("الإيراني", "nisba")
        ]
    );
    assert_eq!(
        mentions("gpe:IL"),
        &[
            ("الكيان الصهيوني", "name"),
            ("الكيان الصهيوني", "name"),
            ("الصهاينة", "name")
        ]
    );
    assert_eq!(mentions("gpe:US"), &[("أمريكا", "name")]);
}
