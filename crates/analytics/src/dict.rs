//! Dictionary encoding: every distinct string of a dimension gets a small integer code, and the
//! column stores codes at the narrowest width the dictionary needs (u8, widened to u16 or u32 only
//! when the 256th or 65,536th distinct value arrives).

use rustc_hash::FxHashMap;

/// The code of a missing value (no agent, no team, ...) in every dictionary; its label is `None`.
pub(crate) const MISSING_CODE: u32 = 0;

/// The distinct values of one dimension, in order of first appearance.
#[derive(Debug, Clone)]
pub(crate) struct Dictionary {
    codes: FxHashMap<Box<str>, u32>,
    labels: Vec<Option<Box<str>>>,
}

impl Dictionary {
    pub(crate) fn new() -> Self {
        Dictionary {
            codes: FxHashMap::default(),
            labels: vec![None],
        }
    }

    pub(crate) fn intern(&mut self, value: Option<&str>) -> u32 {
        let Some(value) = value else {
            return MISSING_CODE;
        };
        if let Some(&code) = self.codes.get(value) {
            return code;
        }
        let code = self.labels.len() as u32;
        self.codes.insert(value.into(), code);
        self.labels.push(Some(value.into()));
        code
    }

    /// How many codes exist, the missing-value code included: the radix of this dimension in a
    /// combined group key.
    pub(crate) fn cardinality(&self) -> u32 {
        self.labels.len() as u32
    }

    pub(crate) fn code(&self, value: &str) -> Option<u32> {
        self.codes.get(value).copied()
    }

    pub(crate) fn label(&self, code: u32) -> Option<&str> {
        self.labels
            .get(code as usize)
            .and_then(|label| label.as_deref())
    }

    /// Each code's position when the labels are sorted, missing last (as SQL's `NULLS LAST`).
    pub(crate) fn sort_ranks(&self) -> Vec<u32> {
        let mut codes: Vec<u32> = (0..self.cardinality()).collect();
        codes.sort_by_key(|&code| {
            let label = self.label(code);
            (label.is_none(), label)
        });
        let mut ranks = vec![0; codes.len()];
        for (rank, code) in codes.into_iter().enumerate() {
            ranks[code as usize] = rank as u32;
        }
        ranks
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        let strings: usize = self.codes.keys().map(|label| 2 * label.len()).sum();
        let map_entry = size_of::<(Box<str>, u32)>() + 1;
        strings
            + self.codes.capacity() * map_entry
            + self.labels.capacity() * size_of::<Option<Box<str>>>()
    }
}

/// Dictionary codes of one column, stored at the narrowest width that holds them all.
#[derive(Debug, Clone)]
pub(crate) enum CodeColumn {
    Narrow(Vec<u8>),
    Medium(Vec<u16>),
    Wide(Vec<u32>),
}

impl CodeColumn {
    fn push(&mut self, code: u32) {
        self.widen_to_fit(code);
        // After widening every cast below is lossless.
        match self {
            CodeColumn::Narrow(codes) => codes.push(code as u8),
            CodeColumn::Medium(codes) => codes.push(code as u16),
            CodeColumn::Wide(codes) => codes.push(code),
        }
    }

    fn set(&mut self, row: usize, code: u32) {
        self.widen_to_fit(code);
        match self {
            CodeColumn::Narrow(codes) => codes[row] = code as u8,
            CodeColumn::Medium(codes) => codes[row] = code as u16,
            CodeColumn::Wide(codes) => codes[row] = code,
        }
    }

    fn widen_to_fit(&mut self, code: u32) {
        loop {
            *self = match self {
                CodeColumn::Narrow(codes) if code > u32::from(u8::MAX) => {
                    CodeColumn::Medium(codes.iter().map(|&c| u16::from(c)).collect())
                }
                CodeColumn::Medium(codes) if code > u32::from(u16::MAX) => {
                    CodeColumn::Wide(codes.iter().map(|&c| u32::from(c)).collect())
                }
                _ => return,
            };
        }
    }

    #[inline]
    pub(crate) fn get(&self, row: usize) -> u32 {
        match self {
            CodeColumn::Narrow(codes) => u32::from(codes[row]),
            CodeColumn::Medium(codes) => u32::from(codes[row]),
            CodeColumn::Wide(codes) => codes[row],
        }
    }

    /// Keeps, in place, the rows whose code is allowed; returns how many remain.
    pub(crate) fn retain_allowed(&self, rows: &mut [u32], allowed: &[bool]) -> usize {
        match self {
            CodeColumn::Narrow(codes) => retain_allowed(codes, rows, allowed),
            CodeColumn::Medium(codes) => retain_allowed(codes, rows, allowed),
            CodeColumn::Wide(codes) => retain_allowed(codes, rows, allowed),
        }
    }

    /// Appends this column's code as the next mixed-radix digit of each row's group key.
    pub(crate) fn push_key_digit(&self, rows: &[u32], keys: &mut [u32], radix: u32) {
        match self {
            CodeColumn::Narrow(codes) => push_key_digit(codes, rows, keys, radix),
            CodeColumn::Medium(codes) => push_key_digit(codes, rows, keys, radix),
            CodeColumn::Wide(codes) => push_key_digit(codes, rows, keys, radix),
        }
    }

    /// Appends `other`'s codes, each translated through `remap`.
    fn extend_mapped(&mut self, other: &CodeColumn, remap: &[u32]) {
        if let Some(&widest) = remap.iter().max() {
            self.widen_to_fit(widest);
        }
        match other {
            CodeColumn::Narrow(codes) => self.extend(codes.iter().map(|&c| remap[usize::from(c)])),
            CodeColumn::Medium(codes) => self.extend(codes.iter().map(|&c| remap[usize::from(c)])),
            CodeColumn::Wide(codes) => self.extend(codes.iter().map(|&c| remap[c as usize])),
        }
    }

    /// Appends codes that fit the current width (the caller widened first).
    fn extend(&mut self, codes: impl Iterator<Item = u32>) {
        match self {
            CodeColumn::Narrow(own) => own.extend(codes.map(|code| code as u8)),
            CodeColumn::Medium(own) => own.extend(codes.map(|code| code as u16)),
            CodeColumn::Wide(own) => own.extend(codes),
        }
    }

    fn reserve(&mut self, additional: usize) {
        match self {
            CodeColumn::Narrow(codes) => codes.reserve_exact(additional),
            CodeColumn::Medium(codes) => codes.reserve_exact(additional),
            CodeColumn::Wide(codes) => codes.reserve_exact(additional),
        }
    }

    fn shrink_to_fit(&mut self) {
        match self {
            CodeColumn::Narrow(codes) => codes.shrink_to_fit(),
            CodeColumn::Medium(codes) => codes.shrink_to_fit(),
            CodeColumn::Wide(codes) => codes.shrink_to_fit(),
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            CodeColumn::Narrow(codes) => codes.capacity(),
            CodeColumn::Medium(codes) => codes.capacity() * 2,
            CodeColumn::Wide(codes) => codes.capacity() * 4,
        }
    }
}

// Branch-free compaction: every row is written, only allowed ones advance the cursor.
fn retain_allowed<C: Copy + Into<u32>>(codes: &[C], rows: &mut [u32], allowed: &[bool]) -> usize {
    let mut kept = 0;
    for i in 0..rows.len() {
        let row = rows[i];
        rows[kept] = row;
        let code: u32 = codes[row as usize].into();
        kept += usize::from(allowed[code as usize]);
    }
    kept
}

fn push_key_digit<C: Copy + Into<u32>>(codes: &[C], rows: &[u32], keys: &mut [u32], radix: u32) {
    for (key, &row) in keys.iter_mut().zip(rows) {
        let code: u32 = codes[row as usize].into();
        *key = *key * radix + code;
    }
}

/// A dictionary-encoded dimension column: the dictionary plus one code per row.
#[derive(Debug, Clone)]
pub(crate) struct DimensionColumn {
    pub(crate) dictionary: Dictionary,
    pub(crate) codes: CodeColumn,
}

impl Default for DimensionColumn {
    fn default() -> Self {
        DimensionColumn {
            dictionary: Dictionary::new(),
            codes: CodeColumn::Narrow(Vec::new()),
        }
    }
}

impl DimensionColumn {
    pub(crate) fn push(&mut self, value: Option<&str>) {
        let code = self.dictionary.intern(value);
        self.codes.push(code);
    }

    pub(crate) fn set(&mut self, row: usize, value: Option<&str>) {
        let code = self.dictionary.intern(value);
        self.codes.set(row, code);
    }

    pub(crate) fn reserve(&mut self, additional: usize) {
        self.codes.reserve(additional);
    }

    /// Appends `other`'s rows, re-coded into this column's dictionary.
    pub(crate) fn append_column(&mut self, other: &DimensionColumn) {
        let remap: Vec<u32> = (0..other.dictionary.cardinality())
            .map(|code| self.dictionary.intern(other.dictionary.label(code)))
            .collect();
        self.codes.extend_mapped(&other.codes, &remap);
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.codes.shrink_to_fit();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.dictionary.heap_bytes() + self.codes.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_first_appearance_and_missing_is_zero() {
        let mut column = DimensionColumn::default();
        for value in [Some("email"), None, Some("chat"), Some("email")] {
            column.push(value);
        }
        let codes: Vec<u32> = (0..4).map(|row| column.codes.get(row)).collect();
        assert_eq!(codes, [1, 0, 2, 1]);
        assert_eq!(column.dictionary.cardinality(), 3);
        assert_eq!(column.dictionary.label(2), Some("chat"));
        assert_eq!(column.dictionary.label(MISSING_CODE), None);
        assert_eq!(column.dictionary.code("sms"), None);
    }

    #[test]
    fn column_widens_when_the_dictionary_outgrows_a_byte_and_keeps_its_codes() {
        let mut column = DimensionColumn::default();
        let labels: Vec<String> = (0..70_000).map(|i| format!("agent-{i}")).collect();
        for label in &labels[..300] {
            column.push(Some(label));
        }
        assert!(matches!(column.codes, CodeColumn::Medium(_)));
        for label in &labels[300..] {
            column.push(Some(label));
        }
        assert!(matches!(column.codes, CodeColumn::Wide(_)));
        assert_eq!(column.codes.get(0), 1);
        column.set(0, Some("agent-69999"));
        assert_eq!(column.codes.get(0), 70_000);
        assert_eq!(column.codes.get(299), 300);
        assert_eq!(column.codes.get(69_999), 70_000);
    }

    #[test]
    fn setting_a_new_value_widens_the_column_too() {
        let mut column = DimensionColumn::default();
        column.push(Some("first"));
        column.push(None);
        for i in 0..300 {
            column.set(1, Some(&format!("value-{i}")));
        }
        assert!(matches!(column.codes, CodeColumn::Medium(_)));
        assert_eq!(column.codes.get(0), 1);
        assert_eq!(
            column.dictionary.label(column.codes.get(1)),
            Some("value-299")
        );
    }

    #[test]
    fn sort_ranks_order_labels_alphabetically_with_missing_last() {
        let mut column = DimensionColumn::default();
        for value in [Some("sms"), Some("chat"), Some("email")] {
            column.push(value);
        }
        // codes: 0 = missing, 1 = sms, 2 = chat, 3 = email
        assert_eq!(column.dictionary.sort_ranks(), [3, 2, 0, 1]);
    }

    #[test]
    fn retain_allowed_compacts_in_place() {
        let mut column = DimensionColumn::default();
        for value in [Some("a"), Some("b"), Some("a"), None] {
            column.push(value);
        }
        let mut rows = [0, 1, 2, 3];
        let allowed = [false, true, false];
        let kept = column.codes.retain_allowed(&mut rows, &allowed);
        assert_eq!(&rows[..kept], &[0, 2]);
    }
}
