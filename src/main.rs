//! The `blossom` command: thin on purpose. It reads flags, starts logging, and hands
//! over to [`blossom::app`].

#![forbid(unsafe_code)]

use clap::Parser;
use tracing_subscriber::EnvFilter;

use blossom::app::{App, Settings, TlsFiles};
use blossom::config::{Cli, Command, ScheduleConfig, ServeConfig};
use blossom::core::schedule::{self, Effort, Instance};
use blossom::{demo, tokens};

#[tokio::main]
async fn main() {
    let mut filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // These crates log whole frames and headers at debug and trace: tokens, contacts
    // and notes would reach the log. However talkative RUST_LOG asks to be, they
    // stay at info.
    for quiet in [
        "tungstenite",
        "tokio_tungstenite",
        "hyper",
        "hyper_util",
        "h2",
        "axum::serve",
    ] {
        if let Ok(d) = format!("{quiet}=info").parse() {
            filter = filter.add_directive(d);
        }
    }
    tracing_subscriber::fmt().with_env_filter(filter).init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(config) => serve(*config).await,
        Command::Schedule(config) => run_schedule(config),
        Command::Generate(c) => {
            use schedule::generate::{Kind, generate_kind};
            let kind = if c.mixed { Kind::Mixed } else { c.kind };
            let inst = generate_kind(c.participants, c.rounds, c.seed, kind);
            serde_json::to_string(&inst)
                .map(|s| println!("{s}"))
                .map_err(Into::into)
        }
    };
    if let Err(e) = result {
        eprintln!("blossom: {e}");
        std::process::exit(1);
    }
}

thread_local! {
    /// The ends of the planner's phases, for `blossom schedule --timings`.
    static MARKS: std::cell::RefCell<Vec<(&'static str, std::time::Instant)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn mark(phase: &'static str) {
    MARKS.with(|m| m.borrow_mut().push((phase, std::time::Instant::now())));
}

async fn serve(config: ServeConfig) -> Result<(), Box<dyn std::error::Error>> {
    let tls = config
        .tls_cert
        .clone()
        .zip(config.tls_key.clone())
        .map(|(cert, key)| TlsFiles { cert, key });
    // Plain HTTP that other computers can reach carries every token, the roster
    // and the interest marks in clear over the venue's Wi-Fi: only when asked for.
    if tls.is_none() && !config.bind.ip().is_loopback() && !config.insecure_http {
        return Err(format!(
            "{} is reachable from other computers, and without --tls-cert and --tls-key \
             everything (tokens, the roster, interest marks) would cross the network in clear. \
             Give a certificate (see docs/guide.md, \"Running an evening at a venue\"), or add \
             --insecure-http when a reverse proxy in front of Blossom terminates TLS.",
            config.bind
        )
        .into());
    }
    let generated = config.admin_token.is_none();
    // The demo keeps the token it made, so the organiser's link survives a restart.
    let kept = (generated && config.demo).then(|| admin_token_path(&config));
    let admin_token = match (&config.admin_token, &kept) {
        (Some(token), _) => token.clone(),
        (None, Some(path)) => tokens::admin_token_file(path, blossom::app::MIN_ADMIN_TOKEN)
            .map_err(|e| format!("the admin token file {}: {e}", path.display()))?,
        (None, None) => tokens::random_token(),
    };
    let settings = Settings {
        bind: config.bind,
        database_url: config.database_url.clone(),
        admin_token: admin_token.clone(),
        public_url: config.public_url.clone(),
        secret_file: config.secret_file.clone(),
        web_dir: config.web_dir.clone(),
        tls: tls.clone(),
        clock: blossom::clock::Clock::system(),
        trusted_proxies: config.trusted_proxies.clone(),
        ws_limits: blossom::app::WsLimits {
            open: config.ws_per_address,
            per_minute: config.hello_per_address,
        },
        retention: blossom::app::Retention {
            link_days: config.link_days,
            erase_after_days: config.erase_after_days,
        },
        instance_name: config.instance_name.clone(),
        advertise: config.advertise.clone(),
    };
    let app = App::build(settings).await?;
    let public = app.state().public_url.to_string();
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!(
        "Blossom is listening on {scheme}://{} (guests' phones use {public})",
        config.bind
    );
    if tls.is_none() && !config.bind.ip().is_loopback() {
        println!(
            "WARNING: plain HTTP (--insecure-http): tokens, the roster and interest marks cross the \
             network in clear unless a reverse proxy in front terminates TLS. Phones also treat a \
             plain http:// page as insecure: the screen wake lock and the tablet's camera do not work."
        );
    }
    if app.public_url_is_loopback() {
        println!(
            "WARNING: join links and QR codes point at {public}, which guests' phones cannot reach.\n         \
             For a real event, see docs/guide.md, \"Running an evening at a venue\"."
        );
    }
    match (&kept, generated) {
        (Some(path), _) => println!(
            "Admin token (kept in {}, readable by you alone; delete the file for a new one): {admin_token}",
            path.display()
        ),
        (None, true) => println!(
            "Admin token (generated for this run; set BLOSSOM_ADMIN_TOKEN to keep one): {admin_token}"
        ),
        (None, false) => {}
    }
    if config.demo {
        let info = demo::ensure(app.state(), app.state().clock.now()).await?;
        if config.short_rounds {
            let now = app.state().clock.now();
            if demo::short_rounds(app.state(), now).await? {
                println!(
                    "Short rounds: 90-second dates, 30 s to change tables, a one-minute break."
                );
            } else {
                println!("Short rounds: not applied, the demo evening has already started.");
            }
        }
        let shown = generated.then_some(admin_token.as_str());
        print!("{}", demo::describe(app.state(), &info, shown));
    }
    app.run_until(stop_signal()).await?;
    Ok(())
}

/// Ctrl-C, or SIGTERM (what systemd, a container runtime or `kill` send): either
/// stops the server cleanly, handing its evenings to another instance at once.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; Ctrl-C still stops the server")
            }
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Where `--demo` keeps the admin token it made: beside the SQLite database
/// (`blossom.db` → `blossom.admin-token`), or beside the key file for PostgreSQL.
fn admin_token_path(config: &ServeConfig) -> std::path::PathBuf {
    let url = &config.database_url;
    let file = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .map(|rest| std::path::PathBuf::from(rest.split('?').next().unwrap_or(rest)))
        .filter(|p| !p.as_os_str().is_empty() && p.as_os_str() != ":memory:");
    let beside = file.unwrap_or_else(|| config.secret_file.clone());
    beside.with_extension("admin-token")
}

/// Parses JSON, naming the place of the first problem (`participants[3].mobility`).
fn parse_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            format!("{what} is not valid: {inner}")
        } else {
            format!("{what} is not valid at {path}: {inner}")
        }
    })
}

/// `blossom schedule`: instance in, schedule out, figures on standard error.
fn run_schedule(config: ScheduleConfig) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Read;
    let text = match config.instance.as_deref() {
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        }
        Some(p) if p.as_os_str() == "-" => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        }
        Some(p) => {
            std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?
        }
    };
    let instance: Instance = parse_json(&text, "the instance")?;
    let previous: Option<schedule::Schedule> = match &config.previous {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Some(parse_json(&text, "the previous schedule")?)
        }
        None => None,
    };
    let mut effort = Effort::for_size(instance.participants.len(), config.seed);
    if let Some(n) = config.iterations {
        effort.iterations = n;
    }
    if config.timings {
        effort.phase = mark;
    }
    let started = std::time::Instant::now();
    mark("start");
    let planned = if config.mitchell {
        schedule::mitchell::mitchell(&instance)
            .map(|s| {
                let (_, figures) = schedule::check::check(&instance, &s);
                schedule::Planned {
                    schedule: s,
                    figures,
                }
            })
            .ok_or_else(|| schedule::Model::new(&instance).err().unwrap_or_default())
    } else if let Some(previous) = &previous {
        schedule::replan(&instance, previous, config.fixed_through, effort)
    } else {
        schedule::plan(&instance, effort)
    };
    let planned = planned.map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        format!(
            "the instance has {} problem(s):\n{}",
            errors.len(),
            list.join("\n")
        )
    })?;
    let elapsed = started.elapsed();
    println!("{}", serde_json::to_string(&planned.schedule)?);
    let f = planned.figures;
    eprintln!(
        "dates={} participants={} left_out={} min_dates={} max_dates={} mover_dates={} mover_table_changes={} time_ms={:.1}",
        f.dates,
        f.participants,
        f.left_out,
        f.min_dates,
        f.max_dates,
        f.mover_dates,
        f.mover_table_changes,
        elapsed.as_secs_f64() * 1000.0
    );
    if config.timings {
        let marks = MARKS.with(|m| m.take());
        let phases: Vec<String> = marks
            .windows(2)
            .map(|w| {
                format!(
                    "{}_ms={:.1}",
                    w[1].0,
                    (w[1].1 - w[0].1).as_secs_f64() * 1000.0
                )
            })
            .collect();
        eprintln!("{}", phases.join(" "));
    }
    Ok(())
}
