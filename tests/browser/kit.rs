//! Browser-test helpers: headless_chrome (CDP) driving Debian's /usr/bin/chromium, a static
//! server for the built site, axe-core, screenshots and the Nu Html Checker. Synchronous: plain
//! #[test] functions, no async runtime.
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Network, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};

pub type AnyResult<T> = Result<T, Box<dyn std::error::Error>>;

// ---- static file server on 127.0.0.1:<free port> (std only; thread per connection) --------
pub fn serve(root: PathBuf) -> AnyResult<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?; // port 0: the OS picks a free port
    let port = listener.local_addr()?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || handle(stream, &root));
        }
    });
    Ok(port)
}

fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear(); // skip headers up to the empty line
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file.push("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(body) if !path.contains("..") => ("200 OK", body),
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    let ctype = match file.extension().and_then(OsStr::to_str) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)
}

// ---- browser ---------------------------------------------------------------------------
/// Chromium with the flags this machine needs, in a fresh profile that is removed on drop.
/// (headless_chrome's own temp profile is sometimes left behind: Chromium's helper
/// processes still write to it just after the kill, so the removal here retries.)
pub struct Chromium {
    browser: Option<Browser>,
    profile: PathBuf,
}

impl std::ops::Deref for Chromium {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        self.browser
            .as_ref()
            .expect("browser is only taken on drop")
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        drop(self.browser.take()); // Browser.close, then kill + wait on the process
        for _ in 0..100 {
            if std::fs::remove_dir_all(&self.profile).is_ok() || !self.profile.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

pub fn launch() -> AnyResult<Chromium> {
    let profile = tempfile::Builder::new()
        .prefix("quire-chromium-")
        .tempdir()?
        .keep();
    let args: Vec<&OsStr> = [
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars", // screenshots without scrollbars
    ]
    .into_iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(PathBuf::from("/usr/bin/chromium")))
        .headless(true) // --headless
        .sandbox(false) // --no-sandbox: we run as root
        .enable_gpu(false) // --disable-gpu
        .window_size(Some((1280, 800)))
        .idle_browser_timeout(Duration::from_secs(300)) // default 30 s: a quiet spell kills the link
        .user_data_dir(Some(profile.clone()))
        .args(args)
        .build()?; // port None: headless_chrome picks a free debugging port
    let browser = Browser::new(options)?;
    Ok(Chromium {
        browser: Some(browser),
        profile,
    })
}

/// Console errors, uncaught exceptions, HTTP >= 400 and failed requests seen by a tab.
pub type Problems = Arc<Mutex<Vec<String>>>;

pub fn watch(tab: &Arc<Tab>) -> AnyResult<Problems> {
    tab.enable_runtime()?; // Runtime.consoleAPICalled, Runtime.exceptionThrown
    tab.enable_log()?; // Log.entryAdded: CSP, mixed content, interventions...
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })?;
    let problems: Problems = Arc::default();
    let sink = Arc::clone(&problems);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let problem = match event {
            Event::RuntimeConsoleAPICalled(e)
                if matches!(
                    e.params.Type,
                    Runtime::ConsoleAPICalledEventTypeOption::Error
                        | Runtime::ConsoleAPICalledEventTypeOption::Assert
                ) =>
            {
                let args: Vec<String> = e
                    .params
                    .args
                    .iter()
                    .map(|a| match &a.value {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(v) => v.to_string(),
                        None => a.description.clone().unwrap_or_default(),
                    })
                    .collect();
                format!("console.error: {}", args.join(" "))
            }
            Event::RuntimeExceptionThrown(e) => {
                let d = &e.params.exception_details; // d.text is only "Uncaught"
                let what = d.exception.as_ref().and_then(|o| o.description.clone());
                format!("exception: {} {}", d.text, what.unwrap_or_default())
            }
            // network errors come structured below; keep the Log domain for the rest
            Event::LogEntryAdded(e)
                if e.params.entry.level == Log::LogEntryLevel::Error
                    && e.params.entry.source != Log::LogEntrySource::Network =>
            {
                format!("log: {}", e.params.entry.text)
            }
            Event::NetworkResponseReceived(e) if e.params.response.status >= 400 => {
                format!(
                    "HTTP {}: {}",
                    e.params.response.status, e.params.response.url
                )
            }
            Event::NetworkLoadingFailed(e) => {
                format!(
                    "request failed: {} ({:?})",
                    e.params.error_text, e.params.Type
                )
            }
            _ => return,
        };
        sink.lock().unwrap().push(problem);
    }))?;
    Ok(problems)
}

/// Evaluate `js` (an expression; may use `await`) and return its value as JSON.
/// `Tab::evaluate` asks for returnByValue=false, so stringify in the page.
pub fn eval_json(tab: &Tab, js: &str) -> AnyResult<serde_json::Value> {
    let wrapped = format!("(async () => JSON.stringify(await ({js})))()");
    let result = tab.evaluate(&wrapped, true)?; // true: await the promise
    match result.value {
        Some(serde_json::Value::String(json)) => Ok(serde_json::from_str(&json)?),
        // `undefined` stringifies to undefined: no value
        None if result.description.is_none() => Ok(serde_json::Value::Null),
        _ => Err(format!("{js}: {:?}", result.description).into()),
    }
}

/// Do something that loads a new document (navigate, reload, click a link), then wait for
/// that document's `load` event. Marks the old document so it can't be mistaken for the new.
pub fn load_with(tab: &Tab, action: impl FnOnce() -> AnyResult<()>) -> AnyResult<()> {
    tab.evaluate("window.__oldDocument = true", false)?;
    action()?;
    let start = Instant::now();
    loop {
        // errors while the old context is torn down are expected: retry
        let ready = eval_json(
            tab,
            "!window.__oldDocument && document.readyState === 'complete'",
        );
        if matches!(ready, Ok(serde_json::Value::Bool(true))) {
            break;
        }
        if start.elapsed() > Duration::from_secs(20) {
            return Err(format!("no new document loaded within 20 s: {ready:?}").into());
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    std::thread::sleep(Duration::from_millis(150)); // late console/network events arrive
    Ok(())
}

pub fn goto(tab: &Tab, url: &str) -> AnyResult<()> {
    load_with(tab, || {
        tab.navigate_to(url)?;
        Ok(())
    })
}

/// axe-core violations (injected from the vendored axe.min.js; nothing fetched).
pub fn axe_violations(tab: &Tab, axe_source: &str) -> AnyResult<Vec<serde_json::Value>> {
    tab.evaluate(axe_source, false)?; // defines window.axe in this document
    let v = eval_json(
        tab,
        "axe.run(document, {resultTypes: ['violations'], preload: false}).then(r => r.violations.map(v => \
         ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))",
    )?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

/// Emulate a phone-width viewport (stays on across navigations until cleared).
pub fn set_viewport(tab: &Tab, width: u32, height: u32, mobile: bool) -> AnyResult<()> {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile, // true: honours <meta name="viewport">, like a phone
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })?;
    Ok(())
}

/// Emulates a CSS media type (`Some("print")`), or stops emulating (`None`).
pub fn emulate_media(tab: &Tab, media: Option<&str>) -> AnyResult<()> {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: Some(media.unwrap_or("").to_string()),
        features: None,
    })?;
    Ok(())
}

pub fn clear_viewport(tab: &Tab) -> AnyResult<()> {
    tab.call_method(Emulation::ClearDeviceMetricsOverride(None))?;
    Ok(())
}

/// `true` when the page scrolls sideways.
pub fn scrolls_horizontally(tab: &Tab) -> AnyResult<bool> {
    let w = eval_json(
        tab,
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]",
    )?;
    Ok(w[0].as_f64() > w[1].as_f64())
}

/// Where `main` starts on the page at `url` before quire.js runs (the script blocked) and after:
/// equal when the script moves nothing, which is what keeps Lighthouse's layout shift at 0.
/// (Measuring layout-shift entries directly finds none here: on loopback the deferred script runs
/// before the first paint, while on a phone's network it runs after.)
pub fn main_top_without_and_with_script(tab: &Tab, url: &str) -> AnyResult<(f64, f64)> {
    let top = "document.querySelector('main').getBoundingClientRect().top + window.scrollY";
    tab.call_method(Network::SetBlockedURLs {
        urls: vec!["*quire.js".into()],
    })?;
    goto(tab, url)?;
    let without = eval_json(tab, top)?.as_f64().unwrap_or(f64::NAN);
    tab.call_method(Network::SetBlockedURLs { urls: vec![] })?;
    goto(tab, url)?;
    let with = eval_json(tab, top)?.as_f64().unwrap_or(f64::NAN);
    Ok((without, with))
}

/// PNG screenshot of the viewport, or of the whole page.
pub fn screenshot(tab: &Tab, path: &Path, full_page: bool) -> AnyResult<()> {
    let clip = if full_page {
        let size = eval_json(
            tab,
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]",
        )?;
        Some(Page::Viewport {
            x: 0.0,
            y: 0.0,
            width: size[0].as_f64().unwrap_or(1280.0),
            height: size[1].as_f64().unwrap_or(800.0),
            scale: 1.0,
        })
    } else {
        None
    };
    let shot = tab.call_method(Page::CaptureScreenshot {
        format: Some(Page::CaptureScreenshotFormatOption::Png),
        quality: None,
        clip,
        from_surface: Some(true),
        capture_beyond_viewport: Some(full_page),
        optimize_for_speed: None,
    })?;
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD.decode(shot.data)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, png)?;
    Ok(())
}

/// Nu Html Checker over the given files: one JVM for all of them (~2.5 s).
/// Returns "file:line:col: message" for every error.
pub fn vnu_errors(vnu_jar: &Path, files: &[PathBuf]) -> AnyResult<Vec<String>> {
    for f in files {
        // vnu skips a missing file silently (exit 0, no message): check here
        if !f.is_file() {
            return Err(format!("no such file: {}", f.display()).into());
        }
    }
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(vnu_jar)
        .args(["--errors-only", "--format", "json", "--stdout"]) // JSON goes to stderr without --stdout
        .args(files)
        .output()?;
    // exit 0: no errors, 1: errors (or a non-document error); JSON either way
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "vnu exit {:?}: {e}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    Ok(messages
        .iter()
        .map(|m| {
            format!(
                "{}:{}:{}: {} {}",
                m["url"].as_str().unwrap_or("?").trim_start_matches("file:"),
                m["lastLine"],
                m["firstColumn"],
                m["type"].as_str().unwrap_or("?"), // "error" | "non-document-error"
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect())
}
