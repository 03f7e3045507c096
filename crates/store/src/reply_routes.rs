//! Where an agent's reply on a case can go: back the way the customer last wrote (the default),
//! or any other address of the customer on a channel we can send on. A reply with no route is
//! refused rather than recorded as if it went somewhere.

use domain::{Channel, IdentityKind, InboxKind, PhoneE164};

use crate::channels::{email_flags, inboxes};
use crate::interactions::{LAST_ROUTE, Route};
use crate::{Db, Entity, StoreError, params};

/// A way to answer, as the case view offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyRoute {
    pub route: Route,
    /// An address a sender asked replies to go to, which nothing proves is theirs.
    pub unverified: bool,
}

impl ReplyRoute {
    /// How a form names this route: `email:anna@example.nl`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.route.channel.as_str(), self.route.address)
    }
}

/// What the server is allowed to send.
pub struct Reach<'a> {
    /// Countries (ISO codes) whose numbers may get a text message.
    pub sms_countries: &'a [String],
}

/// Every route a reply on `case_id` can take, the default first; empty when the customer cannot
/// be reached on any channel we send on.
pub async fn of_case(
    db: &Db,
    case_id: i64,
    reach: &Reach<'_>,
) -> Result<Vec<ReplyRoute>, StoreError> {
    let last: Option<Route> = db.fetch_optional(LAST_ROUTE, params![case_id]).await?;
    let customer_id: i64 = db
        .optional_scalar(
            "SELECT customer_id FROM cases WHERE id = $1",
            params![case_id],
        )
        .await?
        .ok_or(StoreError::NotFound(Entity::Case))?;
    let identities = identities(db, customer_id).await?;
    let sendable = Sendable::new(db, reach).await?;
    let mut routes: Vec<ReplyRoute> = Vec::new();
    let mut offer = |route: Route, unverified: bool| {
        let known = routes
            .iter()
            .any(|r| r.route.channel == route.channel && r.route.address == route.address);
        if !known && sendable.allows(&route) {
            routes.push(ReplyRoute { route, unverified });
        }
    };
    let email_inbox = last
        .as_ref()
        .filter(|r| r.channel == Channel::Email)
        .and_then(|r| r.inbox_id);
    if let Some(route) = last.and_then(Route::deliverable) {
        offer(route, false);
    }
    for route in identity_routes(&identities, email_inbox) {
        offer(route, false);
    }
    for flag in email_flags::of_case(db, case_id).await? {
        if let Some(address) = flag.reply_to {
            let route = Route {
                channel: Channel::Email,
                inbox_id: flag.inbox_id,
                address,
            };
            offer(route, true);
        }
    }
    Ok(routes)
}

/// Where a new conversation with the customer can start: their email addresses and their
/// numbers for SMS (within the allowed countries) and WhatsApp (when an inbox exists).
pub async fn of_customer(
    db: &Db,
    customer_id: i64,
    reach: &Reach<'_>,
) -> Result<Vec<ReplyRoute>, StoreError> {
    let identities = identities(db, customer_id).await?;
    let sendable = Sendable::new(db, reach).await?;
    let mut routes: Vec<ReplyRoute> = Vec::new();
    for route in identity_routes(&identities, None) {
        if sendable.allows(&route) && !routes.iter().any(|r| r.route == route) {
            routes.push(ReplyRoute {
                route,
                unverified: false,
            });
        }
    }
    Ok(routes)
}

async fn identities(db: &Db, customer_id: i64) -> Result<Vec<(String, String)>, StoreError> {
    db.fetch_all(
        "SELECT kind, value FROM identities WHERE customer_id = $1 ORDER BY created_at, value",
        params![customer_id],
    )
    .await
}

/// The routes a customer's identities give: email to their addresses (through `email_inbox`),
/// SMS and WhatsApp to their numbers.
fn identity_routes(identities: &[(String, String)], email_inbox: Option<i64>) -> Vec<Route> {
    let mut routes = Vec::new();
    for (kind, value) in identities {
        let to = |channel, inbox_id| Route {
            channel,
            inbox_id,
            address: value.clone(),
        };
        if kind == IdentityKind::Email.as_str() {
            routes.push(to(Channel::Email, email_inbox));
        } else if kind == IdentityKind::Phone.as_str() {
            routes.push(to(Channel::Sms, None));
            routes.push(to(Channel::Whatsapp, None));
        }
    }
    routes
}

/// Which channels the server can send on now.
struct Sendable<'a> {
    sms: bool,
    whatsapp: bool,
    reach: &'a Reach<'a>,
}

impl<'a> Sendable<'a> {
    async fn new(db: &Db, reach: &'a Reach<'a>) -> Result<Sendable<'a>, StoreError> {
        Ok(Sendable {
            sms: inboxes::first_of_kind(db, InboxKind::Sms).await?.is_some(),
            whatsapp: inboxes::first_of_kind(db, InboxKind::Whatsapp)
                .await?
                .is_some(),
            reach,
        })
    }

    fn allows(&self, route: &Route) -> bool {
        let textable = |number: &str| {
            PhoneE164::parse(number)
                .ok()
                .and_then(|phone| phone.country())
                .is_some_and(|country| self.reach.sms_countries.contains(&country))
        };
        match route.channel {
            Channel::Email | Channel::Chat => true,
            Channel::Sms => self.sms && textable(&route.address),
            Channel::Whatsapp => self.whatsapp,
            _ => false,
        }
    }
}

/// The route a reply takes: the one on `channel` (to `address`, when given) or, with neither,
/// the default. Only a route asked for by name goes to an unverified address.
pub fn pick(
    routes: &[ReplyRoute],
    channel: Option<Channel>,
    address: Option<&str>,
) -> Option<Route> {
    routes
        .iter()
        .find(|r| match (channel, address) {
            (None, None) => !r.unverified,
            (channel, address) => {
                channel.is_none_or(|c| c == r.route.channel)
                    && address.is_none_or(|a| a == r.route.address)
                    && (address.is_some() || !r.unverified)
            }
        })
        .map(|r| r.route.clone())
}
