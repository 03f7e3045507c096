//! Polderstroom's people: four teams with their agents, two of them team leads, an admin and an
//! analyst. Everyone shares the demo password.

use chrono::{DateTime, Utc};
use domain::Role;
use store::StoreError;
use store::bulk::BulkTx;

use super::corpus::{AGENTS, TEAMS};
use super::people::ascii_fold;

pub const ADMIN_EMAIL: &str = "admin@polderstroom.nl";
pub const DEMO_PASSWORD: &str = "klantbeeld-demo";
const ANALYST_EMAIL: &str = "analist@polderstroom.nl";
/// The team leads of technical support and customer service, who supervise.
const SUPERVISORS: &[&str] = &["Jeroen Hoogland", "Lieke Zwart"];

pub struct Agent {
    pub id: i64,
    pub first_name: &'static str,
}

pub struct Team {
    /// The corpus key topics are routed by: billing, tech, service or business.
    pub key: &'static str,
    pub id: i64,
    pub agents: Vec<Agent>,
}

pub struct Staff {
    pub teams: Vec<Team>,
}

impl Staff {
    pub fn team(&self, key: &str) -> Option<&Team> {
        self.teams.iter().find(|team| team.key == key)
    }
}

/// Writes the teams and accounts, all created at `at`, and returns who works where.
pub async fn hire(
    tx: &mut BulkTx,
    password_hash: &str,
    at: DateTime<Utc>,
) -> Result<Staff, StoreError> {
    tx.agent(
        ADMIN_EMAIL,
        "Beheerder Polderstroom",
        Role::Admin,
        password_hash,
        "nl",
        None,
        at,
    )
    .await?;
    tx.agent(
        ANALYST_EMAIL,
        "Daan Meijer",
        Role::Analyst,
        password_hash,
        "nl",
        None,
        at,
    )
    .await?;
    let mut teams = Vec::with_capacity(TEAMS.len());
    for &(key, dutch_name, _) in TEAMS {
        let id = tx.team(dutch_name, at).await?;
        let mut agents = Vec::new();
        for &(name, _) in AGENTS.iter().filter(|(_, team)| *team == key) {
            let first_name = name.split_whitespace().next().unwrap_or(name);
            let email = format!("{}@polderstroom.nl", ascii_fold(first_name));
            let role = if SUPERVISORS.contains(&name) {
                Role::Supervisor
            } else {
                Role::Agent
            };
            let id = tx
                .agent(&email, name, role, password_hash, "nl", Some(id), at)
                .await?;
            agents.push(Agent { id, first_name });
        }
        teams.push(Team { key, id, agents });
    }
    Ok(Staff { teams })
}
