//! The built site's files as the server answers them: tower-http's `ServeDir` decides every
//! answer (content types, `index.html` for folders, redirects, ranges, conditional requests, the
//! site's 404 page), and each whole `200 OK` it gives to a plain `GET` is kept in memory until
//! the next rebuild. Through tokio, a file costs several trips to its blocking thread pool per
//! request (open, metadata, each read): under keep-alive load those hand-offs were most of the
//! server's time, and a preview page's assets are asked for again on every reload.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_status::SetStatus;

/// A file larger than this is streamed from disk each time, not kept.
const MAX_FILE: usize = 8 << 20;
/// What all kept answers may add up to; past it, new answers are served without being kept.
const MAX_TOTAL: usize = 256 << 20;

pub struct Files {
    dir: ServeDir<SetStatus<ServeFile>>,
    kept: RwLock<Kept>,
}

#[derive(Default)]
struct Kept {
    /// Counts `forget` calls, so an answer read from disk before a rebuild finished is not
    /// kept after it.
    generation: u64,
    bytes: usize,
    /// By request path (the query does not change what `ServeDir` answers).
    answers: HashMap<String, Arc<Answer>>,
}

struct Answer {
    headers: HeaderMap,
    body: Bytes,
}

impl Files {
    pub fn new(out: &Path) -> Files {
        Files {
            dir: ServeDir::new(out)
                .append_index_html_on_directories(true)
                .not_found_service(ServeFile::new(out.join("404.html"))),
            kept: RwLock::default(),
        }
    }

    /// Drops every kept answer: the build has written new files.
    pub fn forget(&self) {
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        kept.generation += 1;
        kept.bytes = 0;
        kept.answers.clear();
    }

    pub async fn answer(&self, request: Request) -> Response {
        if !keepable(&request) {
            return self.read_disk(request).await;
        }
        let generation = {
            let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
            if let Some(answer) = kept.answers.get(request.uri().path()) {
                let mut response = Response::new(Body::from(answer.body.clone()));
                *response.headers_mut() = answer.headers.clone();
                return response;
            }
            kept.generation
        };
        let key = request.uri().path().to_string();
        let response = self.read_disk(request).await;
        let length = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|l| l.to_str().ok()?.parse::<usize>().ok());
        if response.status() != StatusCode::OK || length.is_none_or(|l| l > MAX_FILE) {
            return response;
        }
        let (parts, body) = response.into_parts();
        let body = match axum::body::to_bytes(body, MAX_FILE).await {
            Ok(body) => body,
            Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response(),
        };
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        if kept.generation == generation && kept.bytes + body.len() <= MAX_TOTAL {
            kept.bytes += body.len();
            let answer = Answer {
                headers: parts.headers.clone(),
                body: body.clone(),
            };
            kept.answers.insert(key, Arc::new(answer));
        }
        Response::from_parts(parts, Body::from(body))
    }

    async fn read_disk(&self, request: Request) -> Response {
        match self.dir.clone().try_call(request).await {
            Ok(response) => response.map(Body::new),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response(),
        }
    }
}

/// A plain `GET`: whatever `ServeDir` answers it with depends on the path alone. Ranges and
/// conditional requests are answered from disk, by `ServeDir` itself.
fn keepable(request: &Request) -> bool {
    request.method() == Method::GET
        && ![
            header::RANGE,
            header::IF_RANGE,
            header::IF_MODIFIED_SINCE,
            header::IF_UNMODIFIED_SINCE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
        ]
        .iter()
        .any(|h| request.headers().contains_key(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(path: &str) -> Request {
        Request::get(path).body(Body::empty()).expect("a request")
    }

    async fn body(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        String::from_utf8(bytes.to_vec()).expect("UTF-8")
    }

    #[tokio::test]
    async fn a_file_is_read_once_until_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "first").unwrap();
        std::fs::write(dir.path().join("404.html"), "missing").unwrap();
        let files = Files::new(dir.path());
        let first = files.answer(get("/a/")).await;
        assert_eq!(first.status(), StatusCode::OK);
        assert_eq!(
            first.headers()[header::CONTENT_TYPE],
            "text/html",
            "ServeDir's headers"
        );
        assert_eq!(body(first).await, "first");

        // Changed on disk behind the server's back: the kept answer is served, headers and all.
        std::fs::write(dir.path().join("a/index.html"), "second").unwrap();
        let kept = files.answer(get("/a/")).await;
        assert_eq!(kept.headers()[header::CONTENT_TYPE], "text/html");
        assert_eq!(body(kept).await, "first");

        files.forget();
        assert_eq!(body(files.answer(get("/a/")).await).await, "second");
    }

    #[tokio::test]
    async fn only_whole_answers_to_plain_gets_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "0123456789").unwrap();
        std::fs::write(dir.path().join("404.html"), "missing").unwrap();
        let files = Files::new(dir.path());
        let range = Request::get("/a.txt")
            .header(header::RANGE, "bytes=2-4")
            .body(Body::empty())
            .unwrap();
        let partial = files.answer(range).await;
        assert_eq!(partial.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(body(partial).await, "234");
        let missing = files.answer(get("/b.txt")).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(body(missing).await, "missing");
        std::fs::write(dir.path().join("b.txt"), "now here").unwrap();
        assert_eq!(body(files.answer(get("/b.txt")).await).await, "now here");
        let kept = files.kept.read().unwrap();
        assert_eq!(
            kept.answers.keys().collect::<Vec<_>>(),
            ["/b.txt"],
            "neither the range nor the 404 was kept"
        );
    }
}
