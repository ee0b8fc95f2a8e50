//! The demo journal: every lesson from the year's first day to today with its topic, homework
//! and assignments, marks and attendance, written through `journal::records` so both copies
//! and the change log stay in step; the periods that have ended are closed with their final
//! marks.
//!
//! Each student has an ability (mean 3.9, spread 0.5) and a small offset per subject; marks
//! are drawn around it (2–5, few 2s). A lesson usually has one assignment («Работа на уроке»
//! or «Ответ на уроке», 3–8 marks), sometimes a second («Домашнее задание»); about every 6th
//! lesson is a «Самостоятельная работа» and every 12th a «Контрольная работа» where every
//! present student gets a mark (absent ones get a duty «•» in the last two weeks). Grade 1 has
//! no marks; ОРКСЭ and ОДНКНР are marked «зач». Absences (`absences.rs`): illness streaks,
//! a few УП, НП and ОП, recent ones still ОТ.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};
use redb::WriteTransaction;

use super::Rng;
use super::absences::{Absences, normal};
use super::changes::moscow;
use super::school::{SUBJECTS, School, Subj};
use super::timetable::Timetable;
use super::{steer, topics};
use crate::error::AppError;
use crate::journal::model::{
    Assignment, Attendance, Code, FinalKind, FinalMark, Lesson, LessonKey, Mark, MarkValue,
};
use crate::journal::records::{self, MarkKey};
use crate::journal::rules::{Rounding, Tally};
use crate::store::Order;
use crate::store::ids::{ClassId, PeriodId, TeachingId, UserId, WorkTypeId};
use crate::structure::model::{GROUPS, PERIODS, WORK_TYPES};
use crate::structure::model::{Period, Scheme, Teaching};
use crate::structure::service::periods_of;
use crate::timetable::calendar::ClassCalendar;
use crate::timetable::model::BELLS;
use crate::timetable::model::{LessonState, Planned};

/// The assignment types the demo uses, by their default names.
pub struct Types {
    pub answer: WorkTypeId,
    pub classwork: WorkTypeId,
    pub homework: WorkTypeId,
    pub independent: WorkTypeId,
    pub control: WorkTypeId,
    pub practical: WorkTypeId,
}

fn types(tx: &WriteTransaction) -> Result<Types, AppError> {
    let mut by_name = HashMap::new();
    WORK_TYPES.scan_range(tx, None, None, Order::Asc, |id, t| {
        by_name.entry(t.name).or_insert(id);
        true
    })?;
    let get = |n: &str| {
        by_name
            .get(n)
            .copied()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("demo: no assignment type {n}")))
    };
    Ok(Types {
        answer: get("Ответ на уроке")?,
        classwork: get("Работа на уроке")?,
        homework: get("Домашнее задание")?,
        independent: get("Самостоятельная работа")?,
        control: get("Контрольная работа")?,
        practical: get("Практическая работа")?,
    })
}

/// One lesson as generated, before it is written.
pub struct Gen {
    pub key: LessonKey,
    pub lesson: Lesson,
    pub by: UserId,
    pub at: i64,
    /// Every present student is marked (a test).
    pub test: bool,
    pub attendance: Vec<(UserId, Code)>,
    /// (student, assignment number, value, comment).
    pub marks: Vec<(UserId, u8, MarkValue, &'static str)>,
}

impl Gen {
    pub fn absent(&self, s: UserId) -> bool {
        self.attendance.iter().any(|(x, c)| *x == s && c.is_absence())
    }
}

/// What every teaching of the school shares while its journal is generated.
struct Ctx<'a> {
    school: &'a School,
    tt: &'a Timetable,
    today: NaiveDate,
    types: Types,
    starts: Vec<(u8, i64)>,
    ability: HashMap<UserId, f64>,
    demo_student: UserId,
    rounding: Rounding,
}

impl Ctx<'_> {
    fn subj(&self, t: &Teaching) -> Subj {
        SUBJECTS[self.school.subjects.iter().position(|s| *s == t.subject).expect("a subject")].0
    }

    /// The unix time of a lesson: its bell plus 40 minutes.
    fn at(&self, day: NaiveDate, number: u8) -> i64 {
        let offset = self.starts.iter().find(|(n, _)| *n == number).map_or(8 * 3600, |(_, s)| *s);
        moscow(day, 0, 0) + offset + 40 * 60
    }

    /// A mark drawn around the student's ability in the subject.
    fn draw(&self, rng: &mut Rng, s: UserId, subject: u64, shift: f64) -> u8 {
        let h = (s.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ subject.wrapping_mul(0xBF58_476D_1CE4_E5B9)) >> 40;
        let offset = (h % 41) as f64 / 100.0 - 0.2;
        let v = self.ability.get(&s).copied().unwrap_or(3.9) + offset + shift + 0.6 * normal(rng);
        v.round().clamp(2.0, 5.0) as u8
    }
}

/// Closes the periods that ended before `today`, then writes the journal of every class.
pub fn build(
    tx: &WriteTransaction,
    rng: &mut Rng,
    school: &School,
    tt: &Timetable,
    today: NaiveDate,
    demo_student: UserId,
    rounding: Rounding,
) -> Result<(), AppError> {
    for scheme in [Scheme::Quarters, Scheme::HalfYears] {
        for (id, p) in periods_of(tx, school.year, scheme)? {
            if p.end < today {
                PERIODS.insert(tx, &id, &Period { closed: true, ..p })?;
            }
        }
    }
    let bells = BELLS.get(tx, &1)?.ok_or(AppError::NotFound)?;
    let starts = bells
        .lessons
        .iter()
        .map(|b| (b.number, i64::from(chrono::Timelike::num_seconds_from_midnight(&b.start))))
        .collect();
    let mut ctx =
        Ctx { school, tt, today, types: types(tx)?, starts, ability: HashMap::new(), demo_student, rounding };
    for plan in &school.classes {
        let students = crate::people::service::students_of(tx, plan.id, today.max(school.start))?;
        for s in &students {
            let a = if *s == demo_student { 4.15 } else { (3.9 + 0.5 * normal(rng)).clamp(2.7, 5.0) };
            ctx.ability.insert(*s, a);
        }
        class(tx, rng, &ctx, plan.id, plan.class.grade, &students)?;
    }
    Ok(())
}

fn class(
    tx: &WriteTransaction,
    rng: &mut Rng,
    ctx: &Ctx,
    class_id: ClassId,
    grade: u8,
    students: &[UserId],
) -> Result<(), AppError> {
    let horizon = (ctx.today + Days::new(21)).min(ctx.school.start + Days::new(365));
    let Some(cal) = ClassCalendar::load(tx, class_id, ctx.school.start, horizon)? else { return Ok(()) };
    // The held lessons of each teaching assignment, derived day by day as `lessons_of` does.
    let mut lessons: BTreeMap<TeachingId, Vec<(NaiveDate, Planned)>> = BTreeMap::new();
    for day in ctx.school.start.iter_days().take_while(|d| *d <= horizon) {
        for p in cal.day(day).into_iter().filter(Planned::held) {
            lessons.entry(p.teaching).or_default().push((day, p));
        }
    }
    let mut days: Vec<NaiveDate> =
        lessons.values().flatten().map(|(d, _)| *d).filter(|d| *d < ctx.today).collect();
    days.sort();
    days.dedup();
    let absences = Absences::generate(rng, students, &days);
    for (id, list) in &lessons {
        let t = &ctx.tt.teachings[id];
        let taught = match t.group {
            None => students.to_vec(),
            Some(g) => {
                let members = GROUPS.get(tx, &g)?.map(|g| g.students).unwrap_or_default();
                students.iter().copied().filter(|s| members.contains(s)).collect()
            }
        };
        let mut gens = teaching(rng, ctx, *id, t, grade, list, &taught, &absences);
        if taught.contains(&ctx.demo_student) {
            steer::demo_student(ctx.demo_student, ctx.subj(t), &mut gens, &cal, ctx.today, ctx.rounding);
        }
        write(tx, t, &gens)?;
        finals(tx, ctx, *id, t, &cal, &taught, &gens)?;
    }
    Ok(())
}

/// The lessons of one teaching assignment up to today, generated.
#[allow(clippy::too_many_arguments)]
fn teaching(
    rng: &mut Rng,
    ctx: &Ctx,
    id: TeachingId,
    t: &Teaching,
    grade: u8,
    list: &[(NaiveDate, Planned)],
    students: &[UserId],
    absences: &Absences,
) -> Vec<Gen> {
    use Subj::*;
    let subj = ctx.subj(t);
    let marked = grade >= 2;
    let pass = matches!(subj, Orkse | Odnknr);
    let practical = matches!(subj, Pe | Music | Art | Tech | Obzr | Project);
    let plan = topics::list(subj, grade);
    let phase = rng.below(6) as usize;
    let recent = ctx.today - Days::new(14);
    let (mut controls, mut tests) = (0, 0);
    let mut out = Vec::new();
    for (n, (date, p)) in list.iter().enumerate() {
        if *date > ctx.today {
            break;
        }
        let k = n + phase + 1;
        // No tests in the first lessons of the year.
        let marked_test = marked && n >= 3;
        let (control, independent) = if practical || pass {
            (false, marked_test && k.is_multiple_of(8))
        } else {
            (marked_test && k.is_multiple_of(12), marked_test && k.is_multiple_of(6) && !k.is_multiple_of(12))
        };
        let topic_no = topics::topic_index(plan.len(), t.hours, n);
        // A test is on what was taught: the topic of the lesson before.
        let tested = if control { topics::topic_index(plan.len(), t.hours, n - 1) } else { topic_no };
        let base = plan[tested];
        let topic = if control {
            controls += 1;
            format!("Контрольная работа № {controls} по теме «{base}»")
        } else if independent && !practical {
            format!("{base}. Самостоятельная работа")
        } else {
            base.to_string()
        };
        let homework = topics::homework(subj, grade, topic_no, n, rng);
        // Due at the next lesson on a later day.
        let due = list[n + 1..].iter().map(|(d, _)| *d).find(|d| d > date).filter(|_| !homework.is_empty());
        let by = match p.state {
            LessonState::Substituted(u) => u,
            _ => t.teacher,
        };
        let at = ctx.at(*date, p.number);
        let first = if control {
            Assignment {
                no: 0, work_type: ctx.types.control, weight: 3, name: format!("К/р № {controls}")
            }
        } else if independent {
            tests += 1;
            let (work_type, name) = if practical {
                (ctx.types.practical, format!("Практическая работа № {tests}"))
            } else {
                (ctx.types.independent, format!("Самостоятельная работа № {tests}"))
            };
            Assignment { no: 0, work_type, weight: 2, name }
        } else {
            let work_type = if n % 2 == 0 { ctx.types.classwork } else { ctx.types.answer };
            Assignment { no: 0, work_type, weight: 1, name: String::new() }
        };
        let test = control || independent;
        let mut assignments = vec![first];
        let with_homework = marked
            && !test
            && n > 0
            && rng.below(5) == 0
            && !out.last().is_none_or(|g: &Gen| g.lesson.homework.is_empty());
        if with_homework {
            assignments.push(Assignment {
                no: 1,
                work_type: ctx.types.homework,
                weight: 1,
                name: String::new(),
            });
        }
        let lesson = Lesson {
            topic,
            homework,
            files: Vec::new(),
            due,
            assignments,
            updated_by: Some(by),
            updated_at: at,
            plan: None,
        };
        let key = LessonKey { teaching: id, date: *date, number: p.number };
        let mut g = Gen { key, lesson, by, at, test, attendance: Vec::new(), marks: Vec::new() };
        if *date == ctx.today {
            // Today's lessons are planned; their marks are for the teacher to set.
            out.push(g);
            continue;
        }
        for &s in students {
            if let Some(code) = absences.code(s, *date, p.number, subj == Pe, rng) {
                g.attendance.push((s, code));
            }
        }
        if marked {
            let value = |rng: &mut Rng, s: UserId, shift: f64| {
                if pass { MarkValue::Pass } else { MarkValue::Num(ctx.draw(rng, s, t.subject.0, shift)) }
            };
            if test {
                let shift = if control { -0.15 } else { 0.0 };
                for &s in students {
                    if !g.absent(s) {
                        g.marks.push((s, 0, value(rng, s, shift), ""));
                    } else if *date >= recent {
                        g.marks.push((s, 0, MarkValue::Duty, "Работа не написана: отсутствовал(а)"));
                    } else if rng.below(10) < 7 {
                        g.marks.push((s, 0, value(rng, s, shift), "Работа написана позже"));
                    }
                }
            } else {
                let present: Vec<UserId> = students.iter().copied().filter(|s| !g.absent(*s)).collect();
                let k = 3 + rng.below(6) as usize;
                for s in pick(rng, &present, k) {
                    g.marks.push((s, 0, value(rng, s, 0.1), ""));
                }
                if with_homework {
                    let k = 2 + rng.below(3) as usize;
                    for s in pick(rng, &present, k) {
                        let duty = !pass && *date >= recent && rng.below(3) == 0;
                        if duty {
                            g.marks.push((s, 1, MarkValue::Duty, "Домашняя работа не сдана"));
                        } else {
                            g.marks.push((s, 1, value(rng, s, 0.1), ""));
                        }
                    }
                }
            }
            for m in &mut g.marks {
                if m.3.is_empty() && rng.below(40) == 0 {
                    m.3 = comment(m.2, rng);
                }
            }
        }
        out.push(g);
    }
    out
}

/// `k` different students of `from`, at random.
fn pick(rng: &mut Rng, from: &[UserId], k: usize) -> Vec<UserId> {
    let mut pool = from.to_vec();
    let k = k.min(pool.len());
    for i in 0..k {
        let j = i + rng.below((pool.len() - i) as u64) as usize;
        pool.swap(i, j);
    }
    pool.truncate(k);
    pool
}

fn comment(value: MarkValue, rng: &mut Rng) -> &'static str {
    let pool: &[&'static str] = match value {
        MarkValue::Num(5) => &["Отличный ответ у доски", "Работа без ошибок", "Молодец!"],
        MarkValue::Num(4) => &["Небольшие неточности", "Хороший ответ"],
        MarkValue::Num(3) => &["Ошибки в решении", "Неполный ответ"],
        MarkValue::Num(2) => &["Не выполнено задание", "Не выучено правило"],
        _ => return "",
    };
    pool[rng.below(pool.len() as u64) as usize]
}

/// Writes the generated lessons, attendance and marks through `records`.
fn write(tx: &WriteTransaction, t: &Teaching, gens: &[Gen]) -> Result<(), AppError> {
    for g in gens {
        records::save_lesson(tx, g.key, &g.lesson)?;
        for &(s, code) in &g.attendance {
            let a = Attendance { code, subject: t.subject, by: g.by, at: g.at };
            records::put_attendance(tx, g.key, s, Some(&a), g.by, g.at)?;
        }
        for &(s, no, value, comment) in &g.marks {
            let a = &g.lesson.assignments[usize::from(no)];
            let mark = Mark {
                value,
                weight: a.weight,
                subject: t.subject,
                work_type: a.work_type,
                comment: comment.to_string(),
                by: g.by,
                at: g.at,
                first_at: g.at,
            };
            let key = MarkKey { lesson: g.key, student: s, assignment: no };
            records::put_mark(tx, key, Some(&mark), g.by, g.at)?;
        }
    }
    Ok(())
}

/// The final marks of every closed period: the suggestion of the weighted average («зач» for
/// subjects marked so), set by the teacher on the period's last day.
fn finals(
    tx: &WriteTransaction,
    ctx: &Ctx,
    id: TeachingId,
    t: &Teaching,
    cal: &ClassCalendar,
    students: &[UserId],
    gens: &[Gen],
) -> Result<(), AppError> {
    let closed: Vec<(PeriodId, &Period)> =
        cal.periods.iter().filter(|(_, p)| p.closed && p.end < ctx.today).map(|(id, p)| (*id, p)).collect();
    for (pid, period) in closed {
        let at = moscow(period.end, 15, 0);
        for &s in students {
            let mut tally = Tally::default();
            let mut passed = false;
            for g in gens.iter().filter(|g| period.start <= g.key.date && g.key.date <= period.end) {
                for &(_, no, value, _) in g.marks.iter().filter(|m| m.0 == s) {
                    tally.add(value, g.lesson.assignments[usize::from(no)].weight);
                    passed |= value == MarkValue::Pass;
                }
            }
            let value = match tally.suggestion(ctx.rounding) {
                Some(n) => MarkValue::Num(n),
                None if passed => MarkValue::Pass,
                None => continue,
            };
            let mark = FinalMark { value, teaching: id, by: t.teacher, at };
            let kind = FinalKind::Period(pid);
            records::put_final(tx, s, t.subject, kind, id, Some(&mark), t.teacher, at, period.end)?;
        }
    }
    Ok(())
}
