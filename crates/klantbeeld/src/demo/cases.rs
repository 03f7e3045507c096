//! Who gets in touch about what, on which channel, and who at Polderstroom picks it up.

use chrono::{DateTime, TimeDelta, Utc};
use domain::{CaseStatus, Channel, Priority};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};

use super::clock::Clock;
use super::people::{Person, Plan};
use super::scripts::{self, Fit, Medium, Script};
use super::staff::Staff;
use super::story::{self, Cast, Message};

/// One customer in this many contacts Polderstroom during the outage.
const OUTAGE_REACH: usize = 25;
/// One customer in this many has written in the last minutes.
const JUST_IN_SHARE: usize = 500;

pub struct PlannedCase {
    /// Index into the customers.
    pub customer: usize,
    pub channel: Channel,
    pub subject: String,
    pub tags: &'static [&'static str],
    pub priority: Priority,
    pub status: CaseStatus,
    pub team_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// For a reopened case: when it was first resolved, and when the customer reopened it.
    pub reopened: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub messages: Vec<Message>,
}

pub struct Planner<'a> {
    pub clock: &'a Clock,
    pub staff: &'a Staff,
    pub scripts: &'a [Script],
}

/// How a case's arrival time is chosen.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arrival {
    /// In the usual pattern of weeks, days and hours.
    Usual,
    /// During the big outage.
    Outage,
    /// By email in the last three quarters of an hour, not yet answered: the inbox shows new
    /// work whatever the hour the demo is generated.
    JustNow,
}

impl Planner<'_> {
    /// Every customer's cases over the period, the outage's and a few just in, oldest first.
    pub fn plan_all(&self, rng: &mut StdRng, people: &[Person]) -> Vec<PlannedCase> {
        let mut cases = Vec::new();
        for (index, person) in people.iter().enumerate() {
            for _ in 0..case_count(rng) {
                cases.extend(self.plan(rng, index, person, Arrival::Usual));
            }
        }
        for index in outage_victims(rng, people) {
            cases.extend(self.plan(rng, index, &people[index], Arrival::Outage));
        }
        for index in just_in(rng, people) {
            cases.extend(self.plan(rng, index, &people[index], Arrival::JustNow));
        }
        cases.sort_by_key(|case| case.created_at);
        cases
    }

    fn plan(
        &self,
        rng: &mut StdRng,
        customer: usize,
        person: &Person,
        arrival: Arrival,
    ) -> Option<PlannedCase> {
        let outage = arrival == Arrival::Outage;
        let channel = match arrival {
            Arrival::JustNow => Channel::Email,
            Arrival::Usual | Arrival::Outage => channel(rng, person),
        };
        let medium = medium(channel);
        let script = self.script(rng, person, medium, outage)?;
        let live = medium == Medium::Call || channel == Channel::Chat;
        let created_at = match arrival {
            Arrival::Usual => self.clock.arrival(rng, live),
            Arrival::Outage => self.clock.outage_arrival(rng, live),
            Arrival::JustNow => self.clock.now - TimeDelta::minutes(rng.random_range(1..45)),
        };
        let team = self.staff.team(team_key(rng, script.topic.key, person));
        let agent = team.and_then(|team| team.agents.choose(rng))?;
        let reference = format!("PS-{:07}", rng.random_range(0..10_000_000));
        let opening = script.opening.replace("{ref}", &reference);
        let subject = script
            .subject
            .map_or_else(|| scripts::subject_from(&opening), str::to_string);
        let cast = Cast {
            script,
            channel,
            subject: &subject,
            agent,
            name: person.first_name,
            reference: &reference,
            has_email: person.email.is_some(),
            outage,
        };
        let outcome = story::unfold(rng, &cast, created_at, self.clock.now);
        // Some new cases have been picked up by an agent who has not replied yet.
        let status = match outcome.status {
            CaseStatus::New if rng.random_bool(0.3) => CaseStatus::Open,
            status => status,
        };
        Some(PlannedCase {
            customer,
            channel,
            subject,
            tags: script.topic.tags,
            priority: priority(rng, script.topic.key, person),
            status,
            team_id: team.map(|team| team.id),
            assignee_id: (status != CaseStatus::New).then_some(agent.id),
            created_at,
            updated_at: outcome.updated_at,
            first_response_at: outcome.first_response_at,
            resolved_at: outcome.resolved_at,
            reopened: outcome.reopened,
            messages: outcome.messages,
        })
    }

    /// A script that suits the customer, relaxing what fits until one does: an outage report
    /// first, then any topic the customer's plan can be about, then anything in their language.
    fn script(
        &self,
        rng: &mut StdRng,
        person: &Person,
        medium: Medium,
        outage: bool,
    ) -> Option<&Script> {
        let reachable = |s: &Script| {
            s.medium == medium
                && s.language == person.language
                && (s.fit != Fit::Business || person.business)
        };
        let about_outage = |s: &Script| s.topic.key == "outage";
        if outage {
            let area = |s: &Script| reachable(s) && about_outage(s) && s.fit == Fit::AreaOutage;
            scripts::pick(rng, self.scripts, area)
                .or_else(|| scripts::pick(rng, self.scripts, |s| reachable(s) && about_outage(s)))
                .or_else(|| scripts::pick(rng, self.scripts, reachable))
        } else {
            let suits = |s: &Script| reachable(s) && suits_plan(s.topic.key, person.plan);
            scripts::pick(rng, self.scripts, suits)
                .or_else(|| scripts::pick(rng, self.scripts, reachable))
        }
    }
}

/// How many cases a customer has over the period: most one or two, a few up to ten (~2.9 on average).
fn case_count(rng: &mut StdRng) -> usize {
    const WEIGHTS: [(usize, u32); 10] = [
        (1, 33),
        (2, 22),
        (3, 15),
        (4, 10),
        (5, 7),
        (6, 5),
        (7, 3),
        (8, 2),
        (9, 2),
        (10, 1),
    ];
    WEIGHTS
        .choose_weighted(rng, |(_, w)| *w)
        .map_or(1, |(count, _)| *count)
}

/// A few customers with an email address, one in [`JUST_IN_SHARE`] but at least three.
fn just_in(rng: &mut StdRng, people: &[Person]) -> Vec<usize> {
    let count = (people.len() / JUST_IN_SHARE).max(3);
    let mut reachable: Vec<usize> = (0..people.len())
        .filter(|&i| people[i].email.is_some())
        .collect();
    reachable.shuffle(rng);
    reachable.truncate(count);
    reachable
}

/// Fibre customers in two cities lose their connection; one in [`OUTAGE_REACH`] customers gets in
/// touch, most from those cities.
fn outage_victims(rng: &mut StdRng, people: &[Person]) -> Vec<usize> {
    let count = (people.len() / OUTAGE_REACH).max(1);
    let mut cities: Vec<&str> = people.iter().map(|p| p.city).collect();
    cities.sort_unstable();
    cities.dedup();
    let hit: Vec<&str> = cities.choose_multiple(rng, 2).copied().collect();
    let mut fibre: Vec<usize> = (0..people.len())
        .filter(|&i| people[i].plan.has_fibre())
        .collect();
    fibre.shuffle(rng);
    // Those in the hit cities first, then others whose area was touched too.
    fibre.sort_by_key(|&i| !hit.contains(&people[i].city));
    fibre.truncate(count);
    fibre
}

/// Channels in the mix Polderstroom sees, among those the customer can use: email and web forms
/// need an address, SMS and WhatsApp a mobile number. Weights are raised by how many customers
/// lack the means, so the overall mix stays email 35%, chat 20%, phone 20%, WhatsApp 9%, web 8%, SMS 8%.
fn channel(rng: &mut StdRng, person: &Person) -> Channel {
    let (email, phone) = (person.email.is_some(), person.phone.is_some());
    let options = [
        (Channel::Email, 38.0, email),
        (Channel::Chat, 20.0, true),
        (Channel::Phone, 20.0, true),
        (Channel::Web, 8.7, email),
        (Channel::Whatsapp, 15.0, phone),
        (Channel::Sms, 13.0, phone),
    ];
    options
        .choose_weighted(
            rng,
            |(_, weight, usable)| if *usable { *weight } else { 0.0 },
        )
        .map_or(Channel::Chat, |(channel, _, _)| *channel)
}

fn medium(channel: Channel) -> Medium {
    match channel {
        Channel::Phone => Medium::Call,
        Channel::Sms | Channel::Whatsapp => Medium::Short,
        _ => Medium::Written,
    }
}

/// Whether a topic can concern a customer with `plan`: no meter questions without energy, no
/// installation without fibre.
fn suits_plan(topic: &str, plan: Plan) -> bool {
    match topic {
        "billing" | "meter" | "solar" | "contract" => plan.has_energy(),
        "fibre_install" => plan.has_fibre(),
        _ => true,
    }
}

/// The team a topic is routed to; business customers mostly go to the business desk.
fn team_key(rng: &mut StdRng, topic: &str, person: &Person) -> &'static str {
    if person.business && rng.random_bool(0.6) {
        return "business";
    }
    match topic {
        "billing" | "payment" => "billing",
        "outage" | "fibre_install" | "meter" | "app_login" | "solar" => "tech",
        _ => "service",
    }
}

fn priority(rng: &mut StdRng, topic: &str, person: &Person) -> Priority {
    let [low, normal, high, urgent] = match topic {
        "outage" => [2, 43, 40, 15],
        "complaint" => [3, 55, 35, 7],
        "cancel" => [5, 70, 22, 3],
        _ => [12, 72, 13, 3],
    };
    let options = [
        (Priority::Low, low),
        (Priority::Normal, normal),
        (Priority::High, high),
        (Priority::Urgent, urgent),
    ];
    let priority = options
        .choose_weighted(rng, |(_, w)| *w)
        .map_or(Priority::Normal, |(p, _)| *p);
    // VIP and business customers are bumped up now and then.
    if priority == Priority::Normal && (person.vip || person.business) && rng.random_bool(0.3) {
        Priority::High
    } else {
        priority
    }
}
