//! The follow-up register as the pages, the API, the calendar and the CSV export all ask for
//! it: one query type and one function, so the four views never disagree about what "open"
//! or "overdue" means.

use serde::Deserialize;
use store::{ActionFilter, ActionRef, ActionRow, ActionStatus, Store};

use crate::AppError;
use crate::access::Viewer;
use crate::find::empty_as_none;

/// Which follow-ups to list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ActionQuery {
    /// An owner: canonical name, written form or part of a unit's name.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub(crate) owner: Option<String>,
    /// Only follow-ups from meetings of this body.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub(crate) body: Option<String>,
    /// Only follow-ups due on or before this day (`YYYY-MM-DD`).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub(crate) due: Option<String>,
    /// `open` (default), `overdue`, `done` or `all`.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub(crate) status: Option<String>,
}

impl ActionQuery {
    pub(crate) fn status(&self) -> &str {
        self.status.as_deref().unwrap_or("open")
    }
}

/// The store's filter for `query` on `today`; a Danish error for a status or day it cannot
/// read.
pub(crate) fn filter(query: &ActionQuery, today: model::Date) -> Result<ActionFilter, AppError> {
    let status = query.status();
    if !["open", "overdue", "done", "all"].contains(&status) {
        return Err(AppError::BadRequest(format!(
            "status skal være open, overdue, done eller all, ikke {status:?}"
        )));
    }
    let due: Option<model::Date> = match &query.due {
        Some(raw) => Some(raw.parse().map_err(|_| {
            AppError::BadRequest(format!("fristen {raw:?} er ikke en dato (ÅÅÅÅ-MM-DD)"))
        })?),
        None => None,
    };
    Ok(ActionFilter {
        owner: query.owner.clone(),
        open: matches!(status, "open" | "overdue"),
        due_before: (status == "overdue").then_some(today),
        status: (status == "done").then_some(ActionStatus::Done),
        body: query.body.clone(),
        due_until: due,
        ..ActionFilter::default()
    })
}

/// The follow-ups of `filter` that `viewer` may see, named only, in the register's order:
/// the register counts and pages these and reads whole rows ([`Store::actions_of`]) only
/// for what it shows; on a large corpus every row at once is tens of megabytes.
pub(crate) fn refs(
    store: &dyn Store,
    filter: &ActionFilter,
    viewer: &Viewer,
) -> Result<Vec<ActionRef>, AppError> {
    let mut refs = store.action_refs(filter)?;
    refs.retain(|action| viewer.sees_action_of(&action.meeting_id, action.item_closed));
    Ok(refs)
}

/// The follow-ups `query` asks for on `today` that `viewer` may see: by due date, undated
/// last. Every row at once: for the workbook export, which is written whole.
pub(crate) fn actions(
    store: &dyn Store,
    query: &ActionQuery,
    today: model::Date,
    viewer: &Viewer,
) -> Result<Vec<ActionRow>, AppError> {
    let refs = refs(store, &filter(query, today)?, viewer)?;
    Ok(store.actions_of(&refs)?)
}
