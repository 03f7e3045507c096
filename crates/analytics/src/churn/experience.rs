//! The service a customer got up to a moment: how many cases they opened in the days before it,
//! their last CSAT and NPS answers before it, and whether a case of theirs was still open at it.
//! Built per query from the case and survey facts, grouped by customer row (counting sort, so
//! O(cases + answers)), and read once per customer.

use crate::facts::{CaseFacts, CustomerFacts, NOT_YET, SurveyFacts, SurveyKind};

const DAY: u32 = 86_400;
/// Contacts are counted up to this, and shown as `10+` from it.
pub(crate) const CONTACTS_CAP: u32 = 10;

pub(crate) const CONTACT_LABELS: [&str; 11] =
    ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10+"];
/// The CSAT bands in code order (`none` first), as churn groups and the risk model name them.
pub const CSAT_BANDS: [&str; 4] = ["none", "low", "neutral", "high"];
/// The NPS bands in code order (`none` first).
pub const NPS_BANDS: [&str; 4] = ["none", "detractor", "passive", "promoter"];
pub(crate) const YES_NO: [&str; 2] = ["no", "yes"];

/// Rows of one fact table grouped by customer row, each group in time order.
struct ByCustomer {
    offsets: Vec<u32>,
    rows: Vec<u32>,
}

impl ByCustomer {
    fn build(
        customers: &CustomerFacts,
        customer_ids: &[u32],
        created_at: &[u32],
        keep: impl Fn(usize) -> bool,
    ) -> Self {
        let owner: Vec<u32> = customer_ids
            .iter()
            .enumerate()
            .map(
                |(row, &customer)| match customers.row_of(i64::from(customer)) {
                    Some(owner) if keep(row) => owner as u32,
                    _ => u32::MAX,
                },
            )
            .collect();
        let mut offsets = vec![0u32; customers.len() + 1];
        for &owner in owner.iter().filter(|&&owner| owner != u32::MAX) {
            offsets[owner as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut next = offsets.clone();
        let mut rows = vec![0u32; offsets[customers.len()] as usize];
        for (row, &owner) in owner.iter().enumerate() {
            if owner != u32::MAX {
                rows[next[owner as usize] as usize] = row as u32;
                next[owner as usize] += 1;
            }
        }
        for customer in 0..customers.len() {
            let group = &mut rows[offsets[customer] as usize..offsets[customer + 1] as usize];
            if !group.is_sorted_by_key(|&row| created_at[row as usize]) {
                group.sort_by_key(|&row| created_at[row as usize]);
            }
        }
        ByCustomer { offsets, rows }
    }

    fn of(&self, customer_row: usize) -> &[u32] {
        &self.rows[self.offsets[customer_row] as usize..self.offsets[customer_row + 1] as usize]
    }
}

/// What a customer's service looked like at a moment, as small codes for grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExperienceAt {
    /// Cases opened in the window before the moment, capped at [`CONTACTS_CAP`].
    pub(crate) contacts: u32,
    /// Index into [`CSAT_BANDS`].
    pub(crate) csat_band: u32,
    /// Index into [`NPS_BANDS`].
    pub(crate) nps_band: u32,
    /// Index into [`YES_NO`].
    pub(crate) unresolved: u32,
}

pub(crate) struct Experience<'a> {
    cases: &'a CaseFacts,
    surveys: &'a SurveyFacts,
    cases_by_customer: ByCustomer,
    answers_by_customer: ByCustomer,
    contacts_window: u32,
}

impl<'a> Experience<'a> {
    pub(crate) fn build(
        customers: &CustomerFacts,
        cases: &'a CaseFacts,
        surveys: &'a SurveyFacts,
        contacts_days: u16,
    ) -> Self {
        let scored = |row: usize| kind_of(surveys.kind_scores[row]) != Some(SurveyKind::Ces);
        Experience {
            cases,
            surveys,
            cases_by_customer: ByCustomer::build(
                customers,
                &cases.customer_ids,
                &cases.created_at,
                |_| true,
            ),
            answers_by_customer: ByCustomer::build(
                customers,
                &surveys.customer_ids,
                &surveys.created_at,
                scored,
            ),
            contacts_window: u32::from(contacts_days) * DAY,
        }
    }

    /// The customer's service up to `at` (unix seconds), not including `at` itself.
    pub(crate) fn at(&self, customer_row: usize, at: u32) -> ExperienceAt {
        summarise(
            self.cases,
            self.surveys,
            self.contacts_window,
            self.cases_by_customer.of(customer_row),
            self.answers_by_customer.of(customer_row),
            at,
        )
    }

    /// One customer's service up to `at`, without indexing everyone's: for a single lookup
    /// (the customer page), where building the index would cost a pass over all facts and its
    /// allocation.
    pub(crate) fn one(
        cases: &CaseFacts,
        surveys: &SurveyFacts,
        contacts_days: u16,
        customer_code: u32,
        at: u32,
    ) -> ExperienceAt {
        let mut case_rows: Vec<u32> = (0..cases.len() as u32)
            .filter(|&row| cases.customer_ids[row as usize] == customer_code)
            .collect();
        case_rows.sort_by_key(|&row| cases.created_at[row as usize]);
        let mut answer_rows: Vec<u32> = (0..surveys.len() as u32)
            .filter(|&row| {
                surveys.customer_ids[row as usize] == customer_code
                    && kind_of(surveys.kind_scores[row as usize]) != Some(SurveyKind::Ces)
            })
            .collect();
        answer_rows.sort_by_key(|&row| surveys.created_at[row as usize]);
        let window = u32::from(contacts_days) * DAY;
        summarise(cases, surveys, window, &case_rows, &answer_rows, at)
    }
}

/// What a customer's cases and answers (each in time order) say about their service at `at`.
fn summarise(
    cases: &CaseFacts,
    surveys: &SurveyFacts,
    contacts_window: u32,
    case_rows: &[u32],
    answer_rows: &[u32],
    at: u32,
) -> ExperienceAt {
    let since = at.saturating_sub(contacts_window);
    let mut contacts = 0;
    let mut unresolved = false;
    for &row in case_rows {
        let row = row as usize;
        let created = cases.created_at[row];
        if created >= at {
            break;
        }
        if created >= since {
            contacts += 1;
        }
        let resolved_after = cases.resolved_after[row];
        unresolved |= resolved_after == NOT_YET
            || i64::from(created) + i64::from(resolved_after) > i64::from(at);
    }
    let (mut csat_band, mut nps_band) = (0, 0);
    for &row in answer_rows {
        let row = row as usize;
        if surveys.created_at[row] >= at {
            break;
        }
        let packed = surveys.kind_scores[row];
        let score = packed & 0x0f;
        match kind_of(packed) {
            Some(SurveyKind::Csat) => csat_band = csat_band_of(score),
            Some(SurveyKind::Nps) => nps_band = nps_band_of(score),
            _ => {}
        }
    }
    ExperienceAt {
        contacts: contacts.min(CONTACTS_CAP),
        csat_band,
        nps_band,
        unresolved: u32::from(unresolved),
    }
}

fn kind_of(packed: u8) -> Option<SurveyKind> {
    [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces]
        .into_iter()
        .find(|kind| kind.code() == packed >> 4)
}

/// `low` 1–2, `neutral` 3, `high` 4–5.
pub(crate) fn csat_band_of(score: u8) -> u32 {
    match score {
        0..=2 => 1,
        3 => 2,
        _ => 3,
    }
}

/// `detractor` 0–6, `passive` 7–8, `promoter` 9–10.
pub(crate) fn nps_band_of(score: u8) -> u32 {
    match score {
        0..=6 => 1,
        7 | 8 => 2,
        _ => 3,
    }
}
