//! `quire serve`: builds the site into a private folder, serves it on 127.0.0.1, watches the
//! sources and rebuilds what changed, then tells the browsers over Server-Sent Events. State: the
//! `Site` (owned by the rebuild thread), the last error (shared with new browser connections),
//! and a broadcast channel of reload events.

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
use hosts::AllowedHosts;
use rebuild::{full_build, rebuild_loop};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;
use tower_http::services::{ServeDir, ServeFile};

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

/// The live-reload client, inserted before `</body>` in serve mode only. `root` is the page's
/// relative path to the site root, so the event stream is found under any base path and over
/// the page's own protocol. A lost connection is retried by EventSource itself; when it comes
/// back (serve was restarted, perhaps after edits), the page reloads.
pub fn reload_script(root: &str) -> String {
    format!(
        r#"<script data-quire-live="{root}">(function(){{
var root=document.currentScript.dataset.quireLive,box=null;
function overlay(msg){{if(!box){{box=document.createElement("pre");box.id="quire-error";box.setAttribute("role","alert");box.style.cssText="position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;background:#5c0f0f;color:#fff;font:13px/1.4 monospace;z-index:99999;white-space:pre-wrap";document.body.appendChild(box);}}box.textContent=msg;}}
var es=new EventSource(root+"__quire/events"),lost=false;
es.addEventListener("error",function(){{lost=true;}});
es.addEventListener("open",function(){{if(lost)location.reload();}});
es.addEventListener("reload",function(){{location.reload();}});
es.addEventListener("css",function(){{document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){{var u=new URL(l.href);u.searchParams.set("v",Date.now());l.href=u.href;}});if(box){{box.remove();box=null;}}}});
es.addEventListener("failed",function(e){{overlay(e.data);}});
}})();</script>
"#
    )
}

struct Shared {
    /// `None` ends every event stream: the server is stopping, and a graceful shutdown waits
    /// for open connections, which a page's event stream would otherwise hold for ever.
    notices: broadcast::Sender<Option<Notice>>,
    /// Set before the `None` is sent, for a stream that subscribes after it.
    closing: std::sync::atomic::AtomicBool,
    last_error: Mutex<Option<String>>,
    quiet: bool,
    /// The PDF, made when asked for (`serve` only).
    pdf: Option<Arc<pdf::OnDemand>>,
}

impl Shared {
    fn tell(&self, notice: Notice) {
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = match &notice {
            Notice::Error(m) => Some(m.clone()),
            _ => None,
        };
        let _ = self.notices.send(Some(notice));
    }

    fn close_streams(&self) {
        self.closing
            .store(true, std::sync::atomic::Ordering::SeqCst);
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
    let site = full_build(&opts)?;
    let fingerprints = watch::Fingerprints::of_site(&opts.root);
    let (_watcher, events) = watch::watch(&opts.root, debounce, poll)?;
    // Said only once watching has begun, so an edit made after this line is never missed.
    if !quiet {
        println!(
            "Built {} pages in {} ms → {}/; watching for changes (Ctrl-C to stop)",
            site.pages.len(),
            started.elapsed().as_millis(),
            opts.output.display()
        );
    }
    let (notices, _) = broadcast::channel(16);
    let shared = Shared {
        notices,
        last_error: Mutex::new(None),
        closing: Default::default(),
        quiet,
        pdf: None,
    };
    rebuild_loop(opts, fingerprints, Some(site), events, &shared);
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
    let shared = Arc::new(Shared {
        notices,
        last_error: Mutex::new(None),
        closing: Default::default(),
        quiet: opts.quiet,
        pdf: Some(pdf::OnDemand::new(build.clone())),
    });

    let started = Instant::now();
    let site = match full_build(&build) {
        Ok(site) => {
            if !opts.quiet {
                println!(
                    "Built {} pages in {} ms",
                    site.pages.len(),
                    started.elapsed().as_millis()
                );
            }
            Some(site)
        }
        Err(e) => {
            report(&e);
            write_error_page(&out, &e.to_string())?;
            shared.tell(Notice::Error(e.to_string()));
            None
        }
    };

    // The state the first edit is compared with, taken before watching starts.
    let fingerprints = watch::Fingerprints::of_site(&build.root);
    let (watcher, events) = watch::watch(&build.root, opts.debounce, opts.poll)?;
    let rebuild_shared = Arc::clone(&shared);
    let rebuild_opts = build.clone();
    let rebuilds = std::thread::spawn(move || {
        rebuild_loop(rebuild_opts, fingerprints, site, events, &rebuild_shared);
    });

    let hosts = AllowedHosts::new(opts.bind, &opts.allowed_hosts);
    let app = router(&out, Arc::clone(&shared), hosts);
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
/// requests that name an allowed host. ServeDir refuses `..` and absolute paths; the folder
/// holds only files the build wrote (content symlinks are never copied), so nothing outside the
/// site can be reached.
fn router(out: &Path, shared: Arc<Shared>, hosts: AllowedHosts) -> Router {
    let files = ServeDir::new(out)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(out.join("404.html")));
    let pdf = shared.pdf.clone();
    Router::new()
        .route(
            &format!("/{}", crate::typeset::PDF_PATH),
            get(move || {
                let pdf = pdf.clone();
                async move { serve_pdf(pdf).await }
            }),
        )
        .route(
            "/__quire/events",
            get(move || {
                let shared = Arc::clone(&shared);
                async move { events(&shared) }
            }),
        )
        .fallback_service(files)
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(hosts),
            hosts::check,
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

fn write_error_page(out: &Path, message: &str) -> Result<()> {
    let escaped = crate::escape::html_text(message);
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site did not build</h1><pre>{escaped}</pre>{}</body></html>",
        reload_script("/")
    );
    crate::fs::write_atomic(&out.join("index.html"), html.as_bytes())?;
    crate::fs::write_atomic(&out.join("404.html"), html.as_bytes())
}

fn report(e: &Error) {
    for line in e.to_string().lines() {
        eprintln!("error: {line}");
    }
}
