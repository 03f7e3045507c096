//! Klantbeeld's domain: ids, value types that validate their input, and the enums of the model.
//! Pure: no I/O, no database, no HTTP.

mod attribute_name;
mod contact;
mod enums;
mod identity;
mod ids;
mod lifecycle;
mod phrases;
mod search_key;
mod survey;

pub use attribute_name::{MAX_ATTRIBUTE_NAME_CHARS, is_attribute_name};
pub use contact::{
    Contact, FOLLOW_UP_PRIORITY, Found, InvalidStars, Outcome, REVIEW_FOLLOW_UP_TAG, Stars, decide,
};
pub use enums::{
    Capability, CaseStatus, Channel, Direction, InboxKind, ParseEnumError, Priority, Role,
    SurveyKind,
};
pub use identity::{Email, Handle, IdentityKind, InvalidIdentity, PhoneE164};
pub use ids::{AgentId, CaseId, CustomerId, InteractionId, ParseIdError, TeamId, TokenId};
pub use lifecycle::{CaseClosed, StatusChange};
pub use phrases::{CallLine, Language};
pub use search_key::search_key;
pub use survey::{Conditions, Localized, Question, QuestionType, SurveyTexts, Touch};
