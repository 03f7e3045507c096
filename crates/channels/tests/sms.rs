//! SMS and WhatsApp providers from the outside, as one test binary with a module per area.

#[path = "sms/messagebird.rs"]
mod messagebird;
#[path = "sms/mutation.rs"]
mod mutation;
#[path = "sms/send.rs"]
mod send;
#[path = "sms/support.rs"]
mod support;
#[path = "sms/twilio.rs"]
mod twilio;
