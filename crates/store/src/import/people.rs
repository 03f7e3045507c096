//! Customers and agents by their id in the other system, kept in memory for the whole import:
//! all existing ones are loaded when it begins, new ones are added as the import creates them.

use rustc_hash::{FxHashMap, FxHashSet};

/// Fx hashing: millions of lookups of short ids, from a file an operator chose (no hash flooding).
pub(super) struct People {
    customers: FxHashMap<String, i64>,
    agents: FxHashMap<String, i64>,
}

impl People {
    pub(super) fn new(customers: Vec<(String, i64)>, agents: Vec<(String, i64)>) -> People {
        People {
            customers: customers.into_iter().collect(),
            agents: agents.into_iter().collect(),
        }
    }

    /// The external ids among `externals` that name no customer yet, each once, in order.
    pub(super) fn missing_customers<'a>(&self, externals: &[&'a str]) -> Vec<&'a str> {
        let mut seen = FxHashSet::default();
        externals
            .iter()
            .copied()
            .filter(|external| !self.customers.contains_key(*external) && seen.insert(*external))
            .collect()
    }

    pub(super) fn add_customer(&mut self, external: &str, id: i64) {
        self.customers.insert(external.to_string(), id);
    }

    /// The customer id of each external id; all must be known (see [`People::missing_customers`]).
    pub(super) fn customer_ids(&self, externals: &[&str]) -> Vec<i64> {
        externals
            .iter()
            .map(|external| self.customers[*external])
            .collect()
    }

    pub(super) fn agent(&self, external: &str) -> Option<i64> {
        self.agents.get(external).copied()
    }

    pub(super) fn add_agent(&mut self, external: &str, id: i64) {
        self.agents.insert(external.to_string(), id);
    }
}

/// What a placeholder agent for a person of the other system is called.
pub(super) fn agent_email(external: &str) -> String {
    format!("imported-{external}@agents.invalid")
}

pub(super) fn agent_name(external: &str) -> String {
    format!("Agent {external}")
}

pub(super) fn customer_name(external: &str) -> String {
    format!("Customer {external}")
}
