//! `quire serve` as a user runs it: the binary on a free port, a copy of a fixture site, real
//! edits on disk, and HTTP requests and the live-reload event stream read over TCP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites")
        .join(name)
}

struct Server {
    child: Child,
    addr: String,
    dir: tempfile::TempDir,
    stdout: std::sync::mpsc::Receiver<String>,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Server {
    fn start(fixture_name: &str) -> Server {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&fixture(fixture_name), dir.path());
        Server::start_in(dir)
    }

    fn start_in(dir: tempfile::TempDir) -> Server {
        Server::start_with(dir, &[])
    }

    fn start_with(dir: tempfile::TempDir, extra: &[&str]) -> Server {
        Server::spawn(dir, extra, None)
    }

    /// With `tmp`, the server's temporary folder (where it keeps the served copy) is there.
    fn spawn(dir: tempfile::TempDir, extra: &[&str], tmp: Option<&std::path::Path>) -> Server {
        // As the README runs it: from inside the site, with the default `--root .`.
        let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
        if let Some(tmp) = tmp {
            command.env("TMPDIR", tmp);
        }
        let mut child = command
            .current_dir(dir.path())
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        let (otx, orx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                if let Some(rest) = line.split("on http://").nth(1) {
                    let _ = tx.send(rest.split('/').next().unwrap().to_string());
                }
                let _ = otx.send(line);
            }
        });
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let (etx, erx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = etx.send(line);
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("serve prints its address");
        Server {
            child,
            addr,
            dir,
            stdout: orx,
            stderr: erx,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn get(&self, path: &str) -> (u16, String) {
        request(&self.addr, "GET", path)
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET /__quire/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut events = Events {
            stream,
            seen: String::new(),
        };
        // The response head arrives at once; after it the stream is live.
        events.wait_for("text/event-stream", Duration::from_secs(5));
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        common::stop(&mut self.child);
    }
}

struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Reads the stream until `needle` appears; panics after `limit`.
    fn wait_for(&mut self, needle: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        let mut buf = [0u8; 4096];
        while !self.seen.contains(needle) {
            assert!(Instant::now() < deadline, "no `{needle}` in: {}", self.seen);
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed: {}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
        let at = self.seen.find(needle).unwrap();
        let found = self.seen[at..].to_string();
        self.seen = self.seen[at + needle.len()..].to_string();
        found
    }
}

fn request(addr: &str, method: &str, path: &str) -> (u16, String) {
    request_for(addr, addr, method, path)
}

/// A request sent to `addr` for the site named `host` (the `Host` header a browser sends).
fn request_for(addr: &str, host: &str, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls until the page at `path` contains `text`.
fn eventually_serves(server: &Server, path: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body) = server.get(path);
        if status == 200 && body.contains(text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never served `{text}`: {status} {body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Live reload is a value the theme renders: its base template loads serve's client, a file of
/// the default theme served at `__quire/live.js`, relative to the page so any base path works.
#[test]
fn pages_load_the_live_reload_client_that_serve_serves() {
    let server = Server::start("minimal");
    let (_, page) = server.get("/session-2/");
    assert!(
        page.contains("<script src=\"../__quire/live.js\" data-quire-live=\"../\"></script>"),
        "{page}"
    );
    let (_, home) = server.get("/");
    assert!(home.contains("src=\"./__quire/live.js\""), "{home}");
    let (status, script) = server.get("/__quire/live.js");
    assert_eq!(status, 200);
    assert!(
        script.contains("new EventSource(root+\"__quire/events\")"),
        "{script}"
    );
    assert!(script.contains("addEventListener(\"failed\""), "{script}");
}

#[test]
fn edit_a_page_sends_reload_and_serves_new_text() {
    let server = Server::start("minimal");
    let (status, body) = server.get("/session-2/");
    assert_eq!(status, 200);
    assert!(
        body.contains("data-quire-live=\"../\""),
        "serve injects live reload"
    );
    let mut events = server.events();
    let page = server.path("content/session-2.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Back to", "Edited: back to")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    let (_, body) = server.get("/session-2/");
    assert!(
        body.contains("Edited: back to"),
        "the reload comes after the new page is in place"
    );
}

#[test]
fn the_first_code_block_on_a_site_brings_its_stylesheet() {
    let server = Server::start("nested");
    assert_eq!(
        server.get("/syntax.css").0,
        404,
        "a site without code has none"
    );
    let mut events = server.events();
    let page = server.path("content/day-1/a.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n```rust\nfn main() {{}}\n```\n")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/day-1/a/", "class=\"hl-");
    let (status, css) = server.get("/syntax.css");
    assert_eq!(status, 200);
    assert!(css.contains(".hl-"), "{css}");
}

#[test]
fn save_through_rename_is_picked_up_and_temp_files_never_appear() {
    let server = Server::start("minimal");
    let mut events = server.events();
    let page = server.path("content/session-2.md");
    let tmp = server.path("content/.session-2.md.swp");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&tmp, text.replace("Back to", "Renamed save: back to")).unwrap();
    std::fs::write(server.path("content/session-2.md~"), &text).unwrap();
    std::fs::rename(&tmp, &page).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/session-2/", "Renamed save: back to");
    assert_eq!(server.get("/session-2.md~").0, 404);
    assert_eq!(server.get("/.session-2.md.swp").0, 404);
}

#[test]
fn create_and_delete_pages() {
    let server = Server::start("minimal");
    let mut events = server.events();
    std::fs::write(
        server.path("content/session-3.md"),
        "---\ntitle: Third Session\nweight: 30\n---\nNew page.\n",
    )
    .unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/session-3/", "New page.");
    eventually_serves(&server, "/", "Third Session");
    std::fs::remove_file(server.path("content/session-3.md")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.get("/session-3/").0 != 404 {
        assert!(Instant::now() < deadline, "deleted page still served");
        std::thread::sleep(Duration::from_millis(50));
    }
    let (status, body) = server.get("/session-3/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's own 404 page");
}

#[test]
fn broken_front_matter_shows_the_error_then_recovers() {
    let server = Server::start("minimal");
    let mut events = server.events();
    let page = server.path("content/session-2.md");
    let good = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, good.replace("weight: 20", "weight: 20\nautors: x")).unwrap();
    let failed = events.wait_for("event: failed", Duration::from_secs(10));
    assert!(
        failed.contains("content/session-2.md:4:1: unknown field `autors`"),
        "{failed}"
    );
    let (status, body) = server.get("/session-2/");
    assert_eq!(status, 200, "the last good site is still served");
    assert!(body.contains("Back to"));
    // A browser that connects now is shown the error at once.
    let mut late = server.events();
    late.wait_for("event: failed", Duration::from_secs(5));
    std::fs::write(&page, good.replace("Back to", "Fixed: back to")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/session-2/", "Fixed: back to");
    let errors: Vec<String> = server.stderr.try_iter().collect();
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("error: ") && l.contains("session-2.md:4:1")),
        "{errors:?}"
    );
}

#[test]
fn a_site_that_fails_at_start_is_served_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("broken-link"), dir.path());
    let server = Server::start_in(dir);
    let (_, body) = server.get("/");
    assert!(body.contains("link to a missing page"), "{body}");
    let mut events = server.events();
    events.wait_for("event: failed", Duration::from_secs(5));
    let page = server.path("content/a.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("[nowhere](missing.md)", "nowhere")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/a/", "nowhere");
}

#[test]
fn stylesheet_change_swaps_css_without_reload() {
    let server = Server::start("overrides");
    let mut events = server.events();
    std::fs::write(server.path("static/style.css"), "body { color: teal; }\n").unwrap();
    events.wait_for("event: css", Duration::from_secs(10));
    eventually_serves(&server, "/style.css", "teal");
}

#[test]
fn requests_never_leave_the_site() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("minimal"), dir.path());
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "TOP SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(secret.path(), dir.path().join("content/leak.txt")).unwrap();
    let server = Server::start_in(dir);
    let outside = secret.path().display().to_string();
    for path in [
        "/../../../../etc/passwd".to_string(),
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_string(),
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd".to_string(),
        "/..%2f..%2f..%2fetc%2fpasswd".to_string(),
        "//etc/passwd".to_string(),
        format!("/{outside}"),
        "/leak.txt".to_string(),
    ] {
        let (status, body) = server.get(&path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("root:x:0:0") && !body.contains("TOP SECRET"),
            "{path}"
        );
    }
}

#[test]
fn head_requests_and_mime_types() {
    let server = Server::start("minimal");
    let (status, body) = request(&server.addr, "HEAD", "/figure.svg");
    assert_eq!(status, 200);
    assert!(body.is_empty());
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "GET /style.css HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut head = String::new();
    stream.read_to_string(&mut head).unwrap();
    assert!(head.to_lowercase().contains("content-type: text/css"));
}

#[test]
fn port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let output = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(fixture("minimal"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim(),
        format!("error: 127.0.0.1:{port} is already in use: stop the other server, or pass --port N (--port 0 picks a free port)")
    );
}

/// The "Rebuilt …" lines printed so far, after giving the output a moment to arrive.
fn rebuilds(server: &Server) -> Vec<String> {
    std::thread::sleep(Duration::from_millis(200));
    server
        .stdout
        .try_iter()
        .filter(|l| l.starts_with("Rebuilt"))
        .collect()
}

#[test]
fn a_save_that_changes_nothing_triggers_no_rebuild() {
    let server = Server::start("minimal");
    let mut events = server.events();
    let page = server.path("content/session-2.md");
    let text = std::fs::read(&page).unwrap();
    std::fs::write(&page, &text).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert!(rebuilds(&server).is_empty());
    std::fs::write(
        server.path("content/session-1.md"),
        "---\ntitle: First Session\n---\nChanged.\n",
    )
    .unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    let lines = rebuilds(&server);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("session-1.md") && !lines[0].contains("session-2.md"),
        "{lines:?}"
    );
}

#[test]
fn a_burst_of_writes_gives_one_rebuild() {
    let server = Server::start("minimal");
    let mut events = server.events();
    let burst = Instant::now();
    for n in 0..200 {
        std::fs::write(
            server.path(&format!("content/extra-{n:03}.md")),
            format!(
                "---\ntitle: Extra {n}\nweight: {}\n---\nBody {n}.\n",
                100 + n
            ),
        )
        .unwrap();
    }
    // Writes that take longer than the debounce window (a loaded machine) may fall into a
    // few batches; never one rebuild per file.
    let windows = burst.elapsed().as_millis() / 30;
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/extra-199/", "Body 199.");
    std::thread::sleep(Duration::from_millis(300));
    let lines = rebuilds(&server);
    assert!(
        !lines.is_empty() && lines.len() as u128 <= 2 + windows,
        "one rebuild, or two when writes straddled a build, plus one per 30 ms the writes took \
         ({windows} windows): {lines:?}"
    );
}

#[test]
fn polling_watcher_sees_edits() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("minimal"), dir.path());
    let server = Server::start_with(dir, &["--poll", "100"]);
    let mut events = server.events();
    let page = server.path("content/session-2.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Back to", "Polled: back to")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/session-2/", "Polled: back to");
}

#[test]
fn a_changed_seed_is_reimported_without_touching_edited_pages() {
    let dir = tempfile::tempdir().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
    let seed = dir.path().join("seeds/supply-chain.txt");
    std::fs::copy(root.join("tests/fixtures/import/supply-chain.txt"), &seed).unwrap();
    std::fs::write(dir.path().join("site.yaml"), "title: Supply chains\n").unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_quire"))
        .current_dir(dir.path())
        .args(["import", "--out", "content"])
        .arg(&seed)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let server = Server::start_in(dir);
    let mut events = server.events();
    let intro = server.get("/introduction/").1;
    assert!(intro.contains("<h1>Introduction</h1>"), "{intro}");
    let text = std::fs::read_to_string(&seed).unwrap();
    let first_para_word = "Introduction";
    assert!(text.contains(first_para_word));
    // Change a sentence of the seed: the import rewrites the page, the site follows.
    let line = text.lines().find(|l| l.len() > 200).unwrap().to_string();
    let edited = line.replacen(' ', " REIMPORTED ", 1);
    std::fs::write(&seed, text.replace(&line, &edited)).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut found = false;
    while Instant::now() < deadline && !found {
        found = walkdir::WalkDir::new(server.path("content"))
            .into_iter()
            .flatten()
            .any(|e| {
                e.file_type().is_file()
                    && std::fs::read_to_string(e.path())
                        .unwrap_or_default()
                        .contains("REIMPORTED")
            });
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(found, "the seed was re-imported into content/");
}

/// Ctrl-C, `kill` and a closed terminal all stop the server the same way: exit 0, "Stopped.",
/// the port closed and the served copy (in the server's temporary folder) removed.
#[test]
fn a_signal_stops_cleanly_and_removes_the_served_folder() {
    for signal in ["-INT", "-TERM", "-HUP"] {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&fixture("minimal"), dir.path());
        let tmp = tempfile::tempdir().unwrap();
        let mut server = Server::spawn(dir, &[], Some(tmp.path()));
        let (_, body) = server.get("/");
        assert!(body.contains("Minimal Proceedings"));
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "the served copy"
        );
        // An open page's event stream, which a graceful shutdown must not wait on for ever.
        let _page = server.events();
        let pid = server.child.id().to_string();
        let killed = Command::new("kill").args([signal, &pid]).status().unwrap();
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on {signal}");
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "{signal}: {status:?}");
        let lines: Vec<String> = server.stdout.try_iter().collect();
        assert!(lines.iter().any(|l| l == "Stopped."), "{signal}: {lines:?}");
        assert!(
            TcpStream::connect(&server.addr).is_err(),
            "{signal}: the port is closed"
        );
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert!(left.is_empty(), "{signal}: left behind: {left:?}");
    }
}

#[test]
fn build_watch_rebuilds_public_without_a_server() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("minimal"), dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .current_dir(dir.path())
        .args(["build", "--watch"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("watching for changes"), "{first}");
    let public = dir.path().join("public/session-2/index.html");
    assert!(!std::fs::read_to_string(&public)
        .unwrap()
        .contains("quire-live"));
    // As `quire build` leaves it: with its build.json, so the next build takes the folder.
    assert!(dir.path().join("public/build.json").is_file());
    let page = dir.path().join("content/session-2.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Back to", "Watched: back to")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(&public)
        .unwrap_or_default()
        .contains("Watched: back to")
    {
        assert!(Instant::now() < deadline, "public/ was not rebuilt");
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn quiet_serve_prints_nothing_but_serves_and_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("minimal"), dir.path());
    let server = common::QuietServe::start(dir.path(), 0);
    let page = dir.path().join("content/session-2.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Back to", "Quietly: back to")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !request(&server.addr, "GET", "/session-2/")
        .1
        .contains("Quietly: back to")
    {
        assert!(Instant::now() < deadline, "the edit was never served");
        std::thread::sleep(Duration::from_millis(50));
    }
    let (status, stdout, stderr) = server.interrupt();
    assert!(status.success(), "{status:?}");
    assert_eq!(stdout, "");
    assert_eq!(stderr, "");
}

/// A program running the server (the serve benchmark does) stops it through `shutdown`: the
/// call returns and the port is closed.
#[test]
fn the_library_server_stops_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("minimal"), dir.path());
    let (ready, address) = std::sync::mpsc::channel();
    let (stop, stopped) = std::sync::mpsc::channel();
    let opts = quire::serve::ServeOptions {
        build: quire::site::BuildOptions::new(dir.path()),
        bind: "127.0.0.1".parse().unwrap(),
        allowed_hosts: Vec::new(),
        port: 0,
        open: false,
        poll: None,
        debounce: Duration::from_millis(30),
        quiet: true,
        shutdown: Some(stopped),
    };
    let server = std::thread::spawn(move || quire::serve::serve(opts, Some(ready)));
    let addr = address
        .recv_timeout(Duration::from_secs(20))
        .unwrap()
        .to_string();
    assert_eq!(request(&addr, "GET", "/").0, 200);
    stop.send(()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server.is_finished() {
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.join().unwrap().unwrap();
    assert!(TcpStream::connect(&addr).is_err(), "the port is closed");
}

/// content/ moved away and back, then deleted and written again: each time the restored folder
/// is watched again, so later edits are served.
#[test]
fn a_content_folder_moved_or_deleted_and_restored_is_watched_again() {
    let server = Server::start("minimal");
    let mut events = server.events();
    let content = server.path("content");
    let page = server.path("content/session-2.md");
    let text = std::fs::read_to_string(&page).unwrap();

    std::fs::rename(&content, server.path("content-away")).unwrap();
    events.wait_for("event: failed", Duration::from_secs(10));
    std::fs::rename(server.path("content-away"), &content).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    std::fs::write(&page, text.replace("Back to", "Moved back: back to")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/session-2/", "Moved back: back to");

    std::fs::remove_dir_all(&content).unwrap();
    events.wait_for("event: failed", Duration::from_secs(10));
    common::copy_dir(&fixture("minimal").join("content"), &content);
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/session-2/", "Back to");
    std::fs::write(&page, text.replace("Back to", "Restored: back to")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/session-2/", "Restored: back to");
}

/// A static/ folder the site did not have at start: every file put into it is served, not
/// only the first.
#[test]
fn a_static_folder_created_while_serving_is_watched() {
    let server = Server::start("minimal");
    let mut events = server.events();
    std::fs::create_dir(server.path("static")).unwrap();
    std::fs::write(server.path("static/first.txt"), "first file").unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/first.txt", "first file");
    std::fs::write(server.path("static/second.txt"), "second file").unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/second.txt", "second file");
}

/// DNS rebinding: a page on another site whose name now points at 127.0.0.1 must not read the
/// served (unpublished) site, so only loopback names and the bound address are answered.
#[test]
fn requests_for_other_host_names_are_refused() {
    let server = Server::start("minimal");
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "localhost.evil.example",
    ] {
        let (status, body) = request_for(&server.addr, host, "GET", "/");
        assert_eq!(status, 403, "{host}");
        assert!(
            body.contains("--allowed-host"),
            "says how to allow it: {body}"
        );
        let (status, _) = request_for(&server.addr, host, "GET", "/__quire/events");
        assert_eq!(status, 403, "{host}: the event stream too");
    }
    for host in [
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("proceedings.localhost:{port}"),
        format!("LOCALHOST:{port}"),
    ] {
        let (status, body) = request_for(&server.addr, &host, "GET", "/");
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("Minimal Proceedings"), "{host}");
    }
}

#[test]
fn an_allowed_host_name_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("minimal"), dir.path());
    let server = Server::start_with(
        dir,
        &["--allowed-host", "proceedings.test", "--bind", "localhost"],
    );
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
    assert_eq!(
        request_for(&server.addr, "proceedings.test", "GET", "/").0,
        200
    );
    assert_eq!(request_for(&server.addr, "other.test", "GET", "/").0, 403);
}

/// The poll watcher reports a watched folder that is gone at every poll; the warning is said
/// once, and the folder is watched again when it comes back.
#[test]
fn polling_warns_once_about_a_missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("minimal"), dir.path());
    let server = Server::start_with(dir, &["--poll", "50"]);
    let mut events = server.events();
    let content = server.path("content");
    std::fs::rename(&content, server.path("content-away")).unwrap();
    // Twenty polls or so.
    std::thread::sleep(Duration::from_millis(1000));
    let warnings: Vec<String> = server
        .stderr
        .try_iter()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    events.wait_for("event: failed", Duration::from_secs(10));
    std::fs::rename(server.path("content-away"), &content).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    let page = server.path("content/session-2.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Back to", "Polled again: back to")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    eventually_serves(&server, "/session-2/", "Polled again: back to");
}

#[test]
fn serve_names_the_folder_it_serves_in_full() {
    let server = Server::start("minimal");
    // The line that gave the address may still be on its way to this channel.
    let serving = std::iter::from_fn(|| server.stdout.recv_timeout(Duration::from_secs(10)).ok())
        .find(|l| l.starts_with("Serving "))
        .expect("a Serving line");
    let folder = std::path::absolute(server.dir.path()).unwrap();
    assert!(
        serving.starts_with(&format!("Serving {} on http://", folder.display())),
        "{serving}"
    );
}

#[test]
fn serve_without_site_yaml_says_what_to_create_and_builds_once_it_appears() {
    let server = Server::start_in(tempfile::tempdir().unwrap());
    let (status, body) = server.get("/");
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("<title>Waiting for site.yaml</title>"),
        "{body}"
    );
    assert!(body.contains("create it with a `title:` line"), "{body}");
    assert!(!body.contains("Build failed"), "{body}");
    let said = std::iter::from_fn(|| server.stderr.recv_timeout(Duration::from_secs(10)).ok())
        .find(|l| l.contains("site.yaml"))
        .expect("a console line about site.yaml");
    assert!(said.contains("waiting for it"), "{said}");
    std::fs::create_dir(server.path("content")).unwrap();
    std::fs::write(
        server.path("content/_index.md"),
        "---\ntitle: Home\n---\nArrived.\n",
    )
    .unwrap();
    std::fs::write(server.path("site.yaml"), "title: T\n").unwrap();
    eventually_serves(&server, "/", "Arrived.");
}

#[test]
fn build_json_is_served_and_follows_single_page_updates() {
    let server = Server::start("minimal");
    let entry = |path: &str| {
        let (status, json) = server.get("/build.json");
        assert_eq!(status, 200, "{json}");
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        json["files"][path]["sha256"].as_str().unwrap().to_string()
    };
    let (_, page) = server.get("/session-2/");
    assert_eq!(
        entry("session-2/index.html"),
        quire::fs::sha256_hex(page.as_bytes())
    );
    let mut events = server.events();
    let file = server.path("content/session-2.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Back to", "Updated: back to")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    let (_, page) = server.get("/session-2/");
    assert!(page.contains("Updated: back to"));
    assert_eq!(
        entry("session-2/index.html"),
        quire::fs::sha256_hex(page.as_bytes())
    );
    assert!(!entry("index.html").is_empty(), "the other pages are kept");
}

#[test]
fn format_is_an_option_of_the_commands_that_use_it_only() {
    for command in ["serve", "init"] {
        let out = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args([command, "--help"])
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && help.contains("Usage"), "{help}");
        assert!(!help.contains("--format"), "{command}: {help}");
        let out = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args([command, "--format", "json", "x"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
    }
    for command in ["build", "check", "import"] {
        let out = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args([command, "--help"])
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("--format"),
            "{command}"
        );
    }
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_is_made_when_asked_for_and_again_after_a_change() {
    let server = Server::start("minimal");
    let (_, page) = server.get("/session-2/");
    assert!(page.contains("proceedings.pdf"), "pages link the PDF");
    let (status, first) = server.get("/proceedings.pdf");
    assert_eq!(status, 200);
    assert!(first.starts_with("%PDF-"), "not a PDF");
    let mut events = server.events();
    let page = server.path("content/session-2.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Back to", "Edited: back to")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    let (status, second) = server.get("/proceedings.pdf");
    assert_eq!(status, 200);
    assert!(
        second.starts_with("%PDF-") && second != first,
        "the PDF was not remade"
    );
}
