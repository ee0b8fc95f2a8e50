//! What the operational CLI commands do: backup, restore, check, and administrator bootstrap
//! and recovery. Each works through a running server's control socket (`control.rs`: the
//! server listens on it, the CLI asks through it) when one runs on the data directory, and on
//! the file directly otherwise.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

pub mod control;

use crate::auth::accounts::{self, Profile};
use crate::auth::model::Role;
use crate::auth::password;
use crate::clock::Clock;
use crate::error::AppError;
use crate::store::{self, DB_FILE, Store, StoreError, backup};
use crate::wiring::SCHEMA;

/// Runs one command against an open store (from the control socket, or directly).
pub fn run_command(store: &Store, command: &str, arg: &str) -> anyhow::Result<String> {
    match command {
        "backup" => {
            let out = PathBuf::from(arg);
            if !out.is_absolute() {
                bail!("the backup path must be absolute");
            }
            let counts = backup::copy_snapshot(store.db()?.as_ref(), &out)?;
            Ok(describe_backup(&out, &counts))
        }
        "check" => Ok(describe_counts(&store.check()?)),
        "admin-create" => create_admin(store, arg),
        "ping" => Ok("pong".into()),
        "reset-password" => reset_password(store, arg),
        other => bail!("unknown command «{other}»"),
    }
}

fn describe_backup(out: &Path, counts: &[(String, u64)]) -> String {
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    format!("Копия сохранена (backup written): {} — {} records, {} bytes", out.display(), total, size)
}

fn describe_counts(counts: &[(&'static str, u64)]) -> String {
    let mut s = String::from("Файл данных в порядке (data file OK)\n");
    for (name, n) in counts {
        s.push_str(&format!("  {name:<16} {n}\n"));
    }
    s.trim_end().to_string()
}

/// Creates an administrator with a one-time password (printed once, to be changed at first
/// sign-in).
pub fn create_admin(store: &Store, login: &str) -> anyhow::Result<String> {
    let login = accounts::normalize_login(login);
    if let Some(m) = accounts::login_error(&login) {
        bail!("invalid login ({m}): use 2–64 Latin letters, digits, '.', '_' or '-'");
    }
    let one_time = password::generate(10);
    let hash = password::hash(&one_time);
    let profile = Profile {
        login: login.clone(),
        surname: "Администратор".into(),
        first_name: login.clone(),
        roles: vec![Role::Admin],
        ..Profile::default()
    };
    store
        .write_blocking(redb::Durability::Immediate, |tx| {
            accounts::create(tx, profile, hash, true, Clock::system().unix())
        })
        .map_err(|e| match e {
            AppError::Invalid(f) if f.get("login") == Some("login-taken") => {
                anyhow::anyhow!(
                    "the login «{login}» is taken; use `parta admin reset-password --login {login}`"
                )
            }
            other => anyhow::anyhow!("{other}"),
        })?;
    Ok(format!(
        "Администратор создан (administrator created): {login}\nОдноразовый пароль (one-time password): {one_time}\nЕго нужно сменить при первом входе (must be changed at first sign-in)."
    ))
}

/// Gives an account a one-time password and ends its sessions.
pub fn reset_password(store: &Store, login: &str) -> anyhow::Result<String> {
    let login = accounts::normalize_login(login);
    let one_time = store
        .write_blocking(redb::Durability::Immediate, |tx| {
            let (id, _) = accounts::find_by_login(tx, &login)?.ok_or(AppError::NotFound)?;
            accounts::issue_one_time_password(tx, id, Clock::system().unix())
        })
        .map_err(|e| match e {
            AppError::NotFound => anyhow::anyhow!("no account with the login «{login}»"),
            other => anyhow::anyhow!("{other}"),
        })?;
    Ok(format!(
        "Новый одноразовый пароль для {login} (new one-time password): {one_time}\nЕго нужно сменить при входе (must be changed at sign-in)."
    ))
}

/// Runs a command through the server if one runs on `data_dir`, else on the file.
pub fn via_server_or_file(data_dir: &Path, command: &str, arg: &str) -> anyhow::Result<String> {
    if let Some(reply) = control::request(data_dir, command, arg)? {
        return Ok(reply);
    }
    let path = data_dir.join(DB_FILE);
    if !path.exists() && command != "admin-create" {
        bail!("no data file at {}", path.display());
    }
    match command {
        // Read-only work opens the file read-only, so it never migrates or changes it.
        "backup" => {
            let out = PathBuf::from(arg);
            let counts = backup::copy_file_offline(&path, &out)?;
            Ok(describe_backup(&out, &counts))
        }
        "check" => Ok(describe_counts(&store::verify_file(&path, &SCHEMA)?)),
        _ => {
            let store = Store::open(&path, &SCHEMA).map_err(|e| open_error(&path, e))?;
            run_command(&store, command, arg)
        }
    }
}

fn open_error(path: &Path, e: StoreError) -> anyhow::Error {
    match e {
        StoreError::InUse => anyhow::anyhow!(
            "{} is in use by a server that does not answer on its control socket",
            path.display()
        ),
        other => anyhow::anyhow!("{}: {other}", path.display()),
    }
}

/// Makes `out` absolute against the current directory.
pub fn absolute(out: &Path) -> anyhow::Result<PathBuf> {
    if out.is_absolute() { Ok(out.to_path_buf()) } else { Ok(std::env::current_dir()?.join(out)) }
}

/// Replaces the data file with a verified copy. Refuses while a server runs on the directory;
/// keeps the current file as `parta.redb.<date>.bak`.
pub fn restore(file: &Path, data_dir: &Path) -> anyhow::Result<String> {
    let counts = store::verify_file(file, &SCHEMA)
        .with_context(|| format!("{} cannot be restored", file.display()))?;
    if control::request(data_dir, "ping", "").is_ok_and(|r| r.is_some()) || server_holds(data_dir) {
        bail!("a Parta server is running on {}; stop it before restoring", data_dir.display());
    }
    create_private_dir(data_dir)?;
    let target = data_dir.join(DB_FILE);
    let incoming = data_dir.join(format!("{DB_FILE}.restoring"));
    std::fs::copy(file, &incoming).with_context(|| format!("copying {}", file.display()))?;
    // Check the copy too: what lands in place is what was verified.
    if let Err(e) = store::verify_file(&incoming, &SCHEMA) {
        let _ = std::fs::remove_file(&incoming);
        bail!("the copy did not verify: {e}");
    }
    let mut kept = None;
    if target.exists() {
        let stamp = Clock::system().now().with_timezone(&chrono::Local).format("%Y%m%d-%H%M%S");
        let old = data_dir.join(format!("{DB_FILE}.{stamp}.bak"));
        std::fs::rename(&target, &old)?;
        kept = Some(old);
    }
    std::fs::rename(&incoming, &target)?;
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    let mut msg = format!("Восстановлено (restored): {} — {total} records", target.display());
    if let Some(old) = kept {
        msg.push_str(&format!("\nПрежний файл сохранён (previous file kept): {}", old.display()));
    }
    Ok(msg)
}

/// Whether another process holds the data file open for writing.
fn server_holds(data_dir: &Path) -> bool {
    let path = data_dir.join(DB_FILE);
    path.exists() && matches!(redb::Database::open(&path), Err(redb::DatabaseError::DatabaseAlreadyOpen))
}

/// Creates the data directory readable by its owner only.
pub fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if !dir.exists() {
        std::fs::create_dir_all(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
