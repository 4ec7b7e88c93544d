//! The entities layer on short texts: each rule of docs/design/entities.md
//! with its exact mentions.

use khabar::{Pipeline, Published, RawArticle};

/// `(entity id, [(mention, kind)])` of a text published on `date`.
fn entities(text: &str, date: &str) -> Vec<(String, Vec<(String, &'static str)>)> {
    let article = RawArticle {
        id: "t".into(),
        text: text.into(),
        published: Some(Published::parse(date).unwrap()),
        ..Default::default()
    };
    let analysis = Pipeline::builder().times(false).build().analyze(article);
    analysis
        .entities
        .iter()
        .map(|e| {
            let mentions = e
                .mentions
                .iter()
                .map(|m| (m.span.slice(text).unwrap().to_string(), m.kind.as_str()))
                .collect();
            (e.id.clone(), mentions)
        })
        .collect()
}

fn mentions_of(text: &str, date: &str, id: &str) -> Vec<(String, &'static str)> {
    entities(text, date)
        .into_iter()
        .find(|(e, _)| e == id)
        .map(|(_, m)| m)
        .unwrap_or_default()
}

fn owned(mentions: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    mentions.iter().map(|&(m, k)| (m.to_string(), k)).collect()
}

/// The analysis of `text` with a NER model trained on `conll` (five epochs,
/// one run) and word clusters.
fn analyze_with_model(
    conll: &str,
    clusters: khabar::ner::WordClusters,
    text: &str,
) -> khabar::Analysis {
    use khabar::ner::{read_conll, NerModel, TrainOptions};
    use khabar::text::tokenize::Tokenizer;
    let train = read_conll(conll).unwrap();
    let options = TrainOptions { epochs: 5, runs: 1 };
    let model = NerModel::train(
        &train,
        &Tokenizer::new(),
        clusters,
        &options,
        |_, _, _, _| {},
    );
    let article = RawArticle {
        id: "t".into(),
        text: text.into(),
        ..Default::default()
    };
    Pipeline::builder()
        .times(false)
        .ner_model(model)
        .build()
        .analyze(article)
}

#[test]
fn names_are_found_through_clitics_keeping_the_article() {
    let text = "وصل الوفد وبسورية أمس، وقال للولايات المتحدة إن لموسكو دوراً.";
    assert_eq!(
        mentions_of(text, "2024-12-02", "gpe:SY"),
        owned(&[("سورية", "name")])
    );
    assert_eq!(
        mentions_of(text, "2024-12-02", "gpe:US"),
        owned(&[("لولايات المتحدة", "name")])
    );
    assert_eq!(
        mentions_of(text, "2024-12-02", "geonames:524901"),
        owned(&[("موسكو", "name")])
    );
}

#[test]
fn titles_name_the_office_holder_of_the_date() {
    let text = "قال الرئيس الروسي إن المحادثات مثمرة.";
    assert_eq!(
        mentions_of(text, "2010-06-01", "person:dmitry-medvedev"),
        owned(&[("الرئيس الروسي", "title")])
    );
    assert_eq!(
        mentions_of(text, "2024-12-02", "person:vladimir-putin"),
        owned(&[("الرئيس الروسي", "title")])
    );
    // A former holder is not the present one, nor the one of that time.
    for former in [
        "وقال وزير الخارجية الأمريكي الأسبق إن الاتفاق انتهى.",
        "ووقع الاتفاق رئيس الوزراء الإثيوبي آنذاك.",
    ] {
        assert!(entities(former, "2018-05-01")
            .iter()
            .all(|(id, _)| !id.starts_with("person:")));
    }
    // An office is its holder even right after another person's name.
    let text = "التقى مايك بومبيو، ولي العهد السعودي في الرياض.";
    assert_eq!(
        mentions_of(text, "2018-10-17", "person:mohammed-bin-salman"),
        owned(&[("ولي العهد السعودي", "title")])
    );
}

#[test]
fn the_head_of_a_government_with_a_nisba_is_a_title_not_the_cabinet() {
    let text = "وقال رئيس الحكومة التركية إن الحكومة الإسبانية وافقت.";
    let found = entities(text, "2015-07-22");
    assert_eq!(
        found,
        vec![
            (
                "person:ahmet-davutoglu".to_string(),
                owned(&[("رئيس الحكومة التركية", "title")])
            ),
            ("gpe:TR".to_string(), owned(&[("التركية", "nisba")])),
            (
                "org:es-government".to_string(),
                owned(&[("الحكومة الإسبانية", "name")])
            ),
        ]
    );
}

#[test]
fn a_name_after_a_title_and_a_comma_carries_the_mention() {
    let text = "قال الرئيس الأمريكي، دونالد ترامب، إن ترامب سيزور المنطقة.";
    assert_eq!(
        mentions_of(text, "2018-05-01", "person:donald-trump"),
        owned(&[("دونالد ترامب", "name"), ("ترامب", "name")])
    );
    assert_eq!(
        mentions_of(text, "2018-05-01", "gpe:US"),
        owned(&[("الأمريكي", "nisba")])
    );
}

#[test]
fn a_bare_title_before_a_name_the_lexicon_lacks_whole_is_no_mention() {
    // `الرئيس الأسد`: the last name carries the mention; `الملك عبدالله`
    // starts with a given name: another king than the one of the date.
    let text = "استقبل الرئيس السوري بشار الأسد وفدا، ثم التقى الرئيس الأسد السفير. وافتتح الملك عبدالله المعرض.";
    let found = entities(text, "2018-05-01");
    let assad = found
        .iter()
        .find(|(id, _)| id == "person:bashar-al-assad")
        .unwrap();
    assert_eq!(assad.1, owned(&[("بشار الأسد", "name"), ("الأسد", "name")]));
    assert!(
        found
            .iter()
            .all(|(id, _)| id != "person:salman-of-saudi-arabia"),
        "{found:?}"
    );
}

#[test]
fn hashtags_name_entities_without_the_sign() {
    let text = "غرد الرئيس الروسي، #فلاديمير_بوتين، صباحاً.";
    assert_eq!(
        mentions_of(text, "2024-12-02", "person:vladimir-putin"),
        owned(&[("فلاديمير_بوتين", "name")])
    );
}

#[test]
fn short_words_do_not_match_through_the_folds() {
    // `وأم` is "and a mother", not WAM (وام).
    let text = "قتل أب وأم في القصف.";
    assert!(entities(text, "2024-12-02").is_empty());
}

#[test]
fn bare_nouns_refer_back_to_the_last_body_of_their_kind() {
    let text = "قالت الرئاسة الروسية في بيان إن الاتصال جرى. وأضافت الرئاسة أن الجانبين اتفقا.";
    assert_eq!(
        mentions_of(text, "2024-12-02", "org:kremlin"),
        owned(&[("الرئاسة الروسية", "name"), ("الرئاسة", "title")])
    );
    // `المنظمة الدولية` is the organisation named before, but not with a
    // complement of its own.
    let text = "ودعت الأمم المتحدة إلى الهدوء، وقالت المنظمة الدولية إن الوضع خطير. \
                وقالت المنظمة الدولية لحقوق الإنسان إن الوضع خطير.";
    assert_eq!(
        mentions_of(text, "2018-06-01", "org:un"),
        owned(&[("الأمم المتحدة", "name"), ("المنظمة الدولية", "title")])
    );
}

#[test]
fn bare_nouns_refer_back_only_to_bodies_named_before_them_and_only_unqualified() {
    // `الحكومة` is a cabinet, not any state body; `الحكومة الجديدة` is
    // another one.
    let text = "صادق البرلمان العراقي على النتائج. وقالت الحكومة إن تشكيل الحكومة الجديدة قريب.";
    assert_eq!(
        entities(text, "2018-08-19"),
        [(
            "org:iq-parliament".to_string(),
            owned(&[("البرلمان العراقي", "name")])
        )]
    );
    // A word of time or `إلى` after the noun qualifies nothing.
    let text = "اجتمع مجلس الوزراء السعودي. وأعلنت الحكومة الأربعاء أنها ستدعو المجلس إلى الانعقاد.";
    assert_eq!(
        mentions_of(text, "2015-08-09", "org:sa-government"),
        owned(&[
            ("مجلس الوزراء السعودي", "name"),
            ("الحكومة", "title"),
            ("المجلس", "title")
        ])
    );
    let text = "وقال الجيش الوطني إن طائرات الجيش اليمني قصفت المواقع.";
    assert_eq!(
        mentions_of(text, "2015-08-09", "org:ye-army"),
        owned(&[("الجيش اليمني", "name")])
    );
    let text = "تبنى تنظيم داعش الهجوم، وقال التنظيم الإرهابي في بيان إن التنظيم مستمر.";
    assert_eq!(
        mentions_of(text, "2018-05-01", "org:isis"),
        owned(&[
            ("داعش", "name"),
            ("التنظيم الإرهابي", "title"),
            ("التنظيم", "title")
        ])
    );
}

#[test]
fn short_words_after_the_proclitic_kaf_are_not_places() {
    // `كبيرا` is "big", not Beira; `كمصر` is "like Egypt".
    let text = "لقيت البضاعة رواجا كبيرا في دول كمصر.";
    let found = entities(text, "2018-05-01");
    assert_eq!(
        found,
        vec![("gpe:EG".to_string(), owned(&[("مصر", "name")]))]
    );
    // With the article, a name of five letters or more, a nisba of four.
    let text = "في مدن كالموصل وكبيروت، وأنا كأمريكي أرى ذلك.";
    let ids: Vec<String> = entities(text, "2018-05-01")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["geonames:99072", "geonames:276781", "gpe:US"]);
}

#[test]
fn the_capital_with_a_nisba_is_a_title_of_the_capital() {
    // Not where `العاصمة` ends a name (`واشنطن العاصمة`): no spans overlap.
    let text = "رفع العلم في قلب واشنطن العاصمة الأميركية.";
    assert_eq!(
        mentions_of(text, "2015-07-22", "loc:washington-dc"),
        owned(&[("واشنطن العاصمة", "name")])
    );
    let text = "وقع انفجار في العاصمة الأفغانية وآخر في العاصمة التونسية.";
    assert_eq!(
        mentions_of(text, "2015-08-07", "geonames:1138958"),
        owned(&[("العاصمة الأفغانية", "title")])
    );
    assert_eq!(
        mentions_of(text, "2015-08-07", "gpe:AF"),
        owned(&[("الأفغانية", "nisba")])
    );
    // Tunis, not Tunisia, whose name it shares.
    assert_eq!(
        mentions_of(text, "2015-08-07", "geonames:2464470"),
        owned(&[("العاصمة التونسية", "title")])
    );
    // Capitals smaller than the foreign cities read by name.
    let text = "في العاصمة السويسرية والعاصمة الأسترالية والعاصمة الهندية.";
    let capitals: Vec<String> = entities(text, "2018-05-01")
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| id.starts_with("geonames:"))
        .collect();
    assert_eq!(
        capitals,
        ["geonames:2661552", "geonames:2172517", "geonames:1261481"]
    );
    // With the capital's name after it (or after a comma), the name is the mention.
    let text = "وصل إلى العاصمة السورية دمشق ثم إلى العاصمة السورية، دمشق.";
    assert_eq!(
        mentions_of(text, "2015-08-07", "geonames:170654"),
        owned(&[("دمشق", "name"), ("دمشق", "name")])
    );
}

#[test]
fn a_descriptor_before_a_name_is_not_part_of_the_mention() {
    let text = "شن تنظيم داعش هجوما، وقال تنظيم الإخوان إن حزب الله لم يشارك.";
    assert_eq!(
        mentions_of(text, "2018-05-01", "org:isis"),
        owned(&[("داعش", "name")])
    );
    // `حزب` is part of the name.
    assert_eq!(
        mentions_of(text, "2018-05-01", "org:hezbollah"),
        owned(&[("حزب الله", "name")])
    );
    let text = "وصل الوفد إلى دولة الإمارات العربية المتحدة ثم إلى مدينة الرياض.";
    assert_eq!(
        mentions_of(text, "2018-05-01", "gpe:AE"),
        owned(&[("الإمارات العربية المتحدة", "name")])
    );
    assert_eq!(
        mentions_of(text, "2018-05-01", "geonames:108410"),
        owned(&[("الرياض", "name")])
    );
    let text = "قصفت مليشيات الحوثي المدينة، وتصدت القوات لميليشيا الحوثي. وانسحبت المليشيا.";
    assert_eq!(
        mentions_of(text, "2018-05-01", "org:houthis"),
        owned(&[
            ("الحوثي", "name"),
            ("الحوثي", "name"),
            ("المليشيا", "title")
        ])
    );
}

#[test]
fn a_nisba_after_an_organisations_name_names_the_country() {
    let text = "أعلن نادي إشبيلية الإسباني ضم اللاعب، وانتقد حزب الله اللبناني الحكومة الإسرائيلية.";
    let found = entities(text, "2015-08-11");
    let mentions = |id: &str| {
        found
            .iter()
            .find(|(e, _)| e == id)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        mentions("org:sevilla-fc"),
        owned(&[("نادي إشبيلية", "name")])
    );
    assert_eq!(mentions("gpe:ES"), owned(&[("الإسباني", "nisba")]));
    assert_eq!(mentions("gpe:LB"), owned(&[("اللبناني", "nisba")]));
    // A state body keeps its nisba (the annotation guide's rule).
    assert_eq!(
        mentions("org:il-government"),
        owned(&[("الحكومة الإسرائيلية", "name")])
    );
    assert!(mentions("gpe:IL").is_empty());
}

#[test]
fn a_foreign_g_is_read_in_either_spelling() {
    // The lexicon writes سيرغي شويغو; Gulf and Egyptian news write ج.
    let text = "وقال وزير الدفاع الروسي سيرجي شويجو إن المناورات بدأت.";
    assert_eq!(
        mentions_of(text, "2018-09-12", "person:sergei-shoigu"),
        owned(&[("سيرجي شويجو", "name")])
    );
    // Not for a short word: `جانا` is "came to us", not Ghana (`غانا`).
    assert!(entities("وقال إنه جانا أمس.", "2018-09-12").is_empty());
}

#[test]
fn a_city_after_the_noun_of_a_province_named_after_it_is_the_province() {
    let text = "شهدت ولاية سوسة أمطارا، وفي محافظة الجيزة ومحافظة الطائف أيضا. \
                وعادت الهدوء إلى ولاية سوسة.";
    let found = entities(text, "2017-03-01");
    assert_eq!(
        found,
        [
            (
                "geonames:2464915/governorate".to_string(),
                owned(&[("ولاية سوسة", "name"), ("ولاية سوسة", "name")])
            ),
            (
                "geonames:360995/governorate".to_string(),
                owned(&[("محافظة الجيزة", "name")])
            ),
            // Saudi Arabia's governorates are read as their city.
            ("geonames:107968".to_string(), owned(&[("الطائف", "name")])),
        ]
    );
    let analysis = Pipeline::builder()
        .times(false)
        .build()
        .analyze(RawArticle {
            id: "t".into(),
            text: text.into(),
            ..Default::default()
        });
    let sousse = &analysis.entities[0];
    assert_eq!(
        (sousse.name.as_str(), sousse.name_en.as_str()),
        ("ولاية سوسة", "Sousse Governorate")
    );
    // A province of places.tsv written apart from its name.
    let text = "وقصفت الطائرات مواقع في محافظة #صعدة أمس.";
    assert_eq!(
        mentions_of(text, "2018-03-01", "loc:saada-governorate"),
        owned(&[("محافظة #صعدة", "name")])
    );
    // A place of places.tsv in such a country names one too, and
    // `الجزيرة` refers back to an island, but not after `شبه`.
    let text = "وصلت المساعدات إلى جزيرة سقطرى. وقال أهالي محافظة سقطرى إن الجزيرة \
                تضررت، ولا علاقة لها بشبه الجزيرة.";
    let found = entities(text, "2018-05-24");
    assert_eq!(
        found,
        [
            (
                "loc:socotra".to_string(),
                owned(&[("جزيرة سقطرى", "name"), ("الجزيرة", "title")])
            ),
            (
                "loc:socotra/governorate".to_string(),
                owned(&[("محافظة سقطرى", "name")])
            ),
        ]
    );
    // `الولاية` refers back to it, but not as a term of office.
    let text = "اجتمع والي ولاية سوسة بممثلي مقر الولاية قبل منتصف الولاية.";
    assert_eq!(
        mentions_of(text, "2017-03-01", "geonames:2464915/governorate"),
        owned(&[("ولاية سوسة", "name"), ("الولاية", "title")])
    );
}

#[test]
fn a_countrys_leader_is_its_head_of_state_but_an_indefinite_leader_is_no_one() {
    let text = "وقال زعيم كوريا الشمالية إن القمة ستعقد، وستكون الأولى بين رئيس أميركي \
                وزعيم كوري شمالي. وقال مقتدى الصدر، زعيم التيار الصدري، إنه يرحب.";
    let found = entities(text, "2018-05-01");
    let of = |id: &str| found.iter().find(|(e, _)| e == id).map(|(_, m)| m.clone());
    assert_eq!(
        of("person:kim-jong-un"),
        Some(owned(&[("زعيم كوريا الشمالية", "title")]))
    );
    assert_eq!(
        of("person:muqtada-al-sadr"),
        Some(owned(&[("مقتدى الصدر", "name"), ("زعيم", "title")]))
    );
}

#[test]
fn a_regnal_number_is_no_last_name() {
    let text = "قالت الملكة إليزابيث الثانية إن المرة الثانية كانت في الحرب العالمية الثانية. \
                وزار البابا بنديكت السادس عشر المدينة في القرن السادس عشر.";
    let found = entities(text, "2010-06-01");
    let of = |id: &str| found.iter().find(|(e, _)| e == id).map(|(_, m)| m.len());
    assert_eq!(of("person:elizabeth-ii"), Some(1));
    assert_eq!(of("person:pope-benedict-xvi"), Some(1));
}

#[test]
fn a_city_after_a_club_noun_is_a_clubs_name_not_the_city() {
    let text = "وأعلن نادي هامبورغ الألماني تعاقده مع اللاعب في مدينة هامبورغ.";
    assert_eq!(
        mentions_of(text, "2018-06-28", "geonames:2911298"),
        owned(&[("هامبورغ", "name")])
    );
    // After a definite noun (`للنادي`: ل + `النادي`) the city is the city.
    let text = "وقال للنادي هامبورغ إنه سيعود.";
    assert_eq!(
        mentions_of(text, "2018-06-28", "geonames:2911298"),
        owned(&[("هامبورغ", "name")])
    );
}

#[test]
fn town_names_that_are_common_words_are_not_towns() {
    // Bursa, El Fahs, Berkane, Aqaba, Sahab; Muscat in "his birthplace".
    let text = "ارتفع الدولار في بورصة موسكو بعد الفحص الطبي، وثار بركان تحت ناطحة سحاب، وهذه عقبة، وعاد إلى مسقط رأسه.";
    let ids: Vec<String> = entities(text, "2018-05-01")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["geonames:524901"]);
    assert_eq!(
        mentions_of("وصل الوزير إلى مسقط.", "2018-05-01", "geonames:287286"),
        owned(&[("مسقط", "name")])
    );
}

#[test]
fn a_city_name_two_countries_share_goes_to_the_country_the_article_speaks_of() {
    let ids = |text| -> Vec<String> {
        entities(text, "2015-08-09")
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    };
    // Zanzibar (Tanzania) is the larger, Zinjibar (Yemen) the one of news of Yemen.
    assert_eq!(ids("وصل الوفد إلى زنجبار."), ["geonames:148730"]);
    assert_eq!(
        ids("تقدمت المقاومة اليمنية نحو زنجبار."),
        ["gpe:YE", "geonames:69426"]
    );
    // Both countries named: the larger city stays.
    assert_eq!(
        ids("وصل الوفد من اليمن وتنزانيا إلى زنجبار."),
        ["gpe:YE", "gpe:TZ", "geonames:148730"]
    );
    // The city does not speak of its own country: a Yemeni city beside it does.
    assert_eq!(
        ids("وصل الوفد من عدن إلى زنجبار."),
        ["geonames:415189", "geonames:69426"]
    );
}

#[test]
fn a_bare_court_or_parliament_is_one_with_that_word_in_a_name_or_variant() {
    let text = "قضت المحكمة الجنائية الدولية بالحكم، وقالت المحكمة إن القرار نهائي.";
    assert_eq!(
        mentions_of(text, "2018-05-22", "org:icc"),
        owned(&[("المحكمة الجنائية الدولية", "name"), ("المحكمة", "title")])
    );
    // `البرلمان العراقي` is a variant of `مجلس النواب العراقي`.
    let text = "صادق مجلس النواب العراقي على القانون، وقال البرلمان إنه نافذ.";
    assert_eq!(
        mentions_of(text, "2018-05-22", "org:iq-parliament"),
        owned(&[("مجلس النواب العراقي", "name"), ("البرلمان", "title")])
    );
}

#[test]
fn a_bare_council_or_governorate_is_one_named_with_that_word() {
    // `المجلس` is the Security Council, not the United Nations named after it.
    let text = "دعا مجلس الأمن الأمم المتحدة إلى التحرك، وقال المجلس إن الوضع خطير.";
    assert_eq!(
        mentions_of(text, "2018-06-15", "org:un-security-council"),
        owned(&[("مجلس الأمن", "name"), ("المجلس", "title")])
    );
    assert_eq!(
        mentions_of(text, "2018-06-15", "org:un"),
        owned(&[("الأمم المتحدة", "name")])
    );
    let text = "اشتدت المعارك في محافظة عدن، وقال مسؤول إن المحافظة آمنة.";
    assert_eq!(
        mentions_of(text, "2018-06-15", "loc:aden-governorate"),
        owned(&[("محافظة عدن", "name"), ("المحافظة", "title")])
    );
}

#[test]
fn a_ministry_without_its_country_is_the_ministry_of_the_place_after_it() {
    let text = "وقالت وزارة الداخلية بالعراق إن وزارة الدفاع في دمشق قصفت، وإن وزارة الصحة مستعدة.";
    let found = entities(text, "2018-04-14");
    let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "org:iq-interior-ministry",
            "gpe:IQ",
            "org:sy-defence-ministry",
            "geonames:170654"
        ]
    );
}

#[test]
fn a_state_body_without_its_country_is_the_body_of_the_country_the_article_is_about() {
    let text = "قالت مصر إن مصر ستواصل الإصلاح، وقال البنك المركزي إن التضخم تراجع. \
                وقال مكتب رئيس الوزراء إن المحكمة العليا ستنظر في القضية.";
    let found = entities(text, "2018-06-01");
    let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    // Egypt has a central bank in organisations.tsv and no supreme court
    // named so; `مكتب رئيس الوزراء` holds a title and is no body's name.
    assert_eq!(ids, ["gpe:EG", "org:cbe"]);
}

#[test]
fn a_city_name_after_a_definite_word_is_its_adjective() {
    // "white land", "the peaceful process": adjectives, not Al Bayda or Salamiyah.
    let text = "فرضت رسوم على الأراضي البيضاء لدفع العملية السلمية.";
    assert!(entities(text, "2015-08-09").is_empty());
    // After العاصمة, after a name, after إلى and with a proclitic it is the city.
    let text = "وصل إلى العاصمة الرياض ثم إلى الرياض، وزار المدينة السعودية الرياض والقدس.";
    assert_eq!(
        mentions_of(text, "2018-05-01", "geonames:108410"),
        owned(&[("الرياض", "name"), ("الرياض", "name"), ("الرياض", "name")])
    );
}

#[test]
fn a_description_in_apposition_refers_to_the_person_where_it_recurs() {
    let text = "افتتح خالد الفيصل، أمير منطقة مكة المكرمة، السوق. وقال أمير منطقة مكة المكرمة إن السوق مفتوح.";
    assert_eq!(
        mentions_of(text, "2015-08-11", "person:khalid-bin-faisal-al-saud"),
        owned(&[
            ("خالد الفيصل", "name"),
            ("أمير منطقة مكة المكرمة", "title"),
            ("أمير منطقة مكة المكرمة", "title")
        ])
    );
}

#[test]
fn place_names_of_processes_are_not_places() {
    let text = "اقترحنا عقد اجتماع بصيغة أستانا.";
    assert!(entities(text, "2024-12-02")
        .iter()
        .all(|(id, _)| id != "geonames:1526273"));
}

#[test]
fn football_news_reads_a_clubs_bare_name_as_the_club() {
    let football = "قاد ميسي برشلونة للفوز في المباراة، وسجل اللاعب هدفا في الدوري.";
    assert_eq!(
        mentions_of(football, "2015-08-06", "org:fc-barcelona"),
        owned(&[("برشلونة", "name")])
    );
    let travel = "وصل الوفد إلى برشلونة أمس.";
    assert_eq!(
        mentions_of(travel, "2015-08-06", "geonames:3128760"),
        owned(&[("برشلونة", "name")])
    );
    // A bare name with the article is a common word next to another
    // definite word, even in football news.
    let youth = "ضم المدرب اللاعبين الشباب إلى الفريق قبل المباراة في الدوري.";
    assert!(mentions_of(youth, "2015-08-06", "org:al-shabab-sa").is_empty());
    // `نادي` and the bare name name the club anywhere.
    assert_eq!(
        mentions_of("زار الوزير نادي الهلال.", "2015-08-06", "org:al-hilal-sa"),
        owned(&[("نادي الهلال", "name")])
    );
}

#[test]
fn a_regions_emir_is_the_governor_of_the_date() {
    let text = "افتتح أمير منطقة مكة المكرمة المعرض.";
    assert_eq!(
        mentions_of(text, "2016-05-01", "person:khalid-bin-faisal-al-saud"),
        owned(&[("أمير منطقة مكة المكرمة", "title")])
    );
    assert_eq!(
        mentions_of(text, "2014-05-01", "person:mishaal-bin-abdullah"),
        owned(&[("أمير منطقة مكة المكرمة", "title")])
    );
}

#[test]
fn a_fathers_name_after_bin_is_no_alias() {
    // `سلمان` later is not Faisal bin Salman: a last name after `بن` is
    // his father's.
    let text = "استقبل الأمير فيصل بن سلمان وفدا. وقال سلمان إن الزيارة مهمة.";
    assert_eq!(
        mentions_of(text, "2016-05-01", "person:faisal-bin-salman"),
        owned(&[("فيصل بن سلمان", "name")])
    );
}

#[test]
fn a_bare_oman_is_jordans_capital_unless_the_article_speaks_of_oman() {
    let jordan = "وصل الملك الأردني إلى عمان أمس.";
    assert_eq!(
        mentions_of(jordan, "2018-06-01", "geonames:250441"),
        owned(&[("عمان", "name")])
    );
    let oman = "زار الوزير مسقط، وقال إن عمان شريك.";
    assert_eq!(
        mentions_of(oman, "2018-06-01", "gpe:OM"),
        owned(&[("عمان", "name")])
    );
}

#[test]
fn a_city_that_is_also_a_common_word_needs_its_country_or_its_own_context() {
    let hajjah = "geonames:75337";
    let pretext = "ورفض القاضي الطلب بحجة أن الأدلة غير كافية.";
    assert!(mentions_of(pretext, "2018-06-01", hajjah).is_empty());
    let yemen = "وتقدم الجيش اليمني في صعدة وحجة أمس.";
    assert_eq!(
        mentions_of(yemen, "2018-06-01", hajjah),
        owned(&[("حجة", "name")])
    );
    let ligament = "وتعرض اللاعب لقطع في الرباط الصليبي للركبة.";
    assert!(mentions_of(ligament, "2018-06-01", "geonames:2538475").is_empty());
    let doctor = "وقال طبيب المنتخب محمد أبو العلا إن الإصابة بسيطة.";
    assert!(mentions_of(doctor, "2018-06-01", "geonames:108841").is_empty());
    let yanbu = "سقط الصاروخ قرب مدينة ينبع من دون إصابات، والقلق لا ينبع من فراغ.";
    assert_eq!(
        mentions_of(yanbu, "2018-06-01", "geonames:100425"),
        owned(&[("ينبع", "name")])
    );
}

#[test]
fn a_person_in_the_name_of_a_place_named_after_him_is_not_mentioned() {
    let hospital = "ونقل المصاب إلى مستشفى الملك فهد بالدمام.";
    assert!(entities(hospital, "2018-06-01")
        .iter()
        .all(|(id, _)| !id.starts_with("person:")));
    let club = "وقال رئيس النادي فلورنتينو بيريز إن الصفقة انتهت.";
    assert_eq!(
        mentions_of(club, "2018-06-01", "person:florentino-perez"),
        owned(&[("فلورنتينو بيريز", "name")])
    );
}

#[test]
fn an_agency_abbreviated_by_single_letters_is_found() {
    let text = "وقال المتحدث لوكالة (أ ف ب) إن الوضع هادئ. \"إ ب أ\" مشاة في السوق.";
    assert_eq!(
        mentions_of(text, "2018-06-01", "org:afp"),
        owned(&[("أ ف ب", "name")])
    );
    // EPA's `إ ب أ` is not AP's `أ ب`.
    assert_eq!(
        mentions_of(text, "2018-06-01", "org:epa"),
        owned(&[("إ ب أ", "name")])
    );
    assert!(mentions_of(text, "2018-06-01", "org:ap").is_empty());
}

#[test]
fn in_football_news_a_city_or_a_youth_team_is_not_the_club_of_its_name() {
    let news = "وفاز ليون على مرسيليا في المباراة، وسجل اللاعب هدفين في الدوري. \
                وتقام المباراة النهائية في مدينة ليون الفرنسية. وتأهل منتخب الشباب إلى النهائيات.";
    assert_eq!(
        mentions_of(news, "2018-05-01", "org:olympique-lyonnais"),
        owned(&[("ليون", "name")])
    );
    assert_eq!(
        mentions_of(news, "2018-05-01", "geonames:2996944"),
        owned(&[("ليون", "name")])
    );
    assert!(mentions_of(news, "2018-05-01", "org:al-shabab-sa").is_empty());
}

#[test]
fn a_title_after_and_is_another_person_not_a_description() {
    let text = "والتقى رئيس الوزراء المصري، مصطفى مدبولي، ووزيرة السياحة، رانيا المشاط.";
    assert_eq!(
        mentions_of(text, "2018-09-07", "person:mostafa-madbouly"),
        owned(&[("مصطفى مدبولي", "name")])
    );
}

#[test]
fn the_kingdom_unnamed_is_saudi_arabia_and_named_is_the_kingdom_named() {
    let saudi = "وأعلنت وزارة الداخلية أن المملكة ستواصل جهودها.";
    assert_eq!(
        mentions_of(saudi, "2018-06-01", "gpe:SA"),
        owned(&[("المملكة", "title")])
    );
    let morocco = "وزار الوفد المغرب، وقال إن المملكة شريك أساسي.";
    assert_eq!(
        mentions_of(morocco, "2018-06-01", "gpe:MA"),
        owned(&[("المغرب", "name"), ("المملكة", "title")])
    );
    assert!(mentions_of(morocco, "2018-06-01", "gpe:SA").is_empty());
}

#[test]
fn a_country_inside_a_title_is_mentioned_unless_a_longer_name_takes_it() {
    let hashtag = "أثنى ترمب على #أمير_قطر";
    assert_eq!(
        mentions_of(hashtag, "2018-03-01", "gpe:QA"),
        owned(&[("قطر", "name")])
    );
    let bank = "قال حاكم مصرف لبنان المركزي رياض سلامة إن الوضع مستقر.";
    assert!(mentions_of(bank, "2018-03-01", "gpe:LB").is_empty());
    assert_eq!(
        mentions_of(bank, "2018-03-01", "org:banque-du-liban"),
        owned(&[("مصرف لبنان المركزي", "name")])
    );
}

#[test]
fn a_participle_after_a_definite_word_is_no_organisation() {
    let text = "وقالت منظمة الصحة العالمية إن المنظمة تراقب الوضع. \
                ولم ترد اللجنة المنظمة للبطولة على الطلب.";
    assert_eq!(
        mentions_of(text, "2018-06-01", "org:who"),
        owned(&[("منظمة الصحة العالمية", "name"), ("المنظمة", "title")])
    );
}

#[test]
fn a_ministry_without_its_country_is_of_the_country_the_article_is_about() {
    let tunisia = "وأكدت وزارة الداخلية في بلاغ أن قوات الأمن التونسية أوقفت المشتبه به في تونس. \
                   وقال الناطق باسم الحكومة التونسية إن التحقيق جار.";
    assert_eq!(
        mentions_of(tunisia, "2017-03-01", "org:tn-interior-ministry"),
        owned(&[("وزارة الداخلية", "name")])
    );
    // A nisba after it names another country's ministry.
    let belgium = "وتنوي وزارة الدفاع البلجيكية مقاضاة الشركة، \
                   وقال الرئيس الأمريكي إن الولايات المتحدة والأمريكيين غير معنيين.";
    assert!(mentions_of(belgium, "2018-09-29", "org:pentagon").is_empty());
}

#[test]
fn review_cases_of_the_city_and_ministry_rules() {
    // The same bare ministry later is the one its place named first.
    let gaza = "قالت وزارة الصحة في غزة إن إسرائيل قصفت المدينة. وأضافت وزارة الصحة أن إسرائيل \
                استهدفت مستشفى، فيما قالت إسرائيل إن إسرائيل ترد وإن تل أبيب وحيفا تعرضتا للقصف.";
    assert_eq!(
        mentions_of(gaza, "2018-05-27", "org:ps-health-ministry"),
        owned(&[("وزارة الصحة", "name"), ("وزارة الصحة", "name")])
    );
    // A place noun and a name link are read through their proclitics.
    let yanbu = "وصل الوفد بمدينة ينبع من جدة.";
    assert_eq!(
        mentions_of(yanbu, "2018-06-01", "geonames:100425"),
        owned(&[("ينبع", "name")])
    );
    let doctor = "قال محمد وأبو العلا إن الإصابة بسيطة.";
    assert!(mentions_of(doctor, "2018-06-01", "geonames:108841").is_empty());
    // `مسقط رأسي` is a birthplace too.
    let birthplace = "ولدت في مسقط رأسي عام 1960.";
    assert!(mentions_of(birthplace, "2018-06-01", "geonames:287286").is_empty());
    // After `مدينة` a city that is also a common word is the city.
    let mashhad = "زار الرئيس مدينة مشهد أمس.";
    assert_eq!(
        mentions_of(mashhad, "2018-06-01", "geonames:124665"),
        owned(&[("مشهد", "name")])
    );
}

#[test]
fn a_model_name_keeps_the_letter_its_clusters_know_it_by() {
    use khabar::ner::WordClusters;
    let train = "فاز O\nليفربول B-ORG\nعلى O\nخصمه O\n\nخسر O\nليفربول B-ORG\nأمام O\nضيفه O\n";
    // The tokenizer alone reads `ليفربول` as the preposition ل and `يفربول`.
    let name_with = |clusters: WordClusters| {
        let analysis = analyze_with_model(train, clusters, "فاز ليفربول على خصمه.");
        analysis
            .entities
            .iter()
            .map(|e| e.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(name_with(WordClusters::default()), ["يفربول"]);
    let known = WordClusters::from_entries([("ليفربول".to_string(), vec![1, 2, 3])]);
    assert_eq!(name_with(known), ["ليفربول"]);
}

#[test]
fn a_model_name_after_a_place_noun_or_a_nisba_keeps_its_letters_and_a_loc_noun_makes_a_loc() {
    let analysis = analyze_with_model(
        "وقع O\nالانفجار O\nقبالة O\nجزيرة O\nبورنهولم B-LOC\nأمس O\n. O\n\n\
         ونشأ O\nفي O\nمدينة O\nبرزبين B-LOC\nأمس O\n. O\n\n\
         وسجل O\nالإسباني O\nبدرو B-PERS\nرودريغيز I-PERS\n. O\n",
        Default::default(),
        "وقع الانفجار قبالة جزيرة بورنهولم أمس. ونشأ في مدينة برزبين أمس. \
         وسجل الإسباني بدرو رودريغيز.",
    );
    let entities: Vec<(String, &str)> = analysis
        .entities
        .iter()
        .map(|e| (e.name.clone(), e.kind.as_str()))
        .collect();
    // The tokenizer alone reads `بورنهولم` as the preposition ب and `ورنهولم`.
    assert_eq!(
        entities,
        [
            ("بورنهولم".to_string(), "LOC"),
            ("برزبين".to_string(), "GPE"),
            ("إسبانيا".to_string(), "GPE"),
            ("بدرو رودريغيز".to_string(), "PERSON")
        ]
    );
}

#[test]
fn set_phrases_months_regnal_numbers_and_generic_heads_the_model_tags_are_no_names() {
    let analysis = analyze_with_model(
        "وقال O\nالله B-PERS\nتعالى I-PERS\nإن O\nجيراردو B-PERS\nمارتينو I-PERS\nفاز O\n. O\n\n\
         وبلغ O\nالسعر O\n800 O\nريال B-ORG\nوطالبت O\nمنظمة B-ORG\nبالتحقيق O\n. O\n\n\
         وعاد O\nفي O\nأبريل O\n( O\nنيسان B-ORG\n) O\nتمثال O\nرمسيس B-PERS\nالثاني I-PERS\n. O\n",
        Default::default(),
        "وقال الله تعالى إن جيراردو مارتينو فاز. وبلغ السعر 800 ريال وطالبت منظمة بالتحقيق. \
         وعاد في أبريل (نيسان) تمثال رمسيس الثاني. وعاد تمثال سيتي الثاني.",
    );
    let names: Vec<(&str, usize)> = analysis
        .entities
        .iter()
        .map(|e| (e.name.as_str(), e.mentions.len()))
        .collect();
    // A month in brackets is no carmaker, and `الثاني` is no name of
    // Ramesses: Seti II is someone else.
    assert_eq!(
        names,
        [
            ("جيراردو مارتينو", 1),
            ("رمسيس الثاني", 1),
            ("سيتي الثاني", 1)
        ]
    );
}

#[test]
fn a_model_names_last_name_and_a_bare_noun_it_tags_are_no_entities_of_their_own() {
    let analysis = analyze_with_model(
        "قال O\nجيراردو B-PERS\nمارتينو I-PERS\nإن O\n\n\
         وأضاف O\nمارتينو B-PERS\nأن O\n\n\
         وقالت O\nالمنظمة B-ORG\nإن O\n\n\
         الفريق O\nجاهز O\nواللاعبين O\nبخير O\nوالوضع O\nصعب O\n",
        Default::default(),
        "قال جيراردو مارتينو إن الفريق جاهز. وأضاف مارتينو أن اللاعبين بخير. \
         وقالت المنظمة إن الوضع صعب.",
    );
    let text = &analysis.article.text;
    let entities: Vec<(String, Vec<&str>)> = analysis
        .entities
        .iter()
        .map(|e| {
            let mentions = e.mentions.iter().map(|m| m.span.slice(text).unwrap());
            (e.name.clone(), mentions.collect())
        })
        .collect();
    assert_eq!(
        entities,
        [(
            "جيراردو مارتينو".to_string(),
            vec!["جيراردو مارتينو", "مارتينو"]
        )]
    );
}

#[test]
fn the_regime_refers_back_to_a_government_labelled_so_and_its_forces_are_broad() {
    let text = "وقصفت قوات النظام السوري بلدات ريف درعا. وقال المرصد إن النظام يحشد قواته. \
                وأعلن الجيش السوري سيطرته على البلدة.";
    assert_eq!(
        mentions_of(text, "2018-07-01", "org:sy-government"),
        owned(&[("النظام السوري", "name"), ("النظام", "title")])
    );
    // An army is never `النظام`, though one of its labels is `جيش النظام السوري`.
    let text = "وأعلن جيش النظام السوري سيطرته على البلدة. وقال النظام إنه سيواصل.";
    assert!(mentions_of(text, "2018-07-01", "org:sy-government").is_empty());
}

#[test]
fn a_government_named_by_its_head_or_capital_is_the_cabinet() {
    let text = "وانتقد المحتجون حكومة حسن روحاني، وقال روحاني إن حكومة طهران لن تتراجع.";
    assert_eq!(
        mentions_of(text, "2018-07-01", "org:ir-government"),
        owned(&[("حكومة حسن روحاني", "name"), ("حكومة طهران", "name")])
    );
    assert_eq!(
        mentions_of(text, "2018-07-01", "person:hassan-rouhani"),
        owned(&[("روحاني", "name")])
    );
    assert!(mentions_of(text, "2018-07-01", "geonames:112931").is_empty());
    // With the head's title, and an administration of a US president (any
    // term's): the head is mentioned too.
    let text = "وقالت إدارة الرئيس الأمريكي دونالد ترامب إن رئيس إدارة ترامب للأعمال استقال.";
    assert_eq!(
        mentions_of(text, "2018-07-01", "org:us-government"),
        owned(&[("إدارة الرئيس الأمريكي دونالد ترامب", "name")])
    );
    let text = "وقالت حكومة رئيس الوزراء حيدر العبادي إن إدارة ترامب وإدارة أوباما أخطأتا.";
    let found = entities(text, "2018-07-01");
    assert_eq!(
        found,
        [
            (
                "org:iq-government".to_string(),
                owned(&[("حكومة رئيس الوزراء حيدر العبادي", "title")])
            ),
            (
                "person:haider-al-abadi".to_string(),
                owned(&[("حيدر العبادي", "name")])
            ),
            (
                "org:us-government".to_string(),
                owned(&[("إدارة ترامب", "name"), ("إدارة أوباما", "name")])
            ),
            (
                "person:donald-trump".to_string(),
                owned(&[("ترامب", "name")])
            ),
            (
                "person:barack-obama".to_string(),
                owned(&[("أوباما", "name")])
            ),
        ]
    );
    // The capital's country through capitals.tsv (Washington has no
    // GeoNames country), and over a descriptor.
    let text = "قالت حكومة واشنطن إن حكومة دولة الإمارات وقعت الاتفاق.";
    assert_eq!(
        mentions_of(text, "2018-07-01", "org:us-government"),
        owned(&[("حكومة واشنطن", "name")])
    );
    assert_eq!(
        mentions_of(text, "2018-07-01", "org:ae-government"),
        owned(&[("حكومة دولة الإمارات", "name")])
    );
    // Since the Houthis took Sanaa, `حكومة صنعاء` is theirs.
    let text = "وعين عبد العزيز بن حبتور رئيسا لحكومة صنعاء.";
    assert!(mentions_of(text, "2018-05-01", "org:ye-government").is_empty());
    assert_eq!(
        mentions_of(text, "2012-05-01", "org:ye-government"),
        owned(&[("حكومة صنعاء", "name")])
    );
    // Out of office, he names no government; `رئيس حكومة` is a title.
    let text = "انتقد حكومة حسن روحاني. وقالت رئيسة حكومة بريطانيا إن بلادها ستغادر.";
    assert!(mentions_of(text, "2022-01-01", "org:ir-government").is_empty());
    assert!(mentions_of(text, "2022-01-01", "org:gb-government").is_empty());
    assert_eq!(
        mentions_of(text, "2022-01-01", "gpe:GB"),
        owned(&[("بريطانيا", "name")])
    );
}

#[test]
fn the_observatory_refers_back_to_an_observatory_named_before() {
    let text = "أفاد المرصد السوري لحقوق الإنسان بمقتل عشرة. وقال المرصد إن الغارات مستمرة.";
    assert_eq!(
        mentions_of(text, "2018-04-07", "org:sohr"),
        owned(&[("المرصد السوري لحقوق الإنسان", "name"), ("المرصد", "title")])
    );
}

#[test]
fn a_football_nickname_names_its_team() {
    let text = "تأهل الديوك إلى النهائي بعد المباراة، وسجل اللاعب هدفا، وانتقل المدرب إلى \
                الريدز في الدوري الإنجليزي.";
    assert_eq!(
        mentions_of(text, "2018-07-12", "org:france-national-football-team"),
        owned(&[("الديوك", "name")])
    );
    assert_eq!(
        mentions_of(text, "2018-07-12", "org:liverpool-fc"),
        owned(&[("الريدز", "name")])
    );
    // Outside football news an old lady and roosters are no teams, unless
    // quoted or called a team.
    let text = "عثرت الشرطة على السيدة العجوز في منزلها، وكانت تربي الديوك في الحديقة.";
    assert_eq!(entities(text, "2018-07-12"), []);
    let text = "احتفل الآلاف بفوز \"الديوك\" أمس، وهنأ الوزير فريق السيدة العجوز.";
    assert_eq!(
        mentions_of(text, "2018-07-12", "org:france-national-football-team"),
        owned(&[("الديوك", "name")])
    );
    assert_eq!(
        mentions_of(text, "2018-07-12", "org:juventus"),
        owned(&[("السيدة العجوز", "name")])
    );
}

#[test]
fn a_shared_last_name_stays_with_the_first_named_and_a_dynasty_is_no_last_name() {
    let text = "أدانت المحكمة نواز شريف. وقال شقيقه شهباز شريف إن الحكم ظالم. ونفى شريف التهم.";
    assert_eq!(
        mentions_of(text, "2018-07-06", "person:nawaz-sharif"),
        owned(&[("نواز شريف", "name"), ("شريف", "name")])
    );
    // `آل سعود` ends the names of many: `سعود` alone is none of them.
    let text = "استقبل ولي العهد الأمير محمد بن نايف بن عبدالعزيز آل سعود الوفد. \
                ونقل تحيات الملك سلمان بن عبدالعزيز آل سعود.";
    let found = entities(text, "2015-08-06");
    let sauds: Vec<&str> = found
        .iter()
        .flat_map(|(id, mentions)| mentions.iter().map(move |(m, _)| (id, m)))
        .filter(|(_, m)| m.as_str() == "سعود")
        .map(|(id, _)| id.as_str())
        .collect();
    assert!(sauds.is_empty(), "{sauds:?}");
}

#[test]
fn the_newspaper_refers_back_to_a_newspaper_named_before() {
    let text = "ذكرت صحيفة نيويورك تايمز أن المحادثات فشلت، وأضافت الصحيفة أن الوفد غادر.";
    assert_eq!(
        mentions_of(text, "2018-04-20", "org:new-york-times"),
        owned(&[("صحيفة نيويورك تايمز", "name"), ("الصحيفة", "title")])
    );
    // A channel, not the canal named after it: a title stands for a person
    // or an organisation.
    let text = "ذكرت قناة الجزيرة أن السفن عبرت قناة السويس أمس. وأضافت القناة أن الحركة طبيعية.";
    assert_eq!(
        mentions_of(text, "2018-04-20", "org:al-jazeera"),
        owned(&[("قناة الجزيرة", "name"), ("القناة", "title")])
    );
}

#[test]
fn the_company_is_no_newspaper_or_broadcaster() {
    let text = "ذكرت صحيفة وول ستريت جورنال أن فيسبوك سربت البيانات، ونقلت شبكة سي إن إن \
                تصريحات مسؤولين. وقالت الشركة إنها تحقق.";
    assert_eq!(
        mentions_of(text, "2018-04-01", "org:facebook"),
        owned(&[("فيسبوك", "name"), ("الشركة", "title")])
    );
}
