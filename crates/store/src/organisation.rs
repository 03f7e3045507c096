//! Who the installation serves: the organisation's name, shown on every page a customer sees,
//! and the language it works in, in which Klantbeeld writes the texts it stores itself.

use domain::Language;
use serde::{Deserialize, Serialize};

use crate::{Db, StoreError, settings};

const KEY: &str = "organisation";
/// Longest organisation name accepted.
pub const MAX_NAME_CHARS: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub name: String,
    /// `nl` or `en`.
    pub language: String,
}

impl Default for Organisation {
    fn default() -> Self {
        Organisation {
            name: "Klantbeeld".into(),
            language: Language::default().code().into(),
        }
    }
}

impl Organisation {
    pub fn language(&self) -> Language {
        Language::from_code(&self.language).unwrap_or_default()
    }

    /// A trimmed, bounded name and a known language, or what is wrong.
    pub fn new(name: &str, language: &str) -> Result<Organisation, StoreError> {
        let name = name.trim();
        if name.is_empty()
            || name.chars().count() > MAX_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(StoreError::Invalid(format!(
                "the organisation's name is 1 to {MAX_NAME_CHARS} characters on one line"
            )));
        }
        let language = Language::from_code(language)
            .ok_or_else(|| StoreError::Invalid("the language is nl or en".into()))?;
        Ok(Organisation {
            name: name.into(),
            language: language.code().into(),
        })
    }
}

/// The organisation as set, or the default (Klantbeeld, Dutch) before anyone set it.
pub async fn get(db: &Db) -> Result<Organisation, StoreError> {
    Ok(settings::get(db, KEY).await?.unwrap_or_default())
}

/// The language stored texts are written in.
pub async fn language(db: &Db) -> Result<Language, StoreError> {
    Ok(get(db).await?.language())
}

pub async fn put(db: &Db, organisation: &Organisation) -> Result<(), StoreError> {
    settings::put(db, KEY, organisation).await
}
