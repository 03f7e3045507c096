//! The names customer attributes may have: what a filter, a group and an import column accept.

/// Longest attribute name.
pub const MAX_ATTRIBUTE_NAME_CHARS: usize = 64;

/// Letters, digits and `_`, 1 to 64 of them: safe in a query string, a JSON key and a CSV header.
pub fn is_attribute_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_ATTRIBUTE_NAME_CHARS
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_letters_digits_and_underscores() {
        assert!(is_attribute_name("monthly_charges"));
        assert!(!is_attribute_name(""));
        assert!(!is_attribute_name("a-b"));
        assert!(!is_attribute_name(&"x".repeat(65)));
    }
}
