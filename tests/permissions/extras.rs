//! Builds the [`World`]: the demo, what it lacks for a few placeholders, and one app per role
//! from a copy of the result.

use std::collections::BTreeMap;

use parta::auth::accounts::find_by_login;
use parta::auth::model::Role;
use parta::auth::permission::{Actor, Target};
use parta::error::AppError;
use parta::journal::model::LESSONS;
use parta::journal::model::LessonKey;
use parta::notify::model::NOTICES;
use parta::notify::model::Notice;
use parta::plans::model::PLANS;
use parta::store::Order;
use parta::store::ids::{NoticeId, UserId};
use parta::structure::model::TEACHING;
use redb::Durability;

use super::world::{ACCOUNTS, Fill, Value, World, read};
use crate::common::TestApp;

/// An app over a copy of `bytes`, a data file the demo was built into.
pub fn app_from(bytes: &[u8]) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let config = crate::common::config(&dir.path().join("data"));
    parta::ops::create_private_dir(&config.data_dir).unwrap();
    std::fs::write(config.db_path(), bytes).unwrap();
    let state = parta::server::prepare(config, true).unwrap();
    let router = parta::app(state.clone());
    TestApp { state, router, dir }
}

fn fill<'a>(scopes: &'a mut [(&'static str, Fill)], name: &str) -> &'a mut Fill {
    &mut scopes.iter_mut().find(|(n, _)| *n == name).unwrap().1
}

fn lesson_of(f: &Fill) -> LessonKey {
    match f["lesson"].target {
        Target::Lesson(teaching, date, number) => LessonKey { teaching, date, number },
        _ => unreachable!(),
    }
}

const FILE: &[u8] = b"Homework: exercises 1-5.\n";

/// The ids of the demo accounts the matrix walks, by login.
pub fn demo_ids(app: &TestApp) -> BTreeMap<&'static str, UserId> {
    app.store()
        .read_blocking(|tx| {
            let mut ids = BTreeMap::new();
            for (login, _) in ACCOUNTS {
                ids.insert(login, find_by_login(tx, login)?.unwrap().0);
            }
            Ok::<_, AppError>(ids)
        })
        .unwrap()
}

pub async fn build() -> World {
    let app = TestApp::demo();
    let today = crate::common::today();
    let mut ids = demo_ids(&app);
    let mut scopes = app.store().read_blocking(|tx| read(tx, &ids, today)).unwrap();
    // The accounts with several roles, made of the people the scopes name.
    ids.extend(super::multi::add(&app, &scopes));

    // A homework file on each side: the demo teacher uploads to her lesson and to the lesson she
    // gives as a substitute; the other class's teacher to theirs.
    let mut teacher = app.signed_in("teacher").await;
    teacher.get("/").await;
    for name in ["own", "substitute", "other"] {
        let key = lesson_of(fill(&mut scopes, name));
        if name == "other" {
            let by =
                app.store().read_blocking(|tx| TEACHING.get(tx, &key.teaching)).unwrap().unwrap().teacher;
            let actor = Actor { id: by, roles: vec![Role::Teacher], today, now: crate::common::unix() };
            let name = "hw.txt".to_string();
            parta::journal::lessons::add_file(&app.state, actor, key, name, FILE.to_vec()).await.unwrap();
        } else {
            let url = format!("/journal/{}/lessons/{}.{}/files", key.teaching, key.date, key.number);
            let r = teacher.upload(&url, "file", "hw.txt", FILE).await;
            assert!(r.status.is_redirection() || r.status.is_success(), "{url}: {}", r.status);
        }
        let k = (key.teaching, key.date, key.number);
        let lesson = app.store().read_blocking(|tx| LESSONS.get(tx, &k)).unwrap().unwrap();
        let text = lesson.files.last().expect("the file is stored").to_string();
        fill(&mut scopes, name)
            .insert("homework".into(), Value { text, target: Target::Teaching(key.teaching) });
    }

    // A material on a topic of each side's plan, uploaded by the administrator.
    let mut admin = app.signed_in("admin").await;
    admin.get("/").await;
    for name in ["own", "other"] {
        let f = fill(&mut scopes, name);
        let (plan, topic) = (f["plan"].text.clone(), f["topic"].text.clone());
        let r = admin.upload(&format!("/plans/{plan}/topics/{topic}/materials"), "file", "m.txt", FILE).await;
        assert!(r.status.is_redirection(), "material: {}", r.status);
        let target = f["plan"].target;
        let Target::Plan(id) = target else { unreachable!() };
        let p = app.store().read_blocking(|tx| PLANS.get(tx, &id)).unwrap().unwrap();
        let t: u32 = topic.parse().unwrap();
        let (_, t) = p.topics().find(|(_, x)| x.id == t).unwrap();
        let text = t.materials.last().unwrap().to_string();
        f.insert("material".into(), Value { text, target });
    }

    // A notice for every account the matrix signs in as; and the demo student's calendar feed, live.
    let notices: BTreeMap<UserId, NoticeId> = app
        .store()
        .write_blocking(Durability::Immediate, |tx| {
            let mut out = BTreeMap::new();
            for id in ids.values() {
                let at = crate::common::unix();
                let notice = Notice {
                    at,
                    key: "notices-title".into(),
                    args: Vec::new(),
                    link: "/notices".into(),
                    by: None,
                    read: false,
                };
                parta::notify::service::send(tx, &[*id], notice)?;
                NOTICES.scan_prefix(tx, id, Order::Desc, |(_, n), _| {
                    out.insert(*id, n);
                    false
                })?;
            }
            Ok::<_, AppError>(out)
        })
        .unwrap();
    let student = Actor { id: ids["student"], roles: vec![Role::Student], today, now: crate::common::unix() };
    let (token, _) = parta::calendar::service::create(&app.state, student).await.unwrap();
    for (_, f) in &mut scopes {
        f.insert("feed".into(), Value { text: token.clone(), target: Target::School });
    }

    let path = app.state.config.db_path();
    drop((teacher, admin));
    let TestApp { state, router, dir } = app;
    drop((router, state));
    let bytes = std::fs::read(path).unwrap();
    drop(dir);
    World::new(today, ids, scopes, notices, bytes)
}
