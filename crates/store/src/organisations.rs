//! Meetings of several organisations under one id. Extraction gives a meeting the id
//! `<body-slug>-<YYYY-MM-DD>`, which says nothing of the organisation: Greve's and
//! Aarhus' byråd meeting on the same day both read `byraadet-2025-09-08`. A meeting
//! belongs to the organisation stated for it (at import, or read from its source), else
//! to one named like its body, as every page shows it.
//!
//! The rule, which gives the same ids whatever order the files are imported in: while the
//! meetings sharing an id belong to one organisation, they keep the id (so a single
//! organisation's ids never change); once they belong to several, every meeting of a
//! stated organisation is kept as `<organisation-slug>-<id>` (same-day times still
//! appended, see `sameday.rs`), and a meeting without a stated organisation keeps the id.
//! A stored meeting moved that way is renamed and its old id kept, so that old links still
//! find it (`Store::moved_meeting`).
//!
//! A source stored before stays with its meeting: extracting it again (`referat
//! reextract`, which knows no organisation) finds the meeting it was stored as.

use crate::sameday;

/// A stored meeting that may share an id with the one being stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stored {
    pub(crate) id: String,
    pub(crate) body: String,
    /// The organisation stated for it (`None`: named like its body).
    pub(crate) organisation: Option<String>,
    /// Whether one of its versions is of the source being stored.
    pub(crate) holds_source: bool,
}

/// Where a meeting goes: the id to place it under (with `sameday`), the organisation it
/// belongs to, and the stored meetings to move first, `(from, to)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Claim {
    pub(crate) base: String,
    pub(crate) organisation: Option<String>,
    pub(crate) moves: Vec<(String, String)>,
}

/// `id` kept for `organisation`: `greve-kommune-byraadet-2025-09-08`.
pub(crate) fn qualified(organisation: &str, id: &str) -> String {
    format!("{}-{id}", slug(organisation))
}

/// Whether `id` may be a meeting sharing the base id `base`: the base, a same-day sibling
/// of it, or either kept for the stored meeting's organisation.
pub(crate) fn related(base: &str, stored: &Stored) -> bool {
    sameday::is_sibling(base, &stored.id)
        || stored.organisation.as_deref().is_some_and(|organisation| {
            sameday::is_sibling(&qualified(organisation, base), &stored.id)
        })
}

/// Where the meeting with extracted id `base` of `body`, stated for `organisation`, goes,
/// given the stored meetings [`related`] to `base`.
pub(crate) fn claim(
    base: &str,
    body: &str,
    organisation: Option<&str>,
    stored: &[Stored],
) -> Claim {
    // Extracted again: where it is, in the organisation it was stored for.
    if let Some(holder) = stored.iter().find(|stored| stored.holds_source) {
        let organisation = organisation
            .map(str::to_owned)
            .or_else(|| holder.organisation.clone());
        let base = match &holder.organisation {
            Some(kept) if !sameday::is_sibling(base, &holder.id) => qualified(kept, base),
            _ => base.to_owned(),
        };
        return Claim {
            base,
            organisation,
            moves: Vec::new(),
        };
    }
    let named =
        |organisation: Option<&str>, body: &str| organisation.unwrap_or(body).to_lowercase();
    let mine = named(organisation, body);
    let shared = stored
        .iter()
        .any(|stored| named(stored.organisation.as_deref(), &stored.body) != mine);
    if !shared {
        return Claim {
            base: base.to_owned(),
            organisation: organisation.map(str::to_owned),
            moves: Vec::new(),
        };
    }
    let moves = stored
        .iter()
        .filter(|stored| sameday::is_sibling(base, &stored.id))
        .filter_map(|stored| {
            let kept = stored.organisation.as_deref()?;
            Some((stored.id.clone(), qualified(kept, &stored.id)))
        })
        .collect();
    Claim {
        base: organisation.map_or_else(|| base.to_owned(), |kept| qualified(kept, base)),
        organisation: organisation.map(str::to_owned),
        moves,
    }
}

/// Lowercase ASCII slug of an organisation's name: `Greve Kommune` → `greve-kommune`.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' | 'è' | 'ê' => out.push('e'),
            'ü' => out.push('u'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.is_empty() && !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "organisation".to_owned()
    } else {
        out.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "byraadet-2025-09-08";

    fn stored(id: &str, organisation: Option<&str>) -> Stored {
        Stored {
            id: id.to_owned(),
            body: "Byrådet".to_owned(),
            organisation: organisation.map(str::to_owned),
            holds_source: false,
        }
    }

    /// Stores meetings of `organisations` in that order; the ids they end up with.
    fn import(organisations: &[Option<&str>]) -> Vec<(String, Option<String>)> {
        let mut held: Vec<Stored> = Vec::new();
        for organisation in organisations {
            let related: Vec<Stored> = held
                .iter()
                .filter(|stored| super::related(BASE, stored))
                .cloned()
                .collect();
            let claim = claim(BASE, "Byrådet", *organisation, &related);
            for (from, to) in claim.moves {
                held.iter_mut().find(|stored| stored.id == from).unwrap().id = to;
            }
            match held.iter_mut().find(|stored| stored.id == claim.base) {
                Some(version) => version.organisation = claim.organisation,
                None => held.push(Stored {
                    id: claim.base,
                    body: "Byrådet".to_owned(),
                    organisation: claim.organisation,
                    holds_source: false,
                }),
            }
        }
        let mut ids: Vec<_> = held
            .into_iter()
            .map(|stored| (stored.id, stored.organisation))
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn one_organisation_keeps_the_extracted_id() {
        assert_eq!(
            import(&[Some("Greve Kommune"), Some("greve kommune")]),
            vec![(BASE.to_owned(), Some("greve kommune".to_owned()))]
        );
        assert_eq!(import(&[None, None]), vec![(BASE.to_owned(), None)]);
        // A meeting stored before organisations were stated is the same body's.
        assert_eq!(import(&[None, Some("Byrådet")]).len(), 1);
    }

    #[test]
    fn two_organisations_each_get_their_own_id_in_any_order() {
        let greve = Some("Greve Kommune");
        let aarhus = Some("Aarhus Kommune");
        let expected = vec![
            (
                format!("aarhus-kommune-{BASE}"),
                Some("Aarhus Kommune".to_owned()),
            ),
            (
                format!("greve-kommune-{BASE}"),
                Some("Greve Kommune".to_owned()),
            ),
        ];
        assert_eq!(import(&[greve, aarhus]), expected);
        assert_eq!(import(&[aarhus, greve]), expected);
        assert_eq!(import(&[aarhus, greve, aarhus, greve]), expected);
        // A meeting without a stated organisation keeps the id beside them.
        let mut with_unstated = expected.clone();
        with_unstated.insert(1, (BASE.to_owned(), None));
        assert_eq!(import(&[greve, None, aarhus]), with_unstated);
        assert_eq!(import(&[None, aarhus, greve]), with_unstated);
    }

    #[test]
    fn a_source_stored_before_stays_with_its_meeting() {
        let mut holder = stored(&format!("greve-kommune-{BASE}-1730"), Some("Greve Kommune"));
        holder.holds_source = true;
        let claim = claim(BASE, "Byrådet", None, &[holder]);
        assert_eq!(claim.base, format!("greve-kommune-{BASE}"));
        assert_eq!(claim.organisation.as_deref(), Some("Greve Kommune"));
        assert!(claim.moves.is_empty());
    }

    #[test]
    fn related_ids() {
        let greve = Some("Greve Kommune");
        assert!(related(BASE, &stored(BASE, None)));
        assert!(related(BASE, &stored(&format!("{BASE}-1730"), greve)));
        assert!(related(
            BASE,
            &stored(&format!("greve-kommune-{BASE}"), greve)
        ));
        assert!(related(
            BASE,
            &stored(&format!("greve-kommune-{BASE}-0900"), greve)
        ));
        assert!(!related(
            BASE,
            &stored(&format!("greve-kommune-{BASE}"), None)
        ));
        assert!(!related(BASE, &stored(&format!("aarhus-{BASE}"), greve)));
        assert_eq!(qualified("Region Midtjylland", "x"), "region-midtjylland-x");
        assert_eq!(qualified("«»", "x"), "organisation-x");
    }
}
