//! `hevruta-server`: the reference backend as a program. The first line it prints to
//! stdout is `Hevruta listening on http://HOST:PORT` (tools wait for it).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use hevruta_server::config::{self, Quotas, Rate, RateLimits};
use hevruta_server::{AppState, Config, demo, serve, store::Store};

#[derive(Parser)]
#[command(
    version,
    about = "Hevruta's reference server: the API and the built app"
)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "HEVRUTA_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// SQLite file; created with its folder on first run.
    #[arg(long, env = "HEVRUTA_DATABASE", default_value = "data/hevruta.sqlite3")]
    database: PathBuf,
    /// Folder of the built SPA to serve (trunk's dist/). Without it only the API is served.
    #[arg(long, env = "HEVRUTA_DIST")]
    dist: Option<PathBuf>,
    /// Origins allowed to call the API from elsewhere (CORS), comma-separated.
    #[arg(long, env = "HEVRUTA_ALLOWED_ORIGINS", value_delimiter = ',')]
    allowed_origins: Vec<String>,
    /// Event streams one session may have open at once; one more answers 429.
    #[arg(long, env = "HEVRUTA_MAX_STREAMS_PER_SESSION", default_value_t = hevruta_server::config::MAX_STREAMS_PER_SESSION)]
    max_streams_per_session: usize,
    /// Days a session may go unused before it ends (its device must sign in again).
    #[arg(long, env = "HEVRUTA_SESSION_IDLE_DAYS", default_value_t = hevruta_server::config::SESSION_IDLE_DAYS, value_parser = clap::value_parser!(u64).range(1..=3650))]
    session_idle_days: u64,
    /// Event streams this server process may have open at once; one more answers 503.
    #[arg(long, env = "HEVRUTA_MAX_STREAMS", default_value_t = config::MAX_STREAMS)]
    max_streams: usize,
    /// Turn every rate limit off (for load tests and test drivers; never in production).
    #[arg(long, env = "HEVRUTA_NO_RATE_LIMITS")]
    no_rate_limits: bool,
    /// Expeditions one client address may create per minute; more answer 429.
    #[arg(long, env = "HEVRUTA_EXPEDITIONS_PER_MINUTE", default_value_t = config::EXPEDITIONS_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    expeditions_per_minute: u32,
    /// Wrong join codes one client address may send per minute; past it, its join-code
    /// requests answer 429 until the minute's share comes back.
    #[arg(long, env = "HEVRUTA_WRONG_JOIN_CODES_PER_MINUTE", default_value_t = config::WRONG_JOIN_CODES_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    wrong_join_codes_per_minute: u32,
    /// Joins of one expedition per minute; more answer 429.
    #[arg(long, env = "HEVRUTA_JOINS_PER_MINUTE", default_value_t = config::JOINS_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    joins_per_minute: u32,
    /// Op batches one member may send per 10 seconds; more answer 429.
    #[arg(long, env = "HEVRUTA_OP_BATCHES_PER_10S", default_value_t = config::OP_BATCHES_PER_10S, value_parser = clap::value_parser!(u32).range(1..))]
    op_batches_per_10s: u32,
    /// Ops (the items of those batches) one member may send per 10 seconds; more answer 429.
    #[arg(long, env = "HEVRUTA_OPS_PER_10S", default_value_t = config::OPS_PER_10S, value_parser = clap::value_parser!(u32).range(1..))]
    ops_per_10s: u32,
    /// Members one expedition may have; one more answers 422 over_quota.
    #[arg(long, env = "HEVRUTA_MAX_MEMBERS", default_value_t = config::MAX_MEMBERS)]
    max_members: usize,
    /// Canvases one expedition may have (archived ones count); one more answers 422.
    #[arg(long, env = "HEVRUTA_MAX_CANVASES", default_value_t = config::MAX_CANVASES)]
    max_canvases: usize,
    /// Stickies one canvas may have (deleted ones count); one more answers 422.
    #[arg(long, env = "HEVRUTA_MAX_STICKIES", default_value_t = config::MAX_STICKIES)]
    max_stickies: usize,
    /// The most stored events a stream replays when it opens; further behind, the client
    /// is told to reload its snapshots.
    #[arg(long, env = "HEVRUTA_MAX_CATCH_UP", default_value_t = config::MAX_CATCH_UP, value_parser = clap::value_parser!(u64).range(1..))]
    max_catch_up: u64,
    /// Seconds a connection may take to send a request's headers (or sit idle between
    /// requests), and the longest pause while sending a body.
    #[arg(long, env = "HEVRUTA_READ_TIMEOUT_SECS", default_value_t = config::READ_TIMEOUT_SECS, value_parser = clap::value_parser!(u64).range(1..=3600))]
    read_timeout_secs: u64,
    /// Create the demo expedition if missing and print how to open it.
    #[arg(long)]
    demo: bool,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    if let Err(e) = run(Args::parse()).await {
        eprintln!("hevruta-server: {e}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let store = Store::open(&args.database)
        .await
        .map_err(|e| format!("cannot open {}: {e}", args.database.display()))?;
    if let Some(dist) = args
        .dist
        .as_ref()
        .filter(|d| !d.join("index.html").exists())
    {
        tracing::warn!(
            "{} has no index.html: build the app first (cargo xtask run)",
            dist.display()
        );
    }
    let state = AppState::new(
        store.clone(),
        Config {
            dist: args.dist,
            allowed_origins: args.allowed_origins,
            max_streams_per_session: args.max_streams_per_session,
            max_streams: args.max_streams,
            rate_limits: (!args.no_rate_limits).then(|| RateLimits {
                expeditions_per_ip: Rate::per_minute(args.expeditions_per_minute),
                wrong_join_codes_per_ip: Rate::per_minute(args.wrong_join_codes_per_minute),
                joins_per_expedition: Rate::per_minute(args.joins_per_minute),
                op_batches_per_member: Rate::per_10s(args.op_batches_per_10s),
                ops_per_member: Rate::per_10s(args.ops_per_10s),
            }),
            quotas: Quotas {
                members_per_expedition: args.max_members,
                canvases_per_expedition: args.max_canvases,
                stickies_per_canvas: args.max_stickies,
            },
            max_catch_up: args.max_catch_up,
            read_timeout: std::time::Duration::from_secs(args.read_timeout_secs),
            session_idle_timeout: std::time::Duration::from_secs(args.session_idle_days * 86_400),
            ..Config::default()
        },
    );
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let url = format!("http://{}", listener.local_addr()?);
    let mut out = std::io::stdout().lock();
    writeln!(out, "Hevruta listening on {url}")?;
    if args.demo {
        let demo = demo::ensure_demo(&store).await?;
        writeln!(
            out,
            "  Demo expedition join code: {}",
            demo.join_code.display()
        )?;
        writeln!(
            out,
            "  Join as a participant:     {url}/join/{}",
            demo.join_code.display()
        )?;
        writeln!(
            out,
            "  Open as its facilitator:   {url}/session#token={}",
            demo.facilitator_token
        )?;
        writeln!(out, "  Press Ctrl-C to stop.")?;
    }
    out.flush()?;
    drop(out);

    let shutdown = state.shutdown.clone();
    serve(listener, state, async move {
        stop_signal().await;
        tracing::info!("shutting down");
        shutdown.cancel();
    })
    .await?;
    Ok(())
}

async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return ctrl_c.await.unwrap_or(()),
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await.unwrap_or(());
}
