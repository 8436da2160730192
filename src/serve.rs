//! `quire serve`: builds the site into a private folder, serves it on 127.0.0.1, watches the
//! sources and rebuilds what changed, then tells the browsers over Server-Sent Events. State: the
//! `Site` (owned by the rebuild thread), the last error (shared with new browser connections),
//! and a broadcast channel of reload events.

use crate::error::{Error, Result};
use crate::site::output::{self, DirSink, Sink};
use crate::site::{BuildOptions, Site};
use crate::watch::{self, Change};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use std::collections::BTreeSet;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
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
    /// `0` picks a free port.
    pub port: u16,
    pub open: bool,
    /// Poll the file system at this interval instead of using native events.
    pub poll: Option<Duration>,
    /// How long a burst of events is gathered into one rebuild.
    pub debounce: Duration,
    /// Print errors only: no "Built", "Rebuilt", "Serving" or "Stopped" lines.
    pub quiet: bool,
    /// Besides Ctrl-C, a message (or the sender's drop) here stops the server, for programs
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
    };
    rebuild_loop(opts, fingerprints, Some(site), events, &shared);
    Ok(())
}

/// Runs the server until Ctrl-C or `opts.shutdown`. `ready` receives the bound address once
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

    let (notices, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        notices,
        last_error: Mutex::new(None),
        closing: Default::default(),
        quiet: opts.quiet,
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

    let app = router(&out, Arc::clone(&shared));
    if !opts.quiet {
        println!(
            "Serving {} on http://{local}/ (Ctrl-C to stop)",
            build.root.display()
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
                _ = tokio::signal::ctrl_c() => {}
                _ = asked => {}
            }
            closing.close_streams();
            // A second Ctrl-C does not wait for anything but the removal of the served copy.
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    let _ = std::fs::remove_dir_all(&served);
                    std::process::exit(130);
                }
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

/// The site's files, the event stream, and the site's 404 page for anything missing. ServeDir
/// refuses `..` and absolute paths; the folder holds only files the build wrote (content
/// symlinks are never copied), so nothing outside the site can be reached.
fn router(out: &Path, shared: Arc<Shared>) -> Router {
    let files = ServeDir::new(out)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(out.join("404.html")));
    Router::new()
        .route(
            "/__quire/events",
            get(move || {
                let shared = Arc::clone(&shared);
                async move { events(&shared) }
            }),
        )
        .fallback_service(files)
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

fn full_build(opts: &BuildOptions) -> Result<Site> {
    let site = Site::load(opts)?;
    output::swap_in(&opts.output, output::Staging::Kept, |sink| {
        site.render_all(sink)
    })?;
    Ok(site)
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

/// One build at a time: events that arrive during a build are gathered into the next batch.
fn rebuild_loop(
    opts: BuildOptions,
    fingerprints: watch::Fingerprints,
    mut site: Option<Site>,
    events: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    shared: &Shared,
) {
    let mut fingerprints = fingerprints;
    while let Ok(first) = events.recv() {
        let mut batch = Vec::new();
        for result in std::iter::once(first).chain(events.try_iter()) {
            match result {
                Ok(evs) => batch.extend(evs),
                Err(errs) => {
                    for e in errs {
                        eprintln!("warning: watching: {e}");
                    }
                }
            }
        }
        let changes = watch::changes_of(&opts.root, &batch, &mut fingerprints);
        if changes.is_empty() {
            continue;
        }
        let started = Instant::now();
        match apply(&opts, &mut site, &changes) {
            Ok(notice) => {
                if !shared.quiet {
                    println!(
                        "Rebuilt ({}) in {} ms",
                        describe(&changes),
                        started.elapsed().as_millis()
                    );
                }
                shared.tell(notice);
            }
            Err(e) => {
                report(&e);
                shared.tell(Notice::Error(e.to_string()));
            }
        }
    }
}

fn describe(changes: &BTreeSet<Change>) -> String {
    let names: Vec<String> = changes
        .iter()
        .take(3)
        .map(|c| match c {
            Change::Page(p) | Change::ContentFile(p) | Change::Seed(p) => p.display().to_string(),
            Change::Template => "templates".into(),
            Change::Static { .. } => "static files".into(),
            Change::Config => "site.yaml".into(),
        })
        .collect();
    let more = changes.len().saturating_sub(3);
    if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    }
}

/// Rebuilds what `changes` require, from the cheapest step that is enough.
fn apply(
    opts: &BuildOptions,
    site: &mut Option<Site>,
    changes: &BTreeSet<Change>,
) -> Result<Notice> {
    for change in changes {
        if let Change::Seed(path) = change {
            reimport(&opts.root, &opts.root.join(path))?;
        }
    }
    let seeds_only = changes.iter().all(|c| matches!(c, Change::Seed(_)));
    if seeds_only {
        // The import wrote content files: their own events start the rebuild.
        return Ok(Notice::Reload);
    }
    let sink = DirSink::serving(opts.output.clone());
    if let Some(current) = site.as_mut() {
        if changes.iter().all(|c| matches!(c, Change::Static { .. })) {
            current.reload_theme()?;
            current.render_static(&sink)?;
            let css_only = changes
                .iter()
                .all(|c| matches!(c, Change::Static { css: true }));
            return Ok(if css_only {
                Notice::Css
            } else {
                Notice::Reload
            });
        }
        let pages: Vec<&PathBuf> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Page(p) => Some(p),
                _ => None,
            })
            .collect();
        if pages.len() == changes.len() {
            let mut updated = Vec::new();
            for p in &pages {
                match current.update_page(p)? {
                    Some(i) => updated.push(i),
                    None => break,
                }
            }
            if updated.len() == pages.len() {
                let sections = updated
                    .iter()
                    .filter_map(|&i| current.pages[i].parent.as_deref());
                let contents = current.contents_for(sections)?;
                for &i in &updated {
                    let (path, bytes) =
                        current.render_page(i, &current.docs[i], Some(&contents))?;
                    sink.put(&path, bytes)?;
                }
                current.render_derived(&sink)?;
                return Ok(Notice::Reload);
            }
        }
    }
    *site = None;
    *site = Some(full_build(opts)?);
    Ok(Notice::Reload)
}

/// Re-imports a changed seed, never overwriting pages an editor changed.
fn reimport(root: &Path, seed: &Path) -> Result<()> {
    use crate::import::{self, profile::Profile, write};
    if seed.extension().is_none_or(|e| e != "txt") || !seed.is_file() {
        return Ok(());
    }
    let profile_path = root.join("seeds/import.yaml");
    let profile = if profile_path.is_file() {
        Profile::load(&profile_path)?
    } else {
        Profile::default()
    };
    let result = import::import_file(seed, &profile)?;
    let content = root.join("content");
    let plan = write::plan(&content, &result.files)?;
    if !plan.conflicts.is_empty() {
        let list: Vec<Error> = plan
            .conflicts
            .iter()
            .map(|c| {
                Error::file(
                    content.join(&c.path),
                    format!("{}; not overwritten by the re-import", c.reason),
                )
            })
            .collect();
        return Err(Error::many(list).expect("conflicts are not empty"));
    }
    write::apply(&content, &result.files, &plan, false)
}
