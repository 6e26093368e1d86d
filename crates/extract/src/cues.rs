//! Cues: which of the phrases the rules look for occur in a sentence. They are found in one
//! pass over the sentence's lowercase text when its block is made, so that the passes for
//! decisions, actions and absences need not each scan the sentence again.
//!
//! A cue is a guard, not a rule: a phrase missing from the cues is missing from the
//! sentence (and from any part of it), and a phrase present is then looked at by the rule
//! that owns it. The phrase lists are tables of [`crate::vocab`].

use crate::scan::Needles;
use crate::vocab::{
    ABSENCE_PHRASES, FORUM_STEMS, LINKS, RESPONSIBILITY, ROLE_UNITS, VERB_PARTS, VOTE_PHRASES,
    WISHES,
};

const N_VERB: usize = VERB_PARTS.len();
const N_VOTE: usize = VOTE_PHRASES.len();
const N_FORUM: usize = FORUM_STEMS.len();
const N_LINK: usize = LINKS.len();
const N_RESP: usize = RESPONSIBILITY.len();
const N_WISH: usize = WISHES.len();
const N_ROLE: usize = ROLE_UNITS.len();
const N_ALL: usize = N_VERB + N_VOTE + N_FORUM + N_LINK + N_RESP + N_WISH + N_ROLE;

/// Bits of each list in [`ALL`], in the order the lists are joined.
const VERB_BITS: u64 = bits(0, N_VERB);
const VOTE_BITS: u64 = bits(N_VERB, N_VOTE);
const FORUM_BITS: u64 = bits(N_VERB + N_VOTE, N_FORUM);
const LINK_BITS: u64 = bits(N_VERB + N_VOTE + N_FORUM, N_LINK);
const RESP_BITS: u64 = bits(N_VERB + N_VOTE + N_FORUM + N_LINK, N_RESP);
const WISH_BITS: u64 = bits(N_VERB + N_VOTE + N_FORUM + N_LINK + N_RESP, N_WISH);
const ROLE_BITS: u64 = bits(N_VERB + N_VOTE + N_FORUM + N_LINK + N_RESP + N_WISH, N_ROLE);
const ABSENCE_BITS: u64 = {
    let mut mask = 0;
    let mut idx = 0;
    while idx < ABSENCE_PHRASES.len() {
        mask |= 1 << (N_VERB + position(&VOTE_PHRASES, ABSENCE_PHRASES[idx]));
        idx += 1;
    }
    mask
};

static ALL: Needles<N_ALL> = Needles::new(joined());

/// The cues of one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cues(u64);

impl Cues {
    /// Every cue: for text whose cues were not looked for.
    pub(crate) const ANY: Cues = Cues(u64::MAX);

    /// The cues of a sentence, from its lowercase text.
    pub(crate) fn of(lower: &str) -> Cues {
        Cues(ALL.hits_in(lower))
    }

    /// A part of a table verb ([`crate::decisions::may_have_verb`]).
    pub(crate) fn verb(self) -> bool {
        self.0 & VERB_BITS != 0
    }

    /// A vote position ([`crate::decisions::is_vote_position`]).
    pub(crate) fn vote(self) -> bool {
        self.0 & VOTE_BITS != 0
    }

    /// A report that someone did not take part.
    pub(crate) fn absence(self) -> bool {
        self.0 & ABSENCE_BITS != 0
    }

    /// The stem of a forum's name.
    pub(crate) fn forum(self) -> bool {
        self.0 & FORUM_BITS != 0
    }

    /// A word that links a report to its author, in any case.
    pub(crate) fn link(self) -> bool {
        self.0 & LINK_BITS != 0
    }

    /// A word that names someone responsible ([`crate::vocab::RESPONSIBILITY`]).
    pub(crate) fn responsibility(self) -> bool {
        self.0 & RESP_BITS != 0
    }

    /// A form of `ønske` ([`crate::vocab::WISHES`]).
    pub(crate) fn wish(self) -> bool {
        self.0 & WISH_BITS != 0
    }

    /// A unit named by its role ([`crate::vocab::ROLE_UNITS`]).
    pub(crate) fn role_unit(self) -> bool {
        self.0 & ROLE_BITS != 0
    }
}

/// `len` bits from bit `from` on.
const fn bits(from: usize, len: usize) -> u64 {
    ((1u64 << len) - 1) << from
}

/// The index of `phrase` in `list`; a compile error when it is missing.
const fn position(list: &[&str], phrase: &str) -> usize {
    let mut idx = 0;
    while idx < list.len() {
        if same(list[idx].as_bytes(), phrase.as_bytes()) {
            return idx;
        }
        idx += 1;
    }
    panic!("the absence phrases are vote phrases");
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut idx = 0;
    while idx < a.len() {
        if a[idx] != b[idx] {
            return false;
        }
        idx += 1;
    }
    true
}

/// The seven lists, one after the other.
const fn joined() -> [&'static str; N_ALL] {
    let mut out = [""; N_ALL];
    let lists: [&[&str]; 7] = [
        &VERB_PARTS,
        &VOTE_PHRASES,
        &FORUM_STEMS,
        &LINKS,
        &RESPONSIBILITY,
        &WISHES,
        &ROLE_UNITS,
    ];
    let mut at = 0;
    let mut list = 0;
    while list < lists.len() {
        let mut idx = 0;
        while idx < lists[list].len() {
            out[at] = lists[list][idx];
            at += 1;
            idx += 1;
        }
        list += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_agree_with_the_rules() {
        for text in [
            "udvalget godkendte indstillingen",
            "jens hansen tog forbehold",
            "a deltog ikke i behandlingen",
            "sagen sendes til direktionen",
            "status fra boel",
            "ida berg er tovholder",
            "sofie lind er ansvarlig",
            "udvalget ønsker en sag",
            "at administrationen undersøger",
            "intet her",
            "",
        ] {
            let cues = Cues::of(text);
            assert_eq!(cues.verb(), crate::decisions::may_have_verb(text), "{text}");
            assert_eq!(
                cues.vote(),
                crate::decisions::is_vote_position(text),
                "{text}"
            );
            let absence = ABSENCE_PHRASES.iter().any(|p| text.contains(p));
            assert_eq!(cues.absence(), absence, "{text}");
            assert_eq!(
                cues.forum(),
                FORUM_STEMS.iter().any(|p| text.contains(p)),
                "{text}"
            );
            assert_eq!(
                cues.link(),
                LINKS.iter().any(|p| text.contains(p)),
                "{text}"
            );
            assert_eq!(
                cues.responsibility(),
                RESPONSIBILITY.iter().any(|p| text.contains(p)),
                "{text}"
            );
            assert_eq!(
                cues.wish(),
                WISHES.iter().any(|p| text.contains(p)),
                "{text}"
            );
            assert_eq!(
                cues.role_unit(),
                ROLE_UNITS.iter().any(|p| text.contains(p)),
                "{text}"
            );
        }
    }
}
