//! The vocabulary of business events (`POST /api/v1/events`): which kinds outsiders may send, and
//! the touchpoint a survey triggered by one measures.

/// The business events every installation knows, with the touchpoint a survey on them measures.
const KNOWN: [(&str, &str); 5] = [
    ("order.placed", "purchase"),
    ("order.delivered", "delivery"),
    ("onboarding.completed", "onboarding"),
    ("subscription.renewed", "renewal"),
    ("subscription.cancelled", "cancellation"),
];
/// Prefixes of the events Klantbeeld writes itself; nobody outside may forge them.
const RESERVED: [&str; 9] = [
    "case.",
    "interaction.",
    "survey.",
    "customer.",
    "callback.",
    "call.",
    "import.",
    "inbox.",
    "agent.",
];

/// A known business event, or one of the same shape (`area.happened`) outside the reserved areas.
pub fn is_business_event(kind: &str) -> bool {
    let shaped = kind.len() <= 60
        && kind.split_once('.').is_some_and(|(area, what)| {
            let word = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            };
            word(area) && word(what)
        });
    shaped && !RESERVED.iter().any(|prefix| kind.starts_with(prefix))
}

/// The touchpoint a survey on `event` measures, unless it names its own.
pub fn touchpoint_of(event: Option<&str>) -> &str {
    match event {
        None => "relationship",
        Some("case.resolved") => "support",
        Some(event) => KNOWN
            .iter()
            .find(|(kind, _)| *kind == event)
            .map_or(event, |(_, touchpoint)| touchpoint),
    }
}
