//! RSS 2.0, RSS 1.0 and Atom feeds: one article per item, its HTML
//! description or content turned into text.
//!
//! A feed is one document, read whole (up to [`MAX_RECORD_BYTES`]) so that
//! its declared charset can be honoured, then parsed event by event with
//! quick-xml. Items read before a syntax error are kept.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::{html, ReadErrorKind};

/// One item as the feed gives it, its description already text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// Byte offset of the item in the (decoded) feed.
    pub offset: u64,
    pub id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    /// The feed's own title.
    pub source: Option<String>,
    pub text: String,
}

/// A feed that could not be read in full, at a byte offset when known.
#[derive(Debug)]
pub struct FeedError {
    pub offset: Option<u64>,
    pub kind: ReadErrorKind,
}

/// The fields an item's text may come from, best first.
const CONTENT_FIELDS: &[&str] = &["encoded", "content", "description", "summary"];
const DATE_FIELDS: &[&str] = &[
    "pubDate",
    "published",
    "date",
    "issued",
    "updated",
    "modified",
];

#[derive(Default)]
struct Item {
    offset: u64,
    fields: Vec<(String, String)>,
    atom_link: Option<String>,
}

impl Item {
    fn field(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|name| {
            self.fields
                .iter()
                .find(|(n, v)| n == name && !v.trim().is_empty())
                .map(|(_, v)| v.as_str())
        })
    }
}

/// Reads every item of a feed. The result lists the items, then any error
/// that ended reading (an empty feed, a document that is not a feed,
/// malformed XML).
pub fn read_feed(text: &str) -> (Vec<FeedItem>, Option<FeedError>) {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut items = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut feed_title = String::new();
    // The open item, and the depth of its element.
    let mut item: Option<(Item, usize)> = None;
    let mut root_seen = false;
    loop {
        let position = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let error = FeedError {
                    offset: Some(reader.error_position()),
                    kind: ReadErrorKind::Xml(e.to_string()),
                };
                return (items, Some(error));
            }
        };
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                let name = local_name(start);
                if !root_seen {
                    root_seen = true;
                    if !matches!(name.as_str(), "rss" | "feed" | "RDF") {
                        let error = FeedError {
                            offset: Some(position),
                            kind: ReadErrorKind::NotAFeed(name),
                        };
                        return (items, Some(error));
                    }
                }
                let empty = matches!(event, Event::Empty(_));
                match &mut item {
                    None if !empty && (name == "item" || name == "entry") => {
                        let it = Item {
                            offset: position,
                            ..Item::default()
                        };
                        item = Some((it, stack.len()));
                    }
                    Some((it, depth)) if stack.len() == *depth + 1 => {
                        if name == "link" {
                            let rel = attribute(start, "rel");
                            if matches!(rel.as_deref(), None | Some("alternate")) {
                                if let Some(href) = attribute(start, "href") {
                                    it.atom_link.get_or_insert(href);
                                }
                            }
                        }
                        if !empty {
                            it.fields.push((name.clone(), String::new()));
                        }
                    }
                    // Markup inside a field (Atom's XHTML content): keep it
                    // as HTML for the text extractor.
                    Some((it, depth)) if stack.len() > *depth + 1 => {
                        if let Some((_, value)) = it.fields.last_mut() {
                            value.push('<');
                            value.push_str(&name);
                            value.push_str(if empty { "/>" } else { ">" });
                        }
                    }
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                let closed = stack.pop();
                match &mut item {
                    Some((_, depth)) if stack.len() == *depth => {
                        if let Some((it, _)) = item.take() {
                            items.push(finish(it, &feed_title));
                        }
                    }
                    Some((it, depth)) if stack.len() > *depth + 1 => {
                        if let (Some((_, value)), Some(name)) = (it.fields.last_mut(), closed) {
                            value.push_str("</");
                            value.push_str(&name);
                            value.push('>');
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => push_text(
                &mut item,
                &stack,
                &mut feed_title,
                &t.decode().unwrap_or_default(),
            ),
            Event::CData(ref t) => push_text(
                &mut item,
                &stack,
                &mut feed_title,
                &t.decode().unwrap_or_default(),
            ),
            Event::GeneralRef(ref r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.decode().unwrap_or_default();
                        match name.as_ref() {
                            "amp" => "&".into(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            // HTML entities in RSS: left for the HTML reader.
                            other => format!("&{other};"),
                        }
                    }
                };
                push_text(&mut item, &stack, &mut feed_title, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let error = if !root_seen {
        Some(FeedError {
            offset: Some(0),
            kind: ReadErrorKind::EmptyFeed("no XML element"),
        })
    } else if items.is_empty() {
        Some(FeedError {
            offset: None,
            kind: ReadErrorKind::EmptyFeed("no <item> or <entry>"),
        })
    } else {
        None
    };
    (items, error)
}

fn local_name(start: &BytesStart) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

fn attribute(start: &BytesStart, name: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name.as_bytes())
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::default())
                .ok()
                .map(|v| v.trim().to_string())
        })
}

fn push_text(
    item: &mut Option<(Item, usize)>,
    stack: &[String],
    feed_title: &mut String,
    text: &str,
) {
    match item {
        Some((it, depth)) if stack.len() > *depth + 1 => {
            if let Some((_, value)) = it.fields.last_mut() {
                value.push_str(text);
            }
        }
        None if stack.len() >= 2
            && stack.last().is_some_and(|n| n == "title")
            && matches!(stack[stack.len() - 2].as_str(), "channel" | "feed") =>
        {
            feed_title.push_str(text);
        }
        _ => {}
    }
}

fn finish(item: Item, feed_title: &str) -> FeedItem {
    let plain = |s: &str| Some(html::fragment_text(s)).filter(|t| !t.is_empty());
    let url = item
        .field(&["link"])
        .map(|l| l.trim().to_string())
        .or(item.atom_link.clone());
    FeedItem {
        offset: item.offset,
        id: item.field(&["guid", "id"]).map(|s| s.trim().to_string()),
        url,
        title: item.field(&["title"]).and_then(plain),
        published: item.field(DATE_FIELDS).map(|s| s.trim().to_string()),
        source: Some(feed_title.trim().to_string()).filter(|s| !s.is_empty()),
        text: item
            .field(CONTENT_FIELDS)
            .map(html::fragment_text)
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_with_embedded_html() {
        let rss = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>سكاي نيوز عربية</title>
<item><title>عنوان &amp; آخر</title><link>https://x.example/1</link><guid>g1</guid>
<pubDate>Fri, 12 Oct 2018 13:19:21 +0000</pubDate>
<description>&lt;p&gt;ملخص&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>الفقرة الأولى&nbsp;هنا</p><p>الثانية</p>]]></content:encoded></item>
<item><title>بلا محتوى</title><description>نص قصير</description></item>
</channel></rss>"#;
        let (items, error) = read_feed(rss);
        assert!(error.is_none());
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].title.as_deref(), Some("عنوان & آخر"));
        assert_eq!(items[0].text, "الفقرة الأولى هنا\nالثانية");
        assert_eq!(items[0].id.as_deref(), Some("g1"));
        assert_eq!(items[0].source.as_deref(), Some("سكاي نيوز عربية"));
        assert_eq!(
            items[0].published.as_deref(),
            Some("Fri, 12 Oct 2018 13:19:21 +0000")
        );
        assert_eq!(items[1].text, "نص قصير");
    }

    #[test]
    fn atom_entries_with_xhtml_content() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة</title>
<entry><id>urn:1</id><title type="html">خبر</title><link rel="alternate" href="https://a.example/1"/>
<published>2024-12-02T10:00:00+03:00</published>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>أولى</p><p>ثانية</p></div></content></entry></feed>"#;
        let (items, error) = read_feed(atom);
        assert!(error.is_none());
        assert_eq!(items[0].url.as_deref(), Some("https://a.example/1"));
        assert_eq!(items[0].text, "أولى\nثانية");
        assert_eq!(items[0].source.as_deref(), Some("وكالة"));
    }

    #[test]
    fn empty_feeds_and_html_are_errors() {
        let (items, error) = read_feed("");
        assert!(items.is_empty());
        assert_eq!(
            error.unwrap().kind.to_string(),
            "empty feed: no XML element"
        );
        let (_, error) = read_feed("<rss><channel><title>t</title></channel></rss>");
        assert_eq!(
            error.unwrap().kind.to_string(),
            "empty feed: no <item> or <entry>"
        );
        let (_, error) = read_feed("<!DOCTYPE html>\n<html><body><p>x</p></body></html>");
        let error = error.unwrap();
        assert_eq!(error.offset, Some(16));
        assert_eq!(
            error.kind.to_string(),
            "not a feed: the document is HTML (root element <html>)"
        );
    }
}
