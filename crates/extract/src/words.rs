//! Word lists the rules share: month names, the nouns that name a deciding body, and the
//! decision verb table of `spec/model.md`. Lists only; the rules live in their modules.

use model::DecisionKind;

/// Danish month names and their usual abbreviations, lowercase.
pub(crate) fn is_month_word(word: &str) -> bool {
    matches!(
        word,
        "januar"
            | "februar"
            | "marts"
            | "april"
            | "maj"
            | "juni"
            | "juli"
            | "august"
            | "september"
            | "oktober"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "okt"
            | "nov"
            | "dec"
    )
}

/// Month number of a Danish month name (full or abbreviated), lowercase.
pub(crate) fn month_number(word: &str) -> Option<i8> {
    Some(match word.trim_end_matches('.') {
        "januar" | "jan" => 1,
        "februar" | "feb" => 2,
        "marts" | "mar" => 3,
        "april" | "apr" => 4,
        "maj" => 5,
        "juni" | "jun" => 6,
        "juli" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "oktober" | "okt" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// Endings of nouns that name a body that can decide: `Rådmandsmødekredsen`, `Udvalget`,
/// `Omsorgsudvalget`, `byrådet`, `Chefteamet`, `Et flertal`.
const BODY_ENDINGS: &[&str] = &[
    "kredsen",
    "kreds",
    "udvalget",
    "udvalg",
    "byrådet",
    "byråd",
    "rådet",
    "rådmanden",
    "rådmand",
    "chefteamet",
    "chefteam",
    "direktionen",
    "direktion",
    "ledelsen",
    "magistraten",
    "borgmesteren",
    "borgmester",
    "formanden",
    "formandskabet",
    "bestyrelsen",
    "bestyrelse",
    "mødet",
    "flertal",
    "flertallet",
    "styregruppen",
    "styregruppe",
    "forsamlingen",
    "chefgruppen",
    "ledergruppen",
    "kommunalbestyrelsen",
    "regionsrådet",
    "teamet",
    "direktørkredsen",
    "rådmændene",
    "mødedeltagerne",
    "deltagerne",
    "forum",
];

/// For each byte, the endings (bit `i` for `BODY_ENDINGS[i]`) that end with it: a word is
/// compared only with the endings that share its last byte.
static ENDINGS_BY_LAST_BYTE: [u64; 256] = {
    assert!(BODY_ENDINGS.len() <= 64, "one bit per ending");
    let mut table = [0u64; 256];
    let mut idx = 0;
    while idx < BODY_ENDINGS.len() {
        let bytes = BODY_ENDINGS[idx].as_bytes();
        table[bytes[bytes.len() - 1] as usize] |= 1 << idx;
        idx += 1;
    }
    table
};

/// Whether a word (any case) names a deciding body.
pub(crate) fn is_body_word(word: &str) -> bool {
    let lower = crate::scan::lower_word(word);
    let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
    let Some(&last) = lower.as_bytes().last() else {
        return false;
    };
    let mut candidates = ENDINGS_BY_LAST_BYTE[usize::from(last)];
    if lower.len() < 4 {
        return false;
    }
    while candidates != 0 {
        let idx = candidates.trailing_zeros() as usize;
        candidates &= candidates - 1;
        if lower.ends_with(BODY_ENDINGS[idx]) {
            return true;
        }
    }
    false
}

/// Whether a one-word verb form is passive or a participle, so the sentence needs no actor
/// (`Godkendt.`, `Fremsendes til …`). Forms of several words (`blev drøftet`, `tog til
/// efterretning`) always are. A `const fn` so that the verb table's flags are computed once.
pub(crate) const fn is_passive_word(form: &str) -> bool {
    ends_with(form, "t")
        || ends_with(form, "es")
        || ends_with(form, "efterretning")
        // `Sag 3 udgår.`: the point leaves the agenda, nobody acts.
        || ends_with(form, "udgår")
}

/// Whether a verb form reports what someone told the meeting (`Per Skøt orienterede om
/// …`): its subject may be anyone, not only a deciding body.
pub(crate) const fn is_briefing_word(form: &str) -> bool {
    ends_with(form, "orienterede") || ends_with(form, "orienterer")
}

const fn ends_with(text: &str, suffix: &str) -> bool {
    let (text, suffix) = (text.as_bytes(), suffix.as_bytes());
    if suffix.len() > text.len() {
        return false;
    }
    let offset = text.len() - suffix.len();
    let mut idx = 0;
    while idx < suffix.len() {
        if text[offset + idx] != suffix[idx] {
            return false;
        }
        idx += 1;
    }
    true
}

/// One entry of the verb table: the lowercase words in order, and the kind.
pub(crate) struct Verb {
    pub(crate) words: &'static [&'static str],
    pub(crate) kind: DecisionKind,
}

macro_rules! verbs {
    ($($kind:ident: [$($words:expr),* $(,)?]),* $(,)?) => {
        &[$($(Verb { words: $words, kind: DecisionKind::$kind },)*)*]
    };
}

/// The decision verb table of `spec/model.md`, with the inflections real minutes use.
pub(crate) const VERBS: &[Verb] = verbs! {
    Rejected: [&["afviste"], &["afvist"], &["afvises"], &["ikke", "godkendt"], &["forkastede"], &["forkastet"]],
    Postponed: [
        &["udsatte"], &["udsat"], &["udsættes"], &["udsætte"], &["udskyder"], &["udskød"],
        &["udskudt"], &["udskydes"], &["genoptages"], &["flyttet", "til", "næste"],
    ],
    Approved: [
        &["godkendte"], &["godkender"], &["godkendt"], &["godkendes"], &["tiltrådt"],
        &["tiltræder"], &["tiltrådte"], &["tiltræde"], &["tiltrædes"], &["vedtaget"], &["vedtog"],
        &["vedtages"], &["bevilgede"], &["bevilget"], &["bakker", "op"], &["bakkede", "op"],
        &["tilsluttede", "sig"], &["tilslutter", "sig"],
    ],
    Decided: [
        &["besluttede"], &["beslutter"], &["besluttet"], &["traf", "beslutning"],
        &["truffet", "beslutning"], &["fremsendes"], &["oversendes"], &["videresendes"],
        &["henvises"], &["tilbagesendes"], &["sendes", "tilbage"], &["aftalte"], &["aftalt"],
        &["enighed", "om"], &["enige", "om"], &["besluttedes"], &["fastlagt"], &["udgår"],
        &["oversendt"],
    ],
    Recommended: [
        &["anbefalede"], &["anbefaler"], &["anbefales"], &["anbefalet"], &["indstiller"],
        &["indstillede"],
    ],
    Noted: [
        &["tog", "til", "efterretning"], &["taget", "til", "efterretning"],
        &["tog", "*efterretning"], &["tager", "*efterretning"],
        &["tages", "til", "efterretning"], &["orienteret"], &["orienteredes"],
        &["til", "orientering"], &["modtog", "*status"], &["fik", "*status"],
        &["modtog", "*orientering"], &["fik", "*orientering"], &["noterede"], &["noteret"],
        &["orienterede"], &["orienterer"],
    ],
    Discussed: [&["drøftede"], &["drøftet"], &["behandlede"], &["behandlet"]],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_words() {
        for word in [
            "Rådmandsmødekredsen",
            "Kredsen",
            "Udvalget",
            "Omsorgsudvalget",
            "byrådet",
            "Chefteamet",
            "flertal",
        ] {
            assert!(is_body_word(word), "{word}");
        }
        for word in ["Jens", "Lassen", "MSO", "Hus", "plejehjem"] {
            assert!(!is_body_word(word), "{word}");
        }
        // The table by last byte gives what comparing with every ending gives.
        let naive = |word: &str| {
            let lower = word.to_lowercase();
            let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
            lower.len() >= 4 && BODY_ENDINGS.iter().any(|ending| lower.ends_with(ending))
        };
        for ending in BODY_ENDINGS {
            for word in [
                ending.to_string(),
                ending.to_uppercase(),
                format!("(Social{ending}),"),
                format!("{ending}s"),
                ending[1..].to_string(),
                format!("x{}", &ending[1..]),
            ] {
                assert_eq!(is_body_word(&word), naive(&word), "{word}");
            }
        }
    }
}
