//! The interactive terminal, shared by `watch` and `drill`: raw mode for as long as a
//! guard lives, and writing with the newlines raw mode no longer translates.

use std::io::Write;

use crossterm::terminal;

use crate::LabError;

/// Raw terminal mode for as long as it lives: keys arrive one at a time, unechoed.
/// Dropping it restores the terminal, also when a command returns early with an error.
pub struct RawMode;

impl RawMode {
    /// Switches the terminal to raw mode.
    pub fn enable() -> Result<RawMode, LabError> {
        terminal::enable_raw_mode().map_err(|e| LabError::io("cannot set up the terminal", e))?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Writes `text` to the terminal and flushes it. Raw mode turns off the terminal's
/// newline translation, so every `\n` goes out as `\r\n`.
pub fn write(text: &str) -> Result<(), LabError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.replace('\n', "\r\n").as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| LabError::io("cannot write to the terminal", e))
}
