//! The Danish words the extractor keys on, as data (issue 12 point 2). Teaching referat a
//! new label is one line in one of these tables plus a golden case; the fast prefilters the
//! passes use are derived from the tables here, never written by hand, so a new label
//! cannot be rejected by a filter that was not told of it.
//!
//! `docs/extraction.md` carries the tables in its section "Words referat keys on"; a test
//! checks that the section is what [`documented`] gives (`UPDATE_DOCS=1 cargo test -p
//! extract vocab` rewrites it).
//!
//! Every word is lowercase.

use model::DecisionKind;

/// The field a header label sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderField {
    Body,
    Date,
    Location,
    Time,
    /// When the meeting ended, on a line of its own (`Slut kl.: 18:30`).
    End,
    /// Date and time, then the place: `Tid og sted: 3. juni 2025 kl. 10-12, Mødelokale 3`.
    TimeAndPlace,
}

/// Header labels, before a colon or alone at the start of a line, and the field each sets.
pub(crate) const HEADER_LABELS: &[(&str, HeaderField)] = &[
    ("udvalg", HeaderField::Body),
    ("forum", HeaderField::Body),
    ("mødeforum", HeaderField::Body),
    ("møde", HeaderField::Body),
    ("mødedato", HeaderField::Date),
    ("dato", HeaderField::Date),
    ("mødested", HeaderField::Location),
    ("sted", HeaderField::Location),
    ("lokale", HeaderField::Location),
    ("mødelokale", HeaderField::Location),
    ("tidspunkt", HeaderField::Time),
    ("mødetidspunkt", HeaderField::Time),
    ("tid", HeaderField::Time),
    ("mødetid", HeaderField::Time),
    ("kl.", HeaderField::Time),
    ("klokkeslæt", HeaderField::Time),
    ("start", HeaderField::Time),
    ("start kl.", HeaderField::Time),
    ("starttidspunkt", HeaderField::Time),
    ("mødestart", HeaderField::Time),
    ("slut", HeaderField::End),
    ("slut kl.", HeaderField::End),
    ("sluttidspunkt", HeaderField::End),
    ("mødeslut", HeaderField::End),
    ("tid og sted", HeaderField::TimeAndPlace),
    ("dato og sted", HeaderField::TimeAndPlace),
    ("tidspunkt og sted", HeaderField::TimeAndPlace),
    ("dato, tid og sted", HeaderField::TimeAndPlace),
    ("tid og mødested", HeaderField::TimeAndPlace),
];

/// Header labels that cannot be anything else, so their value may follow without a colon
/// (`Mødedato Onsdag d. 27. august 2025`, a PDF table row) or glued on (`MødestedRådssalen`,
/// a web page); each is also in [`HEADER_LABELS`].
pub(crate) const UNAMBIGUOUS_HEADER_LABELS: &[&str] = &[
    "mødested",
    "mødedato",
    "mødetidspunkt",
    "mødelokale",
    "udvalg",
    "starttidspunkt",
    "sluttidspunkt",
    "mødestart",
    "mødeslut",
];

/// The field `label` (lowercase) sets, if it is a header label.
pub(crate) fn header_field(label: &str) -> Option<HeaderField> {
    HEADER_LABELS
        .iter()
        .find(|(known, _)| *known == label)
        .map(|(_, field)| *field)
}

/// The most characters a header label has: a longer text is no label.
pub(crate) const HEADER_LABEL_MAX_CHARS: usize = max_chars(&HEADER_LABELS_ONLY);

/// The ASCII first letters of the header labels (lowercase): a text starting with another
/// ASCII byte is no label. Non-ASCII first letters are always let through.
pub(crate) const HEADER_LABEL_FIRST: [bool; 128] = first_ascii(&HEADER_LABELS_ONLY);

const HEADER_LABELS_ONLY: [&str; HEADER_LABELS.len()] = {
    let mut out = [""; HEADER_LABELS.len()];
    let mut idx = 0;
    while idx < HEADER_LABELS.len() {
        out[idx] = HEADER_LABELS[idx].0;
        idx += 1;
    }
    out
};

/// Labels that open a list of people, and whether the list names the absent. Longer labels
/// come before their prefixes.
pub(crate) const LIST_LABELS: &[(&str, bool)] = &[
    ("mødedeltagere", false),
    ("medlemmer af udvalget", false),
    ("medlemmer", false),
    ("deltagere", false),
    ("øvrige deltagere", false),
    ("andre deltagere", false),
    ("øvrige fremmødte", false),
    ("derudover deltog", false),
    ("desuden deltog", false),
    ("deltog", false),
    ("fra administrationen deltog", false),
    ("fra administrationen", false),
    ("fra forvaltningen deltog", false),
    ("fra forvaltningen", false),
    ("fra sekretariatet", false),
    ("til stede", false),
    ("tilstede", false),
    ("fremmødte", false),
    ("fremmødet", false),
    ("fremmødt", false),
    ("stedfortrædere", false),
    ("stedfortræder", false),
    ("fraværende med afbud", true),
    ("fraværende", true),
    ("fravær", true),
    ("afbud meldt af", true),
    ("afbud meldt fra", true),
    ("afbud fra", true),
    ("afbud", true),
    ("forfald", true),
    ("ikke til stede", true),
    ("ikke tilstede", true),
];

/// The ASCII first letters of [`LIST_LABELS`], lowercase: a text starting with another ASCII
/// byte opens no list.
pub(crate) const LIST_LABEL_FIRST: [bool; 128] = {
    let mut labels = [""; LIST_LABELS.len()];
    let mut idx = 0;
    while idx < LIST_LABELS.len() {
        labels[idx] = LIST_LABELS[idx].0;
        idx += 1;
    }
    first_ascii(&labels)
};

/// Words that end a list of people wherever they stand: a table of contents, the comments
/// block, the agenda.
pub(crate) const LIST_STOP_WORDS: &[&str] = &[
    "indholdsfortegnelse",
    "indholdsliste",
    "sagsoversigt",
    "bemærkninger",
    "dagsorden",
    "dagsordenspunkter",
    "punkter på dagsordenen",
    "beslutningssager",
    "orienteringssager",
    "drøftelsessager",
    "sager til beslutning",
    "sager til orientering",
    "sager til drøftelse",
];

/// Lines that group the items after them by kind; they belong to no item's text.
pub(crate) const ITEM_GROUP_HEADINGS: &[&str] = &[
    "sager til beslutning",
    "sager til orientering",
    "sager til drøftelse",
    "punkter til beslutning",
    "punkter til orientering",
    "punkter til drøftelse",
    "beslutningssager",
    "orienteringssager",
    "drøftelsessager",
    "beslutningspunkter",
    "orienteringspunkter",
    "drøftelsespunkter",
];

/// Starts of the titles meetings open with (lowercase): an excerpt whose first numbered
/// line has one of them is read as minutes even when it holds fewer than three items.
pub(crate) const OPENING_ITEMS: &[&str] = &[
    "godkendelse af dagsorden",
    "godkendelse af referat",
    "godkendelse af dagsordenen",
    "dagsorden",
    "velkomst",
    "velkommen",
    "meddelelser",
    "valg af dirigent",
    "valg af ordstyrer",
    "orientering fra formanden",
    "nyt fra formanden",
];

/// Column heads after a people-list label in a table of members (`Medlemmer   Parti
/// Fremmøde`): the rows below are the list.
pub(crate) const MEMBER_TABLE_COLUMNS: &[&str] = &[
    "parti",
    "partier",
    "fremmøde",
    "fremmødt",
    "deltog",
    "deltagelse",
    "status",
    "bemærkning",
    "bemærkninger",
    "rolle",
    "funktion",
    "titel",
    "afbud",
];

/// Endings of compound titles of office before a name (`Sekretariatschef Maja Toft`,
/// `Økonomidirektør …`), dropped from the name as [`ROLES`] are.
pub(crate) const TITLE_ENDINGS: &[&str] = &[
    "chef",
    "direktør",
    "leder",
    "konsulent",
    "sekretær",
    "koordinator",
    "rådgiver",
    "fuldmægtig",
    "medarbejder",
    "repræsentant",
    "assistent",
    "specialist",
];

/// The page footer that also ends a list run into a line: `Side 2 af 5`.
pub(crate) const PAGE_FOOTER_WORD: &str = "side";

/// The ASCII first letters of [`LIST_STOP_WORDS`] and [`PAGE_FOOTER_WORD`] in capitals, as
/// they start a word run into a list (`Egon Bo (I)Indholdsfortegnelse`).
pub(crate) const LIST_STOP_FIRST: [bool; 128] = {
    let mut out = first_ascii(LIST_STOP_WORDS);
    out[PAGE_FOOTER_WORD.as_bytes()[0] as usize] = true;
    // Capitals: the same letters.
    let mut upper = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        if out[byte] {
            upper[(byte as u8).to_ascii_uppercase() as usize] = true;
        }
        byte += 1;
    }
    upper
};

/// Lines of web pages and document viewers that are furniture, never minutes: skip links,
/// menus, search, buttons, a PDF viewer's controls (whole lines, lowercase, without a
/// closing `:` or `.`).
pub(crate) const FURNITURE_LINES: &[&str] = &[
    "gå til hovedindhold",
    "gå til hovedindholdet",
    "gå til indhold",
    "spring til indhold",
    "spring til hovedindhold",
    "skip to main content",
    "skip to content",
    "søg",
    "menu",
    "hovedmenu",
    "luk",
    "forside",
    "til toppen",
    "til indholdsfortegnelse",
    "accepter cookies",
    "transkript",
    "udvid alle",
    "fold alle ud",
    "fold alle sammen",
    "vis alle",
    "skjul alle",
    "vis alle punkter",
    "skjul alle punkter",
    "dagsordener og referater",
    "referater og dagsordener",
    "politik",
    "log ind",
    "log på",
    "print",
    "udskriv",
    "tilbage til forsiden",
    "tilbage til oversigten",
    "tilbage",
    "hent som pdf",
    "kopier link",
    "kontakt",
    "del",
    "del på facebook",
    "læs mere",
];

/// Starts of furniture lines (lowercase): viewer controls, cookie banners, search boxes,
/// breadcrumbs, the page's update stamp.
pub(crate) const FURNITURE_STARTS: &[&str] = &[
    "størrelse: px",
    "starte visningen fra side",
    "download \"",
    "save this pdf",
    "tryk 'ctrl f'",
    "vi bruger cookies",
    "denne hjemmeside bruger cookies",
    "denne side bruger cookies",
    "dette website bruger cookies",
    "søg på ",
    "søg i ",
    "du er her:",
    "sidst opdateret",
    "senest opdateret",
    "sidst redigeret",
];

/// The ASCII first letters of [`FURNITURE_LINES`] and [`FURNITURE_STARTS`], lowercase.
pub(crate) const FURNITURE_FIRST: [bool; 128] = {
    let (lines, starts) = (first_ascii(FURNITURE_LINES), first_ascii(FURNITURE_STARTS));
    let mut out = [false; 128];
    let mut idx = 0;
    while idx < 128 {
        out[idx] = lines[idx] || starts[idx];
        idx += 1;
    }
    out
};

/// Titles of office and roles that stand beside a name in a list. A line or list part that
/// is only one of these (perhaps numbered: `2. næstformand`) is a note on the name before it.
pub(crate) const ROLES: &[&str] = &[
    "formand",
    "næstformand",
    "forperson",
    "næstforperson",
    "borgmester",
    "viceborgmester",
    "rådmand",
    "udvalgsformand",
    "borgermedlem",
    "løsgænger",
    "medlem",
    "suppleant",
    "stedfortræder",
    "sekretær",
    "referent",
    "kasserer",
    "regnskabsfører",
    "sognepræst",
    "præst",
    "pastor",
    "provst",
    "graver",
    "kirkeværge",
    "kontaktperson",
    "direktør",
    "kommunaldirektør",
    "regionsdirektør",
    "stadsdirektør",
    "afdelingschef",
    "centerchef",
    "chef",
    "skoleleder",
    "viceskoleleder",
    "afdelingsleder",
    "lærerrepræsentant",
    "medarbejderrepræsentant",
    "forældrerepræsentant",
    "elevrepræsentant",
    "personalerepræsentant",
    "organist",
    "kordegn",
    "pædagog",
    "lærer",
    "leder",
    "konsulent",
    "ungekonsulent",
    "sagsbehandler",
    "fuldmægtig",
    "souschef",
    "byrådsmedlem",
    "dirigent",
    "ordstyrer",
    "mødeleder",
    "protokolfører",
    "tovholder",
];

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
    Rejected: [
        &["afviste"], &["afvist"], &["afvises"], &["ikke", "godkendt"], &["ikke", "tiltrådt"],
        &["ikke", "vedtaget"], &["forkastede"], &["forkastet"],
    ],
    Postponed: [
        &["udsatte"], &["udsat"], &["udsættes"], &["udsætte"], &["udskyder"], &["udskød"],
        &["udskudt"], &["udskydes"], &["genoptages"], &["flyttet", "til", "næste"],
    ],
    Approved: [
        &["godkendte"], &["godkender"], &["godkendt"], &["godkendes"], &["tiltrådt"],
        &["tiltræder"], &["tiltrådte"], &["tiltræde"], &["tiltrædes"], &["vedtaget"], &["vedtog"],
        &["vedtages"], &["bevilgede"], &["bevilget"], &["bakker", "op"], &["bakkede", "op"],
        &["tilsluttede", "sig"], &["tilslutter", "sig"], &["indstillingen", "følges"],
        &["indstillingen", "fulgt"], &["indstillingen", "blev", "fulgt"],
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

/// Parts of the table verbs: a sentence (lowercase) with a table verb contains one of them,
/// so a sentence without any needs no splitting into words.
pub(crate) const VERB_PARTS: [&str; 31] = [
    "afvis",
    "aftalt",
    "enighed",
    "enige",
    "fastlagt",
    "udgår",
    "sendt",
    "udsk",
    "genopta",
    "flyttet til",
    "bakke",
    "tilslutte",
    "godkend",
    "forkast",
    "udsat",
    "udsæt",
    "tiltr",
    "vedt",
    "bevilg",
    "beslut",
    "sendes",
    "henvis",
    "anbefal",
    "indstill",
    "efterretning",
    "orienter",
    "modtog",
    "status",
    "noter",
    "drøft",
    "behandl",
];

/// The phrases of [`is_vote_position`]; the four of [`ABSENCE_PHRASES`] among them.
pub(crate) const VOTE_PHRASES: [&str; 12] = [
    "tog forbehold",
    "kunne ikke",
    "kunne tiltræde",
    "stemte ",
    "undlod at stemme",
    "deltog ikke",
    "var forhindret",
    "tilkendegav",
    "ført til protokol",
    "ønskede ført",
    "erklærede sig inhabil",
    "var inhabil",
];

/// Labels of the lines that record one side of a vote (`For stemte: A (9), C (10), i alt
/// 19`), lowercase, each with its side: 0 for, 1 against, 2 abstained. Such a line is a
/// paragraph of its own and goes into the votes of the decision before it.
pub(crate) const VOTE_LINE_LABELS: &[(&str, u8)] = &[
    ("for stemte", 0),
    ("stemte for:", 0),
    ("imod stemte", 1),
    ("stemte imod:", 1),
    ("undlod at stemme", 2),
    ("hverken for eller imod stemte", 2),
    ("undlod:", 2),
];

/// Labels of an item's case number (`Sagsnr.: 00.01.00-A00-3-24`), lowercase: the line
/// ends a wrapped title and gives the item its case number.
pub(crate) const CASE_NUMBER_LABELS: &[&str] = &[
    "sagsnr.",
    "sagsnr:",
    "sagsnr ",
    "sag nr.",
    "sags nr.",
    "sagsnummer",
    "j.nr.",
    "j. nr.",
    "journalnr.",
    "journalnummer",
    "dok.nr.",
    "sagsid",
    "sags-id",
    "sags id",
];

/// Labels of lines that tell who handles an item's case (`Sagsbehandler: Karen Ulv`),
/// lowercase, before their colon: such a line ends a wrapped title.
pub(crate) const CASE_OFFICER_LABELS: &[&str] = &[
    "sagsbehandler",
    "sagsansvarlig",
    "sagsansvarlige",
    "ansvarlig forvaltning",
    "ansvarlig enhed",
    "forvaltning",
    "afdeling",
];

/// Statements a member has entered in the minutes beside a decision (`X ønskede følgende
/// protokoltilførsel: …`): notes on the decision before, neither decisions nor follow-ups.
pub(crate) const PROTOCOL_NOTES: &[&str] = &[
    "protokoltilførsel",
    "protokolbemærkning",
    "mindretalsudtalelse",
];

/// Phrases that report that someone did not take part.
pub(crate) const ABSENCE_PHRASES: [&str; 4] = [
    "deltog ikke",
    "var forhindret",
    "var inhabil",
    "erklærede sig inhabil",
];

/// The stem of the verb of a body's wish (`ønsker`), lowercase: a sentence
/// without it is not read for [`wish_start`].
pub(crate) const WISHES: [&str; 1] = ["ønske"];

/// The stems of the words [`responsible`] looks for, lowercase: a sentence without them is
/// not read for it.
pub(crate) const RESPONSIBILITY: [&str; 2] = ["ansvar", "tovholder"];

/// Units named by their role, which a decision may set to work (`… at administrationen
/// gennemgår kalenderen`), lowercase.
pub(crate) const ROLE_UNITS: [&str; 3] = ["administrationen", "forvaltningen", "sekretariatet"];

/// Stems of the first word of a unit that may own a follow-up (`Strategi og Udvikling` is
/// read otherwise): `Sekretariatet sender …`, `Skolen undersøger …`. Lowercase.
pub(crate) const UNIT_STEMS: [&str; 10] = [
    "afdeling",
    "forvaltning",
    "sekretariat",
    "center",
    "stab",
    "enhed",
    "kontor",
    "team",
    "skole",
    "institution",
];

/// Verbs of work in the present tense that make the body named before them the owner of a
/// follow-up (`Bestyrelsen indhenter tilbud …`); a person before any verb owns already.
pub(crate) const BODY_WORK_VERBS: &[&str] = &[
    "vender",
    "indhenter",
    "udarbejder",
    "undersøger",
    "udsender",
    "indkalder",
    "kontakter",
    "arrangerer",
    "sørger",
    "inviterer",
    "fremlægger",
    "retter",
    "laver",
    "skriver",
    "opdaterer",
    "melder",
];

/// Authorities that, like the body, own the work they do with a verb of
/// [`BODY_WORK_VERBS`] (`Kommunen vender tilbage med svar …`). Lowercase, whole words.
pub(crate) const AUTHORITIES: &[&str] = &["kommunen", "regionen"];

/// Phrases that hand a task to the person named after them (`Opgaven … blev givet til
/// Peter Lund`). Lowercase, with their spaces.
pub(crate) const HANDED_TO: [&str; 6] = [
    " blev givet til ",
    " blev overdraget til ",
    " blev uddelegeret til ",
    " blev lagt hos ",
    " gives til ",
    " overdrages til ",
];

/// The words that link a report to its author: `status fra Boel`.
pub(crate) const LINKS: [&str; 3] = ["fra", "v.", "ved"];

/// Stems of the words that name a forum.
pub(crate) const FORUM_STEMS: [&str; 12] = [
    "direktion",
    "direktørmøde",
    "rådmandsmøde",
    "udvalg",
    "byråd",
    "magistrat",
    "chefteam",
    "ledermøde",
    "styregruppe",
    "seminar",
    "plejehjemsråd",
    "bestyrelse",
];

/// Whole-line headings (a colon after them allowed) of the section that records what the
/// meeting decided.
pub(crate) const DECISION_HEADINGS: &[&str] = &[
    "beslutning",
    "beslutninger",
    "afgørelse",
    "udvalgets beslutning",
    "byrådets beslutning",
    "kommunalbestyrelsens beslutning",
    "beslutning i udvalget",
    "beslutning i byrådet",
    "referat",
    "protokol",
    "protokollat",
];

/// Whole-line headings of the other sections of an item: the case presentation, its
/// background, proposals, history and attachments; decisions and follow-ups are not read
/// from them where the item has a decision section.
pub(crate) const CASE_HEADINGS: &[&str] = &[
    "sagsforløb",
    "sagens forløb",
    "tidligere beslutninger",
    "resume",
    "resumé",
    "sagsresume",
    "sagsresumé",
    "hvem beslutter",
    "indstilling og beslutning",
    "beslutningstema",
    "sagsfremstilling og økonomi",
    "beslutningspunkter",
    "indstilling",
    "det indstilles",
    "bilag",
    "sagsfremstilling",
    "baggrund",
    "økonomi",
    "økonomiske konsekvenser",
    "begrundelse",
    "lovgrundlag",
    "høring",
    "sagsbeskrivelse",
    "beslutningsforslag",
    "vurdering",
    "videre proces",
    "kompetence",
    "indledning",
    "retsgrundlag",
    "supplerende sagsfremstilling",
    "forvaltningens indstilling",
    "administrationens indstilling",
    "direktionens indstilling",
    "sagens indhold",
    "sagens baggrund",
    "formål",
    "problemstilling",
    "handicappolitisk vurdering",
    "klimavurdering",
    "kommunikation",
    "tidsplan",
    "bemærkninger",
    "personale",
    "juridiske forhold",
    "økonomiske forhold",
    "indhold",
];

/// What leads an item's number in a heading (`Punkt 3: Budget`, `Pkt. 7`), as written
/// (case matters: a sentence's `punkt 3` is no heading). Longer forms before their
/// prefixes. Items numbered without a word (`3. Budget`) are read by the numbered-list rules.
pub(crate) const ITEM_PREFIXES: &[&str] = &[
    "Punkt ",
    "PUNKT ",
    "Pkt. ",
    "Pkt ",
    "Pkt.",
    "Sag nr. ",
    "Sag nr.",
    "SAG NR. ",
    "Dagsordenspunkt ",
    "Dagsordenpunkt ",
    "Dagsordenspkt. ",
    "Lukket punkt ",
    "Åbent punkt ",
    "Lukket pkt. ",
    "Åbent pkt. ",
];

/// Whole decisions without a verb of the table: `Som indstillet.` (approved as proposed; in
/// `Anbefales som indstillet` the verb decides). Lowercase, without the closing mark.
pub(crate) const APPROVALS_ALONE: &[&str] = &["som indstillet"];

/// Labels of a line that names who is responsible for the follow-up before it (`Ansvarlig:
/// Henrik Dahl`), lowercase with their colon.
pub(crate) const OWNER_LABELS: &[&str] = &["ansvarlig:", "ansvarlige:", "ansvar:", "tovholder:"];

/// Labels of a line that gives the deadline of the follow-up before it (`Frist: 15. oktober
/// 2025`), lowercase with their colon.
pub(crate) const DUE_LABELS: &[&str] = &["frist:", "tidsfrist:", "deadline:"];

/// Labels that say what kind of paragraph follows on their line (`Beslutning: Godkendt.`,
/// `Referat: Intet.`): the paragraph's heading, dropped from its text.
pub(crate) const PARAGRAPH_LABELS: &[&str] = &[
    "beslutning",
    "beslutninger",
    "konklusion",
    "konklusioner",
    "aftale",
    "aftaler",
    "opfølgning",
    "handling",
    "handlinger",
    "næste skridt",
    "drøftelse",
    "resultat",
    "referat",
];

/// Header cells of a table of items: the number column (`Pkt.`), lowercase, without a
/// colon.
pub(crate) const ITEM_TABLE_NUMBERS: &[&str] = &["pkt.", "pkt", "nr.", "nr", "punkt", "#"];

/// Header cells of a table of items: the title column (`Emne`).
pub(crate) const ITEM_TABLE_TITLES: &[&str] = &[
    "emne",
    "punkt",
    "dagsordenspunkt",
    "dagsorden",
    "titel",
    "overskrift",
    "sag",
];

/// Header cells of a table of items: the column of what was minuted (`Referat`).
pub(crate) const ITEM_TABLE_MINUTES: &[&str] = &[
    "referat",
    "beslutning",
    "beslutninger",
    "konklusion",
    "drøftelse",
    "bemærkninger",
    "referat/beslutning",
];

/// Endings of the last word of an organisation's name (`Østervang Skole`, `Greve Kommune`),
/// which a body's name may be followed by. Lowercase.
pub(crate) const ORGANISATION_WORDS: &[&str] = &[
    "skole",
    "skolen",
    "kommune",
    "region",
    "regionen",
    "forening",
    "foreningen",
    "klub",
    "klubben",
    "sogn",
    "selskab",
    "selskabet",
];

/// Labels of the sign-off below the minutes (`Godkendt af:` over the signers' names): who
/// approved the minutes, not a decision of an item. Lowercase, with the colon.
pub(crate) const SIGN_OFF_LABELS: &[&str] = &[
    "godkendt af:",
    "referatet godkendt:",
    "underskrevet af:",
    "underskrift:",
    "underskrifter:",
    "referatet godkendt af:",
];

/// Item heading prefixes that are common words, heading an item only before a capitalised
/// title, a bare number or a mark in brackets: `Sag 76 - 17/1234 - Regnskab 2016`.
pub(crate) const STRICT_ITEM_PREFIXES: &[&str] = &["Sag ", "SAG ", "Nr. ", "NR. "];

/// Words between an item prefix and its number: `Punkt nr. 7`.
pub(crate) const ITEM_NUMBER_WORDS: &[&str] = &["nr. ", "nr.", "Nr. ", "Nr.", "nr ", "Nr "];

/// The most bytes a heading of [`DECISION_HEADINGS`] or [`CASE_HEADINGS`] has: a longer
/// line is neither, and is not compared with them.
pub(crate) const SECTION_HEADING_MAX_BYTES: usize = {
    let (a, b) = (max_bytes(DECISION_HEADINGS), max_bytes(CASE_HEADINGS));
    if a > b { a } else { b }
};

/// `Beslutning for punkt 3`: a decision heading naming the item by number (the number
/// follows the prefix). ASCII only, so a line's head compares without lowercasing.
pub(crate) const DECISION_FOR_ITEM: &[&str] = &[
    "beslutning for punkt ",
    "beslutning vedr. punkt ",
    "beslutning til punkt ",
];

/// The first letters of [`DECISION_FOR_ITEM`].
pub(crate) const DECISION_FOR_ITEM_FIRST: [bool; 128] = first_ascii(DECISION_FOR_ITEM);

/// The tables as `docs/extraction.md` lists them: a heading and the words.
#[cfg(test)]
fn documented() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut tables = vec![
        (
            "Header labels",
            HEADER_LABELS.iter().map(|(label, _)| *label).collect(),
        ),
        (
            "Lists of those present",
            LIST_LABELS
                .iter()
                .filter(|(_, absent)| !absent)
                .map(|(label, _)| *label)
                .collect(),
        ),
        (
            "Lists of the absent",
            LIST_LABELS
                .iter()
                .filter(|(_, absent)| *absent)
                .map(|(label, _)| *label)
                .collect(),
        ),
        ("Words that end a list of people", LIST_STOP_WORDS.to_vec()),
        (
            "Web and viewer furniture (whole lines)",
            FURNITURE_LINES.to_vec(),
        ),
        (
            "Web and viewer furniture (line starts)",
            FURNITURE_STARTS.to_vec(),
        ),
        (
            "Titles and roles beside a name (dropped from it)",
            ROLES.to_vec(),
        ),
    ];
    for (kind, heading) in [
        (DecisionKind::Approved, "Decision verbs: approved"),
        (DecisionKind::Rejected, "Decision verbs: rejected"),
        (DecisionKind::Postponed, "Decision verbs: postponed"),
        (DecisionKind::Decided, "Decision verbs: decided"),
        (DecisionKind::Recommended, "Decision verbs: recommended"),
        (DecisionKind::Noted, "Decision verbs: noted"),
        (DecisionKind::Discussed, "Decision verbs: discussed"),
    ] {
        let verbs = VERBS
            .iter()
            .filter(|verb| verb.kind == kind)
            .map(|verb| &*String::leak(verb.words.join(" ")))
            .collect();
        tables.push((heading, verbs));
    }
    tables.extend([
        ("Owner of the follow-up before", OWNER_LABELS.to_vec()),
        ("Deadline of the follow-up before", DUE_LABELS.to_vec()),
        (
            "Item heading prefixes (before the number, as written)",
            ITEM_PREFIXES.to_vec(),
        ),
        (
            "Item heading prefixes that need a capitalised title after the number",
            STRICT_ITEM_PREFIXES.to_vec(),
        ),
        (
            "Words between an item prefix and its number",
            ITEM_NUMBER_WORDS.to_vec(),
        ),
        ("Decision section headings", DECISION_HEADINGS.to_vec()),
        (
            "Column heads of a table of members",
            MEMBER_TABLE_COLUMNS.to_vec(),
        ),
        (
            "Endings of compound titles before a name",
            TITLE_ENDINGS.to_vec(),
        ),
        (
            "Lines that group the items after them",
            ITEM_GROUP_HEADINGS.to_vec(),
        ),
        (
            "Titles a meeting opens with (an excerpt's first item)",
            OPENING_ITEMS.to_vec(),
        ),
        (
            "Approvals without a verb (the whole decision)",
            APPROVALS_ALONE.to_vec(),
        ),
        (
            "Paragraph labels on the paragraph's first line (dropped from its text)",
            PARAGRAPH_LABELS.to_vec(),
        ),
        (
            "Tables of items: number column",
            ITEM_TABLE_NUMBERS.to_vec(),
        ),
        ("Tables of items: title column", ITEM_TABLE_TITLES.to_vec()),
        (
            "Tables of items: minutes column",
            ITEM_TABLE_MINUTES.to_vec(),
        ),
        (
            "Organisations after a body's name (endings of the last word)",
            ORGANISATION_WORDS.to_vec(),
        ),
        (
            "Sign-off labels below the minutes (no decision)",
            SIGN_OFF_LABELS.to_vec(),
        ),
        (
            "Decision headings naming the item (the number follows)",
            DECISION_FOR_ITEM.to_vec(),
        ),
        (
            "Case presentation and other section headings",
            CASE_HEADINGS.to_vec(),
        ),
        (
            "Votes and reservations beside a decision",
            VOTE_PHRASES.to_vec(),
        ),
        (
            "Lines that record one side of a vote",
            VOTE_LINE_LABELS.iter().map(|(label, _)| *label).collect(),
        ),
        ("Case number labels", CASE_NUMBER_LABELS.to_vec()),
        (
            "Case officer labels (before a colon)",
            CASE_OFFICER_LABELS.to_vec(),
        ),
        (
            "Statements entered in the minutes beside a decision",
            PROTOCOL_NOTES.to_vec(),
        ),
        ("Absence told in a decision", ABSENCE_PHRASES.to_vec()),
        ("A body's wish, which asks for work (stem)", WISHES.to_vec()),
        ("Responsibility (stems)", RESPONSIBILITY.to_vec()),
        (
            "Units named by their role, owners of follow-ups",
            ROLE_UNITS.to_vec(),
        ),
        (
            "Forums a follow-up returns to (stems)",
            FORUM_STEMS.to_vec(),
        ),
        (
            "Verbs of work that make the body before them an owner",
            BODY_WORK_VERBS.to_vec(),
        ),
        (
            "Phrases that hand a task to the person named after them",
            HANDED_TO.to_vec(),
        ),
        (
            "Authorities that own the work they do (whole words)",
            AUTHORITIES.to_vec(),
        ),
        (
            "Units that own follow-ups (stems of the first word)",
            UNIT_STEMS.to_vec(),
        ),
        (
            "Words before who gives a report (`status fra Boel`)",
            LINKS.to_vec(),
        ),
    ]);
    tables
}

/// The Markdown section of `docs/extraction.md` made from [`documented`].
#[cfg(test)]
fn documented_markdown() -> String {
    let mut out = String::from(
        "## Words referat keys on\n\n\
         Made from the tables in `crates/extract/src/vocab.rs` (a test keeps the two equal;\n\
         `UPDATE_DOCS=1 cargo test -p extract vocab` writes this section anew). Case does not\n\
         matter.\n",
    );
    for (heading, words) in documented() {
        out.push_str(&format!("\n**{heading}**: "));
        let listed: Vec<String> = words.iter().map(|word| format!("`{word}`")).collect();
        out.push_str(&listed.join(", "));
        out.push('\n');
    }
    out
}

const fn max_bytes(words: &[&str]) -> usize {
    let mut max = 0;
    let mut idx = 0;
    while idx < words.len() {
        if words[idx].len() > max {
            max = words[idx].len();
        }
        idx += 1;
    }
    max
}

const fn max_chars(words: &[&str]) -> usize {
    let mut max = 0;
    let mut idx = 0;
    while idx < words.len() {
        let bytes = words[idx].as_bytes();
        let mut chars = 0;
        let mut at = 0;
        while at < bytes.len() {
            // Count the bytes that start a character.
            if bytes[at] & 0xC0 != 0x80 {
                chars += 1;
            }
            at += 1;
        }
        if chars > max {
            max = chars;
        }
        idx += 1;
    }
    max
}

const fn first_ascii(words: &[&str]) -> [bool; 128] {
    let mut out = [false; 128];
    let mut idx = 0;
    while idx < words.len() {
        let first = words[idx].as_bytes()[0];
        if first < 128 {
            out[first as usize] = true;
        }
        idx += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The section of `docs/extraction.md` that lists the tables, from its heading to the
    /// next `## ` heading or the end.
    fn section(docs: &str) -> Option<(usize, usize)> {
        let start = docs.find("## Words referat keys on")?;
        let end = docs[start + 3..]
            .find("\n## ")
            .map_or(docs.len(), |at| start + 3 + at + 1);
        Some((start, end))
    }

    #[test]
    #[allow(
        clippy::disallowed_methods,
        reason = "the test, not the extractor, reads and rewrites the documentation"
    )]
    fn the_documentation_lists_every_word_of_the_tables() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/extraction.md");
        let docs = std::fs::read_to_string(path).unwrap();
        let wanted = documented_markdown();
        let current = section(&docs).map(|(start, end)| &docs[start..end]);
        if current == Some(wanted.as_str()) {
            return;
        }
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = match section(&docs) {
                Some((start, end)) => format!("{}{wanted}{}", &docs[..start], &docs[end..]),
                None => format!(
                    "{}\n{wanted}",
                    docs.trim_end_matches('\n').to_owned() + "\n"
                ),
            };
            std::fs::write(path, updated).unwrap();
            return;
        }
        panic!(
            "docs/extraction.md does not list the tables of vocab.rs as they are; \
             run UPDATE_DOCS=1 cargo test -p extract vocab"
        );
    }

    #[test]
    fn prefilters_follow_the_tables() {
        for (label, _) in HEADER_LABELS {
            let first = label.as_bytes()[0];
            assert!(
                first >= 128 || HEADER_LABEL_FIRST[usize::from(first)],
                "{label}"
            );
            assert!(label.chars().count() <= HEADER_LABEL_MAX_CHARS, "{label}");
            assert_eq!(*label, label.to_lowercase());
        }
        for label in UNAMBIGUOUS_HEADER_LABELS {
            assert!(header_field(label).is_some(), "{label}");
        }
        for prefix in DECISION_FOR_ITEM {
            assert!(prefix.is_ascii(), "{prefix}");
        }
        for word in LIST_STOP_WORDS.iter().chain([&PAGE_FOOTER_WORD]) {
            let first = word.as_bytes()[0].to_ascii_uppercase();
            assert!(LIST_STOP_FIRST[usize::from(first)], "{word}");
        }
        assert_eq!(HEADER_LABEL_MAX_CHARS, "tidspunkt og sted".chars().count());
    }

    /// The cue that lets a sentence be read for decision verbs ([`VERB_PARTS`]) is in every
    /// verb of the table: a new verb without one would never be found.
    #[test]
    fn every_verb_has_a_part_the_cues_look_for() {
        for verb in VERBS {
            let text = verb.words.join(" ").replace('*', "");
            assert!(
                VERB_PARTS.iter().any(|part| text.contains(part)),
                "{text}: add a part of it to VERB_PARTS"
            );
        }
    }
}
