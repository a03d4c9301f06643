//! `cargo lab watch [<topic>]`: the learner's loop. Re-checks the exercise on every
//! save, shows progress, and answers single keys.
//!
//! Keys: `n` next exercise, `h` next hint, `l` the list, `r` re-run, `q` quit. It never
//! moves to the next exercise by itself: when every case passes it says so and waits
//! for `n`.
//!
//! Saves arrive as file-system events (inotify and friends, through `notify`); `--poll`
//! compares modification times instead, for file systems where events never arrive
//! (some containers and network mounts). Either way, a burst of events (an editor
//! writes, renames, touches) is debounced into one check.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::LabError;
use crate::browse;
use crate::catalogue::{Catalogue, Topic};
use crate::exercise;
use crate::render::{self, Style};
use crate::state::State;
use crate::term::{self, RawMode};

/// Quiet time after the last file event before the check runs.
pub const DEBOUNCE: Duration = Duration::from_millis(200);
/// How often `--poll` looks at modification times.
const POLL_INTERVAL: Duration = Duration::from_millis(300);
/// How long one wait for a key lasts before file events are looked at again.
const KEY_WAIT: Duration = Duration::from_millis(50);
/// Width of the progress bars, in cells.
const BAR: usize = 20;

/// Runs the loop until `q` (or Ctrl-C, or Esc).
pub fn watch(
    root: &Path,
    id: Option<&str>,
    poll: bool,
    timeout: Duration,
    style: Style,
) -> Result<ExitCode, LabError> {
    let catalogue = Catalogue::load(root);
    let mut topic = exercise::chosen_exercise(root, &catalogue, id)?.clone();
    if !std::io::stdin().is_terminal() {
        return Err(LabError::usage(
            "watch reads single keys, so it needs an interactive terminal; in scripts use \
             `cargo lab check`",
        ));
    }
    let _raw = RawMode::enable()?;
    let (sender, changes) = channel();
    let notify = |sender: std::sync::mpsc::Sender<()>| {
        move || {
            let _ = sender.send(());
        }
    };
    let mut watcher = watch_exercise(root, &topic, poll, notify(sender.clone()))?;
    let mut screen = Screen {
        root,
        style,
        timeout,
    };
    screen.check(&topic)?;
    let mut changed_at: Option<Instant> = None;
    loop {
        if drain(&changes) {
            changed_at = Some(Instant::now());
        }
        if changed_at.is_some_and(|t| t.elapsed() >= DEBOUNCE) {
            changed_at = None;
            screen.check(&topic)?;
        }
        let ready =
            event::poll(KEY_WAIT).map_err(|e| LabError::io("cannot read the keyboard", e))?;
        if !ready {
            continue;
        }
        let Event::Key(key) =
            event::read().map_err(|e| LabError::io("cannot read the keyboard", e))?
        else {
            continue;
        };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        match key.code {
            _ if ctrl_c => break,
            KeyCode::Char('q') | KeyCode::Esc => break,
            KeyCode::Char('r') => screen.check(&topic)?,
            KeyCode::Char('h') => {
                let hint = exercise::hint_text(root, &topic, None, style)?;
                screen.append(&format!("\n{hint}"))?;
            }
            KeyCode::Char('l') => screen.show(&browse::list_text(root, &catalogue, style))?,
            KeyCode::Char('n') => match next_unsolved(&catalogue, &State::load(root), &topic) {
                Some(next) => {
                    topic = next.clone();
                    watcher = watch_exercise(root, &topic, poll, notify(sender.clone()))?;
                    screen.check(&topic)?;
                }
                None => screen.append(
                    "\nevery other exercise is solved: compare yours with the reference \
                         using `cargo lab bench <topic> --mine`\n",
                )?,
            },
            _ => {}
        }
    }
    drop(watcher);
    Ok(ExitCode::SUCCESS)
}

/// Draws the watch screen: progress bars, the check's report, the keys.
struct Screen<'a> {
    root: &'a Path,
    style: Style,
    timeout: Duration,
}

impl Screen<'_> {
    /// Runs the check and shows the result under the progress bars.
    fn check(&mut self, topic: &Topic) -> Result<(), LabError> {
        self.show(&format!("checking {}...\n", topic.exercise_package()))?;
        let (solved, report) = exercise::check_text(
            self.root,
            topic,
            self.timeout,
            self.style,
            exercise::Detail::default(),
        )?;
        let state = State::load(self.root);
        let catalogue = Catalogue::load(self.root);
        let topics: Vec<&Topic> = catalogue.exercises().collect();
        let done = topics
            .iter()
            .filter(|t| state.progress.get(&t.id).is_some_and(|p| p.solved()))
            .count();
        let progress = state.progress.get(&topic.id).copied().unwrap_or_default();
        let cases = if progress.builds {
            format!(
                "{}/{} cases {}",
                progress.passed,
                progress.total,
                render::progress_bar(progress.passed, progress.total, BAR)
            )
        } else if progress.total > 0 {
            format!(
                "{} cases, {} passing before the build failed",
                progress.total, progress.passed
            )
        } else {
            "the build failed".to_string()
        };
        let header = format!(
            "{}  exercises solved {done}/{} {}   {}: {cases}\n\n",
            self.style.bold("cargo lab watch"),
            topics.len(),
            render::progress_bar(done, topics.len(), BAR),
            topic.id,
        );
        let next = if solved {
            self.style
                .good("all cases pass: press n for the next exercise\n")
        } else {
            String::new()
        };
        self.show(&format!("{header}{report}\n{next}"))
    }

    /// Clears the terminal and shows `text`, then the keys.
    fn show(&mut self, text: &str) -> Result<(), LabError> {
        let keys = self
            .style
            .dim("n next · h hint · l list · r re-run · q quit");
        term::write(&format!("\x1b[2J\x1b[H{text}\n{keys}\n"))
    }

    /// Adds `text` below what is shown.
    fn append(&mut self, text: &str) -> Result<(), LabError> {
        term::write(text)
    }
}

/// The next exercise after `topic`'s, in teaching order, that is not solved: looking
/// forward first, then from the start. `None` when every other exercise is solved.
pub fn next_unsolved<'a>(
    catalogue: &'a Catalogue,
    state: &State,
    topic: &Topic,
) -> Option<&'a Topic> {
    let topics: Vec<&Topic> = catalogue.exercises().collect();
    let here = topics.iter().position(|t| t.id == topic.id).unwrap_or(0);
    let unsolved =
        |t: &&&Topic| t.id != topic.id && !state.progress.get(&t.id).is_some_and(|p| p.solved());
    topics[here + 1..]
        .iter()
        .chain(&topics[..here])
        .find(unsolved)
        .copied()
}

/// Watches the exercise's directory, calling `changed` on every change to a `.rs` file,
/// or a `.md` file (an exercise whose answer is prose, such as incident-story's
/// `STORY.md`, is edited there). The watching stops when the returned watcher is
/// dropped. `watch` and `serve`'s live exercise page both use it, so a save that one
/// notices the other does too.
///
/// # Errors
///
/// The directory cannot be watched (it is missing, or the system's watch limit is hit).
pub fn watch_exercise(
    root: &Path,
    topic: &Topic,
    poll: bool,
    changed: impl Fn() + Send + 'static,
) -> Result<Box<dyn Watcher + Send>, LabError> {
    let dir: PathBuf = root.join(topic.exercise_dir());
    let handler = move |event: notify::Result<notify::Event>| {
        let relevant = event.is_ok_and(|e| {
            e.paths
                .iter()
                .any(|p| p.extension().is_some_and(|x| x == "rs" || x == "md"))
        });
        if relevant {
            changed();
        }
    };
    let failed = |e: notify::Error| LabError::usage(format!("cannot watch {}: {e}", dir.display()));
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        Box::new(PollWatcher::new(handler, config).map_err(failed)?)
    } else {
        Box::new(RecommendedWatcher::new(handler, notify::Config::default()).map_err(failed)?)
    };
    watcher
        .watch(&dir, RecursiveMode::Recursive)
        .map_err(|e| LabError::usage(format!("cannot watch {}: {e}", dir.display())))?;
    Ok(watcher)
}

/// Empties the channel; true if anything had arrived.
fn drain(changes: &Receiver<()>) -> bool {
    let mut any = false;
    while changes.try_recv().is_ok() {
        any = true;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Progress;
    use evidence::manifest::Manifest;

    fn topic(id: &str, question: u8) -> Topic {
        Manifest::parse(&format!(
            "id = \"{id}\"\ntitle = \"{id}\"\nkind = \"code\"\nquestions = [{question}]\n\
             [exercise]\ncases = [\"a\"]\n"
        ))
        .unwrap()
    }

    #[test]
    fn n_goes_to_the_next_unsolved_exercise_wrapping_round() {
        let catalogue = Catalogue {
            topics: vec![topic("a", 1), topic("b", 2), topic("c", 3), topic("d", 4)],
            broken: Vec::new(),
        };
        let mut state = State::default();
        let solved = Progress {
            passed: 1,
            total: 1,
            builds: true,
        };
        state.progress.insert("c".into(), solved);
        let next = |from: &str, state: &State| {
            let here = catalogue.topics.iter().find(|t| t.id == from).unwrap();
            next_unsolved(&catalogue, state, here).map(|t| t.id.clone())
        };
        assert_eq!(
            next("b", &state).as_deref(),
            Some("d"),
            "c is solved: skipped"
        );
        assert_eq!(
            next("d", &state).as_deref(),
            Some("a"),
            "past the last, from the start"
        );
        for id in ["a", "b", "d"] {
            state.progress.insert(id.into(), solved);
        }
        assert_eq!(next("d", &state), None, "every other exercise is solved");
    }
}
