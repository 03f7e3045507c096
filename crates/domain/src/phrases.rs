//! The texts Klantbeeld writes into the record itself (a case subject, a timeline line, a
//! placeholder name), in the organisation's language. They are stored, so they are written once,
//! in the language the organisation works in, not in each reader's.

/// The organisation's working language for stored texts: Dutch or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Nl,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }

    /// `nl` or `en`; anything else is `None`.
    pub fn from_code(code: &str) -> Option<Language> {
        match code {
            "nl" => Some(Language::Nl),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    fn pick(self, nl: &'static str, en: &'static str) -> &'static str {
        match self {
            Language::Nl => nl,
            Language::En => en,
        }
    }

    /// The name a chat visitor has until they give theirs.
    pub fn chat_visitor(self) -> &'static str {
        self.pick("Chatbezoeker", "Chat visitor")
    }

    /// The name of a caller whose number was withheld.
    pub fn anonymous_caller(self) -> &'static str {
        self.pick("Anonieme beller", "Anonymous caller")
    }

    /// The note that opens a callback request, with the caller's reason when there is one.
    pub fn callback_requested(self, reason: &str) -> String {
        let head = self.pick("Terugbelverzoek", "Callback requested");
        if reason.is_empty() {
            head.to_string()
        } else {
            format!("{head}: {reason}")
        }
    }

    /// Why a callback was made for a call: the caller hung up after waiting, or asked for one.
    pub fn hung_up_after_waiting(self, seconds: i64) -> String {
        match self {
            Language::Nl => format!("Opgehangen na {seconds} s wachten"),
            Language::En => format!("Hung up after waiting {seconds} s"),
        }
    }

    pub fn asked_to_be_called_back(self) -> &'static str {
        self.pick("Wil teruggebeld worden", "Asked to be called back")
    }

    /// The subject of the case a call opens.
    pub fn call_from(self, caller: &str) -> String {
        format!("{} {caller}", self.pick("Gesprek met", "Call from"))
    }

    /// The call's line on the timeline; `queue` and the lengths of time are already written out.
    pub fn call_line(self, line: CallLine<'_>) -> String {
        let CallLine {
            state,
            caller,
            queue,
            wait,
            talk,
        } = line;
        let queue = queue
            .map(|q| format!(" ({} {q})", self.pick("wachtrij", "queue")))
            .unwrap_or_default();
        match (self, state) {
            (Language::Nl, "queued") => format!("Inkomend gesprek met {caller}{queue}, wacht"),
            (Language::En, "queued") => format!("Incoming call from {caller}{queue}, waiting"),
            (Language::Nl, "answered") => {
                format!("Gesprek met {caller}{queue}, aangenomen na {wait}")
            }
            (Language::En, "answered") => {
                format!("Call from {caller}{queue}, answered after {wait}")
            }
            (Language::Nl, "ended") => {
                format!("Gesprek met {caller}{queue}: {wait} gewacht, {talk} gesproken")
            }
            (Language::En, "ended") => {
                format!("Call from {caller}{queue}: waited {wait}, talked {talk}")
            }
            (Language::Nl, _) => {
                format!("Gemist gesprek van {caller}{queue}: opgehangen na {wait} wachten")
            }
            (Language::En, _) => {
                format!("Missed call from {caller}{queue}: hung up after waiting {wait}")
            }
        }
    }

    /// The subject of the note a handover leaves for the next agent.
    pub fn handover(self) -> &'static str {
        self.pick("Overdracht", "Handover")
    }

    /// The subject of the case a low survey score opens.
    pub fn follow_up(self, summary: &str) -> String {
        format!("{}: {summary}", self.pick("Opvolging", "Follow-up"))
    }
}

/// What a call's timeline line is made of.
#[derive(Debug, Clone, Copy)]
pub struct CallLine<'a> {
    /// `queued`, `answered`, `ended`, or anything else for a missed call.
    pub state: &'a str,
    pub caller: &'a str,
    pub queue: Option<&'a str>,
    pub wait: &'a str,
    pub talk: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_texts_are_written_in_the_organisations_language() {
        assert_eq!(Language::Nl.callback_requested(""), "Terugbelverzoek");
        assert_eq!(
            Language::En.callback_requested("bill"),
            "Callback requested: bill"
        );
        assert_eq!(Language::Nl.follow_up("CSAT 1/5"), "Opvolging: CSAT 1/5");
        let line = CallLine {
            state: "answered",
            caller: "+31201234567",
            queue: Some("sales"),
            wait: "42 s",
            talk: "",
        };
        assert_eq!(
            Language::Nl.call_line(line),
            "Gesprek met +31201234567 (wachtrij sales), aangenomen na 42 s"
        );
        assert_eq!(Language::from_code("de"), None);
    }
}
