//! A news page's main text, title, publication time and source.
//!
//! html5ever tokenizes (any bytes, no recursion); a small tree builder of our
//! own keeps only what extraction needs: elements with their parent and the
//! range of their descendants, and text blocks with their owning element.
//! Boilerplate (navigation, comments, related links, cookie banners, ads,
//! scripts ...) is dropped as it is built; the main text is the block
//! container that scores best, readability-style, with its good siblings.
//! Nesting past [`MAX_DEPTH`] is flattened into the deepest element, so a
//! page nested 100,000 deep costs what a flat one does, and every walk is a
//! loop over arrays.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use serde_json::Value;

/// Elements deeper than this are treated as part of their ancestor.
pub const MAX_DEPTH: usize = 256;
/// JSON-LD scripts larger than this are not parsed.
const MAX_JSON_LD_BYTES: usize = 1 << 20;

/// What a page says about itself, and its main text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub title: Option<String>,
    /// Paragraphs of the main text, one per line.
    pub text: String,
    /// As the page gives it; parse with `khabar::Published::parse`.
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// Extracts a whole page: metadata and the main text.
pub fn extract(html: &str) -> Page {
    let (text, document) = Document::parse(html).main_text();
    document.into_page(text)
}

/// All the text of an HTML fragment (a feed item's description), one block
/// per line, without boilerplate.
pub fn fragment_text(html: &str) -> String {
    let document = Document::parse(html);
    let blocks: Vec<&Block> = document
        .blocks
        .iter()
        .filter(|b| !b.text.is_empty() && !is_read_also(&b.text))
        .collect();
    join(&blocks)
}

/// How an element takes part in extraction, decided from its tag name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Starts and ends a text block (`p`, `div`, `li`, ...).
    Block,
    /// A heading: a block of its own; `h1` is the title, not the text.
    Heading { h1: bool },
    /// Inline markup (`span`, `b`, `a`, ...).
    Inline,
}

struct Element {
    parent: u32,
    role: Role,
    /// Readability's prior from tag and class/id.
    prior: f32,
    /// An `<article>` or `itemprop="articleBody"`: the article itself, whose
    /// siblings are not part of it.
    article: bool,
    /// One past the last descendant element id, set when it closes.
    end: u32,
    /// Scoring, filled after parsing.
    chars: u32,
    link_chars: u32,
    score: f32,
}

struct Block {
    owner: u32,
    text: String,
    chars: u32,
    link_chars: u32,
    heading: Option<bool>,
}

/// An open element on the builder's stack.
struct Open {
    name: StrTendril,
    /// `None` when dropped as boilerplate (with everything inside it).
    element: Option<u32>,
    link: bool,
}

#[derive(Default)]
struct Builder {
    elements: Vec<Element>,
    blocks: Vec<Block>,
    stack: Vec<Open>,
    /// Elements opened past `MAX_DEPTH` and not yet closed.
    overflow: usize,
    /// Inline text waiting for the end of its block, and how much of it is
    /// link text.
    pending: String,
    pending_link: u32,
    /// Where raw text (`title`, JSON-LD) currently goes.
    capture: Capture,
    title: String,
    json_ld: Vec<String>,
    metas: Vec<(String, String)>,
    canonical: Option<String>,
    time: Option<String>,
}

#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Capture {
    #[default]
    None,
    Title,
    JsonLd,
    /// Script, style ...: dropped.
    Discard,
}

struct Sink(RefCell<Builder>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut builder = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => builder.tag(tag),
            Token::CharacterTokens(text) => {
                builder.text(&text);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// Tags whose content is dropped whole: never article text.
const DROPPED_TAGS: &[&str] = &[
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "button",
    "select",
    "textarea",
    "label",
    "iframe",
    "svg",
    "math",
    "canvas",
    "object",
    "embed",
    "video",
    "audio",
    "figcaption",
    "noscript",
    "template",
    "dialog",
    "menu",
];
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tbody",
    "thead",
    "tr",
    "td",
    "th",
    "hr",
    "figure",
    "address",
    "details",
    "summary",
    "center",
    "body",
    "html",
    "caption",
];
/// class/id words that always mark boilerplate, even inside the article.
const BOILERPLATE_WORDS: &[&str] = &[
    "comment",
    "related",
    "share",
    "sharing",
    "social",
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "promo",
    "sponsor",
    "advert",
    "banner",
    "breadcrumb",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "disqus",
    "most-read",
    "mostread",
    "trending",
    "readmore",
    "read-more",
    "read-also",
    "readalso",
    "see-also",
    "more-news",
    "recommend",
    "byline",
    "author",
    "caption",
    "copyright",
    "toolbar",
    "pagination",
    "skip-link",
    "print",
];
/// Whole class/id words for ads (as substrings they would match "head").
const AD_WORDS: &[&str] = &["ad", "ads", "adv", "adsense", "dfp", "gpt", "ad-slot"];
/// class/id words that mark boilerplate unless a content word is there too.
const UNLIKELY_WORDS: &[&str] = &[
    "nav", "menu", "footer", "header", "masthead", "sidebar", "side-bar", "widget", "tags", "meta",
    "hidden", "links", "sitemap", "login", "search", "weather", "ticker",
];
const CONTENT_WORDS: &[&str] = &[
    "article", "content", "body", "entry", "main", "post", "story", "text", "detail",
];
const ROLES_DROPPED: &[&str] = &[
    "navigation",
    "banner",
    "complementary",
    "contentinfo",
    "menu",
    "menubar",
    "dialog",
    "alert",
    "search",
];
/// Meta keys (property, name or itemprop, lower-cased) that give the
/// publication time, the most telling first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
];
/// The other meta keys worth keeping: title, outlet and address.
const OTHER_META_KEYS: &[&str] = &[
    "og:title",
    "og:site_name",
    "og:url",
    "application-name",
    "twitter:title",
];

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

/// Whether a start tag opens boilerplate, and its class/id prior.
fn classify(tag: &Tag) -> (bool, f32) {
    let name = &*tag.name;
    if DROPPED_TAGS.contains(&name) {
        return (true, 0.0);
    }
    if attr(tag, "hidden").is_some() || attr(tag, "aria-hidden") == Some("true") {
        return (true, 0.0);
    }
    if let Some(style) = attr(tag, "style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return (true, 0.0);
        }
    }
    if attr(tag, "role").is_some_and(|role| ROLES_DROPPED.contains(&role.trim())) {
        return (true, 0.0);
    }
    let names = [attr(tag, "class"), attr(tag, "id")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    if names.is_empty() {
        return (false, 0.0);
    }
    let has = |words: &[&str]| words.iter().any(|w| names.contains(w));
    let words = || names.split(|c: char| !c.is_ascii_alphanumeric());
    if has(BOILERPLATE_WORDS) || words().any(|w| AD_WORDS.contains(&w)) {
        return (true, 0.0);
    }
    let content = has(CONTENT_WORDS);
    if has(UNLIKELY_WORDS) && !content {
        return (true, 0.0);
    }
    (false, if content { 25.0 } else { 0.0 })
}

fn tag_prior(name: &str) -> f32 {
    match name {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" => -3.0,
        "th" => -5.0,
        _ => 0.0,
    }
}

fn role_of(name: &str) -> Role {
    match name {
        "h1" => Role::Heading { h1: true },
        "h2" | "h3" | "h4" | "h5" | "h6" => Role::Heading { h1: false },
        _ if BLOCK_TAGS.contains(&name) => Role::Block,
        _ => Role::Inline,
    }
}

/// Start tags that close an open element first, as browsers do: a new
/// paragraph ends the last, a list item the previous one.
fn implied_close(name: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    const CELLS: &[&str] = &["td", "th"];
    match name {
        "li" => Some((&["li"], &["ul", "ol", "menu"])),
        "dt" | "dd" => Some((&["dt", "dd"], &["dl"])),
        "td" | "th" => Some((CELLS, &["tr", "table"])),
        "tr" => Some((&["tr", "td", "th"], &["table", "tbody", "thead"])),
        _ => None,
    }
}

impl Builder {
    fn tag(&mut self, tag: Tag) -> TokenSinkResult<()> {
        let name = tag.name.to_ascii_lowercase();
        match tag.kind {
            TagKind::StartTag => self.start(&tag, &name),
            TagKind::EndTag => {
                self.end(&name);
                TokenSinkResult::Continue
            }
        }
    }

    fn start(&mut self, tag: &Tag, name: &str) -> TokenSinkResult<()> {
        self.metadata(tag, name);
        let raw = match name {
            "script" | "style" | "xmp" | "noembed" | "noframes" | "noscript" | "iframe" => {
                self.capture = if name == "script"
                    && attr(tag, "type").is_some_and(|t| t.trim() == "application/ld+json")
                {
                    self.json_ld.push(String::new());
                    Capture::JsonLd
                } else {
                    Capture::Discard
                };
                Some(if name == "script" {
                    RawKind::ScriptData
                } else {
                    RawKind::Rawtext
                })
            }
            "title" | "textarea" => {
                self.capture = if name == "title" && self.title.is_empty() {
                    Capture::Title
                } else {
                    Capture::Discard
                };
                Some(RawKind::Rcdata)
            }
            _ => None,
        };
        if let Some(kind) = raw {
            // Raw-text elements hold no markup: their end tag ends the capture.
            return TokenSinkResult::RawData(kind);
        }
        if name == "br" {
            self.flush();
            return TokenSinkResult::Continue;
        }
        let role = role_of(name);
        if role != Role::Inline {
            if self.stack.last().is_some_and(|open| &*open.name == "p") {
                self.pop_to(self.stack.len() - 1);
            }
            if let Some((closes, boundaries)) = implied_close(name) {
                let found = self.stack.iter().rposition(|open| {
                    closes.contains(&&*open.name) || boundaries.contains(&&*open.name)
                });
                if let Some(i) = found.filter(|&i| closes.contains(&&*self.stack[i].name)) {
                    self.pop_to(i);
                }
            }
            self.flush();
        }
        if VOID_TAGS.contains(&name) || tag.self_closing {
            if name == "hr" {
                self.flush();
            }
            return TokenSinkResult::Continue;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.overflow += 1;
            return TokenSinkResult::Continue;
        }
        let parent = self.stack.last();
        let (dropped, class_prior) = classify(tag);
        let link = name == "a" || parent.is_some_and(|p| p.link);
        let element = match parent {
            Some(Open { element: None, .. }) => None,
            _ if dropped => None,
            parent => {
                let id = self.elements.len() as u32;
                self.elements.push(Element {
                    parent: parent.and_then(|p| p.element).unwrap_or(u32::MAX),
                    role,
                    prior: tag_prior(name) + class_prior,
                    article: name == "article" || attr(tag, "itemprop") == Some("articleBody"),
                    end: u32::MAX,
                    chars: 0,
                    link_chars: 0,
                    score: 0.0,
                });
                Some(id)
            }
        };
        self.stack.push(Open {
            name: StrTendril::from_slice(name),
            element,
            link,
        });
        TokenSinkResult::Continue
    }

    fn end(&mut self, name: &str) {
        if matches!(self.capture, Capture::None) {
            if name == "br" {
                self.flush();
                return;
            }
        } else {
            // Only raw-text elements capture, and their end tag is the only
            // tag the tokenizer reports inside them.
            self.capture = Capture::None;
            return;
        }
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        match self.stack.iter().rposition(|open| &*open.name == name) {
            Some(i) => self.pop_to(i),
            None if role_of(name) != Role::Inline => self.flush(),
            None => {}
        }
    }

    /// Closes the open elements from `index` up.
    fn pop_to(&mut self, index: usize) {
        if self.stack[index..]
            .iter()
            .any(|open| role_of(&open.name) != Role::Inline)
        {
            self.flush();
        }
        let end = self.elements.len() as u32;
        for open in self.stack.drain(index..) {
            if let Some(id) = open.element {
                self.elements[id as usize].end = end;
            }
        }
    }

    fn text(&mut self, text: &str) {
        match self.capture {
            Capture::Title => self.title.push_str(text),
            Capture::JsonLd => {
                if let Some(script) = self.json_ld.last_mut() {
                    if script.len() + text.len() <= MAX_JSON_LD_BYTES {
                        script.push_str(text);
                    }
                }
            }
            Capture::Discard => {}
            Capture::None => {
                let Some(open) = self.stack.last() else {
                    return;
                };
                if open.element.is_none() {
                    return;
                }
                if open.link {
                    self.pending_link += text.chars().filter(|c| !c.is_whitespace()).count() as u32;
                }
                self.pending.push_str(text);
            }
        }
    }

    /// Ends the current text block.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = collapse_whitespace(&self.pending);
        self.pending.clear();
        let link_chars = std::mem::take(&mut self.pending_link);
        if text.is_empty() {
            return;
        }
        // The innermost open block-level element owns the text.
        let owner = self.stack.iter().rev().find_map(|open| {
            open.element
                .filter(|&id| self.elements[id as usize].role != Role::Inline)
        });
        let Some(owner) = owner else { return };
        let heading = match self.elements[owner as usize].role {
            Role::Heading { h1 } => Some(h1),
            _ => None,
        };
        self.blocks.push(Block {
            owner,
            chars: text.chars().filter(|c| !c.is_whitespace()).count() as u32,
            text,
            link_chars,
            heading,
        });
    }

    fn metadata(&mut self, tag: &Tag, name: &str) {
        match name {
            "meta" => {
                let key = attr(tag, "property")
                    .or_else(|| attr(tag, "name"))
                    .or_else(|| attr(tag, "itemprop"));
                if let (Some(key), Some(content)) = (key, attr(tag, "content")) {
                    let key = key.trim().to_ascii_lowercase();
                    let kept = PUBLISHED_KEYS.contains(&key.as_str())
                        || OTHER_META_KEYS.contains(&key.as_str());
                    if kept && !content.trim().is_empty() {
                        self.metas.push((key, content.trim().to_string()));
                    }
                }
            }
            "link"
                if self.canonical.is_none()
                    && attr(tag, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                self.canonical = attr(tag, "href").map(|h| h.trim().to_string());
            }
            "time" if self.time.is_none() => {
                self.time = attr(tag, "datetime")
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_string);
            }
            _ => {}
        }
    }
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// "Read also" lines and their kin, in Arabic and English, which sites put
/// between paragraphs.
fn is_read_also(text: &str) -> bool {
    const STARTS: &[&str] = &[
        "اقرأ أيضا",
        "اقرأ ايضا",
        "إقرأ أيضا",
        "اقرأ كذلك",
        "إقرأ ايضا",
        "اقرأ المزيد",
        "شاهد أيضا",
        "شاهد ايضا",
        "اقرأ أيضًا",
        "اقرا ايضا",
        "طالع أيضا",
        "read also",
        "read more",
        "see also",
    ];
    let head: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0640}'))
        .take(20)
        .collect::<String>()
        .to_lowercase();
    STARTS.iter().any(|s| head.starts_with(s))
}

/// A teaser: the summary under a linked headline (related stories, "more
/// news" cards).
fn is_teaser(blocks: &[Block], i: usize) -> bool {
    blocks[i].heading.is_none()
        && i > 0
        && blocks[i - 1]
            .heading
            .is_some_and(|_| blocks[i - 1].link_chars * 2 > blocks[i - 1].chars)
}

/// Whether a block reads as words rather than a date stamp or a counter:
/// at least a third of its characters are letters.
fn is_prose(text: &str) -> bool {
    let (mut letters, mut others) = (0, 0);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_alphabetic() {
            letters += 1;
        } else {
            others += 1;
        }
    }
    letters * 2 >= others
}

fn join(blocks: &[&Block]) -> String {
    let mut text = String::new();
    for block in blocks {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&block.text);
    }
    text
}

struct Document {
    elements: Vec<Element>,
    blocks: Vec<Block>,
    title: String,
    json_ld: Vec<String>,
    metas: Vec<(String, String)>,
    canonical: Option<String>,
    time: Option<String>,
}

impl Document {
    fn parse(html: &str) -> Document {
        // A root owns text outside any block (a fragment's bare text).
        let mut builder = Builder::default();
        builder.elements.push(Element {
            parent: u32::MAX,
            role: Role::Block,
            prior: 0.0,
            article: false,
            end: u32::MAX,
            chars: 0,
            link_chars: 0,
            score: 0.0,
        });
        builder.stack.push(Open {
            name: StrTendril::from_slice("#root"),
            element: Some(0),
            link: false,
        });
        let tokenizer = Tokenizer::new(Sink(RefCell::new(builder)), TokenizerOpts::default());
        let queue = BufferQueue::default();
        queue.push_back(StrTendril::from_slice(html));
        // The sink never asks to pause for scripts, so one feed reads all.
        let _ = tokenizer.feed(&queue);
        tokenizer.end();
        let mut builder = tokenizer.sink.0.into_inner();
        builder.pop_to_all();
        Document {
            elements: builder.elements,
            blocks: builder.blocks,
            title: builder.title,
            json_ld: builder.json_ld,
            metas: builder.metas,
            canonical: builder.canonical,
            time: builder.time,
        }
    }

    fn meta(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The best-scoring container, with its good siblings, as text.
    fn main_text(mut self) -> (String, Self) {
        self.score();
        let Some(top) = (0..self.elements.len()).max_by(|&a, &b| {
            self.elements[a]
                .score
                .total_cmp(&self.elements[b].score)
                // The outer of two equal candidates.
                .then(b.cmp(&a))
        }) else {
            return (String::new(), self);
        };
        let top_score = self.elements[top].score;
        let mut ranges = vec![(top as u32, self.elements[top].end)];
        let parent = self.elements[top].parent;
        if parent != u32::MAX && !self.elements[top].article {
            let threshold = (top_score * 0.2).max(10.0);
            let siblings = (parent + 1..self.elements[parent as usize].end)
                .filter(|&id| id != top as u32 && self.elements[id as usize].parent == parent);
            for id in siblings {
                let e = &self.elements[id as usize];
                let density = e.link_chars as f32 / e.chars.max(1) as f32;
                if e.score >= threshold || (e.chars > 80 && density < 0.25 && e.score > 0.0) {
                    ranges.push((id, e.end));
                }
            }
        }
        let blocks: Vec<&Block> = self
            .blocks
            .iter()
            .enumerate()
            .filter(|&(i, _)| !is_teaser(&self.blocks, i))
            .map(|(_, b)| b)
            .filter(|b| ranges.iter().any(|&(s, e)| (s..e).contains(&b.owner)))
            .filter(|b| b.heading != Some(true))
            .filter(|b| b.link_chars * 2 <= b.chars)
            .filter(|b| !is_read_also(&b.text) && is_prose(&b.text))
            .collect();
        // A heading heads text: one followed by another heading or by
        // nothing (it headed a list of links, now gone) goes too.
        let kept: Vec<&Block> = blocks
            .iter()
            .enumerate()
            .filter(|&(i, b)| {
                b.heading.is_none() || blocks.get(i + 1).is_some_and(|n| n.heading.is_none())
            })
            .map(|(_, b)| *b)
            .collect();
        (join(&kept), self)
    }

    /// Readability's scores: each paragraph credits its parent in full and
    /// its grandparent by half; link-heavy containers lose in proportion.
    fn score(&mut self) {
        let elements = &mut self.elements;
        for block in &self.blocks {
            let e = &mut elements[block.owner as usize];
            e.chars += block.chars;
            e.link_chars += block.link_chars;
        }
        // Children come after their parent: one backward pass sums subtrees.
        for id in (0..elements.len()).rev() {
            let (parent, chars, links) = {
                let e = &elements[id];
                (e.parent, e.chars, e.link_chars)
            };
            if parent != u32::MAX {
                elements[parent as usize].chars += chars;
                elements[parent as usize].link_chars += links;
            }
        }
        let mut credit = vec![0.0f32; elements.len()];
        for (i, block) in self.blocks.iter().enumerate() {
            if block.chars < 25
                || block.heading.is_some()
                || block.link_chars * 2 > block.chars
                || is_teaser(&self.blocks, i)
            {
                continue;
            }
            let commas = block.text.matches([',', '،']).count() as f32;
            let score = 1.0 + commas + (block.chars as f32 / 100.0).min(3.0);
            let mut id = elements[block.owner as usize].parent;
            for share in [1.0, 0.5, 1.0 / 3.0] {
                if id == u32::MAX {
                    break;
                }
                credit[id as usize] += score * share;
                id = elements[id as usize].parent;
            }
        }
        for (e, credit) in elements.iter_mut().zip(credit) {
            if credit > 0.0 {
                let density = e.link_chars as f32 / e.chars.max(1) as f32;
                e.score = (credit + e.prior) * (1.0 - density);
            }
        }
    }

    fn into_page(self, text: String) -> Page {
        let article = self.json_ld_article();
        let get = |key: &str| article.as_ref().and_then(|a| json_string(a, key));
        let title = self
            .meta("og:title")
            .map(str::to_string)
            .or_else(|| get("headline"))
            .or_else(|| self.meta("twitter:title").map(str::to_string))
            .or_else(|| {
                self.blocks
                    .iter()
                    .find(|b| b.heading == Some(true))
                    .map(|b| b.text.clone())
            })
            .or_else(|| Some(collapse_whitespace(&self.title)).filter(|t| !t.is_empty()));
        let published = PUBLISHED_KEYS
            .iter()
            .find_map(|key| self.meta(key).map(str::to_string))
            .or_else(|| get("datePublished"))
            .or_else(|| self.time.clone());
        let source = self
            .meta("og:site_name")
            .map(str::to_string)
            .or_else(|| {
                article
                    .as_ref()
                    .and_then(|a| a.get("publisher"))
                    .and_then(|p| json_string(p, "name"))
            })
            .or_else(|| self.meta("application-name").map(str::to_string));
        let url = self
            .canonical
            .clone()
            .or_else(|| self.meta("og:url").map(str::to_string))
            .or_else(|| get("url"));
        Page {
            title,
            text,
            published,
            source,
            url,
        }
    }

    /// The first JSON-LD object typed as a news article, searched without
    /// recursion (JSON-LD nests objects in `@graph` and arrays).
    fn json_ld_article(&self) -> Option<Value> {
        const TYPES: &[&str] = &[
            "NewsArticle",
            "Article",
            "ReportageNewsArticle",
            "AnalysisNewsArticle",
            "BlogPosting",
            "OpinionNewsArticle",
        ];
        for script in &self.json_ld {
            let Ok(value) = serde_json::from_str::<Value>(script.trim()) else {
                continue;
            };
            let mut stack = vec![value];
            while let Some(value) = stack.pop() {
                match value {
                    Value::Array(items) => stack.extend(items.into_iter().rev()),
                    Value::Object(mut map) => {
                        let typed = match map.get("@type") {
                            Some(Value::String(t)) => TYPES.contains(&t.as_str()),
                            Some(Value::Array(ts)) => ts
                                .iter()
                                .any(|t| t.as_str().is_some_and(|t| TYPES.contains(&t))),
                            _ => false,
                        };
                        if typed {
                            return Some(Value::Object(map));
                        }
                        if let Some(graph) = map.remove("@graph") {
                            stack.push(graph);
                        }
                    }
                    _ => {}
                }
            }
        }
        None
    }
}

fn json_string(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(items) => items.first().and_then(|v| v.as_str()).map(str::to_string),
        _ => None,
    }
}

impl Builder {
    /// Closes whatever is still open at the end of the document.
    fn pop_to_all(&mut self) {
        self.flush();
        self.pop_to(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
<meta charset="utf-8"><title>قمة في موسكو - سانا</title>
<meta property="og:site_name" content="سانا">
<meta property="article:published_time" content="2024-12-02T10:00:00+03:00">
<link rel="canonical" href="https://sana.example/ar/1">
<script>var ads = "<p>ليس نصا</p>";</script>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},{"@type":"NewsArticle","headline":"بوتين وبزشكيان","datePublished":"2024-12-01"}]}</script>
</head><body>
<header class="site-header"><nav><a href="/">الرئيسية</a> <a href="/s">سياسة</a></nav></header>
<div id="cookie-banner">نستخدم ملفات تعريف الارتباط</div>
<main><article class="article">
<h1>بوتين وبزشكيان يبحثان الأوضاع</h1>
<div class="byline">بقلم: مراسل</div>
<div class="article-body">
<p>موسكو-سانا بحث الرئيس الروسي فلاديمير بوتين مع نظيره الإيراني مسعود بزشكيان، في اتصال هاتفي، الأوضاع في المنطقة.</p>
<p>اقرأ أيضا: <a href="/2">قمة سابقة</a></p>
<p>وأكد الجانبان، حسب بيان الكرملين، أهمية مواصلة التنسيق بين البلدين<br>في المجالات كافة.</p>
<div class="share-buttons"><a href="#">فيسبوك</a></div>
</div>
<ul class="related-news"><li><a href="/3">خبر ذو صلة طويل العنوان جدا جدا</a></li></ul>
</article></main>
<div class="comments"><p>تعليق من قارئ: هذا الخبر مهم جدا ويستحق المتابعة، شكرا لكم.</p></div>
<footer>جميع الحقوق محفوظة</footer>
</body></html>"##;

    #[test]
    fn a_news_page_gives_its_text_and_metadata() {
        let page = extract(PAGE);
        assert_eq!(
            page.text,
            "موسكو-سانا بحث الرئيس الروسي فلاديمير بوتين مع نظيره الإيراني مسعود بزشكيان، في اتصال هاتفي، الأوضاع في المنطقة.\n\
             وأكد الجانبان، حسب بيان الكرملين، أهمية مواصلة التنسيق بين البلدين\nفي المجالات كافة."
        );
        assert_eq!(page.title.as_deref(), Some("بوتين وبزشكيان"));
        assert_eq!(page.published.as_deref(), Some("2024-12-02T10:00:00+03:00"));
        assert_eq!(page.source.as_deref(), Some("سانا"));
        assert_eq!(page.url.as_deref(), Some("https://sana.example/ar/1"));
    }

    #[test]
    fn time_element_and_title_fallbacks() {
        let html = "<title> عنوان  الصفحة </title><body><time datetime=\"2018-02-18T21:35:43+04:00\">الأحد</time><div><p>نص طويل بما يكفي ليكون فقرة من فقرات الخبر، فيه فاصلة.</p></div>";
        let page = extract(html);
        assert_eq!(page.title.as_deref(), Some("عنوان الصفحة"));
        assert_eq!(page.published.as_deref(), Some("2018-02-18T21:35:43+04:00"));
        assert_eq!(
            page.text,
            "نص طويل بما يكفي ليكون فقرة من فقرات الخبر، فيه فاصلة."
        );
    }

    #[test]
    fn deep_nesting_is_flattened_not_recursed() {
        let depth = 100_000;
        let html = format!(
            "{}<p>نص في العمق، بعيدا جدا عن الجذر، ويكفي طوله.</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let page = extract(&html);
        assert_eq!(page.text, "نص في العمق، بعيدا جدا عن الجذر، ويكفي طوله.");
        let html = "<b><i>".repeat(depth) + "نص";
        assert_eq!(fragment_text(&html), "نص");
    }

    #[test]
    fn teasers_stamps_and_bare_headings_are_left_out() {
        let paragraph = "قال الوزير، في مؤتمر صحفي عقده اليوم، إن الحكومة ستواصل العمل.";
        let html = format!(
            "<main><article><div>2018-02-18T21:35:43+04:00</div><p>{paragraph}</p><p>{paragraph}</p>\
             <h2>مواضيع ذات صلة</h2><ul><li><a href=\"/1\">سياسة</a></li></ul></article>\
             <section><div><a href=\"/2\"><h3>عنوان خبر آخر مقترح للقراءة</h3></a>\
             <p>ملخص الخبر الآخر، وهو طويل بما يكفي ليبدو فقرة من فقرات المقال.</p></div></section></main>"
        );
        assert_eq!(extract(&html).text, format!("{paragraph}\n{paragraph}"));
    }

    #[test]
    fn fragments_keep_every_block() {
        assert_eq!(
            fragment_text("<p>الفقرة الأولى</p><p>الثانية &amp; <b>الأخيرة</b></p>اقرأ أيضا: رابط"),
            "الفقرة الأولى\nالثانية & الأخيرة"
        );
        assert_eq!(fragment_text(""), "");
    }
}
