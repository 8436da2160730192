//! The typeset PDF under `serve`: never made in the edit loop (it takes far longer than a
//! page), but on the first request of its URL, and again in the background after each change
//! once it has been asked for, so the next request finds it ready.

use crate::site::{BuildOptions, Site};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

#[derive(Default)]
struct State {
    /// The last PDF made, or the error that stopped it.
    made: Option<Result<Arc<Vec<u8>>, String>>,
    /// Bumped by every change to the site; `made` is fresh when it was made for this one.
    generation: u64,
    made_for: u64,
    building: bool,
    /// Asked for at least once: only then is it remade after changes.
    wanted: bool,
}

pub struct OnDemand {
    opts: BuildOptions,
    state: Mutex<State>,
    done: Notify,
}

impl OnDemand {
    pub fn new(opts: BuildOptions) -> Arc<OnDemand> {
        Arc::new(OnDemand {
            opts,
            state: Mutex::default(),
            done: Notify::new(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The site changed: the PDF is stale, and is remade now if anyone has asked for it.
    pub fn changed(self: &Arc<Self>) {
        let start = {
            let mut s = self.lock();
            s.generation += 1;
            let start = s.wanted && !s.building;
            s.building |= start;
            start
        };
        if start {
            self.spawn();
        }
    }

    /// The PDF of the site as it is now: made (or waited for) if it is not yet.
    pub async fn get(self: &Arc<Self>) -> Result<Arc<Vec<u8>>, String> {
        loop {
            let done = self.done.notified();
            tokio::pin!(done);
            // Registered before the state is read, so a build ending in between is not missed.
            done.as_mut().enable();
            let start = {
                let mut s = self.lock();
                s.wanted = true;
                if s.made_for == s.generation {
                    if let Some(made) = &s.made {
                        return made.clone();
                    }
                }
                let start = !s.building;
                s.building = true;
                start
            };
            if start {
                self.spawn();
            }
            done.await;
        }
    }

    /// Builds on a thread of its own, again while changes keep coming in meanwhile.
    fn spawn(self: &Arc<Self>) {
        let me = Arc::clone(self);
        std::thread::spawn(move || loop {
            let generation = me.lock().generation;
            let made = Site::load(&me.opts)
                .and_then(|site| {
                    let ids = crate::site::typeset::heading_ids(&site);
                    crate::site::typeset::render(&site, &ids)
                })
                .map(Arc::new)
                .map_err(|e| e.to_string());
            let again = {
                let mut s = me.lock();
                s.made = Some(made);
                s.made_for = generation;
                let again = s.generation != generation;
                s.building = again;
                again
            };
            me.done.notify_waiters();
            if !again {
                return;
            }
        });
    }
}
