//! Released decisions of closed items (issue 13): a sekretær marks the decision of a closed
//! item publishable, and from then on [`model::Item::decision_public`] is set on the item
//! whenever the meeting is read. Kept by the item's address (the number the minutes print)
//! beside the meeting, not in its JSON, so a re-extraction or a new version keeps it.
//! Written once against [`Exec`] for both backends. What the public then sees is decided in
//! `model` and `web`, not here.

use model::Meeting;

use crate::accounts::{self, Actor};
use crate::engine::{self, Exec};
use crate::rows::Value;
use crate::{Error, ItemId, Result};

/// Releases (`public`) or withdraws the decision of item `id`. The meeting counts as
/// changed, so search indexes and cached answers follow; the change is in the audit log.
pub(crate) fn set_decision_public(
    db: &mut dyn Exec,
    id: &ItemId,
    public: bool,
    actor: &Actor,
) -> Result<()> {
    let keys = engine::item_keys(db, &id.meeting_id)?;
    let key = model::find_item(&keys, &id.key)
        .map(|idx| keys[idx].clone())
        .ok_or_else(|| Error::NotFound {
            what: "item",
            id: id.to_string(),
        })?;
    let args = [
        Value::text(id.meeting_id.as_str()),
        Value::text(key.as_str()),
    ];
    if public {
        db.execute(
            "INSERT INTO decision_releases (meeting_id, item_key) VALUES (?1, ?2)
             ON CONFLICT (meeting_id, item_key) DO NOTHING",
            &args,
        )?;
    } else {
        db.execute(
            "DELETE FROM decision_releases WHERE meeting_id = ?1 AND item_key = ?2",
            &args,
        )?;
    }
    let seq = engine::next_seq(db)?;
    db.execute(
        "UPDATE meetings SET changed_seq = ?1 WHERE id = ?2",
        &[Value::Big(Some(seq)), Value::text(id.meeting_id.as_str())],
    )?;
    let event = if public {
        "decision_released"
    } else {
        "decision_withdrawn"
    };
    let target = format!("{}/{key}", id.meeting_id);
    accounts::audit(db, event, Some(&target), None, actor)
}

/// Sets [`model::Item::decision_public`] on the items of `meeting` whose decisions are
/// released.
pub(crate) fn apply(db: &mut dyn Exec, meeting: &mut Meeting) -> Result<()> {
    let released = db
        .query(
            "SELECT item_key FROM decision_releases WHERE meeting_id = ?1",
            &[Value::text(meeting.id.as_str())],
        )?
        .into_iter()
        .map(|row| row.into_iter().next().unwrap_or(Value::Null).into_string())
        .collect::<Result<Vec<_>>>()?;
    if released.is_empty() {
        return Ok(());
    }
    let keys = model::item_keys(&meeting.items);
    for (item, key) in meeting.items.iter_mut().zip(&keys) {
        item.decision_public = released.contains(key);
    }
    Ok(())
}
