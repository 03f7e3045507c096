//! Survey use cases shared by the API (`api/surveys/`) and the agents' survey pages
//! (`pages/surveys.rs`): checking a definition, and a survey's figures; and checking a
//! customer's answer, for the survey page and the chat.

pub mod answers;
pub mod definition;
pub mod results;
