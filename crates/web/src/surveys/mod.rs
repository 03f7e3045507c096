//! Survey use cases shared by the API (`api/surveys/`) and the agents' survey pages
//! (`pages/surveys.rs`): checking a definition, and a survey's figures.

pub mod definition;
pub mod results;
