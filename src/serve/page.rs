//! What the preview adds to a served HTML page: the live-reload script and,
//! while the latest build has errors, an overlay listing them.
//!
//! Only served pages are decorated; `warroom build` output never carries any
//! of this. Everything taken from the site (file names, messages) is escaped.

use crate::highlight::escape;

use super::state::Problem;

/// The server-sent events endpoint the reload script listens on.
pub(crate) const EVENTS_PATH: &str = "/__warroom/events";

/// `html` with the reload script (and the overlay, when there are problems)
/// inserted before the last `</body>`, or appended when there is none.
pub(crate) fn decorate(html: &[u8], generation: u64, problems: &[Problem]) -> Vec<u8> {
    let mut extra = String::new();
    if !problems.is_empty() {
        extra.push_str(&overlay(problems));
    }
    extra.push_str(&reload_script(generation));
    let at = body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A page of its own, for a missing file or while no build has succeeded yet.
pub(crate) fn standalone(title: &str, text: &str, generation: u64, problems: &[Problem]) -> Vec<u8> {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body style=\"font-family:system-ui,sans-serif;margin:2rem\"><h1>{title}</h1><p>{text}</p></body></html>\n",
        title = escape(title),
        text = escape(text),
    );
    decorate(page.as_bytes(), generation, problems)
}

/// Reloads the page when the server announces a generation other than the
/// one the page was served from (also right after reconnecting).
fn reload_script(generation: u64) -> String {
    format!(
        "<script>(function(){{if(!window.EventSource)return;var g=\"{generation}\";\
         var s=new EventSource(\"{EVENTS_PATH}\");\
         s.addEventListener(\"reload\",function(e){{if(e.data!==g){{s.close();location.reload();}}}});}})();</script>\n"
    )
}

fn overlay(problems: &[Problem]) -> String {
    let mut items = String::new();
    for p in problems {
        let place = match (p.file.is_empty(), p.line) {
            (true, _) => String::new(),
            (false, 0) => format!("<code>{}</code> ", escape(&p.file)),
            (false, line) => format!("<code>{}:{line}</code> ", escape(&p.file)),
        };
        items.push_str(&format!(
            "<li style=\"margin:.4rem 0\">{place}<strong>[{}]</strong> {}</li>",
            escape(&p.rule),
            escape(&p.message).replace('\n', "<br>")
        ));
    }
    let count = if problems.len() == 1 { "1 error".to_string() } else { format!("{} errors", problems.len()) };
    format!(
        "<div id=\"warroom-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;\
         overflow:auto;z-index:2147483647;background:#fff4f4;color:#1a1a1a;border-top:4px solid #c00;\
         padding:1rem 1.5rem;font:14px/1.4 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)\">\
         <button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right\">hide</button>\
         <strong style=\"color:#c00\">warroom: the site has {count}; showing the last good build.</strong>\
         <ul style=\"margin:.5rem 0 0;padding-left:1.2rem\">{items}</ul></div>\n"
    )
}

/// Where the last `</body` starts, ignoring ASCII case.
fn body_end(html: &[u8]) -> Option<usize> {
    const TAG: &[u8] = b"</body";
    (0..=html.len().checked_sub(TAG.len())?).rev().find(|&i| html[i..i + TAG.len()].eq_ignore_ascii_case(TAG))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem() -> Problem {
        Problem {
            file: "content/incidents/<x>.md".into(),
            line: 4,
            rule: "missing-field".into(),
            message: "required field `severity` is missing & <script>".into(),
        }
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body_tag() {
        let out = String::from_utf8(decorate(b"<html><body><p>x</p></BODY></html>", 7, &[])).unwrap();
        assert!(out.contains("<p>x</p><script>"), "{out}");
        assert!(out.ends_with("</script>\n</BODY></html>"), "{out}");
        assert!(out.contains("var g=\"7\"") && out.contains(EVENTS_PATH), "{out}");
        assert!(!out.contains("warroom-overlay"));
    }

    #[test]
    fn a_page_without_body_gets_the_script_appended() {
        let out = String::from_utf8(decorate(b"<p>fragment", 1, &[])).unwrap();
        assert!(out.starts_with("<p>fragment<script>"), "{out}");
    }

    #[test]
    fn the_overlay_names_file_line_and_rule_escaped() {
        let out = String::from_utf8(decorate(b"<body></body>", 2, &[problem()])).unwrap();
        assert!(out.contains("id=\"warroom-overlay\""), "{out}");
        assert!(out.contains("<code>content/incidents/&lt;x&gt;.md:4</code>"), "{out}");
        assert!(out.contains("[missing-field]"), "{out}");
        assert!(out.contains("&amp; &lt;script&gt;"), "{out}");
        assert!(!out.contains("& <script>"), "{out}");
        assert!(out.contains("1 error;"), "{out}");
    }

    #[test]
    fn a_standalone_page_escapes_its_text() {
        let out = String::from_utf8(standalone("not found", "/a<b>", 3, &[])).unwrap();
        assert!(out.contains("/a&lt;b&gt;") && out.contains("<script>"), "{out}");
    }
}
