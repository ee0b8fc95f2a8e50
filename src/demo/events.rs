//! The demo's class events, for every class of the current year: a class hour on Friday after
//! the last lesson most weeks (one now and then called off), a parent meeting towards the end
//! of each study period with most parents' answers to the past ones and a few to the coming
//! ones, an excursion on a Saturday, the stages of the olympiad for chosen students of grades
//! 4–11, the New Year party and the last bell. The demo student's class also has a parent
//! meeting this or next week (not yet answered by the demo parent) and a contest that
//! overlaps a class hour, so the diary and the class's page show both. The coming weeks'
//! events have been announced: their participants have the notices.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use redb::WriteTransaction;

use crate::auth::accounts::find_by_login;
use crate::demo::Rng;
use crate::error::AppError;
use crate::events::model::EVENT_REPLIES;
use crate::events::model::{Answer, Event, EventKind, Participants, Reply};
use crate::events::service::{announce, store_new, students_of_day};
use crate::people::service::{class_of, guardians_of};
use crate::store::ids::{ClassId, EventId, UserId};
use crate::structure::model::{SUBJECTS, YEARS};
use crate::structure::service::{classes_of, current_year_id, teaching_of_class};
use crate::timetable::calendar::ClassCalendar;
use crate::timetable::model::BELLS;

const SEED: u64 = 0x4556_454E_5453_0005;

/// Themes of the class hours, each from a day of the year (month, day) on.
const THEMES: [(u32, u32, &str); 23] = [
    (9, 1, "День знаний"),
    (9, 8, "Правила дорожного движения"),
    (9, 15, "Безопасность в интернете"),
    (9, 29, "День учителя"),
    (10, 6, "День отца"),
    (10, 13, "Здоровый образ жизни"),
    (10, 20, "Итоги первой четверти"),
    (11, 3, "День народного единства"),
    (11, 20, "День матери"),
    (11, 27, "Государственные символы России"),
    (12, 4, "День героев Отечества"),
    (12, 10, "День Конституции"),
    (12, 18, "Безопасные новогодние каникулы"),
    (1, 20, "Блокада Ленинграда"),
    (2, 3, "День российской науки"),
    (2, 17, "День защитника Отечества"),
    (3, 3, "Международный женский день"),
    (3, 14, "Воссоединение Крыма с Россией"),
    (4, 7, "День космонавтики"),
    (4, 18, "Экологический субботник"),
    (5, 4, "День Победы"),
    (5, 12, "Профессии наших родителей"),
    (5, 19, "Безопасное лето"),
];

/// Themes for the weeks between the dated ones.
const EVERY_WEEK: [&str; 6] = [
    "Дружный класс",
    "Учимся учиться",
    "Права и обязанности школьника",
    "Семейные традиции",
    "Мир профессий",
    "Книга, которую я советую",
];

/// The theme of the class hour on `day`: the dated one of its week, or one of every week.
fn theme(day: NaiveDate, used: &mut Vec<&'static str>, n: usize) -> &'static str {
    let dated = THEMES.iter().rev().find(|(m, d, _)| {
        let year = if *m >= 9 {
            day.year() - i32::from(day.month() < 9)
        } else {
            day.year() + i32::from(day.month() >= 9)
        };
        NaiveDate::from_ymd_opt(year, *m, *d).is_some_and(|from| from <= day + Duration::days(3))
    });
    match dated {
        Some((_, _, t)) if !used.contains(t) => {
            used.push(t);
            t
        }
        _ => EVERY_WEEK[n % EVERY_WEEK.len()],
    }
}

/// Excursions by grade: the place, and whether it takes all day.
const TRIPS: [&str; 11] = [
    "Пожарная часть № 7 г. Заречного",
    "Хлебозавод «Заречный»",
    "Пензенский краеведческий музей",
    "Пензенский зоопарк",
    "Музей одной картины им. Г. В. Мясникова",
    "Театр юного зрителя, спектакль «Маленький принц»",
    "Музей-заповедник «Тарханы»",
    "Пензенский планетарий",
    "Музей-усадьба В. Г. Белинского, Белинский",
    "Дни открытых дверей ПГУ",
    "Технопарк «Кванториум»",
];

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

/// The first `weekday` on or after `day`.
fn next(day: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() as i64 - day.weekday().num_days_from_monday() as i64) % 7;
    day + Duration::days(ahead)
}

/// A day with the times of an event.
type Slot = (NaiveDate, (NaiveTime, NaiveTime));

/// Builds events one class at a time.
struct Class<'a> {
    tx: &'a WriteTransaction,
    id: ClassId,
    grade: u8,
    chief: UserId,
    room: String,
    cal: ClassCalendar,
    today: NaiveDate,
}

impl Class<'_> {
    fn event(&self, kind: EventKind, title: &str, date: NaiveDate, times: (NaiveTime, NaiveTime)) -> Event {
        let written = date.min(self.today) - Duration::days(10);
        Event {
            class: self.id,
            kind,
            title: title.to_string(),
            date,
            start: Some(times.0),
            end: Some(times.1),
            place: self.room.clone(),
            responsible: Some(self.chief),
            responsible_name: String::new(),
            participants: Participants { whole_class: true, students: Vec::new(), parents: false },
            notes: String::new(),
            cancelled: false,
            created_by: self.chief,
            updated_by: None,
            updated_at: written.and_time(t(15, 0)).and_utc().timestamp() - 3 * 3600,
        }
    }

    /// Stores `e` when it falls in the year; an event of the coming three weeks has been
    /// announced to its participants.
    fn save(&self, e: &Event) -> Result<Option<EventId>, AppError> {
        if !self.cal.year.contains(e.date) {
            return Ok(None);
        }
        let id = store_new(self.tx, e)?;
        if e.date >= self.today && e.date <= self.today + Duration::days(21) && !e.cancelled {
            announce(self.tx, id, e, e.created_by)?;
        }
        Ok(Some(id))
    }

    /// After the last lesson of `day` (the class's bells), 40 minutes; 14:00 without lessons.
    fn after_lessons(&self, day: NaiveDate) -> Result<(NaiveTime, NaiveTime), AppError> {
        let last = self.cal.day(day).iter().map(|p| p.number).max();
        let shift = self.cal.version_on(day).map(|(_, w)| w.shift).unwrap_or(1);
        let end = match (last, BELLS.get(self.tx, &shift)?) {
            (Some(n), Some(bells)) => bells.of(n).map(|b| b.end),
            _ => None,
        };
        let start = end.map(|e| e + Duration::minutes(10)).unwrap_or(t(14, 0));
        Ok((start, start + Duration::minutes(40)))
    }

    fn class_hours(&self, rng: &mut Rng) -> Result<Vec<Slot>, AppError> {
        let mut out = Vec::new();
        let last = self.cal.year.end.min(self.today + Duration::days(28));
        let mut friday = next(self.cal.year.start, Weekday::Fri);
        let mut used = Vec::new();
        let mut n = 0;
        while friday <= last {
            let period_ends =
                self.cal.period_of(friday).is_some_and(|(_, p)| p.end < friday + Duration::days(7));
            if self.cal.is_study_day(friday) && (rng.below(6) != 0 || period_ends) {
                let times = self.after_lessons(friday)?;
                let mut e = self.event(
                    EventKind::ClassHour,
                    &format!("Разговоры о важном: {}", theme(friday, &mut used, n)),
                    friday,
                    times,
                );
                // Now and then called off: a flu quarantine, a concert rehearsal.
                e.cancelled = friday < self.today && rng.below(14) == 0;
                if e.cancelled {
                    e.notes = "Перенесено из-за карантина.".into();
                    e.updated_by = Some(self.chief);
                }
                self.save(&e)?;
                out.push((friday, times));
                n += 1;
            }
            friday += Duration::days(7);
        }
        Ok(out)
    }

    /// A parent meeting; the parents of the class answer the past ones and some coming ones.
    fn meeting(
        &self,
        rng: &mut Rng,
        title: &str,
        date: NaiveDate,
        skip: Option<UserId>,
    ) -> Result<(), AppError> {
        let mut e = self.event(EventKind::ParentMeeting, title, date, (t(18, 0), t(19, 0)));
        e.participants.parents = true;
        let Some(id) = self.save(&e)? else { return Ok(()) };
        let answering = if date < self.today { 8 } else { 3 };
        for s in students_of_day(self.tx, self.id, date)? {
            let Some((parent, _)) = guardians_of(self.tx, s)?.into_iter().next() else { continue };
            if Some(parent) == skip || rng.below(10) >= answering {
                continue;
            }
            let answer = if rng.below(8) == 0 { Answer::No } else { Answer::Yes };
            let note = match (answer, rng.below(4)) {
                (Answer::No, 0) => "В командировке, прошу прислать решение собрания.",
                (Answer::No, _) => "Работаю во вторую смену.",
                (Answer::Yes, 0) => "Придём вдвоём.",
                _ => "",
            };
            let at = (date - Duration::days(2)).and_time(t(20, 0)).and_utc().timestamp() - 3 * 3600;
            EVENT_REPLIES.insert(
                self.tx,
                &(id, parent),
                &Reply { answer, note: note.into(), at, student: Some(s) },
            )?;
        }
        Ok(())
    }

    /// A few students chosen for a contest.
    fn chosen(
        &self,
        rng: &mut Rng,
        day: NaiveDate,
        n: u64,
        must: Option<UserId>,
    ) -> Result<Vec<UserId>, AppError> {
        let list = students_of_day(self.tx, self.id, day)?;
        let mut out: Vec<UserId> = must.into_iter().filter(|m| list.contains(m)).collect();
        for _ in 0..n * 3 {
            if out.len() as u64 >= n || list.is_empty() {
                break;
            }
            let s = *rng.pick(&list);
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out.sort_by_key(|s| list.iter().position(|x| x == s));
        Ok(out)
    }

    /// The teacher of a subject in this class, if any.
    fn teacher_of(&self, subject: &str) -> Result<Option<UserId>, AppError> {
        for (_, teaching) in teaching_of_class(self.tx, self.id)? {
            if SUBJECTS.get(self.tx, &teaching.subject)?.is_some_and(|s| s.name == subject) {
                return Ok(Some(teaching.teacher));
            }
        }
        Ok(None)
    }

    fn olympiad(
        &self,
        rng: &mut Rng,
        title: &str,
        subject: &str,
        date: NaiveDate,
        n: u64,
        place: &str,
    ) -> Result<(), AppError> {
        if !self.cal.year.contains(date) {
            return Ok(());
        }
        let mut e = self.event(EventKind::Olympiad, title, date, (t(14, 30), t(16, 0)));
        e.participants =
            Participants { whole_class: false, students: self.chosen(rng, date, n, None)?, parents: false };
        e.responsible = self.teacher_of(subject)?.or(Some(self.chief));
        e.place = place.to_string();
        if !e.participants.students.is_empty() {
            self.save(&e)?;
        }
        Ok(())
    }
}

/// Creates the events of every class of the current year inside the demo's transaction.
pub fn seed(tx: &WriteTransaction, today: NaiveDate) -> Result<(), AppError> {
    let mut rng = Rng::new(SEED);
    let Some(year) = current_year_id(tx)? else { return Ok(()) };
    let demo_student = find_by_login(tx, "student")?.map(|(id, _)| id);
    let demo_parent = find_by_login(tx, "parent")?.map(|(id, _)| id);
    let demo_class = match demo_student {
        Some(s) => class_of(tx, s, today)?,
        None => None,
    };
    let mut classes = classes_of(tx, year)?;
    classes.sort_by(|a, b| (a.1.grade, &a.1.letter).cmp(&(b.1.grade, &b.1.letter)));
    for (id, class) in classes {
        let Some(&chief) = class.chiefs.first() else { continue };
        let Some(y) = YEARS.get(tx, &class.year)? else { continue };
        let Some(cal) = ClassCalendar::load(tx, id, y.start, y.end)? else { continue };
        let room = if class.room.is_empty() { String::new() } else { format!("каб. {}", class.room) };
        let c = Class { tx, id, grade: class.grade, chief, room, cal, today };
        let hours = c.class_hours(&mut rng)?;
        seed_meetings(&c, &mut rng, demo_class == Some(id), demo_parent)?;
        seed_trip(&c, &mut rng)?;
        seed_contests(&c, &mut rng)?;
        if demo_class == Some(id) {
            // A contest for the demo student at the time of a coming class hour: an overlap.
            if let Some((day, times)) = hours.iter().find(|(d, _)| *d >= today).copied() {
                let mut e = c.event(EventKind::Olympiad, "Математический конкурс «Кенгуру»", day, times);
                e.participants.whole_class = false;
                e.participants.students = c.chosen(&mut rng, day, 5, demo_student)?;
                e.responsible = c.teacher_of("Математика")?.or(Some(chief));
                e.place = "Актовый зал".into();
                c.save(&e)?;
            }
        }
    }
    Ok(())
}

/// A meeting near the end of each study period (the first one in September), and for the
/// demo student's class one this or next week that the demo parent has yet to answer.
fn seed_meetings(
    c: &Class<'_>,
    rng: &mut Rng,
    demo: bool,
    demo_parent: Option<UserId>,
) -> Result<(), AppError> {
    let year_start = c.cal.year.start;
    c.meeting(
        rng,
        "Организационное собрание: начало учебного года",
        next(year_start + Duration::days(10), Weekday::Thu),
        None,
    )?;
    let periods: Vec<(u8, NaiveDate, bool)> = c
        .cal
        .periods
        .iter()
        .map(|(_, p)| (p.number, p.end, p.scheme == crate::structure::model::Scheme::HalfYears))
        .collect();
    for (number, end, halves) in periods {
        let day = next(end - Duration::days(12), Weekday::Thu);
        let what = if halves { "полугодия" } else { "четверти" };
        c.meeting(rng, &format!("Родительское собрание: итоги {number} {what}"), day, None)?;
    }
    if demo {
        let mut day = next(c.today, Weekday::Thu);
        if !c.cal.year.contains(day) {
            day = c.today;
        }
        c.meeting(rng, "Родительское собрание: безопасность детей и питание в школе", day, demo_parent)?;
    }
    Ok(())
}

/// An excursion on a Saturday: the younger classes with parents, the guide named.
fn seed_trip(c: &Class<'_>, rng: &mut Rng) -> Result<(), AppError> {
    let weeks = 4 + rng.below(26) as i64;
    let day = next(c.cal.year.start + Duration::weeks(weeks), Weekday::Sat);
    if !c.cal.year.contains(day) || c.cal.is_holiday(day) {
        return Ok(());
    }
    let place = TRIPS[(c.grade as usize).clamp(1, 11) - 1];
    let mut e = c.event(EventKind::Excursion, &format!("Экскурсия: {place}"), day, (t(9, 30), t(15, 0)));
    e.place = "Сбор у главного входа школы".into();
    e.participants.parents = c.grade <= 4;
    if c.grade.is_multiple_of(2) {
        // A guide of the museum, written in.
        e.responsible = None;
        e.responsible_name = "Экскурсовод Николаева Марина Петровна".into();
    }
    e.notes =
        "Взять с собой перекус и воду. Стоимость билета оплачена из средств родительского комитета.".into();
    c.save(&e)?;
    Ok(())
}

/// The stages of the all-Russian olympiad, the New Year party, the last bell.
fn seed_contests(c: &Class<'_>, rng: &mut Rng) -> Result<(), AppError> {
    let y = c.cal.year.start.year();
    let d = |m: u32, day: u32| {
        NaiveDate::from_ymd_opt(if m >= 9 { y } else { y + 1 }, m, day).expect("valid date")
    };
    let room = c.room.clone();
    if c.grade >= 4 {
        let subject =
            if c.grade.is_multiple_of(2) { "Русский язык" } else { "Математика" };
        let title = format!("Школьный этап ВсОШ: {}", subject.to_lowercase());
        c.olympiad(
            rng,
            &title,
            subject,
            next(d(10, 1) + Duration::days(c.grade as i64), Weekday::Wed),
            5,
            &room,
        )?;
    }
    if c.grade >= 7 {
        let (subject, stage) = if c.grade.is_multiple_of(2) {
            ("Математика", "математика")
        } else {
            ("Русский язык", "русский язык")
        };
        c.olympiad(
            rng,
            &format!("Муниципальный этап ВсОШ: {stage}"),
            subject,
            next(d(11, 20), Weekday::Sat),
            2,
            "Лицей № 230",
        )?;
    }
    if c.grade >= 9 {
        c.olympiad(
            rng,
            "Региональный этап ВсОШ: обществознание",
            "Обществознание",
            next(d(1, 20), Weekday::Tue),
            1,
            "ПГУ, корпус 7",
        )?;
    }
    if c.grade <= 6 {
        let mut e = c.event(
            EventKind::Celebration,
            "Новогодний праздник",
            next(d(12, 22), Weekday::Fri),
            (t(16, 0), t(17, 30)),
        );
        e.place = "Актовый зал".into();
        e.participants.parents = c.grade <= 2;
        if c.cal.year.contains(e.date) {
            c.save(&e)?;
        }
    }
    if c.grade == 9 || c.grade == 11 {
        let mut e = c.event(EventKind::Celebration, "Последний звонок", d(5, 25), (t(10, 0), t(12, 0)));
        e.place = "Школьный двор".into();
        e.participants.parents = true;
        if c.cal.year.contains(e.date) {
            c.save(&e)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::model::{CLASS_EVENTS, EVENTS};
    use crate::store::{Order, Store};
    use redb::Durability;

    #[test]
    fn every_class_gets_past_and_coming_events_of_every_kind() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("d.redb"), &crate::wiring::SCHEMA).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        crate::demo::seed_if_empty_on(&store, today).unwrap();
        // Seeded with the demo once `demo::build` calls it; before that, here.
        store
            .write_blocking(Durability::None, |tx| {
                if EVENTS.count(tx)? == 0 {
                    seed(tx, today)?;
                }
                Ok::<_, AppError>(())
            })
            .unwrap();
        store
            .read_blocking(|tx| {
                let year = current_year_id(tx)?.unwrap();
                let classes = classes_of(tx, year)?;
                assert!(classes.len() > 10);
                for (id, class) in classes {
                    let mut kinds = std::collections::HashSet::new();
                    let (mut past, mut coming) = (0, 0);
                    let mut ids = Vec::new();
                    CLASS_EVENTS.scan_prefix(tx, &id, Order::Asc, |(_, date, e), ()| {
                        if date < today {
                            past += 1
                        } else {
                            coming += 1
                        }
                        ids.push(e);
                        true
                    })?;
                    for e in ids {
                        kinds.insert(EVENTS.get(tx, &e)?.unwrap().kind);
                    }
                    assert!(past >= 8 && coming >= 2, "{}: {past} past, {coming} coming", class.name());
                    assert!(
                        kinds.contains(&EventKind::ClassHour) && kinds.contains(&EventKind::ParentMeeting)
                    );
                    if class.grade >= 4 {
                        assert!(kinds.contains(&EventKind::Olympiad), "{}", class.name());
                    }
                }
                assert!(EVENT_REPLIES.count(tx)? > 100);
                let parent = find_by_login(tx, "parent")?.unwrap().0;
                assert!(
                    !crate::notify::service::list(tx, parent)?.is_empty(),
                    "coming events were announced"
                );
                Ok::<_, AppError>(())
            })
            .unwrap();
    }
}
