//! Rebuild latency of `quire serve`: from the write of a page body to the new page being served.
//! Sites: the repository's own, and the benchmark corpora when `QUIRE_CORPUS_1K` /
//! `QUIRE_CORPUS_10K` name their `neutral/` folders (see bench/build.sh).
//!   cargo bench --bench serve

use quire::serve::{serve, ServeOptions};
use quire::site::BuildOptions;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable");
        let rel = entry.path().strip_prefix(from).expect("under from");
        let first = rel.components().next().map(|c| c.as_os_str().to_owned());
        if first
            .as_deref()
            .is_some_and(|f| f == "target" || f == "public" || f == ".git")
        {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("writable");
        } else {
            std::fs::copy(entry.path(), &target).expect("writable");
        }
    }
}

fn get(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("server is up");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

/// Serves a copy of `site`, edits `page_rel` `edits` times, and prints the latencies; the server
/// is stopped before its folder is removed.
fn measure(name: &str, site: &Path, page_rel: &str, url: &str, edits: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(site, dir.path());
    let (tx, rx) = std::sync::mpsc::channel();
    let (stop, stopped) = std::sync::mpsc::channel();
    let opts = ServeOptions {
        build: BuildOptions::new(dir.path()),
        bind: "127.0.0.1".parse().expect("an address"),
        allowed_hosts: Vec::new(),
        port: 0,
        open: false,
        poll: None,
        debounce: Duration::from_millis(30),
        quiet: true,
        shutdown: Some(stopped),
    };
    let server = std::thread::spawn(move || serve(opts, Some(tx)));
    let addr = rx
        .recv_timeout(Duration::from_secs(300))
        .expect("serve starts");
    let page = dir.path().join("content").join(page_rel);
    let original = std::fs::read_to_string(&page).expect("the page exists");
    let mut times = Vec::new();
    for n in 0..edits {
        let marker = format!("latency-marker-{n}");
        std::thread::sleep(Duration::from_millis(150));
        let start = Instant::now();
        std::fs::write(&page, format!("{original}\n\n{marker}\n")).expect("writable");
        loop {
            if get(addr, url).contains(&marker) {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(60), "no update");
            std::thread::sleep(Duration::from_millis(2));
        }
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "{name}: body edit → served: median {} ms, min {} ms, max {} ms over {edits} edits",
        times[times.len() / 2].as_millis(),
        times[0].as_millis(),
        times[times.len() - 1].as_millis()
    );
    let _ = stop.send(());
    server
        .join()
        .expect("the server thread ends")
        .expect("the server stops cleanly");
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    measure(
        "seed site (17 pages)",
        &root,
        "session-5.md",
        "/session-5/",
        15,
    );
    for (var, name) in [
        ("QUIRE_CORPUS_1K", "1,000 pages"),
        ("QUIRE_CORPUS_10K", "10,000 pages"),
    ] {
        if let Ok(dir) = std::env::var(var) {
            measure(name, Path::new(&dir), "s001/p00001.md", "/s001/p00001/", 10);
        }
    }
}
