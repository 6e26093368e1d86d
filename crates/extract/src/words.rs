//! Word lists the rules share: month names, the nouns that name a deciding body, and the
//! decision verb table of `spec/model.md`. Lists only; the rules live in their modules.

/// Whether the lowercase `word` names a day of the week.
pub(crate) fn is_weekday(word: &str) -> bool {
    matches!(
        word,
        "mandag" | "tirsdag" | "onsdag" | "torsdag" | "fredag" | "lørdag" | "søndag"
    )
}

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

/// Common Danish first names, lowercase and sorted: where names ran together without a
/// separator (`Katrine Kjærbo Karsten Grubert`), a new name starts at one of these, and a
/// first name alone may own a follow-up (`Birgit finder en dato`) in minutes that list no
/// one by that name.
const FIRST_NAMES: &[&str] = &[
    "aage",
    "abdi",
    "agnete",
    "ahmad",
    "ahmed",
    "aksel",
    "albert",
    "alberte",
    "alex",
    "alexander",
    "alfred",
    "ali",
    "alice",
    "allan",
    "amalie",
    "amanda",
    "anders",
    "andreas",
    "ane",
    "anette",
    "anita",
    "anja",
    "ann",
    "anna",
    "annalise",
    "anne",
    "annelise",
    "annemarie",
    "annemette",
    "annette",
    "anni",
    "anton",
    "arne",
    "asger",
    "astrid",
    "axel",
    "benny",
    "bent",
    "bente",
    "benthe",
    "berit",
    "betina",
    "bettina",
    "birgit",
    "birgitte",
    "birte",
    "bjarne",
    "bjørn",
    "bo",
    "bodil",
    "brian",
    "brigitte",
    "brit",
    "britt",
    "britta",
    "bruno",
    "camilla",
    "carina",
    "carl",
    "carlo",
    "carsten",
    "casper",
    "charlotte",
    "christel",
    "christian",
    "christina",
    "christine",
    "christoffer",
    "claus",
    "connie",
    "conny",
    "dan",
    "daniel",
    "david",
    "dennis",
    "didde",
    "ditte",
    "dorte",
    "dorthe",
    "ebbe",
    "egon",
    "eigil",
    "ejner",
    "elin",
    "elisabeth",
    "ellen",
    "else",
    "elsebeth",
    "emil",
    "emilie",
    "emma",
    "erik",
    "erling",
    "ernst",
    "esben",
    "eskild",
    "eva",
    "evan",
    "finn",
    "flemming",
    "frank",
    "freddy",
    "frederik",
    "frida",
    "gert",
    "gitte",
    "grethe",
    "gunnar",
    "gustav",
    "hanna",
    "hanne",
    "hans",
    "harald",
    "harry",
    "heidi",
    "heino",
    "helen",
    "helene",
    "helga",
    "helle",
    "henning",
    "henny",
    "henriette",
    "henrik",
    "herdis",
    "hildur",
    "holger",
    "ib",
    "iben",
    "ida",
    "inga",
    "inge",
    "inger",
    "ingrid",
    "irene",
    "ivan",
    "jacob",
    "jakob",
    "jan",
    "janne",
    "jannie",
    "jens",
    "jeppe",
    "jesper",
    "jette",
    "jimmi",
    "jimmy",
    "joan",
    "johan",
    "johanne",
    "johannes",
    "john",
    "jonas",
    "jonathan",
    "jonna",
    "jytte",
    "jørgen",
    "jørn",
    "kaj",
    "kamilla",
    "karen",
    "kari",
    "karin",
    "karina",
    "karl",
    "karsten",
    "kasper",
    "katja",
    "katrine",
    "ken",
    "kenneth",
    "kent",
    "kim",
    "kirsten",
    "kirstine",
    "kjeld",
    "klaus",
    "knud",
    "kristian",
    "kristina",
    "kristine",
    "kurt",
    "lars",
    "laura",
    "lea",
    "leif",
    "lena",
    "lene",
    "leo",
    "linda",
    "line",
    "lis",
    "lisa",
    "lisbeth",
    "lise",
    "lone",
    "lotte",
    "louise",
    "lykke",
    "mads",
    "magnus",
    "maiken",
    "maja",
    "malene",
    "margit",
    "margrethe",
    "maria",
    "marianne",
    "marie",
    "marina",
    "marius",
    "mark",
    "martin",
    "mathias",
    "mathilde",
    "mette",
    "michael",
    "michelle",
    "mie",
    "mikael",
    "mikkel",
    "mogens",
    "mona",
    "morten",
    "nadia",
    "naja",
    "nanna",
    "nicolai",
    "nicolaj",
    "niels",
    "nikolaj",
    "nils",
    "nina",
    "ninna",
    "ole",
    "oliver",
    "otto",
    "ove",
    "palle",
    "per",
    "pernille",
    "peter",
    "philip",
    "pia",
    "poul",
    "preben",
    "rasmus",
    "renee",
    "rené",
    "rikke",
    "rita",
    "robert",
    "rune",
    "ruth",
    "sabrina",
    "sanne",
    "sara",
    "sarah",
    "sebastian",
    "signe",
    "simon",
    "sofia",
    "sofie",
    "solveig",
    "steen",
    "stefan",
    "stig",
    "susan",
    "susanne",
    "svend",
    "søren",
    "tage",
    "tanja",
    "thomas",
    "thor",
    "thorbjørn",
    "tina",
    "tine",
    "tobias",
    "tom",
    "tommy",
    "tonny",
    "tove",
    "trine",
    "troels",
    "ulla",
    "ulrik",
    "ulrikke",
    "vagn",
    "valdemar",
    "vibeke",
    "victor",
    "viggo",
    "vilhelm",
    "villy",
    "vivi",
    "william",
    "yvonne",
];

/// Whether a word (any case) is one of the common first names.
pub(crate) fn is_first_name(word: &str) -> bool {
    FIRST_NAMES
        .binary_search(&crate::scan::lower_word(word).as_str())
        .is_ok()
}

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
