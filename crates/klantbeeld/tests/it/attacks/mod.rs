//! The security probe: every flaw of issue 12 as an automated attack against a running server.

mod hooks;
