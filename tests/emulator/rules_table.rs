//! `src/emulator/RULES.md`, the table of documented rules, cannot rot: every row cites a
//! source line that exists and either tests that exist (`tests/emulator/<file>.rs::name`, a
//! `fn name` in that file) or a "simplified:" reason.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One table row: its line in RULES.md and its three cells.
struct Row {
    line: usize,
    rule: String,
    source: String,
    test: String,
}

fn rows(text: &str) -> Vec<Row> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with('|'))
        .filter(|(_, l)| !l.starts_with("| rule ") && !l.starts_with("| ---"))
        .map(|(i, l)| {
            let cells: Vec<String> = l
                .trim()
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect();
            assert_eq!(
                cells.len(),
                3,
                "RULES.md:{}: a row has three cells (rule | source | test): {l}",
                i + 1
            );
            let mut cells = cells.into_iter();
            Row {
                line: i + 1,
                rule: cells.next().unwrap_or_default(),
                source: cells.next().unwrap_or_default(),
                test: cells.next().unwrap_or_default(),
            }
        })
        .collect()
}

/// The backticked spans of a cell.
fn code_spans(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

fn line_count(path: &Path) -> usize {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .count()
}

/// The reference pages, `../shared/reference` beside the repository: not part of a fresh
/// clone, so `None` when absent and their citations go unchecked.
fn reference_dir() -> Option<PathBuf> {
    Some(root().join("../shared/reference")).filter(|d| d.is_dir())
}

/// `space.proto:123` (a proto of `google.chat.v1`) or `reference/<page>.txt:45` (checked
/// only when `reference` has the pages).
fn check_source(row: &Row, span: &str, reference: Option<&Path>) {
    let (file, line) = span
        .rsplit_once(':')
        .unwrap_or_else(|| panic!("RULES.md:{}: source `{span}` is not file:line", row.line));
    let line: usize = line
        .parse()
        .unwrap_or_else(|_| panic!("RULES.md:{}: source `{span}` has no line", row.line));
    let path = match (file.strip_prefix("reference/"), reference) {
        (Some(page), Some(dir)) => dir.join(page),
        (Some(_), None) => return,
        (None, _) => root().join("proto/google/chat/v1").join(file),
    };
    let lines = line_count(&path);
    assert!(
        (1..=lines).contains(&line),
        "RULES.md:{}: `{span}`: {} has {lines} lines",
        row.line,
        path.display()
    );
}

/// `tests/emulator/<path>.rs::name`: the file exists and defines `fn name`.
fn check_test(row: &Row, span: &str) {
    let (file, name) = span.split_once("::").unwrap_or_else(|| {
        panic!(
            "RULES.md:{}: test `{span}` is not tests/emulator/<file>.rs::name",
            row.line
        )
    });
    assert!(
        file.starts_with("tests/emulator/") && file.ends_with(".rs"),
        "RULES.md:{}: `{span}` is not in tests/emulator/",
        row.line
    );
    let path = root().join(file);
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("RULES.md:{}: {}: {e}", row.line, path.display()));
    let defines = text.lines().any(|l| {
        let l = l.trim_start();
        let l = l.strip_prefix("async ").unwrap_or(l);
        l.strip_prefix("fn ")
            .and_then(|rest| rest.strip_prefix(name))
            .is_some_and(|rest| rest.starts_with('(') || rest.starts_with('<'))
    });
    assert!(
        defines,
        "RULES.md:{}: {file} has no `fn {name}` (rule: {})",
        row.line, row.rule
    );
}

#[test]
fn every_rule_cites_its_source_and_a_test_or_a_reason() {
    let path = root().join("src/emulator/RULES.md");
    let text = fs::read_to_string(&path).expect("src/emulator/RULES.md");
    let rows = rows(&text);
    assert!(rows.len() > 100, "only {} rows", rows.len());
    let reference = reference_dir();
    if reference.is_none() {
        eprintln!("no ../shared/reference: `reference/` citations not checked");
    }
    for row in &rows {
        assert!(!row.rule.is_empty(), "RULES.md:{}: empty rule", row.line);
        let sources = code_spans(&row.source);
        assert!(
            !sources.is_empty(),
            "RULES.md:{}: no source for: {}",
            row.line,
            row.rule
        );
        for s in sources {
            check_source(row, s, reference.as_deref());
        }
        if let Some(reason) = row.test.strip_prefix("simplified:") {
            assert!(
                reason.trim().len() > 3,
                "RULES.md:{}: \"simplified:\" needs a reason",
                row.line
            );
            continue;
        }
        let tests = code_spans(&row.test);
        assert!(
            !tests.is_empty(),
            "RULES.md:{}: neither a test nor \"simplified:\" for: {}",
            row.line,
            row.rule
        );
        for t in tests {
            check_test(row, t);
        }
    }
}

/// The checker itself: a row citing a test that doesn't exist is caught.
#[test]
#[should_panic(expected = "has no `fn no_such_test`")]
fn a_missing_test_name_fails_the_table() {
    let text = "| rule | source | test |\n| --- | --- | --- |\n\
                | x | `space.proto:1` | `tests/emulator/members.rs::no_such_test` |\n";
    for row in rows(text) {
        check_test(&row, code_spans(&row.test)[0]);
    }
}

/// Without the reference pages (a fresh clone) their citations are skipped, not failed;
/// with them, a line past a page's end fails.
#[test]
fn reference_citations_are_checked_only_where_the_pages_are() {
    let text = "| rule | source | test |\n| --- | --- | --- |\n\
                | x | `reference/rest-resources.zh-TW.txt:999999` | simplified: x |\n";
    let row = &rows(text)[0];
    check_source(row, code_spans(&row.source)[0], None);
    if let Some(dir) = reference_dir() {
        let past_the_end = std::panic::catch_unwind(|| {
            check_source(row, code_spans(&row.source)[0], Some(&dir));
        });
        assert!(past_the_end.is_err(), "a line past the page's end passed");
    }
}
