//! [`Error`]: what can go wrong in the store. User-caused cases ([`Error::NotFound`],
//! [`Error::Invalid`], [`Error::SchemaTooNew`]) are separate from backend failures
//! ([`Error::Backend`], [`Error::Corrupt`], [`Error::Io`]) and from a database that cannot
//! be reached for now ([`Error::Unavailable`]), so callers can map them to a message the
//! user can act on (the web server answers 503 to the last).

/// An error from the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such meeting, item, action, person or source.
    #[error("{} {id:?} findes ikke", noun(what))]
    NotFound {
        /// What was looked up: "meeting", "item", ...
        what: &'static str,
        /// The id or name asked for.
        id: String,
    },
    /// The value given cannot be stored as it is (e.g. a meeting without an id).
    #[error("ugyldigt input: {0}")]
    Invalid(String),
    /// Somebody else changed the same thing first (another process queued the same
    /// digest); nothing was changed.
    #[error("ændret af en anden i mellemtiden: {0}")]
    Conflict(String),
    /// The data folder was written by a newer referat.
    #[error(
        "databasen har skemaversion {found}, men denne referat kender kun op til {known}; opgradér referat"
    )]
    SchemaTooNew {
        /// Version in the database.
        found: u32,
        /// Newest version this build knows.
        known: u32,
    },
    /// Stored data could not be decoded.
    #[error("de gemte data er beskadigede: {0}")]
    Corrupt(String),
    /// The data folder could not be created or opened.
    #[error("datamappen: {0}")]
    Io(#[from] std::io::Error),
    /// The database cannot be reached now (refused, restarting, no free connection in
    /// time). Worth retrying: nothing was changed.
    #[error("databasen kan ikke nås lige nu: {0}")]
    Unavailable(String),
    /// The database failed.
    #[error("databasefejl: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

/// The Danish noun, in the definite form, for what [`Error::NotFound`] looked up.
pub fn noun(what: &str) -> &str {
    match what {
        "meeting" => "mødet",
        "item" => "punktet",
        "action" => "opfølgningen",
        "person" => "personen",
        "source" => "filen",
        "user" => "kontoen",
        "saved search" => "den gemte søgning",
        other => other,
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Error {
        Error::Backend(Box::new(err))
    }
}

impl Error {
    /// Whether the user asked for something that does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }

    /// Whether the database could not be reached (a retry later may work).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Error::Unavailable(_))
    }
}
