//! The follow-up register as the pages, the API, the calendar and the CSV export all ask for
//! it: one query type and one function, so the four views never disagree about what "open"
//! or "overdue" means.

use serde::Deserialize;
use store::{ActionFilter, ActionRow, ActionStatus, Store};

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

/// The follow-ups `query` asks for on `today` that `viewer` may see: by due date, undated
/// last.
pub(crate) fn actions(
    store: &dyn Store,
    query: &ActionQuery,
    today: model::Date,
    viewer: &Viewer,
) -> Result<Vec<ActionRow>, AppError> {
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
    let filter = ActionFilter {
        owner: query.owner.clone(),
        open: matches!(status, "open" | "overdue"),
        due_before: if status == "overdue" {
            Some(today)
        } else {
            None
        },
        meeting_id: None,
        item_closed: None,
    };
    let rows = store.actions(&filter)?;
    Ok(rows
        .into_iter()
        .filter(|row| viewer.sees_action_of(&row.meeting_id, row.item_closed))
        .filter(|row| status != "done" || row.status == ActionStatus::Done)
        .filter(|row| {
            query
                .body
                .as_ref()
                .is_none_or(|body| row.body.eq_ignore_ascii_case(body))
        })
        .filter(|row| {
            due.is_none_or(|due| {
                row.action
                    .due
                    .as_ref()
                    .and_then(|d| d.by)
                    .is_some_and(|by| by <= due)
            })
        })
        .collect())
}
