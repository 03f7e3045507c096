//! Every page of the demo, read by a Dutch agent, is in Dutch: no English words or raw keys,
//! numbers with a decimal comma and `%` after a space, dates as `21-11-2026`, agents by name.
//! What customers wrote (message bodies, subjects, names) is theirs and is not checked. On the
//! way, every table that scrolls sideways on a phone must be reachable with the keyboard.

use std::collections::{BTreeSet, HashMap, VecDeque};

use regex::Regex;
use scraper::{ElementRef, Html, Node};

use crate::helpers::{TestApp, logged_in_as};

/// Where the crawl starts: every section of the navigation.
const START: [&str; 12] = [
    "/inbox",
    "/dashboard",
    "/churn",
    "/surveys",
    "/customers",
    "/callbacks",
    "/callbacks?done=1",
    "/admin/agents",
    "/admin/organisation",
    "/admin/inboxes",
    "/admin/teams",
    "/admin/tokens",
];
/// Pages of one shape (`/cases/N`) visited at most this often; the crawl stops at `MAX_PAGES`.
const PER_SHAPE: usize = 3;
const MAX_PAGES: usize = 60;

/// A text that is a key or a word of the English UI, never Dutch UI text on its own.
const RAW_KEYS: &[&str] = &[
    "email",
    "phone",
    "chat",
    "sms",
    "whatsapp",
    "web",
    "social",
    "review",
    "support",
    "delivery",
    "renewal",
    "relationship",
    "purchase",
    "onboarding",
    "cancellation",
    "sent",
    "answered",
    "expired",
    "scheduled",
    "suppressed",
    "failed",
    "requested",
    "completed",
    "cancelled",
    "eligible",
    "fatigue",
    "city",
    "plan",
    "customer_since",
    "nl",
    "en",
    "call",
    "mean",
    "csat",
    "nps",
    "ces",
    "case.resolved",
    "order.delivered",
    "subscription.renewed",
    "new",
    "pending",
    "resolved",
    "closed",
    "on_hold",
    "low",
    "normal",
    "high",
    "urgent",
    "agent",
    "admin",
];
/// English of the UI and of texts Klantbeeld writes, anywhere in a text.
const ENGLISH: &[&str] = &[
    "Formula",
    "Handover",
    "Follow-up",
    "Callback requested",
    "Chat visitor",
    "Call from",
    "answered after",
    "sent/answered",
    " / sent",
    "mean =",
    "promoters",
    "top-2 box",
    "Touchpoint",
    "Trigger",
    "response rate",
    "invitations",
    "Customer since",
    "Created",
    "Status after",
];

/// Whether text in `element` is something a customer or agent wrote, or not text at all.
fn written_by_people(element: ElementRef<'_>) -> bool {
    let around = element.ancestors().filter_map(ElementRef::wrap);
    std::iter::once(element).chain(around).any(|e| {
        let el = e.value();
        let class = |name: &str| el.classes().any(|c| c == name);
        let href = el.attr("href").unwrap_or("");
        matches!(el.name(), "script" | "style" | "textarea" | "code" | "pre")
            || (el.name() == "div" && class("body"))
            || (el.name() == "p" && class("subj"))
            || (el.name() == "details" && class("quoted"))
            || (el.name() == "a"
                && (href.starts_with("/cases/") || href.starts_with("/customers/")))
    })
}

/// Attributes a reader sees or hears: a tooltip, a screen reader's label, a placeholder.
const READ_ATTRIBUTES: [&str; 3] = ["title", "aria-label", "placeholder"];

/// The texts an agent reads on the page, one per text node or read attribute, trimmed, without
/// what people wrote.
fn ui_texts(html: &Html) -> Vec<String> {
    let mut texts = Vec::new();
    for node in html.tree.nodes() {
        match node.value() {
            Node::Text(text) => {
                if let Some(parent) = node.parent().and_then(ElementRef::wrap)
                    && !written_by_people(parent)
                {
                    texts.push(text.trim().to_string());
                }
            }
            Node::Element(element) => {
                if let Some(element_ref) = ElementRef::wrap(node)
                    && !written_by_people(element_ref)
                {
                    texts.extend(
                        READ_ATTRIBUTES
                            .iter()
                            .filter_map(|name| element.attr(name))
                            .map(|value| value.trim().to_string()),
                    );
                }
            }
            _ => {}
        }
    }
    texts.retain(|text| !text.is_empty());
    texts
}

struct Checks {
    us_date: Regex,
    iso_date: Regex,
    decimal_point: Regex,
    bare_percent: Regex,
}

impl Checks {
    fn new() -> Checks {
        Checks {
            us_date: Regex::new(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b").expect("regex"),
            iso_date: Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").expect("regex"),
            // A Dutch thousands point has three digits after it; one or two are decimals.
            decimal_point: Regex::new(r"\b\d+\.\d{1,2}\b").expect("regex"),
            bare_percent: Regex::new(r"\d%").expect("regex"),
        }
    }

    fn problems(&self, path: &str, text: &str) -> Vec<String> {
        let mut found = Vec::new();
        if RAW_KEYS.contains(&text) {
            found.push("a raw key");
        }
        if ENGLISH.iter().any(|english| text.contains(english)) {
            found.push("English");
        }
        if self.us_date.is_match(text) || self.iso_date.is_match(text) {
            found.push("a date not written 21-11-2026");
        }
        if self.decimal_point.is_match(text) {
            found.push("a decimal point");
        }
        if self.bare_percent.is_match(text) {
            found.push("a percentage without a space");
        }
        if path.starts_with("/dashboard") && text.ends_with("@polderstroom.nl") {
            found.push("an agent by email address");
        }
        found
            .into_iter()
            .map(|why| format!("{path}: {why}: {text:?}"))
            .collect()
    }
}

/// The shape of a path for [`PER_SHAPE`]: its digits as `N`, without the query.
fn shape(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let mut out = String::new();
    for c in path.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('N') {
                out.push('N');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn links(html: &Html) -> Vec<String> {
    let anchors = scraper::Selector::parse("a[href^='/']").expect("selector");
    html.select(&anchors)
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| {
            !href.starts_with("/assets")
                && !href.contains("export")
                && !href.contains("/attachments/")
                && !href.starts_with("/logout")
        })
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn every_page_of_the_demo_reads_in_dutch() {
    let options = klantbeeld::demo::DemoOptions {
        customers: 150,
        days: 45,
        seed: 7,
    };
    let app = TestApp::spawn_prepared(|db| async move {
        klantbeeld::demo::populate(&db, &options)
            .await
            .expect("the demo");
    })
    .await;
    let client = logged_in_as(&app, "admin@polderstroom.nl", "klantbeeld-demo").await;

    let checks = Checks::new();
    let mut queue: VecDeque<String> = START.iter().map(|p| p.to_string()).collect();
    let mut seen = BTreeSet::new();
    let mut shapes: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    while let Some(path) = queue.pop_front() {
        if seen.len() >= MAX_PAGES || !seen.insert(path.clone()) {
            continue;
        }
        let visits = shapes.entry(shape(&path)).or_default();
        *visits += 1;
        if *visits > PER_SHAPE {
            continue;
        }
        let response = client.get(app.url(&path)).send().await.expect("page");
        assert_eq!(response.status(), 200, "{path}");
        let html = Html::parse_document(&response.text().await.expect("html"));
        let lang = scraper::Selector::parse("html[lang='nl']").expect("selector");
        assert!(
            html.select(&lang).next().is_some(),
            "{path} is marked Dutch"
        );
        for text in ui_texts(&html) {
            problems.extend(checks.problems(&path, &text));
        }
        // A table wider than a phone scrolls in its box, which a keyboard must be able to reach.
        let scroll_boxes = scraper::Selector::parse("div.scroll").expect("selector");
        for scroll_box in html.select(&scroll_boxes) {
            if scroll_box.value().attr("tabindex") != Some("0") {
                problems.push(format!(
                    "{path}: a scrolling table the keyboard can't reach"
                ));
            }
        }
        queue.extend(links(&html));
    }
    assert!(seen.len() >= 25, "the crawl reached {} pages", seen.len());
    assert!(
        problems.is_empty(),
        "{} texts are not Dutch:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
