//! The demo school's staff and their work: deputies and teachers of every subject, the teaching
//! assignments of every class (English in two groups from grade 2), and the class chiefs.

use redb::WriteTransaction;

use super::Rng;
use super::people;
use super::school::{ClassPlan, School, Subj, curriculum, in_groups};
use crate::auth::accounts::{self, Profile};
use crate::auth::model::Role;
use crate::error::AppError;
use crate::people::model::Sex;
use crate::people::service::unique_login;
use crate::store::ids::{GroupId, UserId};
use crate::structure::model::{Group, Teaching};
use crate::structure::service;

/// Who teaches a subject: the classroom teacher in grades 1–4, a subject teacher otherwise.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Family {
    Primary,
    Rus,
    Math,
    Eng,
    Hist,
    Geo,
    Bio,
    Phys,
    Chem,
    Inf,
    Music,
    Art,
    Tech,
    Obzr,
    Pe,
}

/// The teachers' family of a subject in a grade.
pub fn family(subj: Subj, grade: u8) -> Family {
    use Subj::*;
    match subj {
        Eng => Family::Eng,
        Music => Family::Music,
        Pe => Family::Pe,
        _ if grade <= 4 => Family::Primary,
        Rus | Lit | LitRead => Family::Rus,
        Math | Alg | AlgAn | Geom | Prob => Family::Math,
        Hist | Soc | Odnknr | Project | Orkse => Family::Hist,
        Geo | World => Family::Geo,
        Bio => Family::Bio,
        Phys => Family::Phys,
        Chem => Family::Chem,
        Inf => Family::Inf,
        Art => Family::Art,
        Tech => Family::Tech,
        Obzr => Family::Obzr,
    }
}

/// A post: how many people hold it, their role and subjects, and the share of women (%).
struct Post {
    family: Option<Family>,
    count: usize,
    position: &'static str,
    role: Role,
    women: u64,
}

const fn post(family: Option<Family>, count: usize, position: &'static str, role: Role, women: u64) -> Post {
    Post { family, count, position, role, women }
}

const fn teachers(family: Family, count: usize, position: &'static str, women: u64) -> Post {
    post(Some(family), count, position, Role::Teacher, women)
}

/// The staff beyond the fixed demo accounts and the director.
const POSTS: [Post; 17] = [
    post(None, 1, "Заместитель директора по воспитательной работе", Role::Principal, 90),
    post(None, 1, "Заместитель директора по УВР (начальная школа)", Role::Principal, 100),
    teachers(Family::Primary, 12, "Учитель начальных классов", 95),
    teachers(Family::Rus, 4, "Учитель русского языка и литературы", 100),
    teachers(Family::Math, 3, "Учитель математики", 80),
    teachers(Family::Eng, 6, "Учитель английского языка", 90),
    teachers(Family::Hist, 3, "Учитель истории и обществознания", 60),
    teachers(Family::Geo, 1, "Учитель географии", 70),
    teachers(Family::Bio, 1, "Учитель биологии", 90),
    teachers(Family::Chem, 1, "Учитель химии", 90),
    teachers(Family::Phys, 1, "Учитель физики", 50),
    teachers(Family::Inf, 1, "Учитель информатики", 30),
    teachers(Family::Music, 1, "Учитель музыки", 90),
    teachers(Family::Art, 1, "Учитель изобразительного искусства", 90),
    teachers(Family::Tech, 1, "Учитель труда (технологии)", 40),
    teachers(Family::Obzr, 1, "Преподаватель-организатор ОБЗР", 10),
    teachers(Family::Pe, 3, "Учитель физической культуры", 40),
];

/// A teacher and the subjects they teach.
pub struct Member {
    pub id: UserId,
    pub family: Family,
}

/// Creates the staff accounts (without passwords); returns the teachers, `first` (the fixed
/// demo teachers) ahead of the others of their family.
pub fn hire(
    tx: &WriteTransaction,
    rng: &mut Rng,
    first: Vec<Member>,
    at: i64,
) -> Result<Vec<Member>, AppError> {
    let mut members = first;
    for p in &POSTS {
        for _ in 0..p.count {
            let sex = if rng.below(100) < p.women { Sex::Female } else { Sex::Male };
            let elder = rng.below(100) < 35;
            let (surname, first_name, patronymic) = people::adult_name(rng, sex, elder);
            let login = unique_login(tx, &surname, first_name, patronymic)?;
            let profile = Profile {
                email: format!("{login}@school7.example.ru"),
                login,
                surname,
                first_name: first_name.into(),
                patronymic: patronymic.into(),
                roles: vec![p.role],
                phone: people::phone(rng),
                position: p.position.into(),
            };
            let id = accounts::create_without_password(tx, profile, at)?;
            if let Some(family) = p.family {
                members.push(Member { id, family });
            }
        }
    }
    Ok(members)
}

/// A block of teaching one teacher takes: the subjects of a family in a class (or a group).
struct Unit {
    class: usize,
    group: Option<usize>,
    subjects: Vec<(Subj, f32)>,
}

impl Unit {
    fn hours(&self) -> f32 {
        self.subjects.iter().map(|(_, h)| h).sum()
    }
}

/// Gives consecutive units to each teacher in turn, about an equal share each.
fn distribute(units: &[&Unit], teachers: &[usize]) -> Vec<usize> {
    let total: f32 = units.iter().map(|u| u.hours()).sum();
    let share = total / teachers.len() as f32;
    let (mut t, mut load) = (0, 0.0);
    units
        .iter()
        .map(|u| {
            let h = u.hours();
            if t + 1 < teachers.len() && load > 0.0 && load + h / 2.0 > share {
                t += 1;
                load = 0.0;
            }
            load += h;
            teachers[t]
        })
        .collect()
}

/// Splits every class of grade 2–11 into two English groups (by the alphabetical list),
/// assigns the teaching of every subject of every class, and names the class chiefs:
/// the classroom teacher in grades 1–4, `reserved` where given, otherwise the free teacher
/// with the most hours in the class other than those in `no_chief`.
pub fn assign(
    tx: &WriteTransaction,
    school: &School,
    members: &[Member],
    lists: &[Vec<UserId>],
    reserved: &[(usize, UserId)],
    no_chief: &[UserId],
) -> Result<(), AppError> {
    let units = units(school);
    let teacher_of = choose_teachers(&units, members);
    let groups = english_groups(tx, school, lists)?;
    let mut class_hours: Vec<Vec<(usize, f32)>> = vec![Vec::new(); school.classes.len()];
    for ((_, unit), &t) in units.iter().zip(&teacher_of) {
        let plan = &school.classes[unit.class];
        for &(subj, hours) in &unit.subjects {
            let teaching = Teaching {
                year: school.year,
                class: plan.id,
                group: unit.group.map(|g| groups[unit.class][g]),
                subject: school.subject(subj),
                teacher: members[t].id,
                hours,
            };
            service::add_teaching(tx, teaching)?;
        }
        let row = &mut class_hours[unit.class];
        match row.iter_mut().find(|(m, _)| *m == t) {
            Some((_, h)) => *h += unit.hours(),
            None => row.push((t, unit.hours())),
        }
    }
    name_chiefs(tx, school, members, &class_hours, reserved, no_chief)
}

/// The units of every family, in class order.
fn units(school: &School) -> Vec<(Family, Unit)> {
    let mut units: Vec<(Family, Unit)> = Vec::new();
    for (ci, plan) in school.classes.iter().enumerate() {
        let grade = plan.class.grade;
        for (subj, h) in curriculum(grade) {
            let fam = family(subj, grade);
            let groups: &[Option<usize>] = if in_groups(subj, grade) { &[Some(0), Some(1)] } else { &[None] };
            for &group in groups {
                match units.iter_mut().find(|(f, u)| *f == fam && u.class == ci && u.group == group) {
                    Some((_, u)) => u.subjects.push((subj, h)),
                    None => units.push((fam, Unit { class: ci, group, subjects: vec![(subj, h)] })),
                }
            }
        }
    }
    units
}

/// The teacher (an index into `members`) of each unit: one classroom teacher per primary
/// class; English groups 1 and 2 of a class from two different teachers; the other subjects
/// in about equal shares.
fn choose_teachers(units: &[(Family, Unit)], members: &[Member]) -> Vec<usize> {
    let mut teacher_of = vec![None; units.len()];
    let mut families: Vec<Family> = Vec::new();
    for m in members {
        if !families.contains(&m.family) {
            families.push(m.family);
        }
    }
    for fam in families {
        let staff: Vec<usize> = (0..members.len()).filter(|&i| members[i].family == fam).collect();
        let passes: Vec<(Option<usize>, Vec<usize>)> = if fam == Family::Eng {
            let evens = staff.iter().copied().step_by(2).collect();
            let odds = staff.iter().copied().skip(1).step_by(2).collect();
            vec![(Some(0), evens), (Some(1), odds)]
        } else {
            vec![(None, staff)]
        };
        for (group, staff) in passes {
            let picked: Vec<usize> = (0..units.len())
                .filter(|&i| units[i].0 == fam && (fam != Family::Eng || units[i].1.group == group))
                .collect();
            let chosen = if fam == Family::Primary {
                staff.iter().copied().cycle().take(picked.len()).collect()
            } else {
                distribute(&picked.iter().map(|&i| &units[i].1).collect::<Vec<_>>(), &staff)
            };
            for (i, t) in picked.into_iter().zip(chosen) {
                teacher_of[i] = Some(t);
            }
        }
    }
    teacher_of.into_iter().map(|t| t.expect("every family has teachers")).collect()
}

/// Two English groups for every class from grade 2: the first and second half of the list.
fn english_groups(
    tx: &WriteTransaction,
    school: &School,
    lists: &[Vec<UserId>],
) -> Result<Vec<Vec<GroupId>>, AppError> {
    let english = school.subject(Subj::Eng);
    let mut groups: Vec<Vec<GroupId>> = vec![Vec::new(); school.classes.len()];
    for (ci, plan) in school.classes.iter().enumerate() {
        if in_groups(Subj::Eng, plan.class.grade) {
            let half = lists[ci].len().div_ceil(2);
            for (n, part) in [&lists[ci][..half], &lists[ci][half..]].into_iter().enumerate() {
                let group = Group {
                    class: plan.id,
                    subject: english,
                    name: format!("Группа {}", n + 1),
                    students: part.to_vec(),
                };
                groups[ci].push(service::save_group(tx, None, group)?);
            }
        }
    }
    Ok(groups)
}

fn name_chiefs(
    tx: &WriteTransaction,
    school: &School,
    members: &[Member],
    class_hours: &[Vec<(usize, f32)>],
    reserved: &[(usize, UserId)],
    no_chief: &[UserId],
) -> Result<(), AppError> {
    let mut taken: Vec<UserId> = reserved.iter().map(|(_, id)| *id).collect();
    for (ci, plan) in school.classes.iter().enumerate() {
        let chief = if let Some((_, id)) = reserved.iter().find(|(c, _)| *c == ci) {
            *id
        } else {
            let mut candidates: Vec<(usize, f32)> = class_hours[ci]
                .iter()
                .copied()
                .filter(|(m, _)| {
                    let id = members[*m].id;
                    !taken.contains(&id) && !no_chief.contains(&id)
                })
                .collect();
            if plan.class.grade <= 4 {
                candidates.retain(|(m, _)| members[*m].family == Family::Primary);
            }
            // The most hours; the earlier teacher on a tie.
            candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            match candidates.first() {
                Some((m, _)) => members[*m].id,
                None => free_teacher(members, &taken, no_chief)?,
            }
        };
        taken.push(chief);
        save_chief(tx, plan, chief)?;
    }
    Ok(())
}

fn free_teacher(members: &[Member], taken: &[UserId], no_chief: &[UserId]) -> Result<UserId, AppError> {
    members
        .iter()
        .map(|m| m.id)
        .find(|id| !taken.contains(id) && !no_chief.contains(id))
        .ok_or(AppError::BadRequest("class-chief-not-teacher"))
}

fn save_chief(tx: &WriteTransaction, plan: &ClassPlan, chief: UserId) -> Result<(), AppError> {
    let class = crate::structure::model::Class { chiefs: vec![chief], ..plan.class.clone() };
    service::save_class(tx, Some(plan.id), class)?;
    Ok(())
}
