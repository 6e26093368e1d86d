//! Meetings written in referat (issue 14): series with their signing policy, the
//! secretariat's working copy of each meeting (a [`model::Meeting`] with its time plan) and
//! its state, the versions sent for approval, the signatures, the seal and the
//! attachments. Written once against [`Exec`] for both backends.
//!
//! The working copy is the model's `Meeting`, kept as JSON like `meeting_versions`, so the
//! minutes a secretariat writes are exactly what referat reads, renders, hashes
//! (`model::seal`) and, once published, stores through the import path
//! ([`crate::Store::put_meeting`]): published meetings are searched, followed up and
//! exported like imported ones. What a state allows is decided here ([`MeetingState::next`],
//! [`MeetingState::editable`]); who may ask is decided in `web`.
//!
//! A version sent for approval is never changed: signatures are added beside it, and when
//! the last signer has approved, its seal (the content hash) is stored with it. A
//! correction of approved minutes is the next version, approved again.

use model::Meeting;
use serde::{Deserialize, Serialize};

use crate::accounts::{self, Actor};
use crate::engine::{self, Exec};
use crate::rows::Value;
use crate::{Error, MeetingAccess, Result, Visibility};

/// Who signs the minutes of a series' meetings (Styrelsesloven § 13, or the series' own
/// rules of procedure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SigningPolicy {
    /// Every participant with an account linked to their name (`alle`).
    All,
    /// The chair and the secretary (`formand og sekretær`).
    ChairAndSecretary,
    /// The chair alone (`formand`).
    Chair,
    /// Nobody: the minutes are approved when sent (`ingen`).
    Nobody,
}

impl SigningPolicy {
    /// The Danish name, as stored and shown.
    pub fn name(self) -> &'static str {
        match self {
            SigningPolicy::All => "alle",
            SigningPolicy::ChairAndSecretary => "formand og sekretær",
            SigningPolicy::Chair => "formand",
            SigningPolicy::Nobody => "ingen",
        }
    }

    /// Reads [`SigningPolicy::name`] (also without the Danish letter).
    pub fn parse(raw: &str) -> Option<SigningPolicy> {
        match raw.trim().to_lowercase().as_str() {
            "alle" => Some(SigningPolicy::All),
            "formand og sekretær" | "formand og sekretaer" => {
                Some(SigningPolicy::ChairAndSecretary)
            }
            "formand" => Some(SigningPolicy::Chair),
            "ingen" => Some(SigningPolicy::Nobody),
            _ => None,
        }
    }

    /// All policies, in the order a form offers them.
    pub const ALL: [SigningPolicy; 4] = [
        SigningPolicy::All,
        SigningPolicy::ChairAndSecretary,
        SigningPolicy::Chair,
        SigningPolicy::Nobody,
    ];
}

/// Where an authored meeting is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum MeetingState {
    /// The agenda is being written.
    Draft,
    /// The agenda is sent to the participants.
    AgendaSent,
    /// The meeting took place; the minutes are being written.
    Held,
    /// A version of the minutes waits for its signatures.
    ForApproval,
    /// Every signer approved: the version is sealed.
    Approved,
    /// The approved minutes are on the public pages.
    Published,
    /// Called off.
    Cancelled,
}

impl MeetingState {
    /// The Danish name, as stored and shown.
    pub fn name(self) -> &'static str {
        match self {
            MeetingState::Draft => "kladde",
            MeetingState::AgendaSent => "dagsorden udsendt",
            MeetingState::Held => "afholdt",
            MeetingState::ForApproval => "referat til godkendelse",
            MeetingState::Approved => "godkendt",
            MeetingState::Published => "offentliggjort",
            MeetingState::Cancelled => "aflyst",
        }
    }

    /// Reads [`MeetingState::name`].
    pub fn parse(raw: &str) -> Option<MeetingState> {
        MeetingState::ALL
            .into_iter()
            .find(|state| state.name() == raw.trim())
    }

    /// Every state, in the order of a meeting's life.
    pub const ALL: [MeetingState; 7] = [
        MeetingState::Draft,
        MeetingState::AgendaSent,
        MeetingState::Held,
        MeetingState::ForApproval,
        MeetingState::Approved,
        MeetingState::Published,
        MeetingState::Cancelled,
    ];

    /// The states a secretary may move a meeting to from this one. Approval is reached
    /// by signatures ([`crate::Store::approve`]) and publishing by
    /// [`crate::Store::publish_authored`], never by a plain move. From approved or
    /// published minutes back to afholdt is a correction: the sealed version stays, and
    /// the corrected text becomes the next version.
    pub fn next(self) -> &'static [MeetingState] {
        match self {
            MeetingState::Draft => &[MeetingState::AgendaSent, MeetingState::Cancelled],
            MeetingState::AgendaSent => &[
                MeetingState::Held,
                MeetingState::Draft,
                MeetingState::Cancelled,
            ],
            MeetingState::Held => &[MeetingState::ForApproval, MeetingState::Cancelled],
            MeetingState::ForApproval => &[MeetingState::Held],
            MeetingState::Approved | MeetingState::Published => &[MeetingState::Held],
            MeetingState::Cancelled => &[MeetingState::Draft],
        }
    }

    /// Whether the working copy may be changed in this state.
    pub fn editable(self) -> bool {
        matches!(
            self,
            MeetingState::Draft | MeetingState::AgendaSent | MeetingState::Held
        )
    }
}

/// A series of meetings of one body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Series {
    pub id: i64,
    /// The body as the minutes name it: "Teknik- og Miljøudvalget".
    pub body: String,
    /// The organisation whose sekretær writes its meetings.
    pub organisation: String,
    pub signing: SigningPolicy,
    /// The account that signs as chair.
    pub chair: Option<String>,
    /// The account that signs as secretary.
    pub secretary: Option<String>,
    /// Where the meetings usually are.
    pub location: Option<String>,
}

/// What a new series is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSeries {
    pub body: String,
    pub organisation: String,
    pub signing: SigningPolicy,
    pub chair: Option<String>,
    pub secretary: Option<String>,
    pub location: Option<String>,
}

/// The time plan's data of one item that the model has no field for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    /// How long the item takes, in minutes.
    pub minutes: u32,
    /// The item recurs in every meeting of the series and is copied into the next one.
    #[serde(default)]
    pub standing: bool,
}

/// One approval of a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approval {
    pub email: String,
    pub at: i64,
    /// The reservation the signer made, if any ("godkendt med forbehold").
    pub reservation: Option<String>,
}

/// A version of the minutes sent for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthoredVersion {
    /// 1 for the first version, one more for each correction.
    pub version: u32,
    /// The content as the signers read it.
    pub meeting: Meeting,
    /// Who must sign.
    pub signers: Vec<String>,
    pub approvals: Vec<Approval>,
    pub submitted_at: i64,
    /// `sha256:…` of [`model::seal::content_hash`], once every signer approved.
    pub seal: Option<String>,
    pub sealed_at: Option<i64>,
}

impl AuthoredVersion {
    /// The signers who have not approved yet.
    pub fn waiting_for(&self) -> Vec<&str> {
        self.signers
            .iter()
            .filter(|email| !self.approvals.iter().any(|a| &a.email == *email))
            .map(String::as_str)
            .collect()
    }
}

/// An attachment of an item, its bytes kept as a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub item_number: String,
    pub name: String,
    pub sha256: String,
}

/// An authored meeting: the working copy with its state, versions and attachments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Authored {
    pub id: String,
    pub series: Series,
    pub state: MeetingState,
    /// The working copy.
    pub meeting: Meeting,
    /// One entry per item of the working copy, in order.
    pub plan: Vec<Planned>,
    /// Grows with every save; a save names the revision it changes.
    pub revision: i64,
    /// The id the published minutes have in the register.
    pub published_id: Option<String>,
    /// The version that was published last.
    pub published_version: Option<u32>,
    /// Oldest first.
    pub versions: Vec<AuthoredVersion>,
    pub attachments: Vec<Attachment>,
}

impl Authored {
    /// The last version sent for approval.
    pub fn latest(&self) -> Option<&AuthoredVersion> {
        self.versions.last()
    }
}

/// One line of the list of authored meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthoredSummary {
    pub id: String,
    pub series_id: i64,
    pub body: String,
    pub date: Option<model::Date>,
    pub state: MeetingState,
}

/// What `referat verify` checks of a sealed meeting: the seals, and the content as stored
/// now in the versions table and in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealCheck {
    pub authored_id: String,
    /// Every sealed version as `(version, seal, content as stored now)`.
    pub sealed: Vec<(u32, String, Meeting)>,
    /// The published meeting as the register stores it now, with the version it is of.
    pub published: Option<(u32, Meeting)>,
}

fn next(row: &mut std::vec::IntoIter<Value>) -> Value {
    row.next().unwrap_or(Value::Null)
}

fn parse_meeting(json: &str, what: &str) -> Result<Meeting> {
    serde_json::from_str(json).map_err(|err| Error::Corrupt(format!("{what}: {err}")))
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|err| Error::Invalid(err.to_string()))
}

fn not_found(what: &'static str, id: &str) -> Error {
    Error::NotFound {
        what,
        id: id.to_owned(),
    }
}

fn optional_email(email: Option<&str>) -> Option<String> {
    email
        .map(str::trim)
        .filter(|email| !email.is_empty())
        .map(crate::normalise_email)
}

/// A series as it may be stored: body and organisation given, the accounts its policy
/// needs named and existing. The chair and secretary as stored (lowercase).
fn checked(db: &mut dyn Exec, series: &NewSeries) -> Result<(Option<String>, Option<String>)> {
    if series.body.trim().is_empty() || series.organisation.trim().is_empty() {
        return Err(Error::Invalid(
            "en mødeserie skal have et organ og en organisation".into(),
        ));
    }
    let chair = optional_email(series.chair.as_deref());
    let secretary = optional_email(series.secretary.as_deref());
    match series.signing {
        SigningPolicy::Chair if chair.is_none() => {
            return Err(Error::Invalid(
                "underskrift af formanden kræver formandens konto".into(),
            ));
        }
        SigningPolicy::ChairAndSecretary if chair.is_none() || secretary.is_none() => {
            return Err(Error::Invalid(
                "underskrift af formand og sekretær kræver begges konti".into(),
            ));
        }
        _ => {}
    }
    // A signer named by a typo could never sign, and the minutes would wait for ever.
    for email in chair.iter().chain(secretary.iter()) {
        if accounts::user(db, email)?.is_none() {
            return Err(Error::Invalid(format!(
                "der er ingen konto med e-mailadressen {email}; opret den først (referat users \
                 add)"
            )));
        }
    }
    Ok((chair, secretary))
}

/// Adds a series; its id.
pub(crate) fn add_series(db: &mut dyn Exec, series: &NewSeries, actor: &Actor) -> Result<i64> {
    let (chair, secretary) = checked(db, series)?;
    let body = series.body.trim();
    let rows = db.query(
        "INSERT INTO series (body, organisation, signing, chair, secretary, location, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        &[
            Value::text(body),
            Value::text(series.organisation.trim()),
            Value::text(series.signing.name()),
            Value::opt_text(chair),
            Value::opt_text(secretary),
            Value::opt_text(series.location.as_deref().map(str::trim)),
            Value::Big(Some(actor.at)),
        ],
    )?;
    let id = rows
        .into_iter()
        .next()
        .and_then(|row| row.into_iter().next())
        .ok_or_else(|| Error::Corrupt("no id for the new series".into()))?
        .as_i64()?
        .ok_or_else(|| Error::Corrupt("NULL id for the new series".into()))?;
    accounts::audit(db, "series_added", Some(&id.to_string()), Some(body), actor)?;
    Ok(id)
}

/// Changes a series: its policy and signers apply to the versions sent for approval from
/// now on (a version waiting keeps the signers it was sent to). The organisation stays.
pub(crate) fn update_series(
    db: &mut dyn Exec,
    id: i64,
    series: &NewSeries,
    actor: &Actor,
) -> Result<()> {
    let stored = self::series(db, id)?;
    let series = NewSeries {
        organisation: stored.organisation,
        ..series.clone()
    };
    let (chair, secretary) = checked(db, &series)?;
    db.execute(
        "UPDATE series SET body = ?1, signing = ?2, chair = ?3, secretary = ?4, location = ?5
         WHERE id = ?6",
        &[
            Value::text(series.body.trim()),
            Value::text(series.signing.name()),
            Value::opt_text(chair),
            Value::opt_text(secretary),
            Value::opt_text(series.location.as_deref().map(str::trim)),
            Value::Big(Some(id)),
        ],
    )?;
    let detail = format!("{} ({})", series.body.trim(), series.signing.name());
    accounts::audit(
        db,
        "series_changed",
        Some(&id.to_string()),
        Some(&detail),
        actor,
    )
}

const SERIES_COLUMNS: &str = "id, body, organisation, signing, chair, secretary, location";

fn series_from(row: Vec<Value>) -> Result<Series> {
    let mut row = row.into_iter();
    let id = next(&mut row)
        .as_i64()?
        .ok_or_else(|| Error::Corrupt("series without id".into()))?;
    let body = next(&mut row).into_string()?;
    let organisation = next(&mut row).into_string()?;
    let signing = next(&mut row).into_string()?;
    let signing = SigningPolicy::parse(&signing)
        .ok_or_else(|| Error::Corrupt(format!("series {id}: signing {signing:?}")))?;
    Ok(Series {
        id,
        body,
        organisation,
        signing,
        chair: next(&mut row).into_text()?,
        secretary: next(&mut row).into_text()?,
        location: next(&mut row).into_text()?,
    })
}

/// Every series, by body.
pub(crate) fn series_list(db: &mut dyn Exec) -> Result<Vec<Series>> {
    db.query(
        &format!("SELECT {SERIES_COLUMNS} FROM series ORDER BY body, id"),
        &[],
    )?
    .into_iter()
    .map(series_from)
    .collect()
}

/// One series.
pub(crate) fn series(db: &mut dyn Exec, id: i64) -> Result<Series> {
    db.query(
        &format!("SELECT {SERIES_COLUMNS} FROM series WHERE id = ?1"),
        &[Value::Big(Some(id))],
    )?
    .into_iter()
    .next()
    .map(series_from)
    .transpose()?
    .ok_or_else(|| not_found("series", &id.to_string()))
}

fn check_plan(meeting: &Meeting, plan: &[Planned]) -> Result<()> {
    if plan.len() != meeting.items.len() {
        return Err(Error::Invalid(format!(
            "tidsplanen har {} punkter, mødet {}",
            plan.len(),
            meeting.items.len()
        )));
    }
    Ok(())
}

fn taken(db: &mut dyn Exec, id: &str) -> Result<bool> {
    let rows = db.query(
        "SELECT 1 FROM authored_meetings WHERE id = ?1 OR published_id = ?1
         UNION ALL SELECT 1 FROM meetings WHERE id = ?1",
        &[Value::text(id)],
    )?;
    Ok(!rows.is_empty())
}

/// Creates an authored meeting of `series_id` from `meeting` (its id a slug as the
/// extractor makes them; `-2`, `-3` … is added when it is taken); the id it got.
pub(crate) fn create_authored(
    db: &mut dyn Exec,
    series_id: i64,
    meeting: &Meeting,
    plan: &[Planned],
    actor: &Actor,
) -> Result<String> {
    engine::check_meeting_id(meeting)?;
    check_plan(meeting, plan)?;
    series(db, series_id)?;
    let mut id = meeting.id.clone();
    let mut n = 1;
    while taken(db, &id)? {
        n += 1;
        id = format!("{}-{n}", meeting.id);
    }
    let mut meeting = meeting.clone();
    meeting.id.clone_from(&id);
    db.execute(
        "INSERT INTO authored_meetings (id, series_id, state, json, plan, revision, created_at,
                                        updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6)",
        &[
            Value::text(id.as_str()),
            Value::Big(Some(series_id)),
            Value::text(MeetingState::Draft.name()),
            Value::text(to_json(&meeting)?),
            Value::text(to_json(&plan)?),
            Value::Big(Some(actor.at)),
        ],
    )?;
    accounts::audit(db, "meeting_created", Some(&id), None, actor)?;
    Ok(id)
}

struct Head {
    series_id: i64,
    state: MeetingState,
    json: String,
    plan: String,
    revision: i64,
    published_id: Option<String>,
    published_version: Option<u32>,
}

fn head(db: &mut dyn Exec, id: &str) -> Result<Head> {
    let row = db
        .query(
            "SELECT series_id, state, json, plan, revision, published_id, published_version
             FROM authored_meetings WHERE id = ?1",
            &[Value::text(id)],
        )?
        .into_iter()
        .next()
        .ok_or_else(|| not_found("meeting", id))?;
    let mut row = row.into_iter();
    let series_id = next(&mut row)
        .as_i64()?
        .ok_or_else(|| Error::Corrupt(format!("{id}: no series")))?;
    let state = next(&mut row).into_string()?;
    let state = MeetingState::parse(&state)
        .ok_or_else(|| Error::Corrupt(format!("{id}: state {state:?}")))?;
    Ok(Head {
        series_id,
        state,
        json: next(&mut row).into_string()?,
        plan: next(&mut row).into_string()?,
        revision: next(&mut row).as_i64()?.unwrap_or(0),
        published_id: next(&mut row).into_text()?,
        published_version: next(&mut row).as_u32()?,
    })
}

fn versions(db: &mut dyn Exec, id: &str) -> Result<Vec<AuthoredVersion>> {
    let rows = db.query(
        "SELECT version, json, signers, submitted_at, seal, sealed_at
         FROM authored_versions WHERE meeting_id = ?1 ORDER BY version",
        &[Value::text(id)],
    )?;
    let mut out = Vec::new();
    for row in rows {
        let mut row = row.into_iter();
        let version = next(&mut row).as_count()?;
        let meeting = parse_meeting(&next(&mut row).into_string()?, id)?;
        let signers: Vec<String> = serde_json::from_str(&next(&mut row).into_string()?)
            .map_err(|err| Error::Corrupt(format!("{id}: signers: {err}")))?;
        out.push(AuthoredVersion {
            version,
            meeting,
            signers,
            approvals: Vec::new(),
            submitted_at: next(&mut row).as_i64()?.unwrap_or(0),
            seal: next(&mut row).into_text()?,
            sealed_at: next(&mut row).as_i64()?,
        });
    }
    let rows = db.query(
        "SELECT version, email, approved_at, reservation FROM approvals
         WHERE meeting_id = ?1 ORDER BY approved_at, email",
        &[Value::text(id)],
    )?;
    for row in rows {
        let mut row = row.into_iter();
        let version = next(&mut row).as_count()?;
        let approval = Approval {
            email: next(&mut row).into_string()?,
            at: next(&mut row).as_i64()?.unwrap_or(0),
            reservation: next(&mut row).into_text()?,
        };
        if let Some(entry) = out.iter_mut().find(|v| v.version == version) {
            entry.approvals.push(approval);
        }
    }
    Ok(out)
}

/// One authored meeting with everything about it.
pub(crate) fn authored(db: &mut dyn Exec, id: &str) -> Result<Authored> {
    let head = head(db, id)?;
    let series = series(db, head.series_id)?;
    let meeting = parse_meeting(&head.json, id)?;
    let plan: Vec<Planned> = serde_json::from_str(&head.plan)
        .map_err(|err| Error::Corrupt(format!("{id}: plan: {err}")))?;
    let versions = versions(db, id)?;
    let attachments = db
        .query(
            "SELECT item_number, name, sha256 FROM authored_attachments
             WHERE meeting_id = ?1 ORDER BY added_at, name",
            &[Value::text(id)],
        )?
        .into_iter()
        .map(|row| {
            let mut row = row.into_iter();
            Ok(Attachment {
                item_number: next(&mut row).into_string()?,
                name: next(&mut row).into_string()?,
                sha256: next(&mut row).into_string()?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Authored {
        id: id.to_owned(),
        series,
        state: head.state,
        meeting,
        plan,
        revision: head.revision,
        published_id: head.published_id,
        published_version: head.published_version,
        versions,
        attachments,
    })
}

/// The authored meetings (of one series, or all), newest first.
pub(crate) fn authored_list(
    db: &mut dyn Exec,
    series_id: Option<i64>,
) -> Result<Vec<AuthoredSummary>> {
    let rows = match series_id {
        Some(series_id) => db.query(
            "SELECT a.id, a.series_id, a.state, a.json FROM authored_meetings a
             WHERE a.series_id = ?1",
            &[Value::Big(Some(series_id))],
        )?,
        None => db.query(
            "SELECT a.id, a.series_id, a.state, a.json FROM authored_meetings a",
            &[],
        )?,
    };
    let mut out = Vec::new();
    for row in rows {
        let mut row = row.into_iter();
        let id = next(&mut row).into_string()?;
        let series_id = next(&mut row).as_i64()?.unwrap_or(0);
        let state = next(&mut row).into_string()?;
        let state = MeetingState::parse(&state)
            .ok_or_else(|| Error::Corrupt(format!("{id}: state {state:?}")))?;
        let meeting = parse_meeting(&next(&mut row).into_string()?, &id)?;
        out.push(AuthoredSummary {
            id,
            series_id,
            body: meeting.body,
            date: meeting.date,
            state,
        });
    }
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id)));
    Ok(out)
}

/// Saves the working copy of `id` over `revision`; the new revision. [`Error::Conflict`]
/// when somebody saved another revision meanwhile, [`Error::Invalid`] when the state does
/// not allow changes.
pub(crate) fn save_authored(
    db: &mut dyn Exec,
    id: &str,
    revision: i64,
    meeting: &Meeting,
    plan: &[Planned],
    actor: &Actor,
) -> Result<i64> {
    check_plan(meeting, plan)?;
    let head = head(db, id)?;
    if !head.state.editable() {
        return Err(Error::Invalid(format!(
            "mødet er {} og kan ikke ændres",
            head.state.name()
        )));
    }
    if head.revision != revision {
        return Err(Error::Conflict(format!(
            "mødet {id} er gemt af en anden i mellemtiden (udgave {} mod {revision}); hent \
             siden igen",
            head.revision
        )));
    }
    let mut meeting = meeting.clone();
    meeting.id = id.to_owned();
    let changed = db.execute(
        "UPDATE authored_meetings SET json = ?1, plan = ?2, revision = revision + 1,
                updated_at = ?3
         WHERE id = ?4 AND revision = ?5",
        &[
            Value::text(to_json(&meeting)?),
            Value::text(to_json(&plan)?),
            Value::Big(Some(actor.at)),
            Value::text(id),
            Value::Big(Some(revision)),
        ],
    )?;
    if changed != 1 {
        return Err(Error::Conflict(format!("mødet {id} er gemt af en anden")));
    }
    Ok(revision + 1)
}

/// The accounts that must sign `meeting` of `series` now.
fn signers_of(db: &mut dyn Exec, series: &Series, meeting: &Meeting) -> Result<Vec<String>> {
    let mut signers: Vec<String> = match series.signing {
        SigningPolicy::Nobody => Vec::new(),
        SigningPolicy::Chair => series.chair.iter().cloned().collect(),
        SigningPolicy::ChairAndSecretary => series
            .chair
            .iter()
            .chain(series.secretary.iter())
            .cloned()
            .collect(),
        SigningPolicy::All => {
            let links = crate::alerts::person_links(db)?;
            let mut signers = Vec::new();
            for person in &meeting.participants {
                if let Some((_, email)) = links
                    .iter()
                    .find(|(linked, _)| linked.to_lowercase() == person.name.to_lowercase())
                {
                    signers.push(email.clone());
                }
            }
            if signers.is_empty() {
                return Err(Error::Invalid(
                    "ingen af mødets deltagere har en konto, der kan underskrive; knyt \
                     deltagerne til deres konti først"
                        .into(),
                ));
            }
            signers
        }
    };
    signers.dedup();
    Ok(signers)
}

fn set_state(db: &mut dyn Exec, id: &str, state: MeetingState, at: i64) -> Result<()> {
    db.execute(
        "UPDATE authored_meetings SET state = ?1, updated_at = ?2 WHERE id = ?3",
        &[
            Value::text(state.name()),
            Value::Big(Some(at)),
            Value::text(id),
        ],
    )?;
    Ok(())
}

/// Stores the seal of `version` of `id` from its content as stored, and marks the meeting
/// approved.
fn seal(db: &mut dyn Exec, id: &str, version: u32, actor: &Actor) -> Result<String> {
    let json = db
        .query(
            "SELECT json FROM authored_versions WHERE meeting_id = ?1 AND version = ?2",
            &[Value::text(id), Value::int(version)],
        )?
        .into_iter()
        .next()
        .and_then(|row| row.into_iter().next())
        .ok_or_else(|| not_found("version", &format!("{id} {version}")))?
        .into_string()?;
    let hash = model::seal::content_hash(&parse_meeting(&json, id)?);
    db.execute(
        "UPDATE authored_versions SET seal = ?1, sealed_at = ?2
         WHERE meeting_id = ?3 AND version = ?4",
        &[
            Value::text(hash.as_str()),
            Value::Big(Some(actor.at)),
            Value::text(id),
            Value::int(version),
        ],
    )?;
    set_state(db, id, MeetingState::Approved, actor.at)?;
    accounts::audit(
        db,
        "minutes_sealed",
        Some(&format!("{id}/{version}")),
        Some(&hash),
        actor,
    )?;
    Ok(hash)
}

/// Moves `id` to `to` when [`MeetingState::next`] allows it. To
/// [`MeetingState::ForApproval`] the working copy becomes the next version, with the
/// signers the series' policy names; with nobody to sign it is sealed at once.
pub(crate) fn move_authored(
    db: &mut dyn Exec,
    id: &str,
    to: MeetingState,
    actor: &Actor,
) -> Result<MeetingState> {
    let head = head(db, id)?;
    if !head.state.next().contains(&to) {
        return Err(Error::Invalid(format!(
            "et møde, der er {}, kan ikke blive {}",
            head.state.name(),
            to.name()
        )));
    }
    let mut reached = to;
    if to == MeetingState::ForApproval {
        let meeting = parse_meeting(&head.json, id)?;
        if meeting.items.is_empty() {
            return Err(Error::Invalid(
                "referatet har ingen punkter at godkende".into(),
            ));
        }
        let series = series(db, head.series_id)?;
        let signers = signers_of(db, &series, &meeting)?;
        let last = versions(db, id)?.last().map_or(0, |v| v.version);
        let version = last + 1;
        db.execute(
            "INSERT INTO authored_versions (meeting_id, version, json, signers, submitted_at,
                                            submitted_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[
                Value::text(id),
                Value::int(version),
                Value::text(head.json.as_str()),
                Value::text(to_json(&signers)?),
                Value::Big(Some(actor.at)),
                Value::opt_text(actor.email.clone()),
            ],
        )?;
        set_state(db, id, to, actor.at)?;
        if signers.is_empty() {
            seal(db, id, version, actor)?;
            reached = MeetingState::Approved;
        }
    } else {
        if head.state == MeetingState::ForApproval {
            // Withdrawn for changes: the unsigned version goes, its signatures with it.
            if let Some(open) = versions(db, id)?.last().filter(|v| v.seal.is_none()) {
                let args = [Value::text(id), Value::int(open.version)];
                db.execute(
                    "DELETE FROM approvals WHERE meeting_id = ?1 AND version = ?2",
                    &args,
                )?;
                db.execute(
                    "DELETE FROM authored_versions WHERE meeting_id = ?1 AND version = ?2",
                    &args,
                )?;
            }
        }
        set_state(db, id, to, actor.at)?;
    }
    let detail = format!("{} → {}", head.state.name(), reached.name());
    accounts::audit(db, "meeting_state", Some(id), Some(&detail), actor)?;
    Ok(reached)
}

/// Records that `email` approved `version` of `id` (with `reservation` when given), having
/// read the content whose hash is `read_hash`; seals the version when it was the last
/// signature. Whether the meeting is approved now.
pub(crate) fn approve(
    db: &mut dyn Exec,
    id: &str,
    version: u32,
    read_hash: &str,
    reservation: Option<&str>,
    actor: &Actor,
) -> Result<bool> {
    let email = actor
        .email
        .clone()
        .ok_or_else(|| Error::Invalid("kun en konto kan underskrive".into()))?;
    let head = head(db, id)?;
    if head.state != MeetingState::ForApproval {
        return Err(Error::Invalid(format!(
            "mødet er {}; der er intet referat at godkende",
            head.state.name()
        )));
    }
    let all = versions(db, id)?;
    let current = all
        .last()
        .filter(|v| v.version == version && v.seal.is_none())
        .ok_or_else(|| {
            Error::Conflict(format!(
                "udgave {version} af referatet er ikke den, der skal godkendes nu"
            ))
        })?;
    if model::seal::content_hash(&current.meeting) != read_hash {
        return Err(Error::Conflict(
            "referatet er ikke det, du har læst; læs det igen før du godkender".into(),
        ));
    }
    if !current.signers.contains(&email) {
        return Err(Error::Invalid(format!(
            "{email} skal ikke underskrive dette referat"
        )));
    }
    if current.approvals.iter().any(|a| a.email == email) {
        return Err(Error::Conflict(format!(
            "{email} har allerede godkendt udgave {version}"
        )));
    }
    let reservation = reservation.map(str::trim).filter(|text| !text.is_empty());
    db.execute(
        "INSERT INTO approvals (meeting_id, version, email, approved_at, reservation)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            Value::text(id),
            Value::int(version),
            Value::text(email.as_str()),
            Value::Big(Some(actor.at)),
            Value::opt_text(reservation),
        ],
    )?;
    let event = if reservation.is_some() {
        "minutes_approved_with_reservation"
    } else {
        "minutes_approved"
    };
    accounts::audit(
        db,
        event,
        Some(&format!("{id}/{version}")),
        reservation,
        actor,
    )?;
    let waiting = current
        .signers
        .iter()
        .filter(|signer| {
            **signer != email && !current.approvals.iter().any(|a| a.email == **signer)
        })
        .count();
    if waiting == 0 {
        seal(db, id, version, actor)?;
        return Ok(true);
    }
    Ok(false)
}

/// Publishes the last sealed version of `id` through the import path: stored as the
/// meeting `id` from the kept source `source_sha256` (its rendering), public, in the
/// series' organisation. The id in the register.
pub(crate) fn publish(
    db: &mut dyn Exec,
    id: &str,
    source_sha256: &str,
    source_name: &str,
    actor: &Actor,
) -> Result<String> {
    let head = head(db, id)?;
    if head.state != MeetingState::Approved {
        return Err(Error::Invalid(format!(
            "kun godkendte referater kan offentliggøres; mødet er {}",
            head.state.name()
        )));
    }
    let series = series(db, head.series_id)?;
    let version = versions(db, id)?
        .into_iter()
        .rev()
        .find(|v| v.seal.is_some())
        .ok_or_else(|| Error::Corrupt(format!("{id}: approved without a seal")))?;
    let mut meeting = version.meeting;
    meeting.id = head.published_id.clone().unwrap_or_else(|| id.to_owned());
    meeting.source = model::Source {
        file: source_name.to_owned(),
        sha256: source_sha256.to_owned(),
        format: model::Format::Pdf,
    };
    engine::put_meeting(db, &meeting, source_sha256, Some(&series.organisation))?;
    // Two meetings of one body on one day are told apart by their start (sameday.rs): the
    // register may have given this one another id.
    let published_id = db
        .query(
            "SELECT meeting_id FROM meeting_versions WHERE source_sha256 = ?1",
            &[Value::text(source_sha256)],
        )?
        .into_iter()
        .next()
        .and_then(|row| row.into_iter().next())
        .map(Value::into_string)
        .transpose()?
        .unwrap_or_else(|| meeting.id.clone());
    accounts::set_access(
        db,
        &published_id,
        &MeetingAccess {
            visibility: Visibility::Public,
            organisation: Some(series.organisation.clone()),
        },
        actor,
    )?;
    db.execute(
        "UPDATE authored_meetings SET state = ?1, published_id = ?2, published_version = ?3,
                updated_at = ?4
         WHERE id = ?5",
        &[
            Value::text(MeetingState::Published.name()),
            Value::text(published_id.as_str()),
            Value::int(version.version),
            Value::Big(Some(actor.at)),
            Value::text(id),
        ],
    )?;
    accounts::audit(
        db,
        "minutes_published",
        Some(id),
        Some(&format!("{published_id} udgave {}", version.version)),
        actor,
    )?;
    Ok(published_id)
}

/// Adds an attachment, already kept as the source `sha256`, to item `item_number`.
pub(crate) fn add_attachment(
    db: &mut dyn Exec,
    id: &str,
    item_number: &str,
    name: &str,
    sha256: &str,
    actor: &Actor,
) -> Result<()> {
    let head = head(db, id)?;
    if !head.state.editable() {
        return Err(Error::Invalid(format!(
            "mødet er {} og kan ikke ændres",
            head.state.name()
        )));
    }
    db.execute(
        "INSERT INTO authored_attachments (meeting_id, item_number, name, sha256, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (meeting_id, item_number, sha256) DO UPDATE SET name = excluded.name",
        &[
            Value::text(id),
            Value::text(item_number),
            Value::text(name),
            Value::text(sha256),
            Value::Big(Some(actor.at)),
        ],
    )?;
    accounts::audit(
        db,
        "attachment_added",
        Some(&format!("{id}/{item_number}")),
        Some(name),
        actor,
    )
}

/// The seals of the authored meeting `id` (or of the one published as `id`) and its
/// content as stored now; `None` when no such meeting has a seal.
pub(crate) fn seal_check(db: &mut dyn Exec, id: &str) -> Result<Option<SealCheck>> {
    let Some(authored_id) = db
        .query(
            "SELECT id FROM authored_meetings WHERE id = ?1 OR published_id = ?1",
            &[Value::text(id)],
        )?
        .into_iter()
        .next()
        .and_then(|row| row.into_iter().next())
        .map(Value::into_string)
        .transpose()?
    else {
        return Ok(None);
    };
    let head = head(db, &authored_id)?;
    let sealed: Vec<(u32, String, Meeting)> = versions(db, &authored_id)?
        .into_iter()
        .filter_map(|v| v.seal.map(|seal| (v.version, seal, v.meeting)))
        .collect();
    if sealed.is_empty() {
        return Ok(None);
    }
    let published = match (&head.published_id, head.published_version) {
        (Some(published_id), Some(version)) => db
            .query(
                "SELECT v.json FROM meetings m JOIN meeting_versions v
                 ON v.meeting_id = m.id AND v.version = m.version WHERE m.id = ?1",
                &[Value::text(published_id.as_str())],
            )?
            .into_iter()
            .next()
            .and_then(|row| row.into_iter().next())
            .map(|json| -> Result<(u32, Meeting)> {
                Ok((version, parse_meeting(&json.into_string()?, published_id)?))
            })
            .transpose()?,
        _ => None,
    };
    Ok(Some(SealCheck {
        authored_id,
        sealed,
        published,
    }))
}

/// The authoring methods of [`crate::Store`], the same for both backends (see
/// `accounts::account_methods`).
macro_rules! authoring_methods {
    () => {
        fn add_series(
            &self,
            series: &crate::NewSeries,
            actor: &crate::Actor,
        ) -> crate::Result<i64> {
            self.write(|db| crate::authoring::add_series(db, series, actor))
        }

        fn update_series(
            &self,
            id: i64,
            series: &crate::NewSeries,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| crate::authoring::update_series(db, id, series, actor))
        }

        fn series_list(&self) -> crate::Result<Vec<crate::Series>> {
            self.reading(|db| crate::authoring::series_list(db))
        }

        fn create_authored(
            &self,
            series_id: i64,
            meeting: &model::Meeting,
            plan: &[crate::Planned],
            actor: &crate::Actor,
        ) -> crate::Result<String> {
            self.write(|db| crate::authoring::create_authored(db, series_id, meeting, plan, actor))
        }

        fn authored(&self, id: &str) -> crate::Result<crate::Authored> {
            self.reading(|db| crate::authoring::authored(db, id))
        }

        fn authored_list(
            &self,
            series_id: Option<i64>,
        ) -> crate::Result<Vec<crate::AuthoredSummary>> {
            self.reading(|db| crate::authoring::authored_list(db, series_id))
        }

        fn save_authored(
            &self,
            id: &str,
            revision: i64,
            meeting: &model::Meeting,
            plan: &[crate::Planned],
            actor: &crate::Actor,
        ) -> crate::Result<i64> {
            self.write(|db| crate::authoring::save_authored(db, id, revision, meeting, plan, actor))
        }

        fn move_authored(
            &self,
            id: &str,
            to: crate::MeetingState,
            actor: &crate::Actor,
        ) -> crate::Result<crate::MeetingState> {
            self.write(|db| crate::authoring::move_authored(db, id, to, actor))
        }

        fn approve(
            &self,
            id: &str,
            version: u32,
            read_hash: &str,
            reservation: Option<&str>,
            actor: &crate::Actor,
        ) -> crate::Result<bool> {
            self.write(|db| {
                crate::authoring::approve(db, id, version, read_hash, reservation, actor)
            })
        }

        fn publish_authored(
            &self,
            id: &str,
            source_sha256: &str,
            source_name: &str,
            actor: &crate::Actor,
        ) -> crate::Result<String> {
            self.write(|db| crate::authoring::publish(db, id, source_sha256, source_name, actor))
        }

        fn add_attachment(
            &self,
            id: &str,
            item_number: &str,
            name: &str,
            sha256: &str,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| {
                crate::authoring::add_attachment(db, id, item_number, name, sha256, actor)
            })
        }

        fn seal_check(&self, id: &str) -> crate::Result<Option<crate::SealCheck>> {
            self.reading(|db| crate::authoring::seal_check(db, id))
        }
    };
}
pub(crate) use authoring_methods;
