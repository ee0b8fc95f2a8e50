//! The lesson panel: topic, homework with its due day and files, the assignments (columns of
//! marks) and the comments on the lesson's marks. Reads ask `journal.view` on the journal,
//! writes `journal.edit` on the lesson (through [`open_lesson`], inside the transaction).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::model::{LESSONS, MARKS};
use super::model::{Lesson, LessonKey, Mark, PlanFill};
use super::queries::{self, Head, WorkTypes, short_name};
use super::records;
use super::service::{OpenLesson, WriteError, check_journal_edit, next_lesson, open_lesson};
use crate::auth::permission::{Action, Actor, Target, allows, permit};
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::people::service::children_of;
use crate::plans::model::{PLAN_BINDINGS, PLANS};
use crate::state::AppState;
use crate::store::blobs::{self, BlobMeta};
use crate::store::ids::{BlobId, PeriodId, PlanId, TeachingId, UserId};
use crate::store::tables::BLOBS;
use crate::store::{Order, Reader};
use crate::structure::forms::parse_date;
use crate::structure::model::Period;
use crate::timetable::calendar::{ClassCalendar, students_taught};

/// Largest attachment: 10 MB (or the server's upload limit, when lower).
pub const MAX_FILE: usize = 10 * 1024 * 1024;
pub const MAX_TOPIC: usize = 500;
pub const MAX_HOMEWORK: usize = 5000;
pub const MAX_COMMENT: usize = 500;
pub const MAX_NAME: usize = 200;

/// A mark of the lesson, for its comment.
pub struct PanelMark {
    pub student: UserId,
    pub name: String,
    pub a: u8,
    pub mark: Mark,
}

/// Everything the lesson panel shows.
pub struct Panel {
    pub head: Head,
    pub key: LessonKey,
    pub lesson: Lesson,
    pub period: Option<(PeriodId, Period)>,
    pub editable: bool,
    /// Why it is read-only for someone who otherwise could write (a catalog key).
    pub locked: Option<&'static str>,
    pub types: WorkTypes,
    pub default_due: Option<NaiveDate>,
    pub files: Vec<(BlobId, BlobMeta)>,
    pub marks: Vec<PanelMark>,
    /// Assignment numbers that have marks (they cannot be removed).
    pub marked: BTreeSet<u8>,
    /// The lesson plan the journal follows, when it follows one.
    pub plan: Option<PanelPlan>,
}

/// A topic to choose: id, title, hours.
pub type PlanTopic = (u32, String, u8);

/// The lesson plan's side of the panel: its topics to choose from, and the one this lesson has.
pub struct PanelPlan {
    pub id: PlanId,
    /// Sections with their topics.
    pub sections: Vec<(String, Vec<PlanTopic>)>,
    /// The topic this lesson gives: the one chosen, or where the plan puts it.
    pub topic: Option<u32>,
    /// The plan filled the lesson and the teacher has not saved it yet.
    pub filled: bool,
    /// The materials of that topic (the teacher's files).
    pub materials: Vec<(BlobId, String)>,
}

fn panel_plan(
    tx: &impl Reader,
    key: LessonKey,
    lesson: &Lesson,
    today: NaiveDate,
) -> Result<Option<PanelPlan>, AppError> {
    let Some(laid) = crate::plans::bind::laid(tx, key.teaching, today)? else { return Ok(None) };
    let placed = laid.layout.lessons.iter().find(|p| p.date == key.date && p.number == key.number);
    let topic = match lesson.plan {
        Some(f) if f.plan == laid.plan_id => Some(f.topic),
        _ if !lesson.topic.trim().is_empty() => None,
        _ => placed.and_then(|p| p.topic).map(|(t, _)| t),
    };
    let sections = laid
        .plan
        .sections
        .iter()
        .map(|s| (s.title.clone(), s.topics.iter().map(|t| (t.id, t.title.clone(), t.hours)).collect()))
        .collect();
    let mut materials = Vec::new();
    for b in topic.and_then(|t| laid.plan.topic(t)).map(|t| t.materials.clone()).unwrap_or_default() {
        if let Some(meta) = BLOBS.get(tx, &b)? {
            materials.push((b, meta.name));
        }
    }
    Ok(Some(PanelPlan {
        id: laid.plan_id,
        sections,
        topic,
        materials,
        filled: lesson.plan.is_some_and(|f| f.auto) || lesson.topic.trim().is_empty(),
    }))
}

/// Reads the panel of a lesson; 404 when the journal has no such lesson.
pub async fn panel(state: &AppState, actor: Actor, key: LessonKey) -> Result<Panel, AppError> {
    state
        .store
        .read(move |tx| {
            permit(tx, &actor, Action::JournalView, Target::Teaching(key.teaching))?;
            let head = queries::head(tx, key.teaching)?;
            let cal =
                ClassCalendar::load(tx, head.class_id, key.date, key.date)?.ok_or(AppError::NotFound)?;
            let stored = records::lesson(tx, key)?;
            if stored.is_none() && !cal.has_lesson(key.teaching, key.date, key.number) {
                return Err(AppError::NotFound);
            }
            let period = cal.period_of(key.date).map(|(id, p)| (id, p.clone()));
            let locked = if head.year.closed {
                Some("journal-year-closed")
            } else if period.as_ref().is_some_and(|(_, p)| p.closed) {
                Some("journal-period-closed")
            } else {
                None
            };
            let may =
                allows(tx, &actor, Action::JournalEdit, Target::Lesson(key.teaching, key.date, key.number))?;
            let lesson = stored.unwrap_or_default();
            let mut files = Vec::new();
            for id in &lesson.files {
                if let Some(meta) = BLOBS.get(tx, id)? {
                    files.push((*id, meta));
                }
            }
            let mut raw = Vec::new();
            MARKS.scan_prefix(tx, &(key.teaching, key.date, key.number), Order::Asc, |k, m| {
                raw.push((k.3, k.4, m));
                true
            })?;
            let mut marks = Vec::with_capacity(raw.len());
            let mut marked = BTreeSet::new();
            for (student, a, mark) in raw {
                marked.insert(a);
                let name = crate::auth::accounts::get(tx, student)?
                    .map(|u| short_name(&u.surname, &u.first_name))
                    .unwrap_or_default();
                marks.push(PanelMark { student, name, a, mark });
            }
            marks.sort_by_key(|m| (m.name.to_lowercase(), m.a));
            let plan = panel_plan(tx, key, &lesson, actor.today)?;
            Ok(Panel {
                plan,
                default_due: next_lesson(tx, &head, key)?,
                types: WorkTypes::load(tx)?,
                editable: may && locked.is_none(),
                locked: if may { locked } else { None },
                head,
                key,
                lesson,
                period,
                files,
                marks,
                marked,
            })
        })
        .await
}

/// Asks, before an upload is read, whether the caller may write into the lesson (or, for a
/// slug that names no lesson, into the journal at all).
pub async fn authorize_edit(
    state: &AppState,
    actor: Actor,
    id: TeachingId,
    key: Option<LessonKey>,
) -> Result<(), AppError> {
    state
        .store
        .read(move |tx| match key {
            Some(k) => permit(tx, &actor, Action::JournalEdit, Target::Lesson(k.teaching, k.date, k.number)),
            None => check_journal_edit(tx, &actor, id),
        })
        .await
}

/// Runs `f` on the lesson, after every rule, and stores the lesson it leaves.
pub(super) async fn edit_lesson<T: Send + 'static>(
    state: &AppState,
    actor: Actor,
    key: LessonKey,
    f: impl FnOnce(&redb::WriteTransaction, &OpenLesson, &mut Lesson) -> Result<T, WriteError> + Send + 'static,
) -> Result<T, WriteError> {
    state
        .store
        .write(move |tx| {
            let open = open_lesson(tx, &actor, key)?;
            let mut lesson = open.stored.clone().unwrap_or_default();
            let out = f(tx, &open, &mut lesson)?;
            if (lesson.homework.trim().is_empty() && lesson.files.is_empty()) || lesson.due.is_some() {
                // Keep the due day as chosen.
            } else {
                lesson.due = next_lesson(tx, &open.head, key)?;
            }
            // A lesson the teacher saved is theirs: a new layout of the plan leaves it as it is.
            if let Some(f) = &mut lesson.plan {
                f.auto = false;
            }
            lesson.updated_by = Some(actor.id);
            lesson.updated_at = actor.now;
            records::save_lesson(tx, key, &lesson)?;
            // Later lessons of the plan move when this one took a topic of its own or skipped.
            if PLAN_BINDINGS.contains(tx, &key.teaching)? {
                crate::plans::bind::relay(tx, key.teaching, actor.today)?;
            }
            Ok(out)
        })
        .await
}

/// The topic and homework form as posted.
#[derive(Clone, Debug, Default)]
pub struct TextForm {
    pub topic: String,
    pub homework: String,
    pub due: String,
    /// The plan topic chosen (its id), `Some("")` for a topic of the teacher's own, `None` when
    /// the form had no plan field (the journal follows no plan).
    pub plan_topic: Option<String>,
}

pub(super) fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

/// Saves the topic, the homework and its due day (the next lesson when left empty).
pub async fn save_text(
    state: &AppState,
    actor: Actor,
    key: LessonKey,
    form: TextForm,
) -> Result<(), WriteError> {
    edit_lesson(state, actor, key, move |tx, _, lesson| {
        let mut e = FieldErrors::default();
        let (topic, homework) = (form.topic.trim().to_string(), form.homework.trim().to_string());
        if too_long(&topic, MAX_TOPIC) {
            e.add("topic", "field-too-long");
        }
        if too_long(&homework, MAX_HOMEWORK) {
            e.add("homework", "field-too-long");
        }
        let due = match form.due.trim() {
            "" => None,
            s => match parse_date(s) {
                Some(d) if d < key.date => {
                    e.add("due", "journal-due-before");
                    None
                }
                Some(d) => Some(d),
                None => {
                    e.add("due", "journal-due-invalid");
                    None
                }
            },
        };
        // The topic from the plan: the chosen one, with its title when the field was left empty.
        let mut topic = topic;
        if let Some(chosen) = form.plan_topic.as_deref().map(str::trim) {
            lesson.plan = None;
            if !chosen.is_empty() {
                let plan_id = PLAN_BINDINGS.get(tx, &key.teaching)?;
                let plan = match plan_id {
                    Some(id) => PLANS.get(tx, &id)?.map(|p| (id, p)),
                    None => None,
                };
                let found = chosen
                    .parse::<u32>()
                    .ok()
                    .and_then(|t| plan.as_ref().and_then(|(id, p)| p.topic(t).map(|t| (*id, t.clone()))));
                match found {
                    Some((plan, t)) => {
                        if topic.is_empty() {
                            topic = t.title.clone();
                        }
                        lesson.plan = Some(PlanFill { plan, topic: t.id, auto: false });
                    }
                    None => e.add("plan_topic", "journal-plan-topic-unknown"),
                }
            }
        }
        e.into_result().map_err(AppError::from)?;
        lesson.topic = topic;
        lesson.homework = homework;
        lesson.due = due;
        Ok(())
    })
    .await
}

/// Attaches a file to the lesson's homework.
pub async fn add_file(
    state: &AppState,
    actor: Actor,
    key: LessonKey,
    name: String,
    data: Vec<u8>,
) -> Result<BlobId, WriteError> {
    let limit = MAX_FILE.min(state.config.max_upload_mb as usize * 1024 * 1024);
    if data.len() > limit {
        return Err(WriteError::App(AppError::TooLarge));
    }
    let name: String =
        name.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).take(120).collect();
    let name = if name.trim().is_empty() { "file".to_string() } else { name };
    let (by, at) = (actor.id, actor.now);
    edit_lesson(state, actor, key, move |tx, _, lesson| {
        let id = blobs::put(tx, &name, "application/octet-stream", &data, Some(by), at)?;
        lesson.files.push(id);
        Ok(id)
    })
    .await
}

/// Removes an attached file.
pub async fn delete_file(
    state: &AppState,
    actor: Actor,
    key: LessonKey,
    blob: BlobId,
) -> Result<(), WriteError> {
    edit_lesson(state, actor, key, move |tx, _, lesson| {
        let before = lesson.files.len();
        lesson.files.retain(|f| *f != blob);
        if lesson.files.len() == before {
            return Err(WriteError::App(AppError::NotFound));
        }
        blobs::delete(tx, blob)?;
        Ok(())
    })
    .await
}

/// A homework file for download: for whoever reads the journal, and for a student (or their
/// parent) taught by it on the lesson's day.
pub async fn homework_file(
    state: &AppState,
    actor: Actor,
    id: TeachingId,
    blob: BlobId,
) -> Result<(BlobMeta, Vec<u8>), AppError> {
    state
        .store
        .read(move |tx| {
            let head = queries::head(tx, id)?;
            let mut day = None;
            LESSONS.scan_prefix(tx, &id, Order::Asc, |(_, d, _), l| {
                if l.files.contains(&blob) {
                    day = Some(d);
                }
                day.is_none()
            })?;
            let day = day.ok_or(AppError::NotFound)?;
            if !allows(tx, &actor, Action::JournalView, Target::Teaching(id))?
                && !follows(tx, &actor, &head, day)?
            {
                permit(tx, &actor, Action::JournalView, Target::Teaching(id))?;
            }
            blobs::get(tx, blob)?.ok_or(AppError::NotFound)
        })
        .await
}

/// Whether the actor, or a child of theirs, may see a diary that this journal's lesson of `day`
/// belongs to.
fn follows(tx: &impl Reader, actor: &Actor, head: &Head, day: NaiveDate) -> Result<bool, AppError> {
    let mut candidates = vec![actor.id];
    candidates.extend(children_of(tx, actor.id)?);
    let taught = students_taught(tx, &head.teaching, day)?;
    for s in candidates {
        if taught.contains(&s) && allows(tx, actor, Action::DiaryView, Target::Student(s))? {
            return Ok(true);
        }
    }
    Ok(false)
}
