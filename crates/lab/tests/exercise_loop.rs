//! The learner's loop, end to end, on a scratch copy of the workspace (so a learner's
//! own exercise files are never touched): the shipped stub fails with a clear first
//! failure, a compile error is shown as `path:line`, re-exporting the reference does not
//! compile (the exercise sees only the contract), an endless loop is stopped by the
//! timeout, a correct implementation turns every case green, `reset` backs the
//! learner's file up before restoring the stub, a topic that does not build is one line
//! and leaves every other command working, and `watch`, driven in a
//! pseudo-terminal, re-checks on save and answers keys.

mod common;

use std::fs;

use common::scratch::{Scratch, case_count, solve, text};

#[test]
fn stub_fails_errors_show_a_solution_passes_reset_keeps_a_backup_and_watch_follows() {
    let scratch = Scratch::new("exercise-loop");
    let stub = fs::read_to_string(scratch.stub_path()).unwrap();
    let cases = case_count(&scratch.root);

    // 1. The shipped stub compiles and fails every case, starting with the basics.
    let o = scratch.lab(&["check", "lru-cache"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!("lru-cache-exercise: 0/{cases} cases passing")),
        "{out}"
    );
    assert!(out.contains("first failing case: starts_empty"), "{out}");
    assert!(
        out.contains("--> exercises/lru-cache/src/lib.rs:"),
        "a clickable path:line: {out}"
    );
    assert!(out.contains("not yet implemented"), "{out}");
    assert!(
        out.contains("`cargo lab hint lru-cache` shows hint 1 of 5"),
        "{out}"
    );
    assert!(
        text(&scratch.lab(&["list"])).contains(&format!("exercise 0/{cases}")),
        "list shows progress"
    );

    // 2. A compile error is one line with its location, not a wall of cargo output.
    fs::write(
        scratch.stub_path(),
        format!("{stub}\nfn broken() -> u32 {{ \"text\" }}\n"),
    )
    .unwrap();
    let o = scratch.lab(&["check", "lru-cache"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("does not compile (1 error"), "{out}");
    assert!(
        out.contains("--> exercises/lru-cache/src/lib.rs:") && out.contains("error[E0308]"),
        "a clickable path: {out}"
    );
    assert!(
        out.contains("expected `u32`, found `&str`") && out.contains("^^^^^^"),
        "the whole error, with rustc's spans: {out}"
    );
    assert!(!out.contains("\x1b["), "no colours into a pipe: {out}");

    // 2a. Warnings in the learner's code show after the cases; --all lists every failing
    // case with its message.
    fs::write(
        scratch.stub_path(),
        format!("{stub}\nfn unused_helper() {{}}\n"),
    )
    .unwrap();
    let o = scratch.lab(&["check", "lru-cache", "--all"]);
    let out = text(&o);
    assert!(
        out.contains("warnings in your code (1)") && out.contains("unused_helper"),
        "{out}"
    );
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("failing case "))
            .count(),
        cases,
        "--all shows every failing case: {out}"
    );

    // 2b. The exercise sees the contract, not the solution: re-exporting the reference
    // does not compile, and check says why.
    fs::write(scratch.stub_path(), "pub use lru_cache::LruCache;\n").unwrap();
    let o = scratch.lab(&["check", "lru-cache"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("does not compile"), "{out}");
    assert!(
        out.contains("lru_cache") && (out.contains("E0432") || out.contains("E0433")),
        "the unresolved import is shown: {out}"
    );

    // 3. An endless loop is stopped by the timeout, and the message says why.
    fs::write(
        scratch.stub_path(),
        stub.replace(
            concat!("todo", "!(\"return the number of entries\")"),
            "loop {}",
        ),
    )
    .unwrap();
    let o = scratch.lab(&["check", "lru-cache", "--timeout", "1"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("stopped after 1 s"), "{out}");

    // 4. A correct implementation turns every case green.
    let solved = solve(&scratch);
    fs::write(scratch.stub_path(), &solved).unwrap();
    let o = scratch.lab(&["check", "lru-cache"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains(&format!("{cases}/{cases} cases passing"))
            && out.contains("lru-cache is solved"),
        "{out}"
    );
    assert!(
        out.contains("`cargo lab bench lru-cache --mine`"),
        "a solved exercise points at measuring it: {out}"
    );
    assert!(text(&scratch.lab(&["list"])).contains(&format!("solved {cases}/{cases}")));

    // The demo runs on the learner's cache once it passes.
    let o = scratch.lab(&["demo", "lru-cache", "--mine", "--size", "50000"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("your LruCache") && !out.contains("FAILS"),
        "{out}"
    );
    assert!(
        out.contains("measured in the dev profile (LAB_MINE_PROFILE)"),
        "the report says how it was built: {out}"
    );

    // 5. Reset backs up the whole exercise (an extra file too), asks before it acts
    // (here: refuses without a terminal unless --yes), removes what the stub lacks and
    // restores the stub; restore brings the backup back after backing up the stub; a
    // second reset is a no-op. With `.lab/` gone, list still tells an edited exercise
    // from one not started.
    let extra = scratch.root.join("exercises/lru-cache/src/extra.rs");
    fs::write(&extra, "// the learner's own notes\n").unwrap();
    let o = scratch.lab(&["reset", "lru-cache"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("add --yes"), "{}", text(&o));
    assert_eq!(
        fs::read_to_string(scratch.stub_path()).unwrap(),
        solved,
        "untouched"
    );
    let o = scratch.lab(&["reset", "lru-cache", "--yes"]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    let saved = out
        .lines()
        .find_map(|l| l.strip_prefix("saved your exercises/lru-cache to "))
        .unwrap_or_else(|| panic!("reset names its backup: {out}"));
    assert!(saved.starts_with(".lab/backups/lru-cache/"), "{saved}");
    let backup = scratch.root.join(saved);
    assert_eq!(
        fs::read_to_string(backup.join("src/lib.rs")).unwrap(),
        solved,
        "the backup holds the learner's code"
    );
    assert!(backup.join("src/extra.rs").is_file(), "and the extra file");
    assert!(
        !backup.join("pristine").exists(),
        "but not the pristine copies"
    );
    assert!(!extra.exists(), "reset removed the file the stub lacks");
    assert_eq!(
        fs::read_to_string(scratch.stub_path()).unwrap(),
        stub,
        "the stub is back"
    );
    let again = text(&scratch.lab(&["reset", "lru-cache", "--yes"]));
    assert!(again.contains("already the shipped stub"), "{again}");
    assert!(text(&scratch.lab(&["list"])).contains("exercise not started"));

    let o = scratch.lab(&["restore", "lru-cache", "--yes"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(fs::read_to_string(scratch.stub_path()).unwrap(), solved);
    assert!(extra.is_file(), "restore brought the extra file back");
    let listed = text(&scratch.lab(&["backups", "lru-cache"]));
    assert_eq!(
        listed.lines().filter(|l| l.starts_with("20")).count(),
        2,
        "the reset's backup and the one restore made of the stub: {listed}"
    );
    fs::remove_dir_all(scratch.root.join(".lab")).unwrap();
    let out = text(&scratch.lab(&["list"]));
    let q11 = out
        .lines()
        .find(|l| l.trim_start().starts_with("11 "))
        .unwrap();
    assert!(q11.contains("edited, not checked"), "{q11}");
    scratch.lab(&["reset", "lru-cache", "--yes"]);
    assert!(!extra.exists());

    // --mine refuses while the exercise fails.
    let o = scratch.lab(&["bench", "lru-cache", "--mine"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains(&format!(
            "passes 0/{cases} cases; --mine measures a working implementation"
        )),
        "{out}"
    );

    // 6. The same loop in `watch`, in a real (pseudo-)terminal.
    watch_rechecks_on_save_and_answers_keys(&scratch, cases);

    // 7. Demos run as child processes: the JSON report has the documented fields and
    // every counted claim holds; the text marks each claim; a size below the manifest's
    // minimum is raised with a notice. Then a topic that does not build is one line
    // naming it, and every other command works.
    demos_print_their_reports(&scratch);
    let demo_source = scratch.root.join("crates/lru-cache/src/demo.rs");
    let source = fs::read_to_string(&demo_source).unwrap();
    fs::write(
        &demo_source,
        format!("{source}\nfn broken() -> u32 {{ \"text\" }}\n"),
    )
    .unwrap();
    let o = scratch.lab(&["demo", "lru-cache"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains("the lru-cache demo does not build"), "{err}");
    for args in [&["list"][..], &["show", "11"], &["hint", "lru-cache", "1"]] {
        let o = scratch.lab(args);
        assert!(o.status.success(), "{args:?} still works: {}", text(&o));
    }
    fs::write(&demo_source, source).unwrap();

    // 8. A broken manifest is one warning; the other topics are all still listed.
    let manifest = scratch.root.join("crates/lru-cache/topic.toml");
    fs::write(&manifest, "id = \"lru-cache\"\nkind = \"poem\"\n").unwrap();
    let o = scratch.lab(&["list"]);
    assert!(o.status.success(), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.starts_with("warning: skipping a topic: crates/lru-cache/topic.toml: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let o = scratch.lab(&["show", "lru-cache"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("topic 'lru-cache' is broken"),
        "{}",
        text(&o)
    );
}

/// `lab demo lru-cache` in the scratch workspace (built already by `--mine`): JSON with
/// the documented fields, text with one mark per claim, a small size raised.
fn demos_print_their_reports(scratch: &Scratch) {
    let manifest =
        evidence::manifest::Manifest::load(&scratch.root.join("crates/lru-cache")).unwrap();
    let spec = manifest.demo.expect("lru-cache has a demo");
    let small = spec.small_size.to_string();
    let o = scratch.lab(&[
        "demo",
        "lru-cache",
        "--size",
        &small,
        "--seed",
        "7",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("one JSON object ({e}): {}", text(&o)));
    assert_eq!(json["topic"], "lru-cache");
    assert_eq!(json["seed"], 7);
    assert_eq!(json["size"], spec.small_size);
    let claims = json["claims"].as_array().expect("claims is an array");
    assert!(!claims.is_empty());
    for claim in claims {
        assert!(claim["statement"].is_string(), "{claim}");
        assert!(claim["measured"].is_string(), "{claim}");
        assert!(claim["timed"].is_boolean(), "{claim}");
        if claim["timed"] == false {
            assert_eq!(claim["holds"], true, "a counted claim fails: {claim}");
        }
    }

    let o = scratch.lab(&["demo", "lru-cache", "--size", &small, "--seed", "7"]);
    let out = text(&o);
    let marked = out.matches("✓ holds").count() + out.matches("✗ FAILS").count();
    assert_eq!(marked, claims.len(), "one mark per claim: {out}");

    if spec.min_size > 1 {
        let o = scratch.lab(&["demo", "lru-cache", "--size", "1", "--json"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--size 1 raised to"), "{err}");
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(json["size"], spec.min_size);
    }
}

/// `watch` in a pseudo-terminal: it re-checks on save and answers keys.
fn watch_rechecks_on_save_and_answers_keys(scratch: &Scratch, cases: usize) {
    use expectrl::{Eof, Expect, Session};
    use std::time::Duration;

    let mut terminal = Session::spawn(scratch.command(&["watch", "lru-cache"]))
        .expect("lab watch starts in a pseudo-terminal");
    // The first check builds the exercise's dependencies in the scratch copy.
    terminal.set_expect_timeout(Some(Duration::from_secs(180)));
    terminal
        .expect(format!("lru-cache-exercise: 0/{cases} cases passing").as_str())
        .expect("the stub's verdict");
    terminal
        .expect("n next · h hint")
        .expect("the keys are listed");

    // Saving a correct solution triggers a new check, and the progress advances.
    fs::write(scratch.stub_path(), solve(scratch)).unwrap();
    terminal
        .expect(format!("{cases}/{cases} cases passing").as_str())
        .expect("the check re-runs on save");
    terminal
        .expect("all cases pass: press n for the next exercise")
        .expect("it offers the next exercise instead of jumping there");

    terminal.send("h").unwrap();
    terminal
        .expect("Hint 1 of 5 (lru-cache)")
        .expect("h shows the next hint");

    // A compile error keeps the last count instead of showing 0/0.
    let solved = fs::read_to_string(scratch.stub_path()).unwrap();
    fs::write(
        scratch.stub_path(),
        format!("{solved}\nfn broken() -> u32 {{ \"text\" }}\n"),
    )
    .unwrap();
    terminal
        .expect(format!("{cases} cases, {cases} passing before the build failed").as_str())
        .expect("the header keeps the count through a compile error");
    fs::write(scratch.stub_path(), solved).unwrap();
    terminal
        .expect(format!("{cases}/{cases} cases passing").as_str())
        .expect("and recovers when the error is fixed");

    terminal.send("q").unwrap();
    terminal.expect(Eof).expect("q quits");

    // Reset asks in a terminal: "n" changes nothing, "y" resets after a backup.
    for (answer, expected) in [("n", "nothing changed"), ("y", "restored the stub")] {
        let mut terminal = Session::spawn(scratch.command(&["reset", "lru-cache"]))
            .expect("lab reset starts in a pseudo-terminal");
        terminal.set_expect_timeout(Some(Duration::from_secs(30)));
        terminal.expect("[y/N]").expect("reset asks first");
        terminal.send(format!("{answer}\r")).unwrap();
        terminal.expect(expected).expect("the answer is honoured");
        terminal.expect(Eof).unwrap();
    }
    assert!(
        fs::read_to_string(scratch.stub_path())
            .unwrap()
            .contains("todo!"),
        "the stub is back"
    );
}
