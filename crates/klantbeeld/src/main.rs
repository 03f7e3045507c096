//! `klantbeeld`: serve, demo, migrate, healthcheck, config, token, agent, import.

mod agent;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use domain::Role;
use klantbeeld::config::{Config, default_toml};
use klantbeeld::demo::{self, DemoOptions};
use klantbeeld::import::{self, Table};
use klantbeeld::server;
use store::events::Actor;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "klantbeeld",
    version,
    about = "Klantbeeld: every customer contact, measured and answered, in one place"
)]
struct Cli {
    /// Configuration file (default: ./klantbeeld.toml when present).
    #[arg(long, global = true, env = "KLANTBEELD_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
pub(crate) struct DbArgs {
    /// sqlite://PATH or postgres://... [env: KLANTBEELD_DATABASE_URL]
    #[arg(long)]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the agent UI.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on [env: KLANTBEELD_LISTEN; default: 127.0.0.1:8080]
        #[arg(long)]
        listen: Option<String>,
    },
    /// Create a fresh demo organisation on SQLite and serve it.
    Demo {
        /// Folder for the demo database (replaced if it exists).
        #[arg(long, default_value = "data/demo")]
        data_dir: PathBuf,
        #[arg(long)]
        listen: Option<String>,
        /// Number of demo customers.
        #[arg(long, default_value_t = DemoOptions::default().customers)]
        customers: usize,
        /// Only create the database; do not serve it.
        #[arg(long)]
        no_serve: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Exit 0 when the server at --listen answers its health check.
    Healthcheck {
        #[arg(long)]
        listen: Option<String>,
    },
    /// Configuration helpers.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Agents who log in to the UI.
    Agent {
        #[command(subcommand)]
        command: agent::AgentCommand,
    },
    /// Import history from another system (CSV with a header row, or NDJSON); all or nothing.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Survey responses: response_id, customer_id, survey_kind (nps|csat|ces), score, channel,
    /// touchpoint, segment, agent_id, created_at.
    SurveyResponses {
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Cases: ticket_id, customer_id, channel, priority, agent_id, created_at, first_response_at,
    /// resolved_at, reopened. Timestamps without an offset are UTC.
    Cases {
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Customers: customer_id (the id cases and survey responses name), name, email, phone,
    /// language, segment, started_at, ended_at, end_reason; every other column an attribute.
    /// Upserted by customer_id.
    Customers {
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print the documented default configuration.
    Default,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token and print it (only the token) on stdout.
    Create {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        name: String,
        /// admin, supervisor, agent or analyst
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut config = Config::load(cli.config.as_deref())?;
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&config.log)),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Command::Serve { db, listen } => {
            override_db(&mut config, db);
            if let Some(listen) = listen {
                config.listen = listen;
            }
            let db = server::open_database(&config).await?;
            let listener = bind(&config.listen).await?;
            tracing::info!(listen = %config.listen, config = ?config, "serving");
            server::serve(db, &config, listener, server::shutdown_signal()).await
        }
        Command::Demo {
            data_dir,
            listen,
            customers,
            no_serve,
        } => run_demo(config, data_dir, listen, customers, no_serve).await,
        Command::Migrate { db } => {
            override_db(&mut config, db);
            server::open_database(&config).await?.close().await;
            eprintln!("migrations applied");
            Ok(())
        }
        Command::Healthcheck { listen } => {
            let addr = listen.unwrap_or(config.listen);
            if server::healthcheck(&addr).await {
                Ok(())
            } else {
                eprintln!("no healthy Klantbeeld at {addr}");
                std::process::exit(1);
            }
        }
        Command::Config {
            command: ConfigCommand::Default,
        } => {
            print!("{}", default_toml());
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Create { db, name, role },
        } => {
            override_db(&mut config, db);
            let db = server::open_database(&config).await?;
            let name = name.trim();
            anyhow::ensure!(
                !name.is_empty() && name.chars().count() <= 100,
                "--name must be 1 to 100 characters"
            );
            let (_, secret) = store::tokens::create(&db, name, role, None, &Actor::System).await?;
            db.close().await;
            println!("{secret}");
            Ok(())
        }
        Command::Agent {
            command: agent::AgentCommand::Create { db, args },
        } => {
            override_db(&mut config, db);
            let db = server::open_database(&config).await?;
            let created = agent::create(&db, &config, args).await;
            db.close().await;
            println!("{}", created?);
            Ok(())
        }
        Command::Import {
            command: ImportCommand::Customers { file, db },
        } => {
            override_db(&mut config, db);
            let db = server::open_database(&config).await?;
            let imported = import::customers::run(&db, &file).await;
            db.close().await;
            println!("{}", imported?.describe());
            Ok(())
        }
        Command::Import { command } => {
            let (table, file, db) = match command {
                ImportCommand::SurveyResponses { file, db } => (Table::SurveyResponses, file, db),
                ImportCommand::Cases { file, db } => (Table::Cases, file, db),
                ImportCommand::Customers { .. } => unreachable!("handled above"),
            };
            override_db(&mut config, db);
            let db = server::open_database(&config).await?;
            let imported = import::run(&db, table, &file).await;
            db.close().await;
            println!("{}", imported?.describe(table.noun()));
            Ok(())
        }
    }
}

pub(crate) fn parse_role(text: &str) -> Result<Role, String> {
    text.parse()
        .map_err(|err: domain::ParseEnumError| err.to_string())
}

fn override_db(config: &mut Config, args: DbArgs) {
    if let Some(url) = args.database_url {
        config.database_url = url;
    }
}

async fn bind(addr: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))
}

async fn run_demo(
    mut config: Config,
    data_dir: PathBuf,
    listen: Option<String>,
    customers: usize,
    no_serve: bool,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let path = data_dir.join("klantbeeld-demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::remove_file(&file)
                .with_context(|| format!("removing the old {}", file.display()))?;
        }
    }
    config.database_url = format!("sqlite://{}", path.display());
    if let Some(listen) = listen {
        config.listen = listen;
    }
    let db = server::open_database(&config).await?;
    eprintln!("Filling the demo organisation (Polderstroom) …");
    let login = demo::populate(
        &db,
        &DemoOptions {
            customers,
            ..DemoOptions::default()
        },
    )
    .await?;
    if no_serve {
        db.close().await;
        println!("Demo database: {}", path.display());
        return Ok(());
    }
    let listener = bind(&config.listen).await?;
    println!();
    println!("  Klantbeeld demo is running: http://{}", config.listen);
    println!(
        "  Log in as {} with password {}",
        login.email, login.password
    );
    println!("  Database: {} · stop with Ctrl+C", path.display());
    println!();
    server::serve(db, &config, listener, server::shutdown_signal()).await
}
