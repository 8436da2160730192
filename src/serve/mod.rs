//! `quire serve`: builds the site into a private folder, serves it on 127.0.0.1, watches the
//! sources and rebuilds what changed, then tells the browsers over Server-Sent Events. State: the
//! `Site` (owned by the rebuild thread), the last error (shared with new browser connections),
//! and a broadcast channel of reload events.

mod files;
mod hosts;
mod pdf;
mod rebuild;

use crate::error::{Error, Result};
use crate::site::BuildOptions;
use crate::watch;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;
use files::Files;
use hosts::AllowedHosts;
use rebuild::Rebuilder;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

pub struct ServeOptions {
    pub build: BuildOptions,
    /// e.g. `127.0.0.1`
    pub bind: IpAddr,
    /// Names answered besides loopback names and `bind` (see `hosts`).
    pub allowed_hosts: Vec<String>,
    /// `0` picks a free port.
    pub port: u16,
    pub open: bool,
    /// Poll the file system at this interval instead of using native events.
    pub poll: Option<Duration>,
    /// How long a burst of events is gathered into one rebuild.
    pub debounce: Duration,
    /// Print errors only: no "Built", "Rebuilt", "Serving" or "Stopped" lines.
    pub quiet: bool,
    /// Besides Ctrl-C (or SIGTERM, SIGHUP), a message (or the sender's drop) here stops the server, for programs
    /// that run it and must stop it.
    pub shutdown: Option<std::sync::mpsc::Receiver<()>>,
}

/// What the browser is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The build failed: show this message over the page.
    Error(String),
}

/// The live-reload client the theme's pages load in serve mode (`live_reload`), served at
/// `/__quire/live.js`: a file of the default theme, `themes/proceedings/serve/live-reload.js`.
fn live_reload_script() -> &'static [u8] {
    crate::theme::file("serve/live-reload.js").unwrap_or_default()
}

struct Shared {
    /// `None` ends every event stream: the server is stopping, and a graceful shutdown waits
    /// for open connections, which a page's event stream would otherwise hold for ever.
    notices: broadcast::Sender<Option<Notice>>,
    /// Set before the `None` is sent, for a stream that subscribes after it.
    closing: std::sync::atomic::AtomicBool,
    last_error: Mutex<Option<String>>,
    /// Whether the served folder holds a site: until then every page is the error page, with
    /// status 503 (a link checker or script must not take it for the site).
    built: AtomicBool,
    quiet: bool,
    /// The served files' kept answers, forgotten whenever a rebuild has written (none for
    /// `build --watch`).
    files: Option<Arc<Files>>,
    /// The PDF, made when asked for (`serve` only).
    pdf: Option<Arc<pdf::OnDemand>>,
}

impl Shared {
    /// Called once a rebuild's files are written, before the browsers are told to reload.
    fn tell(&self, notice: Notice) {
        if let Some(files) = &self.files {
            files.forget();
        }
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = match &notice {
            Notice::Error(m) => Some(m.clone()),
            _ => None,
        };
        let _ = self.notices.send(Some(notice));
    }

    fn close_streams(&self) {
        self.closing.store(true, SeqCst);
        let _ = self.notices.send(None);
    }
}

/// `quire build --watch`: builds into the output folder, then rebuilds on every change, with no
/// server and no live-reload script.
pub fn watch_build(
    opts: BuildOptions,
    debounce: Duration,
    poll: Option<Duration>,
    quiet: bool,
) -> Result<()> {
    let started = Instant::now();
    crate::site::outdir::check(&opts.root, &opts.output, opts.force)?;
    let (root, output) = (opts.root.clone(), opts.output.clone());
    let (rebuilder, built) = Rebuilder::start(opts);
    let pages = built?;
    let (_watcher, events) = watch::watch(&root, debounce, poll)?;
    // Said only once watching has begun, so an edit made after this line is never missed.
    if !quiet {
        println!(
            "Built {pages} pages in {} ms → {}/; watching for changes (Ctrl-C to stop)",
            started.elapsed().as_millis(),
            output.display()
        );
    }
    let (notices, _) = broadcast::channel(16);
    let shared = Shared {
        notices,
        last_error: Mutex::new(None),
        closing: Default::default(),
        built: true.into(),
        quiet,
        files: None,
        pdf: None,
    };
    rebuilder.run(events, &shared);
    Ok(())
}

/// Runs the server until Ctrl-C, SIGTERM, SIGHUP or `opts.shutdown`. `ready` receives the bound address once
/// requests are accepted.
pub fn serve(opts: ServeOptions, ready: Option<std::sync::mpsc::Sender<SocketAddr>>) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Message(format!("cannot start the server runtime: {e}")))?;
    runtime.block_on(run(opts, ready))
}

async fn run(opts: ServeOptions, ready: Option<std::sync::mpsc::Sender<SocketAddr>>) -> Result<()> {
    // Taken over before anything is created that a signal's default action would leave behind.
    let mut signals = Signals::new()?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Error::Message(format!(
                "{addr} is already in use: stop the other server, or pass --port N (--port 0 picks a free port)"
            ))
        } else {
            Error::Message(format!("cannot listen on {addr}: {e}"))
        }
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::Message(format!("cannot read the bound address: {e}")))?;
    // Without it a kept-alive connection waits for the client's delayed ACK (about 40 ms on
    // Linux) before each response's last segment is sent (Nagle's algorithm).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes your unpublished site visible to other machines",
            opts.bind
        );
    }
    let serve_dir = tempfile::Builder::new()
        .prefix("quire-serve-")
        .tempdir()
        .map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let out = serve_dir.path().join("site");
    let mut build = opts.build.clone();
    build.live_reload = true;
    build.output = out.clone();
    build.base_url = Some(format!("http://{local}/"));
    build.pdf_on_demand = true;

    let (notices, _) = broadcast::channel(16);
    let files = Arc::new(Files::new(&out));
    let shared = Arc::new(Shared {
        notices,
        last_error: Mutex::new(None),
        closing: Default::default(),
        built: false.into(),
        quiet: opts.quiet,
        files: Some(Arc::clone(&files)),
        pdf: Some(pdf::OnDemand::new(build.clone())),
    });

    let started = Instant::now();
    // The fingerprints the first edit is compared with are taken before watching starts.
    let (rebuilder, built) = Rebuilder::start(build.clone());
    match built {
        Ok(pages) => {
            shared.built.store(true, SeqCst);
            if !opts.quiet {
                println!(
                    "Built {pages} pages in {} ms",
                    started.elapsed().as_millis()
                );
            }
        }
        Err(e) => {
            let message = match waiting_for_config(&build.root) {
                Some(waiting) => {
                    eprintln!("{waiting}");
                    waiting
                }
                None => {
                    report(&e);
                    e.to_string()
                }
            };
            shared.tell(Notice::Error(message));
        }
    }
    let (watcher, events) = watch::watch(&build.root, opts.debounce, opts.poll)?;
    let rebuild_shared = Arc::clone(&shared);
    let rebuilds = std::thread::spawn(move || rebuilder.run(events, &rebuild_shared));

    let hosts = AllowedHosts::new(opts.bind, &opts.allowed_hosts);
    let app = router(files, Arc::clone(&shared), hosts);
    if !opts.quiet {
        println!(
            "Serving {} on http://{local}/ (Ctrl-C to stop)",
            std::path::absolute(&build.root)
                .unwrap_or_else(|_| build.root.clone())
                .display()
        );
    }
    if let Some(tx) = ready {
        let _ = tx.send(local);
    }
    if opts.open {
        if let Err(e) = opener::open(format!("http://{local}/")) {
            eprintln!("warning: could not open a browser: {e}");
        }
    }
    let asked = opts.shutdown;
    let closing = Arc::clone(&shared);
    let served = serve_dir.path().to_path_buf();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let asked = async move {
                match asked {
                    Some(rx) => {
                        let _ = tokio::task::spawn_blocking(move || rx.recv()).await;
                    }
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = signals.recv() => {}
                _ = asked => {}
            }
            closing.close_streams();
            // A second signal does not wait for anything but the removal of the served copy.
            tokio::spawn(async move {
                signals.recv().await;
                let _ = std::fs::remove_dir_all(&served);
                std::process::exit(130);
            });
        })
        .await
        .map_err(|e| Error::Message(format!("the server stopped: {e}")))?;
    // No more events: the rebuild loop ends, after the build in progress, before its output
    // folder is removed.
    drop(watcher);
    let _ = rebuilds.join();
    drop(serve_dir);
    if !opts.quiet {
        println!("Stopped.");
    }
    Ok(())
}

/// The signals that stop the server gracefully: Ctrl-C, and on Unix SIGTERM (`kill`, service
/// managers, test harnesses) and SIGHUP (the terminal closed), whose default action would end
/// the process at once and leave the served copy in the temporary folder.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hangup: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let take = |kind| {
                signal(kind).map_err(|e| Error::Message(format!("cannot handle signals: {e}")))
            };
            Ok(Signals {
                interrupt: take(SignalKind::interrupt())?,
                terminate: take(SignalKind::terminate())?,
                hangup: take(SignalKind::hangup())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// Waits for the next of these signals.
    async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
            _ = self.hangup.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// The site's files, the event stream, and the site's 404 page for anything missing, for
/// requests that name an allowed host. ServeDir (under `files`) refuses `..` and absolute paths;
/// the folder holds only files the build wrote (content symlinks are never copied), so nothing
/// outside the site can be reached.
fn router(files: Arc<Files>, shared: Arc<Shared>, hosts: AllowedHosts) -> Router {
    let events_shared = Arc::clone(&shared);
    let pdf = shared.pdf.clone();
    Router::new()
        .route(
            &format!("/{}", crate::site::typeset::PDF_PATH),
            get(move || {
                let pdf = pdf.clone();
                async move { serve_pdf(pdf).await }
            }),
        )
        .route(
            "/__quire/live.js",
            get(|| async {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/javascript; charset=utf-8",
                    )],
                    live_reload_script(),
                )
            }),
        )
        .route(
            "/__quire/events",
            get(move || {
                let shared = Arc::clone(&events_shared);
                async move { events(&shared) }
            }),
        )
        .fallback(move |request: axum::extract::Request| {
            let files = Arc::clone(&files);
            async move { files.answer(request).await }
        })
        .layer(axum::middleware::from_fn_with_state(shared, until_built))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(hosts),
            hosts::check,
        ))
}

/// Until a build succeeds, every page is the error page, 503, and reloads itself once a build
/// succeeds.
async fn until_built(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if shared.built.load(SeqCst) || request.uri().path() == "/__quire/events" {
        return next.run(request).await;
    }
    let message = shared
        .last_error
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_default();
    (
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        error_page(&message),
    )
        .into_response()
}

/// What to create when the site folder has no `site.yaml`, or `None` when it has one.
fn waiting_for_config(root: &Path) -> Option<String> {
    let path = root.join("site.yaml");
    if path.exists() {
        return None;
    }
    let place = std::path::absolute(&path).unwrap_or(path);
    Some(format!(
        "No {} yet: create it with a `title:` line (or start a site with `quire init DIR`); waiting for it, the site is built as soon as it appears",
        place.display()
    ))
}

/// The PDF, made now if the site changed since it was last made; a failure is shown as text.
async fn serve_pdf(pdf: Option<Arc<pdf::OnDemand>>) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let Some(pdf) = pdf else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match pdf.get().await {
        Ok(bytes) => (
            [(header::CONTENT_TYPE, "application/pdf")],
            bytes.as_ref().clone(),
        )
            .into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response(),
    }
}

fn events(
    shared: &Shared,
) -> Sse<impl tokio_stream::Stream<Item = std::result::Result<Event, Infallible>>> {
    let current = shared
        .last_error
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    // `retry`: a page whose server went away asks again every half second, not every three.
    let hello = Event::default()
        .retry(Duration::from_millis(500))
        .comment("quire");
    let failed = current.map(|m| Event::default().event("failed").data(m));
    let first = tokio_stream::iter(std::iter::once(hello).chain(failed).map(Ok));
    let subscribed = shared.notices.subscribe();
    let closed = shared.closing.load(std::sync::atomic::Ordering::SeqCst);
    let rest = BroadcastStream::new(subscribed)
        .take_while(move |n| !closed && !matches!(n, Ok(None)))
        .filter_map(|n| {
            let event = match n.ok().flatten()? {
                Notice::Reload => Event::default().event("reload").data("reload"),
                Notice::Css => Event::default().event("css").data("css"),
                Notice::Error(m) => Event::default().event("failed").data(m),
            };
            Some(Ok(event))
        });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

fn error_page(message: &str) -> String {
    let title = if message.starts_with("No ") && message.contains("waiting for it") {
        "Waiting for site.yaml"
    } else {
        "The site did not build"
    };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><pre>{}</pre>{}</body></html>",
        crate::escape::html_text(message),
        r#"<script src="/__quire/live.js" data-quire-live="/"></script>"#
    )
}

fn report(e: &Error) {
    for line in e.to_string().lines() {
        eprintln!("error: {line}");
    }
}
