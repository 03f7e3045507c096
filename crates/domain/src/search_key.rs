//! The form of a name that search compares: case and accents folded for all of Unicode.
//!
//! Neither database can do this on its own (SQLite's `lower()` folds ASCII only; PostgreSQL's depends
//! on the server's locale and has no accent folding without an extension), so the key is computed
//! here, stored next to the name, and the query is folded the same way.

/// Lower-case ASCII transliteration: `Çelik` → `celik`, `Yılmaz` → `yilmaz`, `Straße` → `strasse`.
pub fn search_key(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::search_key;

    #[test]
    fn folds_case_and_accents_beyond_latin_1() {
        let cases = [
            ("Çelik", "celik"),
            ("ÖZTÜRK", "ozturk"),
            ("Yılmaz", "yilmaz"),
            ("Ayşe", "ayse"),
            ("İlknur", "ilknur"),
            ("Łukasz Wróbel", "lukasz wrobel"),
            ("Søren", "soren"),
            ("Straße", "strasse"),
            ("de Vries", "de vries"),
        ];
        for (name, key) in cases {
            assert_eq!(search_key(name), key, "{name}");
        }
    }
}
