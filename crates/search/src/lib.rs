//! Klantbeeld's full-text search: one tantivy index per node over cases, messages and customers.
//! Text is indexed twice, with a Dutch and an English stemmer (accents folded), and every query
//! word may match either form, so `facturen` finds `factuur` and `invoices` finds `invoice`.
//!
//! No database access: the caller (the binary's loader and event tail) hands over documents,
//! replaces a case with its messages when anything about it changes, and commits with the event
//! seq the index is current to. Queries take a [`Scope`], so nobody finds what they may not see.
//!
//! ```
//! use search::{Access, CaseDoc, CaseScope, MessageDoc, Opened, Scope, SearchIndex};
//!
//! let dir = tempfile::tempdir()?;
//! let Opened::Empty(index) = SearchIndex::open(dir.path())? else { unreachable!() };
//! let mut writer = index.writer()?;
//! let access = Access::default();
//! writer.add_case(&CaseDoc { id: 7, subject: "Vraag", status: "open", customer_name: "Ana Çelik", tags: &[], access })?;
//! writer.add_message(&MessageDoc { id: 1, case_id: 7, case_subject: "Vraag", direction: "inbound",
//!     subject: None, body: "Mijn factuur klopt niet", access })?;
//! writer.commit(1)?;
//! let everything = Scope { messages: true, cases: CaseScope::All };
//! let found = index.search("facturen", &everything, 10)?;
//! assert_eq!(found.hits[0].case_id, Some(7));
//! assert_eq!(index.search("celik", &everything, 10)?.total, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod docs;
mod index;
mod query;
mod schema;

pub use docs::{Access, CaseDoc, CustomerDoc, MessageDoc};
pub use index::{Opened, SearchError, SearchIndex, Writer};
pub use query::{CaseScope, Found, Hit, Kind, Scope, Snippet};
pub use schema::SCHEMA_VERSION;
