//! Number formatting shared by every demo, so reports read alike.

/// A fraction as a percentage with one decimal: `0.4123` → `"41.2%"`.
///
/// ```
/// assert_eq!(evidence::format::percent(0.4123), "41.2%");
/// ```
pub fn percent(fraction: f64) -> String {
    format!("{:.1}%", fraction * 100.0)
}

/// An integer with thousands separators: `1234567` → `"1,234,567"`.
///
/// ```
/// assert_eq!(evidence::format::count(1_234_567), "1,234,567");
/// assert_eq!(evidence::format::count(999), "999");
/// ```
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A duration in nanoseconds with a sensible unit: `"35.2 ns"`, `"4.10 µs"`, `"12.3 ms"`.
///
/// ```
/// assert_eq!(evidence::format::nanos(35.24), "35.2 ns");
/// assert_eq!(evidence::format::nanos(4_100.0), "4.10 µs");
/// ```
pub fn nanos(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.1} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{:.1} ms", ns / 1_000_000.0)
    }
}

/// A ratio as a multiplier with one decimal: `5.62` → `"5.6x"`.
///
/// ```
/// assert_eq!(evidence::format::times(5.62), "5.6x");
/// ```
pub fn times(ratio: f64) -> String {
    format!("{ratio:.1}x")
}
