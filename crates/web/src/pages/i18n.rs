//! The UI's words in Dutch and English. A page gets one `&'static Texts` and reads fields from it,
//! so a missing translation is a compile error, not a blank.

use domain::{CaseStatus, Channel, Direction, Priority, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Nl,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first of Dutch or English in an `Accept-Language` header; Dutch when neither.
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        header
            .unwrap_or("")
            .split(',')
            .filter_map(|part| part.trim().get(..2))
            .find_map(|code| Lang::from_code(&code.to_ascii_lowercase()))
            .unwrap_or(Lang::Nl)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }
}

pub struct Texts {
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub other_lang_name: &'static str,
    pub inbox: &'static str,
    pub customers: &'static str,
    pub surveys: &'static str,
    pub callbacks: &'static str,
    pub dashboard: &'static str,
    pub quoted_history: &'static str,
    pub handover_note: &'static str,
    pub duplicates: &'static str,
    pub merge_into_this: &'static str,
    pub merge_case_into: &'static str,
    pub merge: &'static str,
    pub split_case: &'static str,
    pub split: &'static str,
    pub not_delivered: &'static str,
    pub known_address: &'static str,
    pub unverified: &'static str,
    pub send_to: &'static str,
    pub sender_checks_failed: &'static str,
    pub reply_to_asked: &'static str,
    pub reply_to_question: &'static str,
    pub open_webhook_warning: &'static str,
    pub webhook_secret_once: &'static str,
    pub connect_mta: &'static str,
    pub connect_pbx: &'static str,
    pub admin: &'static str,
    pub agents: &'static str,
    pub teams: &'static str,
    pub tokens: &'static str,
    pub logout: &'static str,
    pub login_title: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub login_failed: &'static str,
    pub too_many_attempts: &'static str,
    pub status: &'static str,
    pub priority: &'static str,
    pub assignee: &'static str,
    pub team: &'static str,
    pub channel: &'static str,
    pub tag: &'static str,
    pub all: &'static str,
    pub unassigned: &'static str,
    pub mine: &'static str,
    pub filter: &'static str,
    pub search: &'static str,
    pub search_customers: &'static str,
    pub subject: &'static str,
    pub customer: &'static str,
    pub updated: &'static str,
    pub created: &'static str,
    pub no_cases: &'static str,
    pub no_customers: &'static str,
    pub older: &'static str,
    pub reply: &'static str,
    pub internal_note: &'static str,
    pub send: &'static str,
    pub status_after: &'static str,
    pub unchanged: &'static str,
    pub save: &'static str,
    pub case_details: &'static str,
    pub first_response: &'static str,
    pub resolved: &'static str,
    pub reopened: &'static str,
    pub identities: &'static str,
    pub attributes: &'static str,
    pub timeline: &'static str,
    pub cases: &'static str,
    pub other_cases: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub language: &'static str,
    pub active: &'static str,
    pub deactivate: &'static str,
    pub activate: &'static str,
    pub create: &'static str,
    pub token_shown_once: &'static str,
    pub revoke: &'static str,
    pub revoked: &'static str,
    pub last_used: &'static str,
    pub never: &'static str,
    pub members: &'static str,
    pub new_agent: &'static str,
    pub new_team: &'static str,
    pub new_token: &'static str,
    pub yes: &'static str,
    pub deactivated: &'static str,
    pub password_or_link: &'static str,
    pub setup_link_once: &'static str,
    pub reset_password: &'static str,
    pub reset_password_hint: &'static str,
    pub rename: &'static str,
    pub setup_title: &'static str,
    pub setup_intro: &'static str,
    pub password_again: &'static str,
    pub passwords_differ: &'static str,
    pub password_too_short: &'static str,
    pub choose_password: &'static str,
    pub setup_link_invalid: &'static str,
    pub setup_refused: &'static str,
    pub keyboard_hint: &'static str,
    pub no_interactions: &'static str,
    pub via: &'static str,
    pub you_reply_on: &'static str,
    pub message_placeholder: &'static str,
    pub skip_to_content: &'static str,
    pub statuses: [&'static str; 6],
    pub priorities: [&'static str; 4],
    pub channels: [&'static str; 8],
    pub directions: [&'static str; 4],
    pub roles: [&'static str; 4],
    /// Email, phone, handle, external id.
    pub identity_kinds: [&'static str; 4],
    pub notices: &'static [(&'static str, &'static str)],
}

fn position<T: PartialEq>(all: &[T], item: &T) -> usize {
    all.iter().position(|x| x == item).unwrap_or(0)
}

impl Texts {
    pub fn status(&self, status: &CaseStatus) -> &'static str {
        self.statuses[position(CaseStatus::ALL, status)]
    }
    pub fn priority(&self, priority: &Priority) -> &'static str {
        self.priorities[position(Priority::ALL, priority)]
    }
    pub fn channel(&self, channel: &Channel) -> &'static str {
        self.channels[position(Channel::ALL, channel)]
    }
    pub fn direction(&self, direction: &Direction) -> &'static str {
        self.directions[position(Direction::ALL, direction)]
    }
    pub fn role(&self, role: &Role) -> &'static str {
        self.roles[position(Role::ALL, role)]
    }
    pub fn identity_kind(&self, kind: &str) -> &'static str {
        let index = ["email", "phone", "handle", "external"]
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(3);
        self.identity_kinds[index]
    }
    /// The sentence for a notice key passed after a form post, if it is one we know.
    pub fn notice(&self, key: &str) -> Option<&'static str> {
        self.notices
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, text)| *text)
    }
}

pub static NL: Texts = Texts {
    lang: "nl",
    other_lang: "en",
    other_lang_name: "English",
    inbox: "Inbox",
    customers: "Klanten",
    surveys: "Enquêtes",
    callbacks: "Terugbellen",
    dashboard: "Dashboard",
    quoted_history: "Eerdere berichten (geciteerd)",
    handover_note: "Overdrachtsnotitie (bij een andere medewerker of team)",
    duplicates: "Mogelijke dubbele klanten",
    merge_into_this: "Samenvoegen in deze klant",
    merge_case_into: "Samenvoegen met zaak nummer",
    merge: "Samenvoegen",
    split_case: "Berichten afsplitsen naar een nieuwe zaak",
    split: "Afsplitsen",
    not_delivered: "Niet afgeleverd",
    known_address: "Bekend adres van de klant",
    unverified: "niet geverifieerd",
    send_to: "Versturen naar",
    sender_checks_failed: "Afzendercontrole mislukt, mogelijk vervalst",
    reply_to_asked: "De afzender vraagt antwoorden te sturen naar",
    reply_to_question: "Dat adres is niet bekend bij deze klant: gebruiken? Kies het bij ‘Versturen naar’; zonder keuze gaat het antwoord naar het bekende adres.",
    open_webhook_warning: "Open koppeling: iedereen die het adres kent kan hier berichten op zetten, met elke afzender. Zet een webhook-geheim en verwijder open_webhook.",
    webhook_secret_once: "Het webhook-geheim van deze inbox. Het wordt alleen nu getoond; bewaar het in de mailserver of telefooncentrale.",
    connect_mta: "Mailserver (Postfix) koppelen",
    connect_pbx: "Telefooncentrale koppelen",
    admin: "Beheer",
    agents: "Medewerkers",
    teams: "Teams",
    tokens: "API-tokens",
    logout: "Uitloggen",
    login_title: "Inloggen bij Klantbeeld",
    email: "E-mailadres",
    password: "Wachtwoord",
    sign_in: "Inloggen",
    login_failed: "E-mailadres of wachtwoord klopt niet.",
    too_many_attempts: "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.",
    status: "Status",
    priority: "Prioriteit",
    assignee: "Behandelaar",
    team: "Team",
    channel: "Kanaal",
    tag: "Label",
    all: "Alle",
    unassigned: "Niet toegewezen",
    mine: "Mijn zaken",
    filter: "Filteren",
    search: "Zoeken",
    search_customers: "Zoek op naam, e-mail of telefoon",
    subject: "Onderwerp",
    customer: "Klant",
    updated: "Bijgewerkt",
    created: "Aangemaakt",
    no_cases: "Geen zaken gevonden.",
    no_customers: "Geen klanten gevonden.",
    older: "Oudere",
    reply: "Antwoord",
    internal_note: "Interne notitie",
    send: "Versturen",
    status_after: "Status daarna",
    unchanged: "ongewijzigd",
    save: "Opslaan",
    case_details: "Zaakgegevens",
    first_response: "Eerste reactie",
    resolved: "Opgelost",
    reopened: "Heropend",
    identities: "Identiteiten",
    attributes: "Kenmerken",
    timeline: "Tijdlijn",
    cases: "Zaken",
    other_cases: "Andere zaken van deze klant",
    name: "Naam",
    role: "Rol",
    language: "Taal",
    active: "Actief",
    deactivate: "Deactiveren",
    activate: "Activeren",
    create: "Aanmaken",
    token_shown_once: "Kopieer dit token nu: het wordt niet opnieuw getoond.",
    revoke: "Intrekken",
    revoked: "Ingetrokken",
    last_used: "Laatst gebruikt",
    never: "nooit",
    members: "Leden",
    new_agent: "Nieuwe medewerker",
    new_team: "Nieuw team",
    new_token: "Nieuw token",
    yes: "Ja",
    deactivated: "Gedeactiveerd",
    password_or_link: "Laat het wachtwoord leeg om een eenmalige link te krijgen waarmee de medewerker zelf een wachtwoord kiest (24 uur geldig).",
    setup_link_once: "Eenmalige link om een wachtwoord te kiezen, 24 uur geldig. Hij wordt alleen nu getoond; geef hem aan de medewerker.",
    reset_password: "Wachtwoord opnieuw instellen",
    reset_password_hint: "Het huidige wachtwoord stopt meteen met werken en de medewerker wordt uitgelogd; u krijgt een nieuwe eenmalige link.",
    rename: "Hernoemen",
    setup_title: "Klantbeeld instellen",
    setup_intro: "Er is nog geen medewerker. Maak de eerste beheerder aan; daarna kan die anderen toevoegen.",
    password_again: "Wachtwoord (nogmaals)",
    passwords_differ: "De wachtwoorden zijn niet gelijk.",
    password_too_short: "Een wachtwoord heeft 10 tot 200 tekens.",
    choose_password: "Kies een wachtwoord",
    setup_link_invalid: "Deze link is ongeldig, verlopen of al gebruikt. Vraag een beheerder om een nieuwe.",
    setup_refused: "Open deze pagina op de server zelf (http://127.0.0.1), of met de link uit het logboek van de server.",
    keyboard_hint: "Sneltoetsen: j/k volgende/vorige, Enter openen, / zoeken, r antwoorden",
    no_interactions: "Nog geen contactmomenten.",
    via: "via",
    you_reply_on: "Uw antwoord gaat via",
    message_placeholder: "Typ uw bericht…",
    skip_to_content: "Naar de inhoud",
    statuses: [
        "Nieuw",
        "Open",
        "Wacht op klant",
        "In de wacht",
        "Opgelost",
        "Gesloten",
    ],
    priorities: ["Laag", "Normaal", "Hoog", "Urgent"],
    channels: [
        "E-mail",
        "Chat",
        "SMS",
        "WhatsApp",
        "Telefoon",
        "Web",
        "Social media",
        "Review",
    ],
    directions: ["Klant", "Antwoord", "Interne notitie", "Systeem"],
    roles: ["Beheerder", "Teamleider", "Medewerker", "Analist"],
    identity_kinds: ["e-mail", "telefoon", "account", "extern id"],
    notices: &[
        ("survey_created", "Enquête aangemaakt."),
        ("merged", "Samengevoegd."),
        ("inbox_created", "Inbox aangemaakt."),
        ("inbox_updated", "Inbox bijgewerkt."),
        ("callback_recorded", "Belpoging vastgelegd."),
        ("split", "Berichten afgesplitst naar een nieuwe zaak."),
        ("survey_updated", "Enquête bijgewerkt."),
        ("policy_saved", "Beleid tegen enquêtemoeheid opgeslagen."),
        ("reply_sent", "Antwoord verstuurd."),
        ("note_added", "Notitie toegevoegd."),
        ("case_updated", "Zaak bijgewerkt."),
        ("empty_message", "Het bericht is leeg."),
        ("invalid_input", "Controleer de invoer."),
        (
            "case_closed",
            "Deze zaak is gesloten en kan niet meer worden gewijzigd.",
        ),
        ("agent_created", "Medewerker aangemaakt."),
        ("agent_updated", "Medewerker bijgewerkt."),
        ("team_created", "Team aangemaakt."),
        ("token_revoked", "Token ingetrokken."),
        ("conflict", "Dat bestaat al."),
        ("team_renamed", "Team hernoemd."),
        (
            "password_too_short",
            "Een wachtwoord heeft 10 tot 200 tekens.",
        ),
        (
            "last_admin",
            "Dat kan niet: er moet een actieve beheerder overblijven.",
        ),
    ],
};

pub static EN: Texts = Texts {
    lang: "en",
    other_lang: "nl",
    other_lang_name: "Nederlands",
    inbox: "Inbox",
    customers: "Customers",
    surveys: "Surveys",
    callbacks: "Callbacks",
    dashboard: "Dashboard",
    quoted_history: "Earlier messages (quoted)",
    handover_note: "Handover note (with another agent or team)",
    duplicates: "Possible duplicate customers",
    merge_into_this: "Merge into this customer",
    merge_case_into: "Merge into case number",
    merge: "Merge",
    split_case: "Split messages off into a new case",
    split: "Split off",
    not_delivered: "Not delivered",
    known_address: "The customer's known address",
    unverified: "unverified",
    send_to: "Send to",
    sender_checks_failed: "Sender checks failed, possibly forged",
    reply_to_asked: "The sender asks replies to go to",
    reply_to_question: "That address is not known for this customer: use it? Choose it under ‘Send to’; without a choice the reply goes to the known address.",
    open_webhook_warning: "Open hook: anyone who knows the address can post messages here, with any sender. Set a webhook secret and remove open_webhook.",
    webhook_secret_once: "This inbox's webhook secret. It is shown only now; store it in the mail server or PBX.",
    connect_mta: "Connect the mail server (Postfix)",
    connect_pbx: "Connect the PBX",
    admin: "Admin",
    agents: "Agents",
    teams: "Teams",
    tokens: "API tokens",
    logout: "Log out",
    login_title: "Log in to Klantbeeld",
    email: "Email address",
    password: "Password",
    sign_in: "Log in",
    login_failed: "The email address or password is wrong.",
    too_many_attempts: "Too many failed attempts. Try again in fifteen minutes.",
    status: "Status",
    priority: "Priority",
    assignee: "Assignee",
    team: "Team",
    channel: "Channel",
    tag: "Tag",
    all: "All",
    unassigned: "Unassigned",
    mine: "My cases",
    filter: "Filter",
    search: "Search",
    search_customers: "Search by name, email or phone",
    subject: "Subject",
    customer: "Customer",
    updated: "Updated",
    created: "Created",
    no_cases: "No cases found.",
    no_customers: "No customers found.",
    older: "Older",
    reply: "Reply",
    internal_note: "Internal note",
    send: "Send",
    status_after: "Status afterwards",
    unchanged: "unchanged",
    save: "Save",
    case_details: "Case details",
    first_response: "First response",
    resolved: "Resolved",
    reopened: "Reopened",
    identities: "Identities",
    attributes: "Attributes",
    timeline: "Timeline",
    cases: "Cases",
    other_cases: "Other cases of this customer",
    name: "Name",
    role: "Role",
    language: "Language",
    active: "Active",
    deactivate: "Deactivate",
    activate: "Activate",
    create: "Create",
    token_shown_once: "Copy this token now: it will not be shown again.",
    revoke: "Revoke",
    revoked: "Revoked",
    last_used: "Last used",
    never: "never",
    members: "Members",
    new_agent: "New agent",
    new_team: "New team",
    new_token: "New token",
    yes: "Yes",
    deactivated: "Deactivated",
    password_or_link: "Leave the password empty to get a one-time link where the agent chooses one (valid for 24 hours).",
    setup_link_once: "One-time link to choose a password, valid for 24 hours. It is shown only now; give it to the agent.",
    reset_password: "Reset password",
    reset_password_hint: "The current password stops working at once and the agent is logged out; you get a new one-time link.",
    rename: "Rename",
    setup_title: "Set up Klantbeeld",
    setup_intro: "There is no agent yet. Create the first admin; they can add the others.",
    password_again: "Password (again)",
    passwords_differ: "The passwords differ.",
    password_too_short: "A password has 10 to 200 characters.",
    choose_password: "Choose a password",
    setup_link_invalid: "This link is invalid, expired or used. Ask an admin for a new one.",
    setup_refused: "Open this page on the server itself (http://127.0.0.1), or with the link from the server's log.",
    keyboard_hint: "Shortcuts: j/k next/previous, Enter open, / search, r reply",
    no_interactions: "No contacts yet.",
    via: "via",
    you_reply_on: "Your reply goes out via",
    message_placeholder: "Type your message…",
    skip_to_content: "Skip to content",
    statuses: ["New", "Open", "Pending", "On hold", "Resolved", "Closed"],
    priorities: ["Low", "Normal", "High", "Urgent"],
    channels: [
        "Email", "Chat", "SMS", "WhatsApp", "Phone", "Web", "Social", "Review",
    ],
    directions: ["Customer", "Reply", "Internal note", "System"],
    roles: ["Admin", "Supervisor", "Agent", "Analyst"],
    identity_kinds: ["email", "phone", "handle", "external id"],
    notices: &[
        ("survey_created", "Survey created."),
        ("merged", "Merged."),
        ("inbox_created", "Inbox created."),
        ("inbox_updated", "Inbox updated."),
        ("callback_recorded", "Call attempt recorded."),
        ("split", "Messages split off into a new case."),
        ("survey_updated", "Survey updated."),
        ("policy_saved", "Survey fatigue policy saved."),
        ("reply_sent", "Reply sent."),
        ("note_added", "Note added."),
        ("case_updated", "Case updated."),
        ("empty_message", "The message is empty."),
        ("invalid_input", "Please check your input."),
        (
            "case_closed",
            "This case is closed and can no longer change.",
        ),
        ("agent_created", "Agent created."),
        ("agent_updated", "Agent updated."),
        ("team_created", "Team created."),
        ("token_revoked", "Token revoked."),
        ("conflict", "That already exists."),
        ("team_renamed", "Team renamed."),
        ("password_too_short", "A password has 10 to 200 characters."),
        ("last_admin", "Not possible: one active admin must remain."),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_dutch_or_english() {
        assert_eq!(Lang::from_accept_language(Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("de-DE,nl;q=0.8")), Lang::Nl);
        assert_eq!(Lang::from_accept_language(None), Lang::Nl);
    }

    #[test]
    fn every_notice_exists_in_both_languages() {
        let keys = |t: &Texts| t.notices.iter().map(|(k, _)| *k).collect::<Vec<_>>();
        assert_eq!(keys(&NL), keys(&EN));
    }
}
