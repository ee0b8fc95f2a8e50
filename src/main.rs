//! The `parta` command line. Every flag is also an environment variable `PARTA_*`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use parta::config::{Config, Partial};
use parta::ops;

/// mimalloc instead of the C library's allocator: a page is built from many small strings, and
/// the system allocator (musl's in the static build above all) spent a quarter of the diary's
/// CPU time in malloc and free (docs/benchmarks.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "parta",
    version,
    about = "Parta — школьная информационная система в одном файле (a school information system in one binary)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DataArg {
    /// Data directory: holds parta.redb, parta.toml, tls/ and backups/.
    #[arg(long, env = "PARTA_DATA", default_value = "./parta-data", global = true)]
    data: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server.
    Serve {
        #[command(flatten)]
        data: DataArg,
        #[command(flatten)]
        serve: Box<ServeArgs>,
        /// Fill an empty data directory with the demo school (a non-empty one is left alone).
        #[arg(long, env = "PARTA_DEMO")]
        demo: bool,
    },
    /// Administrator accounts: bootstrap and recovery.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
        #[command(flatten)]
        data: DataArg,
    },
    /// Write a consistent copy of the data file (asks the running server, if any).
    Backup {
        /// Where to write the copy; must not exist yet.
        #[arg(long, env = "PARTA_BACKUP_OUT")]
        out: PathBuf,
        #[command(flatten)]
        data: DataArg,
    },
    /// Replace the data file with a backup after verifying it (refused while a server runs).
    Restore {
        /// The backup file to restore.
        file: PathBuf,
        #[command(flatten)]
        data: DataArg,
    },
    /// Verify the data file and print the number of records per table.
    Check {
        #[command(flatten)]
        data: DataArg,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator with a one-time password, printed once.
    Create {
        #[arg(long, env = "PARTA_ADMIN_LOGIN")]
        login: String,
    },
    /// Give an account a one-time password, printed once, and end its sessions.
    ResetPassword {
        #[arg(long, env = "PARTA_ADMIN_LOGIN")]
        login: String,
    },
}

/// Settings of `serve`; each overrides the same key of DATA/parta.toml.
#[derive(Args, Clone, Default)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "PARTA_LISTEN")]
    listen: Option<String>,
    /// With TLS, a plain-HTTP address that redirects to HTTPS, e.g. 0.0.0.0:80.
    #[arg(long, env = "PARTA_REDIRECT_LISTEN")]
    redirect_listen: Option<String>,
    /// TLS mode: off, self-signed, or files (with --tls-cert and --tls-key) [default: off].
    #[arg(long, env = "PARTA_TLS")]
    tls: Option<String>,
    /// PEM certificate chain.
    #[arg(long, env = "PARTA_TLS_CERT")]
    tls_cert: Option<PathBuf>,
    /// PEM private key.
    #[arg(long, env = "PARTA_TLS_KEY")]
    tls_key: Option<PathBuf>,
    /// Host names of the server (self-signed certificate), comma-separated [default: localhost].
    #[arg(long, env = "PARTA_HOSTS", value_delimiter = ',')]
    hosts: Option<Vec<String>>,
    /// The address people type, e.g. https://school.example.ru [default: from --listen].
    #[arg(long, env = "PARTA_PUBLIC_URL")]
    public_url: Option<String>,
    /// Default interface language: ru or en [default: ru].
    #[arg(long, env = "PARTA_LANG")]
    lang: Option<String>,
    /// Time zone given to a new data file [default: Europe/Moscow].
    #[arg(long, env = "PARTA_TIME_ZONE")]
    time_zone: Option<String>,
    /// Minutes without a request before a session ends [default: 1440].
    #[arg(long, env = "PARTA_SESSION_IDLE_MINUTES")]
    session_idle_minutes: Option<u32>,
    /// Days after sign-in before a session ends regardless [default: 30].
    #[arg(long, env = "PARTA_SESSION_MAX_DAYS")]
    session_max_days: Option<u32>,
    /// Largest form body in KiB [default: 1024].
    #[arg(long, env = "PARTA_MAX_BODY_KB")]
    max_body_kb: Option<u32>,
    /// Largest uploaded file in MiB [default: 20].
    #[arg(long, env = "PARTA_MAX_UPLOAD_MB")]
    max_upload_mb: Option<u32>,
    /// Failed sign-ins per login before a pause [default: 5].
    #[arg(long, env = "PARTA_SIGNIN_LIMIT_PER_LOGIN")]
    signin_limit_per_login: Option<u32>,
    /// Failed sign-ins per client address before a pause [default: 30].
    #[arg(long, env = "PARTA_SIGNIN_LIMIT_PER_IP")]
    signin_limit_per_ip: Option<u32>,
    /// Window and pause of the sign-in limits, minutes [default: 15].
    #[arg(long, env = "PARTA_SIGNIN_WINDOW_MINUTES")]
    signin_window_minutes: Option<u32>,
    /// Log filter, e.g. info or parta=debug [default: info].
    #[arg(long, env = "PARTA_LOG")]
    log: Option<String>,
    /// Run the server's clock from this day (2026-11-25) or moment (2026-11-25T10:30, the
    /// school's time): the demo school is built up to that day [default: the machine's clock].
    #[arg(long, env = "PARTA_TODAY")]
    today: Option<String>,
}

impl From<ServeArgs> for Partial {
    fn from(a: ServeArgs) -> Partial {
        Partial {
            listen: a.listen,
            redirect_listen: a.redirect_listen,
            tls: a.tls,
            tls_cert: a.tls_cert,
            tls_key: a.tls_key,
            hosts: a.hosts,
            public_url: a.public_url,
            lang: a.lang,
            time_zone: a.time_zone,
            session_idle_minutes: a.session_idle_minutes,
            session_max_days: a.session_max_days,
            max_body_kb: a.max_body_kb,
            max_upload_mb: a.max_upload_mb,
            signin_limit_per_login: a.signin_limit_per_login,
            signin_limit_per_ip: a.signin_limit_per_ip,
            signin_window_minutes: a.signin_window_minutes,
            log: a.log,
            today: a.today,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Ошибка (error): {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { data, serve, demo } => {
            let file = Partial::from_file(&data.data)?;
            let config = Config::merge(data.data, &[file, (*serve).into()])?;
            init_tracing(&config.log);
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(async move {
                let state =
                    tokio::task::spawn_blocking(move || parta::server::prepare(config, demo)).await??;
                parta::server::run(state).await
            })
        }
        Command::Admin { command, data } => {
            let (cmd, login) = match command {
                AdminCommand::Create { login } => ("admin-create", login),
                AdminCommand::ResetPassword { login } => ("reset-password", login),
            };
            parta::ops::create_private_dir(&data.data)?;
            println!("{}", ops::via_server_or_file(&data.data, cmd, &login)?);
            Ok(())
        }
        Command::Backup { out, data } => {
            let out = ops::absolute(&out)?;
            println!("{}", ops::via_server_or_file(&data.data, "backup", &out.to_string_lossy())?);
            Ok(())
        }
        Command::Restore { file, data } => {
            println!("{}", ops::restore(&file, &data.data)?);
            Ok(())
        }
        Command::Check { data } => {
            println!("{}", ops::via_server_or_file(&data.data, "check", "")?);
            Ok(())
        }
    }
}

fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_target(false).init();
}
