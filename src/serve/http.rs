//! The router: files of the published build, and the live-reload events.
//!
//! Only GET and HEAD are answered. A request path is percent-decoded and then
//! split into segments; any `..` (plain or encoded) is refused with 400, so
//! nothing outside the built site can be named — and the files are looked up
//! in memory, never on disk. `/` and folder paths serve `index.html`. While
//! bound to a loopback address, requests whose `Host` is not a loopback name
//! are refused, so a web page cannot read the preview through DNS rebinding.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{ALLOW, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, HOST, LOCATION, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::page::{self, EVENTS_PATH};
use axum::body::Bytes;

use super::state::{Problem, SiteState, Snapshot};

/// What the handlers share.
#[derive(Clone)]
pub(crate) struct Served {
    pub site: Arc<SiteState>,
    /// Accept only loopback `Host` names (the server listens on loopback).
    pub local_only: bool,
}

/// The preview's routes.
pub(crate) fn router(served: Served) -> Router {
    Router::new().route(EVENTS_PATH, get(events)).fallback(file).with_state(served)
}

/// A file of the site, decorated when it is an HTML page.
async fn file(State(served): State<Served>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut resp = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD are served\n");
        resp.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return resp;
    }
    if let Some(refused) = refuse_host(&served, &headers) {
        return refused;
    }
    let snap = served.site.snapshot();
    let raw = uri.path().to_string();
    let resp = match &snap.build {
        None => {
            let body = page::standalone(
                "warroom: the site has not built yet",
                "Fix the errors below; this page reloads by itself.",
                snap.generation,
                &snap.problems,
            );
            with_body(StatusCode::SERVICE_UNAVAILABLE, "text/html; charset=utf-8", body.into())
        }
        Some(build) => {
            // A page may have to be rendered first, a whole site's worth of
            // work at worst: keep it off the async threads.
            let build = Arc::clone(build);
            let path = raw.clone();
            let found = tokio::task::spawn_blocking(move || lookup(&|key| build.file(key), &path)).await;
            match found {
                Ok(Ok(found)) => respond(found, &raw, &snap),
                Ok(Err(err)) => render_failed(&err, &snap),
                Err(_) => render_failed(&anyhow::anyhow!("warroom crashed while rendering `{raw}` (a bug)"), &snap),
            }
        }
    };
    if method == Method::HEAD {
        without_body(resp)
    } else {
        resp
    }
}

/// The response for what a request path led to.
fn respond(found: Lookup, raw: &str, snap: &Snapshot) -> Response {
    match found {
        Lookup::Refused => plain(StatusCode::BAD_REQUEST, "this path leaves the site\n"),
        Lookup::Redirect(to) => match HeaderValue::from_str(&to) {
            Ok(location) => {
                let mut resp = plain(StatusCode::PERMANENT_REDIRECT, "");
                resp.headers_mut().insert(LOCATION, location);
                resp
            }
            Err(_) => plain(StatusCode::NOT_FOUND, "not found\n"),
        },
        Lookup::NotFound => {
            let body = page::standalone("Not found", raw, snap.generation, &snap.problems);
            with_body(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body.into())
        }
        Lookup::Found(key, bytes) => {
            let kind = content_type(&key);
            if kind.starts_with("text/html") {
                let body = page::decorate(&bytes, snap.generation, &snap.problems);
                with_body(StatusCode::OK, kind, body.into())
            } else {
                with_body(StatusCode::OK, kind, bytes)
            }
        }
    }
}

/// A page rendered on request failed (a template that breaks on the edited
/// document): say why, and reload once the next build is published.
fn render_failed(err: &anyhow::Error, snap: &Snapshot) -> Response {
    let problem = Problem { file: String::new(), line: 0, rule: "template".into(), message: format!("{err:#}") };
    let body = page::standalone("warroom: this page did not render", "", snap.generation, &[problem]);
    with_body(StatusCode::INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", body.into())
}

/// Server-sent events: the current generation at once, then each new one,
/// until the server stops.
async fn events(State(served): State<Served>, headers: HeaderMap) -> Response {
    if let Some(refused) = refuse_host(&served, &headers) {
        return refused;
    }
    let generations = served.site.subscribe();
    let stop = served.site.stop.clone();
    let stream = futures_util::stream::unfold((generations, stop, true), |(mut gens, mut stop, first)| async move {
        if !first {
            tokio::select! {
                changed = gens.changed() => changed.ok()?,
                _ = stop.wait_for(|stopping| *stopping) => return None,
            }
        }
        let generation = *gens.borrow_and_update();
        let event = Event::default().event("reload").data(generation.to_string());
        Some((Ok::<_, Infallible>(event), (gens, stop, false)))
    });
    let mut resp = Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    resp.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Where a request path leads in the site.
#[derive(Debug, PartialEq, Eq)]
enum Lookup {
    Found(String, Bytes),
    /// A folder named without its trailing slash: send the browser to it so
    /// relative links resolve.
    Redirect(String),
    NotFound,
    Refused,
}

/// Resolves a request path with `file`, which gives the site's file at a
/// path (rendering it if need be) or `None`.
fn lookup(file: &dyn Fn(&str) -> anyhow::Result<Option<Bytes>>, raw: &str) -> anyhow::Result<Lookup> {
    let Some((key, folder)) = site_path(raw) else {
        return Ok(Lookup::Refused);
    };
    let index = if key.is_empty() { "index.html".to_string() } else { format!("{key}/index.html") };
    if folder || key.is_empty() {
        return Ok(file(&index)?.map_or(Lookup::NotFound, |bytes| Lookup::Found(index, bytes)));
    }
    Ok(if let Some(bytes) = file(&key)? {
        Lookup::Found(key, bytes)
    } else if file(&index)?.is_some() {
        Lookup::Redirect(format!("{raw}/"))
    } else {
        Lookup::NotFound
    })
}

/// The decoded path under the site and whether it names a folder (ends in
/// `/`); `None` when it tries to leave the site or is not readable text.
fn site_path(raw: &str) -> Option<(String, bool)> {
    let decoded = percent_decode(raw)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => segments.push(s),
        }
    }
    Some((segments.join("/"), decoded.ends_with('/')))
}

/// The request path decoded, or `None` when it cannot name a file: a `%`
/// not followed by two hex digits (a broken or probing client; the library
/// would keep it as written) or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let malformed =
        s.split('%').skip(1).any(|rest| !rest.as_bytes().get(..2).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)));
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(s).decode_utf8().ok().map(|c| c.into_owned())
}

/// The `Content-Type` for a file, by extension.
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "vcf" => "text/vcard; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// `Some(403)` when the server listens on loopback and `Host` names another machine.
fn refuse_host(served: &Served, headers: &HeaderMap) -> Option<Response> {
    if !served.local_only {
        return None;
    }
    let host = headers.get(HOST)?.to_str().unwrap_or_default();
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    let local = name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        || name.to_ascii_lowercase().ends_with(".localhost");
    (!local).then(|| plain(StatusCode::FORBIDDEN, "the preview answers only to localhost; use --bind to share it\n"))
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    with_body(status, "text/plain; charset=utf-8", text.into())
}

fn with_body(status: StatusCode, kind: &'static str, body: axum::body::Bytes) -> Response {
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    resp
}

/// The same response with its length announced and no body (HEAD).
fn without_body(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    if let Some(len) = axum::body::HttpBody::size_hint(&body).exact() {
        parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(len));
    }
    Response::from_parts(parts, Body::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::state::FileMap;

    fn site() -> FileMap {
        ["index.html", "incidents/index.html", "incidents/inc-1.html", "contacts/oncall.vcf"]
            .iter()
            .map(|p| (p.to_string(), Bytes::from_static(b"x")))
            .collect()
    }

    fn lookup(files: &FileMap, raw: &str) -> Lookup {
        super::lookup(&|key| Ok(files.get(key).cloned()), raw).unwrap()
    }

    fn found(key: &str) -> Lookup {
        Lookup::Found(key.into(), Bytes::from_static(b"x"))
    }

    #[test]
    fn root_and_folders_serve_their_index() {
        let files = site();
        assert_eq!(lookup(&files, "/"), found("index.html"));
        assert_eq!(lookup(&files, "/incidents/"), found("incidents/index.html"));
        assert_eq!(lookup(&files, "/incidents"), Lookup::Redirect("/incidents/".into()));
        assert_eq!(lookup(&files, "/incidents/inc%2D1.html"), found("incidents/inc-1.html"));
        assert_eq!(lookup(&files, "/runbooks/"), Lookup::NotFound);
        assert_eq!(lookup(&files, "/nope.html"), Lookup::NotFound);
    }

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        let files = site();
        for raw in ["/../Cargo.toml", "/%2e%2e/warroom.yaml", "/..%2fwarroom.yaml", "/a/%2E%2E/%2E%2E/x", "/a%5c..%5cb"]
        {
            assert_eq!(lookup(&files, raw), Lookup::Refused, "{raw}");
        }
        assert_eq!(lookup(&files, "/%zz"), Lookup::Refused);
        assert_eq!(lookup(&files, "/%ff%fe"), Lookup::Refused);
        assert_eq!(lookup(&files, "/%"), Lookup::Refused);
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("contacts/oncall.vcf"), "text/vcard; charset=utf-8");
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("search-index.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("feed.xml"), "application/xml");
        assert_eq!(content_type("fonts/x.woff2"), "font/woff2");
        assert_eq!(content_type("README"), "application/octet-stream");
    }

    #[test]
    fn only_loopback_hosts_are_answered_on_loopback() {
        let (_tx, rx) = tokio::sync::watch::channel(false);
        let served = Served { site: Arc::new(SiteState::new(rx)), local_only: true };
        let host = |h: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(HOST, HeaderValue::from_static(h));
            refuse_host(&served, &headers).is_some()
        };
        assert!(!host("127.0.0.1:1111"));
        assert!(!host("localhost:1111"));
        assert!(!host("[::1]:1111"));
        assert!(host("evil.example:1111"));
        assert!(host("10.0.0.5"));
    }
}
