//! The rooms of the house (the top-level modules under `src/`) may use each other only one
//! way: no cycle, so each can be read, tested and changed from its own door. Read from the
//! source text: every `crate::room` outside a file's tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Room → the rooms it uses.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("src/ is readable");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry.path().strip_prefix(&src).expect("under src/");
        let first = rel.components().next().expect("a file");
        let room = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if ["main", "lib", "cmd", "rooms"].contains(&room.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("readable");
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        let used = uses.entry(room.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + 7..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(list) => list.split('}').next().unwrap_or("").split(',').collect(),
                None => vec![rest],
            };
            for name in names {
                let name: String = name
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != room {
                    used.insert(name);
                }
            }
        }
    }
    uses
}

#[test]
fn no_room_uses_a_room_that_uses_it() {
    let uses = uses();
    assert!(uses.contains_key("site") && uses["site"].contains("output"));
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(room) = todo.pop() {
            for next in uses.get(&room).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let cycles: Vec<String> = uses
        .iter()
        .flat_map(|(a, used)| used.iter().map(move |b| (a, b)))
        .filter(|(a, b)| reach(b).contains(*a))
        .map(|(a, b)| format!("{a} -> {b} -> … -> {a}"))
        .collect();
    assert!(cycles.is_empty(), "{cycles:#?}");
}
