//! The course of one case: opening, replies, follow-ups, notes, waits, resolution and sometimes a
//! reopening, planned in full and then cut at the present, so recent cases are still under way.

use chrono::{DateTime, TimeDelta, Utc};
use domain::{CaseStatus, Channel, Direction};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use super::clock::{after_office_time, first_reply_at, minutes};
use super::scripts::{self, Medium, Script};
use super::staff::Agent;

/// Resolved cases close after this long.
const CLOSE_AFTER_DAYS: i64 = 7;

pub struct Message {
    pub channel: Channel,
    pub direction: Direction,
    pub author: Option<i64>,
    pub subject: Option<String>,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// Where a case stands at the present.
pub struct Outcome {
    pub status: CaseStatus,
    pub updated_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// For a reopened case: when it was first resolved, and when the customer reopened it.
    pub reopened: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub messages: Vec<Message>,
}

/// What happens after the first reply.
#[derive(Clone, Copy)]
enum Course {
    /// The reply settles it.
    Answered,
    /// The customer writes back and, unless only to say thanks, gets a second reply.
    Conversation,
    /// The customer never answers the question put to them.
    Silent,
    /// Waiting on an engineer or grid operator.
    ThirdParty,
}

/// Everything a thread is written from.
pub struct Cast<'a> {
    pub script: &'a Script,
    pub channel: Channel,
    pub subject: &'a str,
    pub agent: &'a Agent,
    /// How the customer is greeted.
    pub name: &'a str,
    /// The customer's number quoted in the opening.
    pub reference: &'a str,
    pub has_email: bool,
    pub outage: bool,
}

struct Step {
    at: DateTime<Utc>,
    message: Option<Message>,
    status: Option<CaseStatus>,
    first_response: bool,
}

struct Thread<'a> {
    cast: &'a Cast<'a>,
    steps: Vec<Step>,
}

impl Thread<'_> {
    fn fill(&self, text: &str) -> String {
        text.replace("{ref}", self.cast.reference)
            .replace("{name}", self.cast.name)
            .replace("{agent}", self.cast.agent.first_name)
    }

    fn step(&mut self, at: DateTime<Utc>, status: CaseStatus) {
        self.steps.push(Step {
            at,
            message: None,
            status: Some(status),
            first_response: false,
        });
    }

    fn message(
        &mut self,
        at: DateTime<Utc>,
        direction: Direction,
        body: &str,
        status: Option<CaseStatus>,
    ) {
        let cast = self.cast;
        let channel = self.channel_for(direction);
        let subject = match (channel, direction, self.steps.is_empty()) {
            (_, Direction::Note, _) => None,
            (Channel::Email | Channel::Web, _, true) => Some(cast.subject.to_string()),
            (Channel::Email | Channel::Web, _, false) => Some(format!("Re: {}", cast.subject)),
            _ => None,
        };
        let author = (direction != Direction::Inbound).then_some(cast.agent.id);
        let first_response = direction == Direction::Outbound && !self.answered();
        let body = self.fill(body);
        let message = Message {
            channel,
            direction,
            author,
            subject,
            body,
            at,
        };
        self.steps.push(Step {
            at,
            message: Some(message),
            status,
            first_response,
        });
    }

    /// The channel a message goes by: web forms are answered by email, and after a call or a
    /// chat session the conversation goes on by email when the customer has an address.
    fn channel_for(&self, direction: Direction) -> Channel {
        let cast = self.cast;
        let session_length = match cast.channel {
            Channel::Phone => 1,
            Channel::Chat => 2,
            _ => usize::MAX,
        };
        let said = self
            .steps
            .iter()
            .filter_map(|s| s.message.as_ref())
            .filter(|m| m.direction != Direction::Note)
            .count();
        match cast.channel {
            Channel::Web if direction == Direction::Outbound => Channel::Email,
            _ if direction != Direction::Note && cast.has_email && said >= session_length => {
                Channel::Email
            }
            channel => channel,
        }
    }

    fn answered(&self) -> bool {
        self.steps.iter().any(|s| s.first_response)
    }

    fn last(&self) -> DateTime<Utc> {
        self.steps
            .iter()
            .map(|s| s.at)
            .max()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

/// Plans the whole case from `created_at` and returns where it stands at `now`.
pub fn unfold(
    rng: &mut StdRng,
    cast: &Cast,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Outcome {
    let mut thread = Thread {
        cast,
        steps: Vec::new(),
    };
    thread.message(
        created_at,
        Direction::Inbound,
        cast.script.opening,
        Some(CaseStatus::New),
    );
    let worked_from = match cast.script.medium {
        Medium::Call => call(rng, &mut thread, created_at),
        Medium::Written | Medium::Short => written(rng, &mut thread, created_at),
    };
    if rng.random_bool(0.15) {
        let at = worked_from + minutes(rng, 2, 90);
        if let Some(note) = cast.script.texts().internal_notes.choose(rng) {
            thread.message(at, Direction::Note, note, None);
        }
    }
    if rng.random_bool(0.06) {
        reopen(rng, &mut thread);
    }
    outcome(thread.steps, now)
}

/// The call is itself the first response; most are settled while on the line. Returns when the
/// agent first worked on the case.
fn call(rng: &mut StdRng, thread: &mut Thread, start: DateTime<Utc>) -> DateTime<Utc> {
    if let Some(opening) = thread.steps.first_mut() {
        opening.first_response = true;
    }
    let hung_up = start + minutes(rng, 4, 25);
    if rng.random_bool(0.55) {
        thread.step(hung_up, CaseStatus::Resolved);
        return hung_up;
    }
    let waiting = if waits_on_others(thread.cast.script.topic.key) && rng.random_bool(0.6) {
        CaseStatus::OnHold
    } else {
        CaseStatus::Pending
    };
    thread.step(hung_up, waiting);
    if thread.cast.has_email && rng.random_bool(0.5) {
        converse(rng, thread, hung_up);
    } else {
        let done = after_office_time(hung_up, minutes(rng, 600, 3000));
        thread.step(done, CaseStatus::Resolved);
    }
    hung_up
}

/// A written contact: a first reply after a realistic wait, then one of the [`Course`]s.
fn written(rng: &mut StdRng, thread: &mut Thread, start: DateTime<Utc>) -> DateTime<Utc> {
    let cast = thread.cast;
    let replied = first_reply_at(rng, cast.channel, start, cast.outage);
    let reply = cast
        .script
        .reply
        .unwrap_or_else(|| scripts::general_reply(rng, cast.script.language));
    if cast.channel == Channel::Chat && rng.random_bool(0.5) {
        thread.message(replied, Direction::Outbound, reply, Some(CaseStatus::Open));
        thread.step(replied + minutes(rng, 3, 20), CaseStatus::Resolved);
        return replied;
    }
    let course = course(rng, cast);
    let waiting = match course {
        Course::Answered => CaseStatus::Open,
        Course::Conversation | Course::Silent => CaseStatus::Pending,
        Course::ThirdParty => CaseStatus::OnHold,
    };
    thread.message(replied, Direction::Outbound, reply, Some(waiting));
    match course {
        Course::Answered => {
            // Often the agent resolves on sending; sometimes there is a credit note or a change
            // to process first.
            let processed = if rng.random_bool(0.6) {
                replied + minutes(rng, 1, 30)
            } else {
                after_office_time(replied, minutes(rng, 120, 1440))
            };
            thread.step(processed, CaseStatus::Resolved);
        }
        Course::Conversation => converse(rng, thread, replied),
        Course::Silent => {
            let given_up = after_office_time(replied, minutes(rng, 600, 2400));
            thread.step(given_up, CaseStatus::Resolved);
        }
        Course::ThirdParty => {
            // Now and then the engineer or grid operator takes weeks.
            let back = if rng.random_bool(0.2) {
                replied + TimeDelta::days(rng.random_range(10..26))
            } else {
                after_office_time(replied, minutes(rng, 600, 4800))
            };
            let update = scripts::update(rng, cast.script.language);
            thread.message(back, Direction::Outbound, update, Some(CaseStatus::Pending));
            thread.step(
                after_office_time(back, minutes(rng, 60, 1440)),
                CaseStatus::Resolved,
            );
        }
    }
    replied
}

fn course(rng: &mut StdRng, cast: &Cast) -> Course {
    // An outage is fixed for everyone at once.
    let weights: [(Course, u32); 4] = match cast.script.topic.key {
        _ if cast.outage => [
            (Course::Answered, 40),
            (Course::Conversation, 50),
            (Course::Silent, 10),
            (Course::ThirdParty, 0),
        ],
        topic if waits_on_others(topic) => [
            (Course::Answered, 35),
            (Course::Conversation, 25),
            (Course::Silent, 10),
            (Course::ThirdParty, 30),
        ],
        _ => [
            (Course::Answered, 50),
            (Course::Conversation, 32),
            (Course::Silent, 18),
            (Course::ThirdParty, 0),
        ],
    };
    weights
        .choose_weighted(rng, |(_, w)| *w)
        .map_or(Course::Answered, |(c, _)| *c)
}

/// Whether cases about `topic` can wait on engineers, the grid operator or a contractor.
fn waits_on_others(topic: &str) -> bool {
    matches!(
        topic,
        "outage" | "fibre_install" | "move" | "meter" | "solar"
    )
}

/// The customer writes back after `after`; the agent answers unless they only said thanks.
fn converse(rng: &mut StdRng, thread: &mut Thread, after: DateTime<Utc>) {
    let texts = thread.cast.script.texts();
    let Some(follow_up) = texts.follow_ups.choose(rng) else {
        thread.step(
            after_office_time(after, minutes(rng, 60, 1440)),
            CaseStatus::Resolved,
        );
        return;
    };
    let wrote = after + minutes(rng, 20, 3 * 24 * 60);
    thread.message(wrote, Direction::Inbound, follow_up, Some(CaseStatus::Open));
    if scripts::is_closing(follow_up) {
        thread.step(
            after_office_time(wrote, minutes(rng, 10, 240)),
            CaseStatus::Resolved,
        );
        return;
    }
    let reply = scripts::general_reply(rng, thread.cast.script.language);
    let replied = after_office_time(wrote, minutes(rng, 20, 480));
    thread.message(
        replied,
        Direction::Outbound,
        reply,
        Some(CaseStatus::Pending),
    );
    thread.step(
        after_office_time(replied, minutes(rng, 60, 2880)),
        CaseStatus::Resolved,
    );
}

/// After the resolution the customer writes that it is not solved after all; it is answered and
/// resolved again, before it would have closed.
fn reopen(rng: &mut StdRng, thread: &mut Thread) {
    let texts = thread.cast.script.texts();
    let open_issues: Vec<&str> = texts
        .follow_ups
        .iter()
        .copied()
        .filter(|f| !scripts::is_closing(f))
        .collect();
    let Some(complaint) = open_issues.choose(rng) else {
        return;
    };
    let wrote = thread.last() + minutes(rng, 6 * 60, 5 * 24 * 60);
    thread.message(wrote, Direction::Inbound, complaint, Some(CaseStatus::Open));
    let reply = scripts::general_reply(rng, thread.cast.script.language);
    let replied = after_office_time(wrote, minutes(rng, 30, 480));
    thread.message(
        replied,
        Direction::Outbound,
        reply,
        Some(CaseStatus::Pending),
    );
    thread.step(
        after_office_time(replied, minutes(rng, 60, 2880)),
        CaseStatus::Resolved,
    );
}

/// The case as it stands at `now`: what has happened by then, and the status it left.
fn outcome(mut steps: Vec<Step>, now: DateTime<Utc>) -> Outcome {
    steps.sort_by_key(|s| s.at);
    steps.retain(|s| s.at <= now);
    let mut status = CaseStatus::New;
    let mut resolutions = Vec::new();
    let mut reopened = None;
    for step in &steps {
        if let Some(next) = step.status {
            if next == CaseStatus::Resolved {
                resolutions.push(step.at);
            } else if status == CaseStatus::Resolved {
                reopened = resolutions.first().map(|first| (*first, step.at));
            }
            status = next;
        }
    }
    let resolved_at = (status == CaseStatus::Resolved)
        .then(|| resolutions.last().copied())
        .flatten();
    if resolved_at.is_some_and(|at| now - at > TimeDelta::days(CLOSE_AFTER_DAYS)) {
        status = CaseStatus::Closed;
    }
    let first_response_at = steps.iter().find(|s| s.first_response).map(|s| s.at);
    // An answered call whose next step lies after `now` is being worked on, not new.
    if status == CaseStatus::New && first_response_at.is_some() {
        status = CaseStatus::Open;
    }
    let updated_at = steps.last().map_or(now, |s| s.at);
    Outcome {
        status,
        updated_at,
        first_response_at,
        resolved_at,
        reopened,
        messages: steps.into_iter().filter_map(|s| s.message).collect(),
    }
}
