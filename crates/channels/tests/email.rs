//! The email adapter against realistic input: a corpus of messages shaped like what real clients
//! send, mutated copies of them, and a local SMTP sink. One test binary, one module per area.

#[path = "email/corpus.rs"]
mod corpus;
#[path = "email/mutation.rs"]
mod mutation;
#[path = "email/parse.rs"]
mod parse;
#[path = "email/smtp.rs"]
mod smtp;
