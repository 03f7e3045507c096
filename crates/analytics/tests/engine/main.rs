//! The fact store through its public API: exact answers on hand-made data, time buckets across
//! DST and New Year, case updates, a naive reference implementation on random data, and the
//! memory per row. One test binary, one module per concern.

mod cases;
mod memory;
mod reference;
mod support;
mod surveys;
mod time;
