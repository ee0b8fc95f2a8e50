//! The data file: migrations, refusing newer files, online backup, restore.

use std::path::Path;

use crate::common::TestApp;
use axum::http::StatusCode;
use parta::auth::model::{CREDENTIALS, USER_LOGINS, USERS};
use parta::error::AppError;
use parta::store::tables::{self, META};
use parta::store::{Store, StoreError};
use redb::Durability;

fn version_key() -> String {
    tables::meta::SCHEMA_VERSION.to_string()
}

fn sha(path: &Path) -> String {
    use sha2::Digest;
    parta::store::blobs::hex(&sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

#[test]
fn migrations_run_once_and_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parta.redb");
    let first = {
        let store = Store::open(&path, &parta::wiring::SCHEMA).unwrap();
        store.read_blocking(|tx| tables::MIGRATIONS.all(tx)).unwrap()
    };
    assert_eq!(first.len(), parta::wiring::SCHEMA.migrations.len());
    let store = Store::open(&path, &parta::wiring::SCHEMA).unwrap();
    let second = store.read_blocking(|tx| tables::MIGRATIONS.all(tx)).unwrap();
    assert_eq!(first, second, "nothing ran again");
    let version = store.read_blocking(|tx| META.get(tx, &version_key())).unwrap();
    assert_eq!(version, Some(parta::wiring::SCHEMA.migrations.len() as u64));
    assert!(!dir.path().join("backups").exists(), "a new file needs no backup");
}

#[test]
fn an_older_file_is_backed_up_then_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parta.redb");
    {
        // Pretend the file stopped after the first step.
        let store = Store::open(&path, &parta::wiring::SCHEMA).unwrap();
        store
            .write_blocking(Durability::Immediate, |tx| {
                META.insert(tx, &version_key(), &1)?;
                tables::MIGRATIONS.remove(tx, &parta::wiring::SCHEMA.migrations[1].name.to_string())?;
                parta::school::model::SCHOOL.remove(tx, &tables::SINGLE)?;
                Ok::<_, StoreError>(())
            })
            .unwrap();
    }
    let store = Store::open(&path, &parta::wiring::SCHEMA).unwrap();
    let card = store.read_blocking(|tx| parta::school::model::SCHOOL.get(tx, &tables::SINGLE)).unwrap();
    assert!(card.is_some(), "the second step ran");
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups")).unwrap().collect();
    assert_eq!(backups.len(), 1, "one backup before migrating");
    let backup = backups[0].as_ref().unwrap().path();
    let counts = parta::store::verify_file(&backup, &parta::wiring::SCHEMA).unwrap();
    assert!(counts.iter().any(|(name, _)| *name == "school-1"));
}

#[test]
fn a_file_from_a_newer_parta_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parta.redb");
    {
        let store = Store::open(&path, &parta::wiring::SCHEMA).unwrap();
        store.write_blocking(Durability::Immediate, |tx| META.insert(tx, &version_key(), &999)).unwrap();
    }
    let before = sha(&path);
    let err = Store::open(&path, &parta::wiring::SCHEMA).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 999, .. }), "{err}");
    assert!(err.to_string().contains("newer Parta"), "{err}");
    assert_eq!(sha(&path), before, "the file is untouched");
    assert!(matches!(
        parta::store::verify_file(&path, &parta::wiring::SCHEMA),
        Err(StoreError::TooNew { .. })
    ));
}

#[test]
fn a_second_server_on_the_same_data_directory_is_refused() {
    let app = TestApp::demo();
    let config = (*app.state.config).clone();
    let err = parta::server::prepare(config, false).err().expect("refused");
    assert!(err.to_string().contains("in use by another Parta server"), "{err}");
}

/// Every account has its login entry, every credential its account: what a torn copy breaks.
/// Returns (accounts, accounts with a password). The demo's students, parents and staff have no
/// password until their access letters, so the two differ by the demo's password-less accounts;
/// an account created through the form comes with its credential in the same transaction.
fn assert_consistent(store: &Store) -> (u64, u64) {
    store
        .read_blocking(|tx| {
            let users = USERS.all(tx)?;
            let logins = USER_LOGINS.all(tx)?;
            assert_eq!(users.len(), logins.len());
            for (id, u) in &users {
                assert_eq!(USER_LOGINS.get(tx, &u.login)?, Some(*id));
            }
            let credentials = CREDENTIALS.all(tx)?;
            for (id, _) in &credentials {
                assert!(users.iter().any(|(u, _)| u == id), "a credential without its account");
            }
            Ok::<_, AppError>((users.len() as u64, credentials.len() as u64))
        })
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_accounts_are_created_restores_to_a_consistent_state() {
    let app = TestApp::demo();
    let data_dir = app.state.config.data_dir.clone();
    let _socket = parta::ops::control::listen(&data_dir, app.store().clone()).await.unwrap();
    let (demo_users, demo_credentials) = assert_consistent(app.store());
    let passwordless = demo_users - demo_credentials;

    // Writers: the administrator creates accounts through the real forms.
    let mut admin = app.signed_in("admin").await;
    admin.get("/admin/users/new").await;
    let writer = tokio::spawn(async move {
        for i in 0..40 {
            let login = format!("pupil{i}");
            let r = admin
                .post(
                    "/admin/users",
                    &[("surname", "Ученик"), ("first_name", &login), ("login", &login), ("roles", "student")],
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED);
        }
    });

    // Meanwhile, backups through the control socket, as `parta backup` takes them.
    let out_dir = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for i in 0..5 {
        let out = out_dir.path().join(format!("copy-{i}.redb"));
        let dir = data_dir.clone();
        let arg = out.to_string_lossy().to_string();
        let reply = tokio::task::spawn_blocking(move || parta::ops::via_server_or_file(&dir, "backup", &arg))
            .await
            .unwrap()
            .unwrap();
        assert!(reply.contains("backup written"), "{reply}");
        outs.push(out);
        tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    }
    writer.await.unwrap();

    let mut seen = Vec::new();
    for (i, out) in outs.iter().enumerate() {
        parta::store::verify_file(out, &parta::wiring::SCHEMA).unwrap();
        let restore_dir = out_dir.path().join(format!("restored-{i}"));
        let msg = parta::ops::restore(out, &restore_dir).unwrap();
        assert!(msg.contains("restored"), "{msg}");
        let store = Store::open(&restore_dir.join("parta.redb"), &parta::wiring::SCHEMA).unwrap();
        let (users, credentials) = assert_consistent(&store);
        assert_eq!(users - credentials, passwordless, "every new account has its credential");
        assert!((demo_users..=demo_users + 40).contains(&users), "{users}");
        seen.push(users);
    }
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "later copies hold at least as much: {seen:?}");
    assert_eq!(assert_consistent(app.store()), (demo_users + 40, demo_credentials + 40));
    assert_eq!(demo_credentials, 9, "the nine demo accounts have a password");
}

#[test]
fn restore_refuses_bad_files_and_keeps_the_current_data() {
    let app_dir = tempfile::tempdir().unwrap();
    let data = app_dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    {
        let store = Store::open(&data.join("parta.redb"), &parta::wiring::SCHEMA).unwrap();
        parta::demo::seed_if_empty_on(&store, crate::common::today()).unwrap();
    }
    let before = sha(&data.join("parta.redb"));
    let junk = app_dir.path().join("junk.redb");
    std::fs::write(&junk, b"this is not a database at all").unwrap();
    let foreign = app_dir.path().join("foreign.redb");
    {
        let db = redb::Database::create(&foreign).unwrap();
        let tx = db.begin_write().unwrap();
        tx.open_table(redb::TableDefinition::<&str, u64>::new("someone-elses-table")).unwrap();
        tx.commit().unwrap();
    }
    let newer = app_dir.path().join("newer.redb");
    {
        let store = Store::open(&newer, &parta::wiring::SCHEMA).unwrap();
        store.write_blocking(Durability::Immediate, |tx| META.insert(tx, &version_key(), &999)).unwrap();
    }
    for (file, expect) in [
        (junk.as_path(), "cannot be restored"),
        (foreign.as_path(), "no schema version"),
        (newer.as_path(), "newer Parta"),
        (app_dir.path().join("missing.redb").as_path(), "not a file"),
    ] {
        let err = parta::ops::restore(file, &data).expect_err("refused");
        assert!(format!("{err:#}").contains(expect), "{}: {err:#}", file.display());
    }
    assert_eq!(sha(&data.join("parta.redb")), before);
    assert_eq!(std::fs::read_dir(&data).unwrap().count(), 1, "no stray files left");
}

#[test]
fn restore_keeps_the_replaced_file_and_refuses_while_a_server_runs() {
    let app = TestApp::demo();
    let data_dir = app.state.config.data_dir.clone();
    let demo = assert_consistent(app.store());
    let copy = app.dir.path().join("copy.redb");
    parta::store::backup::copy_snapshot(app.store().db().unwrap().as_ref(), &copy).unwrap();

    let err = parta::ops::restore(&copy, &data_dir).expect_err("refused while running");
    assert!(err.to_string().contains("server is running"), "{err}");

    // Once the server has stopped, the restore goes through and keeps a dated copy.
    drop(app.router);
    let TestApp { state, dir, .. } = app;
    drop(state);
    let msg = parta::ops::restore(&copy, &data_dir).unwrap();
    assert!(msg.contains("previous file kept"), "{msg}");
    let names: Vec<String> = std::fs::read_dir(&data_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(names.iter().any(|n| n.starts_with("parta.redb.") && n.ends_with(".bak")), "{names:?}");
    let store = Store::open(&data_dir.join("parta.redb"), &parta::wiring::SCHEMA).unwrap();
    assert_eq!(assert_consistent(&store), demo);
    assert_eq!(demo.1, 9, "the nine demo accounts have a password");
    drop(dir);
}

#[test]
fn blobs_survive_in_chunks_and_a_damaged_chunk_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("parta.redb"), &parta::wiring::SCHEMA).unwrap();
    let data: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
    let id = store
        .write_blocking(Durability::Immediate, |tx| {
            parta::store::blobs::put(tx, "scan.pdf", "application/pdf", &data, None, crate::common::unix())
        })
        .unwrap();
    let (meta, back) = store.read_blocking(|tx| parta::store::blobs::get(tx, id)).unwrap().unwrap();
    assert_eq!(meta.chunks, 3);
    assert_eq!(back, data);
    store
        .write_blocking(Durability::Immediate, |tx| {
            tables::BLOB_CHUNKS.insert(tx, &(id, 1), &parta::store::blobs::Chunk(vec![0; 10]))
        })
        .unwrap();
    let err = store.read_blocking(|tx| parta::store::blobs::get(tx, id)).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(_)));
}

#[test]
fn the_class_index_of_teaching_is_built_for_older_files_and_kept_on_delete() {
    use parta::structure::model::{TEACHING, TEACHING_BY_CLASS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parta.redb");
    {
        let store = Store::open(&path, &parta::wiring::SCHEMA).unwrap();
        parta::demo::seed_if_empty_on(&store, crate::common::today()).unwrap();
        // Pretend the file was written before the index existed.
        store
            .write_blocking(Durability::Immediate, |tx| {
                for (k, ()) in TEACHING_BY_CLASS.all(tx)? {
                    TEACHING_BY_CLASS.remove(tx, &k)?;
                }
                META.insert(tx, &version_key(), &3)?;
                tables::MIGRATIONS.remove(tx, &"0004-teaching-by-class".to_string())?;
                Ok::<_, StoreError>(())
            })
            .unwrap();
    }
    let store = Store::open(&path, &parta::wiring::SCHEMA).unwrap();
    let (teaching, index) = store
        .read_blocking(|tx| Ok::<_, StoreError>((TEACHING.all(tx)?, TEACHING_BY_CLASS.all(tx)?)))
        .unwrap();
    assert!(teaching.len() > 300);
    assert_eq!(teaching.len(), index.len());
    for (id, t) in &teaching {
        assert!(index.iter().any(|((c, i), ())| c == &t.class && i == id));
    }
    // Deleting an assignment removes its index entry. The demo's assignments have a timetable
    // and a journal, which keep them; take those away first.
    let (id, t) = teaching[0].clone();
    store
        .write_blocking(Durability::Immediate, |tx| {
            let refused = parta::structure::service::delete_teaching(tx, id).unwrap_err();
            assert!(matches!(refused, parta::error::AppError::BadRequest("teaching-has-journal")));
            for (k, _) in parta::journal::model::LESSONS.all(tx)? {
                if k.0 == id {
                    parta::journal::model::LESSONS.remove(tx, &k)?;
                }
            }
            // Marks and attendance keep it too (lessons with attendance only have no record).
            for (k, _) in parta::journal::model::MARKS.all(tx)? {
                if k.0 == id {
                    parta::journal::model::MARKS.remove(tx, &k)?;
                }
            }
            for (k, _) in parta::journal::model::ATTENDANCE.all(tx)? {
                if k.0 == id {
                    parta::journal::model::ATTENDANCE.remove(tx, &k)?;
                }
            }
            for (k, _) in parta::timetable::model::TIMETABLE.all(tx)? {
                if k.0 == t.class {
                    parta::timetable::model::TIMETABLE.remove(tx, &k)?;
                }
            }
            parta::structure::service::delete_teaching(tx, id).map(|_| ())
        })
        .unwrap();
    let left = store.read_blocking(|tx| parta::structure::service::teaching_of_class(tx, t.class)).unwrap();
    assert!(left.iter().all(|(i, _)| *i != id));
}
