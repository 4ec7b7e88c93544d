//! A readable romanization of Arabic names the lexicon does not know, for
//! their `name_en`: consonants by a fixed table, long vowels from alef, waw
//! and ya, the article as `al-`. Not a transliteration standard: no short
//! vowels are written in Arabic, so `نيمار` reads `Nimar`, not `Neymar`.

/// The romanization of one name, each word capitalized.
pub fn romanize(name: &str) -> String {
    name.split_whitespace()
        .map(romanize_word)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn romanize_word(word: &str) -> String {
    let (article, rest) = match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => ("al-", rest),
        _ => ("", word),
    };
    let letters: Vec<char> = rest.chars().collect();
    let mut out = String::new();
    for (i, &c) in letters.iter().enumerate() {
        let between = i > 0 && i + 1 < letters.len();
        let latin = match c {
            'ا' | 'آ' | 'ى' => "a",
            'أ' => "a",
            'إ' => "i",
            'ب' => "b",
            'ت' => "t",
            'ث' => "th",
            'ج' => "j",
            'ح' | 'ه' => "h",
            'خ' => "kh",
            'د' => "d",
            'ذ' => "dh",
            'ر' => "r",
            'ز' => "z",
            'س' | 'ص' => "s",
            'ش' => "sh",
            'ض' => "d",
            'ط' => "t",
            'ظ' => "z",
            'ع' | 'ء' | 'ؤ' | 'ئ' => "'",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ك' => "k",
            'ل' => "l",
            'م' => "m",
            'ن' => "n",
            'ة' => "a",
            // Waw and ya between letters are mostly long vowels.
            'و' if between => "u",
            'و' => "w",
            'ي' if between || i > 0 => "i",
            'ي' => "y",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(latin);
    }
    let out = out.trim_matches('\'');
    let mut chars = out.chars();
    let capitalized = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
        None => String::new(),
    };
    if capitalized.is_empty() {
        return capitalized;
    }
    format!("{article}{capitalized}")
}

#[cfg(test)]
mod tests {
    use super::romanize;

    #[test]
    fn names_read_as_latin_words() {
        assert_eq!(romanize("نيمار"), "Nimar");
        assert_eq!(romanize("محمد العتيبي"), "Mhmd al-Tibi");
        assert_eq!(romanize("وليد"), "Wlid");
        assert_eq!(romanize("CNN"), "CNN");
        assert_eq!(romanize("،"), "");
    }
}
