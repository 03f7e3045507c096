//! Agent passwords: argon2id with the crate's recommended parameters, in PHC string form.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Shortest and longest password an agent may choose, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 200;

/// Whether an agent may choose `password`: long enough, not absurdly long, no NUL.
pub fn acceptable_password(password: &str) -> bool {
    let chars = password.chars().count();
    (MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&chars) && !password.contains('\0')
}

pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    Ok(Argon2::default()
        .hash_password(password.as_bytes())?
        .to_string())
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the email is unknown, so a login takes as long either way.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("klantbeeld-decoy").unwrap_or_default())
}

/// Runs argon2 on the blocking pool, at most one per core at a time, so a burst of logins
/// neither stalls the async workers nor queues unbounded work on the blocking threads.
pub struct PasswordWork {
    slots: tokio::sync::Semaphore,
}

impl Default for PasswordWork {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        PasswordWork {
            slots: tokio::sync::Semaphore::new(cores),
        }
    }
}

impl PasswordWork {
    /// Whether `password` matches `stored`; without a stored hash, a decoy is verified so the
    /// answer takes as long either way.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        self.run(move || match stored {
            Some(hash) => verify_password(&password, &hash),
            None => {
                verify_password(&password, decoy_hash());
                false
            }
        })
        .await
        .unwrap_or(false)
    }

    pub async fn hash(&self, password: String) -> Option<String> {
        self.run(move || hash_password(&password).ok())
            .await
            .flatten()
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let _slot = self.slots.acquire().await.ok()?;
        tokio::task::spawn_blocking(work).await.ok()
    }
}
