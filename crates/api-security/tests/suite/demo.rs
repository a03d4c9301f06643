//! The demo backs every counted claim at the small size, for several seeds, and its
//! counted claims repeat under a seed.

evidence::demo_tests!(api_security::demo::run);
