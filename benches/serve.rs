//! `quire serve`: rebuild latency (from the write of a page body to the new page being served),
//! and request latency over kept-alive connections. Sites: the repository's own, and the
//! benchmark corpora when `QUIRE_CORPUS_1K` / `QUIRE_CORPUS_10K` name their `neutral/` folders
//! (see bench/build.sh).
//!   cargo bench --bench serve

use quire::serve::{serve, ServeOptions};
use quire::site::BuildOptions;
use std::io::{BufRead, BufReader, Read, Write};
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

/// A server on a copy of a site, run through the library as `quire serve` runs it.
struct Running {
    dir: tempfile::TempDir,
    addr: SocketAddr,
    stop: std::sync::mpsc::Sender<()>,
    server: std::thread::JoinHandle<quire::Result<()>>,
}

fn start(site: &Path) -> Running {
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
    Running {
        dir,
        addr,
        stop,
        server,
    }
}

impl Running {
    /// Stops the server before its folder is removed.
    fn stop(self) {
        let _ = self.stop.send(());
        self.server
            .join()
            .expect("the server thread ends")
            .expect("the server stops cleanly");
        drop(self.dir);
    }
}

/// Edits `page_rel` of a served copy of `site` `edits` times, and prints the latencies.
fn measure(name: &str, site: &Path, page_rel: &str, url: &str, edits: usize) {
    let running = start(site);
    let addr = running.addr;
    let page = running.dir.path().join("content").join(page_rel);
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
    running.stop();
}

/// Reads one HTTP/1.1 response from a kept-alive connection: the head, then Content-Length
/// bytes of body.
fn read_response(stream: &mut BufReader<TcpStream>) -> usize {
    let mut length = 0;
    let mut line = String::new();
    loop {
        line.clear();
        let n = stream.read_line(&mut line).expect("a response head");
        assert!(n > 0, "the server closed a kept-alive connection");
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().expect("a length");
            }
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body).expect("the body");
    length
}

/// `clients` kept-alive connections at once, each sending `requests` GETs one after another
/// (what a browser with a page open does, or `ab -k -c 50`); prints p50/p99 latency and req/s.
fn keep_alive(name: &str, addr: SocketAddr, url: &str, clients: usize, requests: usize) {
    let start = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let url = url.to_string();
            std::thread::spawn(move || {
                let stream = TcpStream::connect(addr).expect("server is up");
                let mut writer = stream.try_clone().expect("a second handle");
                let mut reader = BufReader::new(stream);
                // One write per request, as a browser sends it: `write!` would send the pieces
                // of the format one by one, and the client's own Nagle would hold them back.
                let request = format!("GET {url} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
                let mut times = Vec::with_capacity(requests);
                for _ in 0..requests {
                    let sent = Instant::now();
                    writer.write_all(request.as_bytes()).expect("send");
                    read_response(&mut reader);
                    times.push(sent.elapsed());
                }
                times
            })
        })
        .collect();
    let mut times: Vec<Duration> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("a client"))
        .collect();
    let total = start.elapsed();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    println!(
        "{name}: {clients} keep-alive connections × {requests} requests: p50 {:.2} ms, p99 {:.2} ms, {:.0} req/s",
        at(0.5),
        at(0.99),
        times.len() as f64 / total.as_secs_f64()
    );
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
    let running = start(&root);
    // One connection: the latency of a request alone; fifty: what `ab -k -c 50` measures.
    keep_alive(
        "seed site, /session-5/",
        running.addr,
        "/session-5/",
        1,
        500,
    );
    keep_alive(
        "seed site, /session-5/",
        running.addr,
        "/session-5/",
        50,
        200,
    );
    running.stop();
    for (var, name) in [
        ("QUIRE_CORPUS_1K", "1,000 pages"),
        ("QUIRE_CORPUS_10K", "10,000 pages"),
    ] {
        if let Ok(dir) = std::env::var(var) {
            measure(name, Path::new(&dir), "s001/p00001.md", "/s001/p00001/", 10);
        }
    }
}
