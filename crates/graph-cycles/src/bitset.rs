//! The searches' node marks: two bits per node in one allocation.

/// For each node: *visited* (the search has entered it) and *on the path* (entered, not
/// yet finished). White = neither, grey = both, black = visited only. Both bits of a
/// node share a word, so one memory access answers both questions, and the whole set
/// is one zeroed allocation (a million nodes: 250 KB).
#[derive(Debug, Clone)]
pub(crate) struct Marks {
    words: Vec<u64>,
}

impl Marks {
    /// Every node in `0..len` white.
    pub(crate) fn new(len: usize) -> Self {
        Marks {
            words: vec![0; (2 * len).div_ceil(64)],
        }
    }

    /// The word and the position of node `i`'s *visited* bit (its *on path* bit is next).
    fn locate(i: usize) -> (usize, u32) {
        ((2 * i) / 64, ((2 * i) % 64) as u32)
    }

    /// Whether the search has entered `i` (grey or black).
    pub(crate) fn visited(&self, i: usize) -> bool {
        let (w, b) = Self::locate(i);
        self.words[w] >> b & 1 != 0
    }

    /// Whether `i` is on the current path (grey).
    pub(crate) fn on_path(&self, i: usize) -> bool {
        let (w, b) = Self::locate(i);
        self.words[w] >> (b + 1) & 1 != 0
    }

    /// Marks `i` grey: visited and on the path.
    pub(crate) fn enter(&mut self, i: usize) {
        let (w, b) = Self::locate(i);
        self.words[w] |= 0b11 << b;
    }

    /// Marks `i` black: still visited, no longer on the path.
    pub(crate) fn leave(&mut self, i: usize) {
        let (w, b) = Self::locate(i);
        self.words[w] &= !(0b10 << b);
    }
}

#[cfg(test)]
mod tests {
    use super::Marks;

    #[test]
    fn nodes_go_white_grey_black_independently() {
        let mut marks = Marks::new(70);
        for i in [0, 31, 32, 69] {
            marks.enter(i);
        }
        assert!(marks.on_path(31) && marks.on_path(32) && !marks.visited(33));
        marks.leave(32);
        assert!(marks.visited(32) && !marks.on_path(32), "black");
        assert!(
            marks.on_path(31) && marks.on_path(69),
            "neighbours keep their marks"
        );
    }
}
