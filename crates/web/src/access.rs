//! Who is asking. Every handler that shows meetings answers for a [`Viewer`]: the public
//! (anonymous) or a signed-in account with a role in an organisation (issue 13). What a
//! viewer may see of closed items and internal material is decided here and nowhere else,
//! so the pages, the API, OParl, feeds, calendars and exports cannot disagree.
//!
//! The sign-in layer (`auth::layer`) reads the session cookie or the bearer token of every
//! request into its [`Viewer`]; the extractor below hands it to the handlers (public when
//! the layer did not run, as for a router without it). Which meetings a viewer may see of
//! those imported as internal is [`Viewer::sees_internal_of`].

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use model::{Item, Meeting};

/// A role in an organisation, from least to most trusted for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads internal material of the organisation; not closed items.
    Reader,
    /// Reads everything of the organisation's bodies, closed items included.
    Member,
    /// Imports, edits follow-ups, publishes; reads everything of the organisation.
    Secretary,
    /// Manages users and settings; reads everything of the organisation, cannot sign.
    Administrator,
}

impl Role {
    /// The name used on the command line, in the database and in the UI (Danish).
    pub fn name(self) -> &'static str {
        match self {
            Role::Reader => "læser",
            Role::Member => "medlem",
            Role::Secretary => "sekretær",
            Role::Administrator => "administrator",
        }
    }

    /// Reads a role name as [`Role::name`] writes it (also without the Danish letter).
    pub fn parse(name: &str) -> Option<Role> {
        match name.trim().to_lowercase().as_str() {
            "læser" | "laeser" | "reader" => Some(Role::Reader),
            "medlem" | "member" => Some(Role::Member),
            "sekretær" | "sekretaer" | "secretary" => Some(Role::Secretary),
            "administrator" | "admin" => Some(Role::Administrator),
            _ => None,
        }
    }
}

/// A signed-in account as a request sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub email: String,
    pub role: Role,
    /// The organisation the role holds in; `None` means every organisation of this
    /// installation (a small body running referat for itself).
    pub organisation: Option<String>,
}

/// Who a request answers for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Viewer {
    /// Anonymous: public material only; of a closed item its title, and its decision only
    /// once marked publishable.
    #[default]
    Public,
    Account(Account),
}

impl Viewer {
    /// Whether this viewer sees the whole text of closed items (members and up).
    pub fn sees_closed(&self) -> bool {
        matches!(self, Viewer::Account(account) if account.role >= Role::Member)
    }

    /// Whether this viewer sees the whole text of the closed items of `organisation`'s
    /// bodies: a member or more of that organisation (compared without regard to case),
    /// or of every organisation. [`Viewer::sees_closed`] without an organisation.
    pub fn sees_closed_of(&self, organisation: &str) -> bool {
        self.sees_closed() && self.sees_internal_of(organisation)
    }

    /// Whether this viewer sees material imported as internal (every signed-in role).
    pub fn sees_internal(&self) -> bool {
        matches!(self, Viewer::Account(_))
    }

    /// Whether this viewer sees the internal material of `organisation`: an account of that
    /// organisation (compared without regard to case), or of every organisation.
    pub fn sees_internal_of(&self, organisation: &str) -> bool {
        match self {
            Viewer::Account(account) => account
                .organisation
                .as_deref()
                .is_none_or(|own| own.to_lowercase() == organisation.to_lowercase()),
            Viewer::Public => false,
        }
    }

    /// Whether this viewer may change follow-ups, import and publish.
    pub fn may_edit(&self) -> bool {
        matches!(self, Viewer::Account(account) if account.role == Role::Secretary)
    }

    /// Whether answers to this viewer may be cached by shared caches and share an ETag with
    /// everybody else's.
    pub fn is_public(&self) -> bool {
        matches!(self, Viewer::Public)
    }

    /// Whether this viewer sees the whole text of the closed items of the meeting
    /// `meeting_id`: [`Viewer::sees_closed_of`] the meeting's organisation, as worked out
    /// once per request (`auth::layer` lists the meetings of other organisations).
    pub fn sees_closed_in(&self, meeting_id: &str) -> bool {
        self.sees_closed() && !crate::visible::public_view().contains(meeting_id)
    }

    /// Whether this viewer sees some closed items only as the public does: those of another
    /// organisation's meetings. Lists that skip their per-meeting checks for viewers who
    /// see closed items ask this first.
    pub fn sees_every_closed(&self) -> bool {
        self.sees_closed() && crate::visible::public_view().is_empty()
    }

    /// `meeting` as this viewer may see it: for a viewer who does not see its closed
    /// items, every closed item reduced to its number, title and "Lukket punkt" (and its
    /// decisions once released; see [`model::Item::redact_closed`]). Every way out that
    /// shows a meeting or an item passes it through here or [`Viewer::redact_item`].
    pub fn redact_meeting(&self, meeting: &mut Meeting) {
        if !self.sees_closed_in(&meeting.id) {
            meeting.redact_closed();
        }
    }

    /// `item` of the meeting `meeting_id` as this viewer may see it (see
    /// [`Viewer::redact_meeting`]).
    pub fn redact_item(&self, meeting_id: &str, item: &mut Item) {
        if !self.sees_closed_in(meeting_id) {
            item.redact_closed();
        }
    }

    /// Whether this viewer may have the original file of `meeting` (and its text beside
    /// the extracted meeting): the original holds the whole text of closed items, so the
    /// public gets no original of a meeting with closed items.
    pub fn sees_original(&self, meeting: &Meeting) -> bool {
        self.sees_closed_in(&meeting.id) || !meeting.has_closed_items()
    }

    /// Whether this viewer sees a follow-up of an item of the meeting `meeting_id` that is
    /// `closed` or not: follow-ups of closed items are never public, not even once the
    /// decision is released.
    pub fn sees_action_of(&self, meeting_id: &str, closed: bool) -> bool {
        !closed || self.sees_closed_in(meeting_id)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_back_as_written() {
        for role in [
            Role::Reader,
            Role::Member,
            Role::Secretary,
            Role::Administrator,
        ] {
            assert_eq!(Role::parse(role.name()), Some(role));
        }
        assert_eq!(Role::parse("sekretaer"), Some(Role::Secretary));
        assert_eq!(Role::parse("gæst"), None);
    }

    #[test]
    fn only_members_and_up_see_closed_items() {
        let account = |role| {
            Viewer::Account(Account {
                email: "a@example.dk".into(),
                role,
                organisation: None,
            })
        };
        assert!(!Viewer::Public.sees_closed());
        assert!(!account(Role::Reader).sees_closed());
        assert!(account(Role::Member).sees_closed());
        assert!(account(Role::Secretary).may_edit());
        assert!(!account(Role::Administrator).may_edit());
        assert!(account(Role::Reader).sees_internal());
        assert!(!Viewer::Public.sees_internal());
    }

    #[test]
    fn organisations_scope_internal_and_closed_material() {
        let of = |role, organisation: Option<&str>| {
            Viewer::Account(Account {
                email: "a@example.dk".into(),
                role,
                organisation: organisation.map(str::to_owned),
            })
        };
        assert!(of(Role::Reader, Some("Greve")).sees_internal_of("greve"));
        assert!(!of(Role::Reader, Some("Greve")).sees_internal_of("Aarhus"));
        assert!(of(Role::Reader, None).sees_internal_of("Aarhus"));
        assert!(!Viewer::Public.sees_internal_of("Greve"));
        assert!(of(Role::Member, Some("Greve")).sees_closed_of("GREVE"));
        assert!(!of(Role::Member, Some("Greve")).sees_closed_of("Aarhus"));
        assert!(!of(Role::Reader, Some("Greve")).sees_closed_of("Greve"));
    }
}
