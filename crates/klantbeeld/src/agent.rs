//! `klantbeeld agent create`: the first login on a fresh install, or any agent later. The password
//! comes from `--password-file`, else from a prompt (no echo) on a terminal; without either the
//! command prints a one-time link where the agent chooses it.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use domain::{Email, Role};
use klantbeeld::config::Config;
use store::Db;
use store::agents::NewAgent;
use store::events::Actor;

use crate::{DbArgs, parse_role};

#[derive(Subcommand)]
pub enum AgentCommand {
    /// Create an agent; prints their email, or the one-time setup link when no password was given.
    Create {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        args: CreateArgs,
    },
}

#[derive(clap::Args)]
pub struct CreateArgs {
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    /// admin, supervisor, agent or analyst
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// nl or en
    #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
    language: String,
    /// A file whose first line is the password (so it is not in the shell history).
    #[arg(long)]
    password_file: Option<PathBuf>,
}

/// Creates the agent; the line to print.
pub async fn create(db: &Db, config: &Config, args: CreateArgs) -> anyhow::Result<String> {
    let email = Email::parse(&args.email).map_err(|err| anyhow::anyhow!("--email: {err}"))?;
    let name = args.name.trim();
    anyhow::ensure!(
        !name.is_empty() && name.chars().count() <= 200,
        "--name must be 1 to 200 characters"
    );
    let password = password(&args)?;
    let hash = password
        .map(|password| web::hash_password(&password))
        .transpose()
        .map_err(|err| anyhow::anyhow!("hashing the password: {err}"))?;
    let new = NewAgent {
        email: email.as_str(),
        name,
        role: args.role,
        password_hash: hash.as_deref(),
        language: &args.language,
        team_ids: &[],
    };
    let agent = store::agents::create(db, new, &Actor::System).await?;
    if hash.is_some() {
        return Ok(format!("created {} ({})", agent.email, agent.role));
    }
    let token = store::setup_links::create(db, agent.id, false, &Actor::System).await?;
    let base = match &config.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => format!("http://{}", config.listen),
    };
    eprintln!(
        "No password given: {} chooses one at this link, valid for {} hours:",
        agent.email,
        store::setup_links::LIFETIME.num_hours()
    );
    Ok(format!("{base}/setup/{token}"))
}

/// From the file, else asked twice on the terminal; `None` without either.
fn password(args: &CreateArgs) -> anyhow::Result<Option<String>> {
    let password = match &args.password_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            text.lines().next().unwrap_or_default().to_string()
        }
        None if std::io::stdin().is_terminal() => {
            let first = rpassword::prompt_password("Password: ")?;
            let again = rpassword::prompt_password("Password (again): ")?;
            anyhow::ensure!(first == again, "the passwords differ");
            first
        }
        None => return Ok(None),
    };
    anyhow::ensure!(
        web::acceptable_password(&password),
        "a password has {} to {} characters",
        web::MIN_PASSWORD_CHARS,
        web::MAX_PASSWORD_CHARS
    );
    Ok(Some(password))
}
