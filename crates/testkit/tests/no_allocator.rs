//! Without the counting allocator, `measure` refuses to run instead of reporting zero.

#[test]
#[should_panic(expected = "measure needs the counting allocator")]
fn measuring_without_the_allocator_is_a_clear_failure() {
    let _ = testkit::alloc::measure(|| vec![1u8; 10]);
}
