//! The error pages' words in Dutch and English.

use axum::http::StatusCode;

use crate::error::ErrorCode;

pub struct Words {
    pub status: &'static str,
    pub back_to_inbox: &'static str,
    pub back_home: &'static str,
    bad_request: (&'static str, &'static str),
    invalid_date: &'static str,
    forbidden: (&'static str, &'static str),
    forbidden_role: &'static str,
    form_expired: &'static str,
    setup_refused: &'static str,
    setup_link_invalid: &'static str,
    not_found: (&'static str, &'static str),
    case_not_found: &'static str,
    customer_not_found: &'static str,
    agent_not_found: &'static str,
    conflict: (&'static str, &'static str),
    too_large: (&'static str, &'static str),
    unprocessable: (&'static str, &'static str),
    too_many: (&'static str, &'static str),
    unavailable: (&'static str, &'static str),
    internal: (&'static str, &'static str),
    other: (&'static str, &'static str),
}

impl Words {
    /// The title and explanation of an error: by the status, made specific by the error's code
    /// when one is known.
    pub fn explain(
        &self,
        status: StatusCode,
        code: Option<ErrorCode>,
    ) -> (&'static str, &'static str) {
        let (title, general) = match status {
            StatusCode::BAD_REQUEST => self.bad_request,
            StatusCode::FORBIDDEN => self.forbidden,
            StatusCode::NOT_FOUND | StatusCode::GONE => self.not_found,
            StatusCode::CONFLICT => self.conflict,
            StatusCode::PAYLOAD_TOO_LARGE => self.too_large,
            StatusCode::UNPROCESSABLE_ENTITY => self.unprocessable,
            StatusCode::TOO_MANY_REQUESTS => self.too_many,
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => self.unavailable,
            s if s.is_server_error() => self.internal,
            _ => self.other,
        };
        let specific = match code {
            Some(ErrorCode::InvalidDate) => self.invalid_date,
            Some(ErrorCode::ForbiddenRole) => self.forbidden_role,
            Some(ErrorCode::FormExpired | ErrorCode::CrossSite) => self.form_expired,
            Some(ErrorCode::SetupRefused) => self.setup_refused,
            Some(ErrorCode::SetupLinkInvalid) => self.setup_link_invalid,
            Some(ErrorCode::CaseNotFound) => self.case_not_found,
            Some(ErrorCode::CustomerNotFound) => self.customer_not_found,
            Some(ErrorCode::AgentNotFound) => self.agent_not_found,
            _ => general,
        };
        (title, specific)
    }
}

pub static NL: Words = Words {
    status: "Foutcode",
    back_to_inbox: "Terug naar de inbox",
    back_home: "Naar de startpagina",
    bad_request: (
        "Dit adres klopt niet",
        "Het adres of de invoer is niet geldig, bijvoorbeeld een nummer met letters erin. Controleer de link en probeer het opnieuw.",
    ),
    invalid_date: "Een datum klopt niet. Schrijf datums als JJJJ-MM-DD, met de begindatum niet na de einddatum.",
    forbidden: ("Geen toegang", "U hebt geen toegang tot deze pagina."),
    forbidden_role: "Uw rol geeft geen toegang tot deze pagina. Vraag een beheerder als u hem nodig hebt.",
    form_expired: "Het formulier is verlopen of kwam niet van deze site. Laad de pagina opnieuw en probeer het nog eens.",
    setup_refused: "Open deze pagina op de server zelf (http://127.0.0.1), of met de link uit het logboek van de server.",
    setup_link_invalid: "Deze link is ongeldig, verlopen of al gebruikt. Vraag een beheerder om een nieuwe.",
    not_found: (
        "Niet gevonden",
        "Deze pagina bestaat niet (meer). Controleer het adres of ga terug.",
    ),
    case_not_found: "Deze zaak bestaat niet (meer). Misschien is het nummer verkeerd of is de zaak samengevoegd.",
    customer_not_found: "Deze klant bestaat niet (meer). Misschien is de klant samengevoegd met een andere.",
    agent_not_found: "Deze medewerker bestaat niet.",
    conflict: (
        "Dat gaat niet samen",
        "Dit botst met een wijziging die er al is. Laad de pagina opnieuw en kijk of het nog nodig is.",
    ),
    too_large: (
        "Te groot",
        "Wat u stuurde is groter dan de server aanneemt.",
    ),
    unprocessable: (
        "Niet verwerkt",
        "De invoer kon niet worden verwerkt. Ga terug en controleer de velden.",
    ),
    too_many: (
        "Even geduld",
        "Er kwamen te veel verzoeken tegelijk. Wacht even en probeer het opnieuw.",
    ),
    unavailable: (
        "Even niet bereikbaar",
        "Klantbeeld is even niet bereikbaar. Probeer het over een paar seconden opnieuw.",
    ),
    internal: (
        "Er ging iets mis",
        "Er ging aan onze kant iets mis. Probeer het later opnieuw; blijft het misgaan, meld het dan aan een beheerder.",
    ),
    other: (
        "Dit lukt niet",
        "Dit verzoek kan zo niet worden uitgevoerd.",
    ),
};

pub static EN: Words = Words {
    status: "Error code",
    back_to_inbox: "Back to the inbox",
    back_home: "Go to the start page",
    bad_request: (
        "This address is not valid",
        "The address or input is not valid, for example a number with letters in it. Check the link and try again.",
    ),
    invalid_date: "A date is not valid. Write dates as YYYY-MM-DD, with the start date not after the end date.",
    forbidden: ("No access", "You do not have access to this page."),
    forbidden_role: "Your role does not give access to this page. Ask an administrator if you need it.",
    form_expired: "The form has expired or did not come from this site. Reload the page and try again.",
    setup_refused: "Open this page on the server itself (http://127.0.0.1), or with the link from the server's log.",
    setup_link_invalid: "This link is invalid, expired or used. Ask an admin for a new one.",
    not_found: (
        "Not found",
        "This page does not exist (any more). Check the address or go back.",
    ),
    case_not_found: "This case does not exist (any more). The number may be wrong or the case was merged.",
    customer_not_found: "This customer does not exist (any more). They may have been merged with another.",
    agent_not_found: "This agent does not exist.",
    conflict: (
        "That does not fit",
        "This clashes with a change that is already there. Reload the page and see whether it is still needed.",
    ),
    too_large: (
        "Too large",
        "What you sent is larger than the server accepts.",
    ),
    unprocessable: (
        "Not processed",
        "The input could not be processed. Go back and check the fields.",
    ),
    too_many: (
        "Please wait",
        "Too many requests came in at once. Wait a moment and try again.",
    ),
    unavailable: (
        "Briefly unavailable",
        "Klantbeeld is briefly unavailable. Try again in a few seconds.",
    ),
    internal: (
        "Something went wrong",
        "Something went wrong on our side. Try again later; if it keeps happening, tell an administrator.",
    ),
    other: (
        "This does not work",
        "This request cannot be carried out like this.",
    ),
};
