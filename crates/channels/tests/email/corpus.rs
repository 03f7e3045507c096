//! Access to `tests/corpus/*.eml`.

use std::path::PathBuf;

/// A limit comfortably above every corpus message.
pub const MAX_BYTES: usize = 1 << 20;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The raw bytes of one corpus message.
pub fn read(name: &str) -> Vec<u8> {
    let path = dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every corpus message, by file name, in a stable order.
pub fn all() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir())
        .expect("corpus directory")
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .map(|path| {
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            let raw = std::fs::read(&path).expect("corpus file");
            (name, raw)
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 13,
        "corpus is incomplete: {} files",
        files.len()
    );
    files
}
