//! [`Error`]: what can go wrong in the store. User-caused cases ([`Error::NotFound`],
//! [`Error::Invalid`], [`Error::SchemaTooNew`]) are separate from backend failures
//! ([`Error::Backend`], [`Error::Corrupt`], [`Error::Io`]) and from a database that cannot
//! be reached for now ([`Error::Unavailable`]), so callers can map them to a message the
//! user can act on (the web server answers 503 to the last).

/// An error from the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such meeting, item, action, person or source.
    #[error("no {what} with id {id:?}")]
    NotFound {
        /// What was looked up: "meeting", "item", ...
        what: &'static str,
        /// The id or name asked for.
        id: String,
    },
    /// The value given cannot be stored as it is (e.g. a meeting without an id).
    #[error("invalid input: {0}")]
    Invalid(String),
    /// The data folder was written by a newer referat.
    #[error(
        "the database has schema version {found}, this referat knows up to {known}; upgrade referat"
    )]
    SchemaTooNew {
        /// Version in the database.
        found: u32,
        /// Newest version this build knows.
        known: u32,
    },
    /// Stored data could not be decoded.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The data folder could not be created or opened.
    #[error("data folder: {0}")]
    Io(#[from] std::io::Error),
    /// The database cannot be reached now (refused, restarting, no free connection in
    /// time). Worth retrying: nothing was changed.
    #[error("the database cannot be reached: {0}")]
    Unavailable(String),
    /// The database failed.
    #[error("database: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
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
