//! Helpers shared by the integration tests (each test crate uses the ones it needs).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// Copies the folder `from` into `to`, leaving out build output and version control.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some("target" | "public" | ".git")))
    {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies the repository's own site (config, content, seeds, themes) into `to`.
pub fn copy_repo_site(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["site.yaml", "content", "seeds", "themes"] {
        let from = repo.join(name);
        if from.is_dir() {
            copy_dir(&from, &to.join(name));
        } else {
            std::fs::copy(&from, to.join(name)).unwrap();
        }
    }
}

/// Every file under `dir` by its `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `quire --quiet serve` run from inside `site` on a port chosen here (quiet prints no address),
/// stopped on drop so that a failing assertion leaves no server (nor its served copy) behind.
pub struct QuietServe {
    pub child: std::process::Child,
    pub addr: String,
}

impl QuietServe {
    /// Starts the server on `port` (0: a free one) and waits until it answers, which it does
    /// only once it watches for changes (it accepts connections from the start, before building).
    pub fn start(site: &Path, port: u16) -> QuietServe {
        let port = if port == 0 { free_port() } else { port };
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
            .current_dir(site)
            .args(["--quiet", "serve", "--port", &port.to_string()])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let server = QuietServe {
            child,
            addr: format!("127.0.0.1:{port}"),
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !answers(&server.addr) {
            assert!(std::time::Instant::now() < deadline, "serve never answered");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        server
    }

    pub fn port(&self) -> u16 {
        self.addr.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// Ctrl-C, then what it printed: (exit status, stdout, stderr).
    pub fn interrupt(mut self) -> (std::process::ExitStatus, String, String) {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = self.child.wait().unwrap();
        let (mut out, mut err) = (String::new(), String::new());
        if let Some(mut pipe) = self.child.stdout.take() {
            std::io::Read::read_to_string(&mut pipe, &mut out).unwrap();
        }
        if let Some(mut pipe) = self.child.stderr.take() {
            std::io::Read::read_to_string(&mut pipe, &mut err).unwrap();
        }
        (status, out, err)
    }
}

impl Drop for QuietServe {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Stops a server as `kill` does (SIGTERM), so that it removes its served copy from the
/// temporary folder; killed outright if it has not stopped within ten seconds.
pub fn stop(child: &mut std::process::Child) {
    if child.try_wait().ok().flatten().is_some() {
        return;
    }
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < deadline {
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// True when an HTTP request to `addr` gets a response.
fn answers(addr: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(20)));
    let mut head = [0u8; 8];
    write!(
        stream,
        "HEAD / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .is_ok()
        && stream.read_exact(&mut head).is_ok()
        && head.starts_with(b"HTTP/")
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The files of an EPUB (a ZIP), in the order they are stored, with their bytes.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().unwrap().to_string();
            let mut out = Vec::new();
            file.read_to_end(&mut out).unwrap();
            (name, out)
        })
        .collect()
}

/// Runs Debian's epubcheck (installed by tests/validators/install.sh) on `epub`: `None` when it
/// is not installed, else whether it found nothing, with its report.
pub fn epubcheck(epub: &[u8]) -> Option<(bool, String)> {
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    if !jar.is_file() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.epub");
    std::fs::write(&path, epub).unwrap();
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg("--failonwarnings")
        .arg(&path)
        .output()
        .ok()?;
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((out.status.success(), report))
}

/// An XML file of an EPUB parsed (its XHTML has `<!DOCTYPE html>`, which roxmltree refuses
/// unless told).
pub fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options)
}

/// Letters and digits only, lower-cased: texts compare by their words, whatever the hyphenation,
/// quotes, line ends, letter spacing (`I n t ro`) or numbering (`1. Introduction`).
pub fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
