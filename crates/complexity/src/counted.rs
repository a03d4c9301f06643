//! Counting the work: comparisons and hashes, per thread.
//!
//! Complexity counts operations, so this module counts them. Wrap values in [`Counted`]
//! and each `==`, `<`/`cmp` and `hash` on them adds one to a counter of the calling
//! thread; [`count`] runs a closure and returns the [`Ops`] it made. The counters are
//! thread-local (`const`-initialised `Cell`s, so counting never allocates), so tests
//! running in parallel never see each other's work, and counts nest.
//!
//! These are the workspace's one counting wrapper, [`testkit::counted`], which every
//! topic's contract uses for its growth cases; this crate re-exports them under the
//! names of the answer.
//!
//! ```
//! use complexity::counted::{Counted, count};
//!
//! let sorted: Vec<Counted<u32>> = (0..1_024).map(Counted::new).collect();
//! let (found, ops) = count(|| sorted.binary_search(&Counted::new(700)));
//! assert_eq!(found, Ok(700));
//! assert!(ops.comparisons <= 11, "log2(1,024) + 1 comparisons at most");
//! assert_eq!(ops.hashes, 0);
//!
//! let value = Counted::new(String::from("id"));
//! assert_eq!(value.get(), "id");
//! assert_eq!(value.into_inner(), "id");
//! ```

pub use testkit::counted::{Counted, Ops, count};
