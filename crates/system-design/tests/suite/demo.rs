//! The demo backs every counted claim at the small size, for several seeds, and its
//! counted claims repeat under a seed. The timed claims (the latency orderings) are not
//! asserted and not taken here (`evidence::demo::counted_only`): `cargo lab verify` and
//! the demo itself measure them, re-measuring before one fails.

evidence::demo_tests!(system_design::demo::run);
