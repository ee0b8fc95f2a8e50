//! Hostile values written into the demo school through the real forms, as the role that may
//! write them: the school card (principal), accounts (admin), students and parents (admin), the
//! structure (admin). The demo teacher, student and parent and the maths subject then carry
//! payloads onto every page that names them.

use axum::http::StatusCode;
use parta::error::AppError;
use parta::people::model::STUDENTS;
use parta::people::model::Sex;
use parta::store::ids::{GroupId, UserId, WorkTypeId};
use parta::structure::model::{CLASSES, GROUPS, WORK_TYPES};

use super::inert::{IMG, JS_URL, SCRIPT, hostile, short};
use super::support::{Demo, answered};

/// The payloads written, to look for on the pages.
pub struct Poison {
    pub school_full: String,
    pub school_short: String,
    pub teacher_surname: String,
    pub student_surname: String,
    pub student_first: String,
    pub parent_surname: String,
    pub subject: String,
    pub work_type: String,
    pub work_abbr: String,
    pub room: String,
    pub profile: String,
    pub group: String,
    pub group_id: GroupId,
}

/// `tag` and the script and image payloads: 55 characters and the tag, for fields of 60.
pub fn mid(tag: &str) -> String {
    format!("{tag}{SCRIPT}{IMG}")
}

/// A room (32 characters at most).
pub fn room(tag: &str) -> String {
    format!("{tag}\"><svg onload=alert(1)>")
}

/// The school card, by the principal. The website is a `javascript:` link.
pub async fn school(d: &Demo) -> (String, String) {
    let mut p = d.client("director").await;
    p.get("/admin/school").await;
    let (full, short_name) = (hostile("=S1"), mid("=S2"));
    let (director, address, phone) = (hostile("+S3"), hostile("-S4"), hostile("@S5"));
    let email = format!("{IMG}@x.ru");
    let rounding = d.app.state.school().rounding.key();
    let r = p
        .post(
            "/admin/school",
            &[
                ("full_name", &full),
                ("short_name", &short_name),
                ("director", &director),
                ("address", &address),
                ("phone", &phone),
                ("email", &email),
                ("website", JS_URL),
                ("time_zone", "Europe/Moscow"),
                ("rounding", rounding),
            ],
        )
        .await;
    answered("the school card", &r, StatusCode::SEE_OTHER);
    assert_eq!(d.app.state.school().short_name, short_name);
    (full, short_name)
}

/// An account's names through the admin form, keeping its login and roles.
pub async fn account(d: &Demo, admin: &mut crate::common::Client, id: UserId, tags: [&str; 4]) -> String {
    let u = d.user(id);
    admin.get(&format!("/admin/users/{id}")).await;
    let (surname, first, patronymic, position) =
        (hostile(tags[0]), hostile(tags[1]), hostile(tags[2]), hostile(tags[3]));
    let mut fields = vec![
        ("login", u.login.clone()),
        ("surname", surname.clone()),
        ("first_name", first),
        ("patronymic", patronymic),
        ("email", format!("x\"'><svg/onload=alert(1)>@{}.ru", u.login)),
        ("phone", u.phone.clone()),
        ("position", position),
    ];
    for r in &u.roles {
        fields.push(("roles", r.key().to_string()));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = admin.post(&format!("/admin/users/{id}"), &fields).await;
    answered("an account", &r, StatusCode::SEE_OTHER);
    assert_eq!(d.user(id).surname, surname);
    surname
}

/// Everything above: the card, the teacher's, the parent's and the student's names, the maths
/// subject, the first assignment type, 5А's room and profile, a group of 5А.
pub async fn all(d: &Demo) -> Poison {
    let (school_full, school_short) = school(d).await;
    let mut admin = d.client("admin").await;
    let teacher_surname = account(d, &mut admin, d.teacher, ["=T1", "+T2", "-T3", "@T4"]).await;
    let parent_surname = account(d, &mut admin, d.parent, ["=P1", "+P2", "-P3", "@P4"]).await;

    // The student's file, through the people pages.
    let info = d.app.store().read_blocking(|tx| Ok::<_, AppError>(STUDENTS.get(tx, &d.student)?)).unwrap();
    let info = info.unwrap_or_default();
    admin.get(&format!("/students/{}", d.student)).await;
    let (student_surname, student_first) = (hostile("=U1"), hostile("+U2"));
    let birth = info.birth_date.map(|b| b.to_string()).unwrap_or_default();
    let sex = match info.sex {
        Some(Sex::Male) => "male",
        Some(Sex::Female) => "female",
        None => "",
    };
    let r = admin
        .post(
            &format!("/students/{}", d.student),
            &[
                ("surname", &student_surname),
                ("first_name", &student_first),
                ("patronymic", &hostile("-U3")),
                ("birth_date", &birth),
                ("sex", sex),
            ],
        )
        .await;
    answered("the student's file", &r, StatusCode::SEE_OTHER);
    assert_eq!(d.user(d.student).surname, student_surname);

    // The structure.
    let subject = hostile("=M1");
    admin.get(&format!("/structure/subjects/{}", d.subject)).await;
    let r = admin
        .post(&format!("/structure/subjects/{}", d.subject), &[("name", &subject), ("short", &short('='))])
        .await;
    answered("the subject", &r, StatusCode::SEE_OTHER);

    let (wt, w) = first_work_type(d);
    let (work_type, work_abbr) = (hostile("=W1"), short('='));
    admin.get(&format!("/structure/work-types/{wt}")).await;
    let weight = w.weight.to_string();
    let r = admin
        .post(
            &format!("/structure/work-types/{wt}"),
            &[("name", &work_type), ("abbr", &work_abbr), ("weight", &weight)],
        )
        .await;
    answered("the assignment type", &r, StatusCode::SEE_OTHER);

    let class =
        d.app.store().read_blocking(|tx| Ok::<_, AppError>(CLASSES.get(tx, &d.class)?)).unwrap().unwrap();
    let (room_name, profile) = (room("=R1"), hostile("=C1"));
    admin.get(&format!("/structure/classes/{}", d.class)).await;
    let grade = class.grade.to_string();
    let mut fields =
        vec![("grade", grade.clone()), ("letter", class.letter.clone()), ("room", room_name.clone())];
    fields.push(("profile", profile.clone()));
    for c in &class.chiefs {
        fields.push(("chiefs", c.to_string()));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = admin.post(&format!("/structure/classes/{}", d.class), &fields).await;
    answered("the class", &r, StatusCode::SEE_OTHER);

    let group = hostile("=G1");
    admin.get(&format!("/structure/classes/{}", d.class)).await;
    let s = d.subject.to_string();
    let r = admin
        .post(&format!("/structure/classes/{}/groups", d.class), &[("name", &group), ("subject", &s)])
        .await;
    answered("a group", &r, StatusCode::SEE_OTHER);
    let group_id = d
        .app
        .store()
        .read_blocking(|tx| Ok::<_, AppError>(GROUPS.all(tx)?.into_iter().find(|(_, g)| g.name == group)))
        .unwrap()
        .expect("the group is stored")
        .0;

    Poison {
        school_full,
        school_short,
        teacher_surname,
        student_surname,
        student_first,
        parent_surname,
        subject,
        work_type,
        work_abbr,
        room: room_name,
        profile,
        group,
        group_id,
    }
}

/// The assignment type lessons get by default (the first one).
pub fn first_work_type(d: &Demo) -> (WorkTypeId, parta::structure::model::WorkType) {
    let all = d.app.store().read_blocking(|tx| Ok::<_, AppError>(WORK_TYPES.all(tx)?)).unwrap();
    all.into_iter().find(|(_, w)| !w.archived).expect("an assignment type")
}
