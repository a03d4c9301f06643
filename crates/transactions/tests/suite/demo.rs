//! The demo backs every counted claim at the small size, for several seeds, and its
//! counted claims repeat under a seed: a change that breaks the answer's evidence fails
//! here, not silently in front of a learner.

evidence::demo_tests!(transactions::demo::run);
