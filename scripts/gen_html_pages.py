#!/usr/bin/env python3
"""Wrap real corpus articles in realistic news-site templates, for scoring
main-text extraction.

    python3 scripts/gen_html_pages.py --out DIR [--shared ../shared] [--count 240] [--seed 6]

Writes DIR/pages/NNN.html (the page, in its encoding), DIR/expected/NNN.txt
(the article's paragraphs, one per line: the main text an extractor should
find) and DIR/manifest.jsonl (file, id, template, encoding). Standard library
only; the same seed and corpus give the same bytes.

The pages are derived from ../shared, so they are never committed: tests
and scripts generate them into a cache directory.

Templates imitate what Arabic news sites put around an article: navigation
bars and mega menus, breadcrumbs, bylines and dates, share bars, in-article
ads and "اقرأ أيضا" links, photo captions, related-story teasers with
summaries, most-read sidebars, comment threads, newsletter boxes, cookie
banners, footers, inline scripts and JSON-LD / Open Graph metadata; table
layouts and <br>-separated paragraphs for older sites; encodings UTF-8,
windows-1256 and UTF-16.
"""

import argparse
import gzip
import html
import json
import random
from pathlib import Path

CORPORA = ["ant-multisource.jsonl.gz", "ant-jawhara.jsonl.gz", "saudinewsnet.jsonl.gz"]

SECTIONS = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "تكنولوجيا", "منوعات", "صحة", "العالم", "فيديو"]
COMMENTS = [
    "تحليل ممتاز، شكرا على هذا التقرير المفصل الذي يوضح كثيرا من الجوانب الغامضة.",
    "أتمنى أن تتابعوا هذا الموضوع في تقارير قادمة، فالناس تنتظر نتائج ملموسة على أرض الواقع.",
    "كلام غير دقيق، والأرقام المذكورة لا تعكس الوضع الحقيقي في المنطقة حسب رأيي.",
    "الله يحفظ البلاد والعباد، ونسأل الله أن يعم السلام والاستقرار.",
    "متى ستبدأ الحكومة بتطبيق هذه القرارات؟ لقد سمعنا الوعود نفسها في العام الماضي.",
]
COOKIE = "نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك على موقعنا، وبمتابعة التصفح فإنك توافق على سياسة الخصوصية."
NEWSLETTER = "اشترك في النشرة البريدية لتصلك أهم الأخبار والتحليلات يوميا إلى بريدك الإلكتروني."
FOOTER = "جميع الحقوق محفوظة © {year} {site}. يمنع نسخ أو إعادة نشر المحتوى دون إذن مسبق من إدارة الموقع."
AD = "إعلان"


def esc(text):
    return html.escape(text, quote=True)


def load_articles(shared, count, rng):
    """`count` articles with at least two paragraphs, spread over the corpora."""
    per_corpus = -(-count // len(CORPORA))
    chosen = []
    for name in CORPORA:
        path = Path(shared) / "corpus" / name
        with gzip.open(path, "rt", encoding="utf-8") as f:
            pool = []
            for n, line in enumerate(f):
                if n >= 6000:
                    break
                record = json.loads(line)
                paragraphs = [p.strip() for p in record.get("text", "").split("\n") if p.strip()]
                if len(paragraphs) >= 2 and record.get("title"):
                    pool.append((record, paragraphs))
        chosen.extend(rng.sample(pool, per_corpus))
    rng.shuffle(chosen)
    return chosen[:count]


def teasers(rng, others, n):
    """Related stories: a headline link and the start of their text."""
    picks = rng.sample(others, n)
    return [(rec["title"], paras[0][:140]) for rec, paras in picks]


def nav(rng):
    items = rng.sample(SECTIONS, 7)
    return "".join(f'<li><a href="/section/{i}">{esc(s)}</a></li>' for i, s in enumerate(items))


def meta_block(record, site, url, opengraph, jsonld, charset_meta):
    title = esc(record["title"])
    published = record.get("published") or ""
    out = [charset_meta, f"<title>{title} | {esc(site)}</title>"]
    out.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    if opengraph:
        out.append(f'<meta property="og:title" content="{title}">')
        out.append(f'<meta property="og:site_name" content="{esc(site)}">')
        out.append(f'<meta property="og:url" content="{esc(url)}">')
        out.append('<meta property="og:type" content="article">')
        if published:
            out.append(f'<meta property="article:published_time" content="{esc(published)}">')
    if jsonld:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": record["title"],
            "datePublished": published,
            "publisher": {"@type": "Organization", "name": site},
            "mainEntityOfPage": url,
        }
        out.append(f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>')
    out.append(f'<link rel="canonical" href="{esc(url)}">')
    out.append("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());</script>")
    out.append("<style>body{font-family:Tahoma}.ad-slot{min-height:250px}</style>")
    return "\n".join(out)


def body_paragraphs(rng, paragraphs, read_also, ads):
    """The article's paragraphs with the extras sites put between them."""
    out = []
    for i, p in enumerate(paragraphs):
        out.append(f"<p>{esc(p)}</p>")
        if i == 1 and read_also:
            title, _ = read_also
            out.append(f'<p><strong>اقرأ أيضا:</strong> <a href="/news/{rng.randrange(10**6)}">{esc(title)}</a></p>')
        if i == 2 and ads:
            out.append(f'<div class="ad-slot" id="div-gpt-ad-{rng.randrange(1000)}"><span>{AD}</span><script>googletag.cmd.push(function(){{googletag.display("ad");}});</script></div>')
    return "\n".join(out)


def byline(record):
    author = record.get("author") or "المحرر"
    return esc(author)


def t_portal(rng, record, paragraphs, others, site, url, charset_meta):
    related = teasers(rng, others, 4)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
{meta_block(record, site, url, True, True, charset_meta)}
</head><body>
<div id="cookie-consent" class="cookie-banner"><p>{COOKIE}</p><button>موافق</button></div>
<header class="site-header"><div class="logo"><a href="/">{esc(site)}</a></div><nav class="main-nav"><ul>{nav(rng)}</ul></nav></header>
<div class="breadcrumb"><a href="/">الرئيسية</a> &gt; <a href="/section/1">أخبار</a></div>
<main class="container"><div class="row">
<article class="article-page">
<h1 class="article-title">{esc(record["title"])}</h1>
<div class="article-meta"><span class="author">{byline(record)}</span> <time datetime="{esc(record.get("published") or "")}">{esc(record.get("published") or "")}</time></div>
<div class="share-bar"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<figure class="main-image"><img src="/img/{rng.randrange(10**6)}.jpg" alt=""><figcaption>صورة أرشيفية من الحدث نقلا عن وكالات الأنباء العالمية</figcaption></figure>
<div class="article-body">
{body_paragraphs(rng, paragraphs, related[0], True)}
</div>
<div class="tags"><a href="/tag/1">{esc(rng.choice(SECTIONS))}</a> <a href="/tag/2">{esc(rng.choice(SECTIONS))}</a></div>
</article>
<aside class="sidebar"><h3>الأكثر قراءة</h3><ol>{"".join(f'<li><a href="/n/{i}">{esc(t)}</a></li>' for i, (t, _) in enumerate(teasers(rng, others, 5)))}</ol></aside>
</div>
<section class="related-articles"><h2>أخبار ذات صلة</h2>{"".join(f'<div class="card"><h3><a href="/r/{i}">{esc(t)}</a></h3><p>{esc(s)}</p></div>' for i, (t, s) in enumerate(related[1:]))}</section>
</main>
<footer class="site-footer"><p>{FOOTER.format(year=2018, site=esc(site))}</p><ul>{nav(rng)}</ul></footer>
<script src="/js/app.js"></script>
</body></html>"""


def t_wordpress(rng, record, paragraphs, others, site, url, charset_meta):
    comments = rng.sample(COMMENTS, 3)
    related = teasers(rng, others, 3)
    return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar"><head>
{meta_block(record, site, url, True, False, charset_meta)}
</head><body class="post-template-default single single-post">
<div id="page" class="site">
<div class="top-bar"><span>{esc(record.get("published") or "")}</span> <a href="/login">تسجيل الدخول</a></div>
<div id="masthead" class="site-branding"><p class="site-title"><a href="/">{esc(site)}</a></p><ul id="primary-menu" class="menu">{nav(rng)}</ul></div>
<div id="content" class="site-content"><div id="primary" class="content-area">
<div class="post type-post hentry">
<h1 class="entry-title">{esc(record["title"])}</h1>
<div class="entry-meta">نشر بواسطة {byline(record)}</div>
<div class="entry-content">
{body_paragraphs(rng, paragraphs, related[0], False)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">شارك هذا:</h3><a href="#">تويتر</a><a href="#">فيسبوك</a></div>
</div>
<div class="jp-relatedposts"><h3>مرتبط</h3>{"".join(f'<div class="jp-relatedposts-post"><a href="/p/{i}">{esc(t)}</a><p>{esc(s)}</p></div>' for i, (t, s) in enumerate(related))}</div>
</div>
<div id="comments" class="comments-area"><h2 class="comments-title">3 تعليقات</h2><ol class="comment-list">{"".join(f'<li class="comment"><div class="comment-author">زائر {i}</div><div class="comment-content"><p>{esc(c)}</p></div></li>' for i, c in enumerate(comments))}</ol>
<div id="respond"><h3>اترك تعليقاً</h3><form><textarea></textarea><input type="submit" value="إرسال"></form></div></div>
</div>
<div id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">أحدث المقالات</h2><ul>{"".join(f'<li><a href="/w/{i}">{esc(t)}</a></li>' for i, (t, _) in enumerate(teasers(rng, others, 5)))}</ul></section>
<section class="widget widget_text"><div class="textwidget"><p>{NEWSLETTER}</p></div></section></div>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">{FOOTER.format(year=2016, site=esc(site))}</div></footer>
</div></body></html>"""


def t_table(rng, record, paragraphs, others, site, url, charset_meta):
    """An older site: table layout, paragraphs separated by <br><br>."""
    text = "<br><br>\n".join(esc(p) for p in paragraphs)
    links = "".join(f'<tr><td><a href="/x/{i}">{esc(t)}</a></td></tr>' for i, (t, _) in enumerate(teasers(rng, others, 6)))
    return f"""<html dir="rtl"><head>
<meta http-equiv="Content-Type" content="text/html; {charset_meta}">
<title>{esc(record["title"])}</title>
<script language="javascript">function openWin(u){{window.open(u,'w','width=500');}}</script>
</head><body bgcolor="#ffffff">
<table width="100%" border="0"><tr><td colspan="2" class="header"><img src="/logo.gif"> {esc(site)} | {" | ".join(f'<a href="/s{i}.asp">{esc(s)}</a>' for i, s in enumerate(SECTIONS[:6]))}</td></tr>
<tr><td width="180" valign="top" class="leftcol"><b>أخبار أخرى</b><table>{links}</table><br><a href="/archive.asp">الأرشيف</a></td>
<td valign="top">
<table width="100%"><tr><td class="date">{esc(record.get("published") or "")}</td></tr>
<tr><td class="title"><font size="5"><b>{esc(record["title"])}</b></font></td></tr>
<tr><td class="text">{text}</td></tr>
<tr><td><a href="javascript:openWin('/print.asp')">طباعة</a> | <a href="/send.asp">أرسل لصديق</a></td></tr></table>
</td></tr>
<tr><td colspan="2" align="center"><font size="1">{FOOTER.format(year=2015, site=esc(site))}</font></td></tr></table>
</body></html>"""


def t_cssmodules(rng, record, paragraphs, others, site, url, charset_meta):
    """A React site: no meaningful class names, text blocks in divs."""
    def cls():
        return "css-" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(6))
    blocks = "".join(f'<div data-component="text-block" class="{cls()}"><p class="{cls()}">{esc(p)}</p></div>' for p in paragraphs)
    more = teasers(rng, others, 4)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
{meta_block(record, site, url, True, True, charset_meta)}
</head><body><div id="root">
<div class="{cls()}"><a href="#main" class="{cls()}">تخطى إلى المحتوى</a></div>
<header class="{cls()}"><div class="{cls()}"><a href="/">{esc(site)}</a></div><nav class="{cls()}"><ul>{nav(rng)}</ul></nav></header>
<main id="main" role="main" class="{cls()}"><article class="{cls()}">
<header class="{cls()}"><h1 class="{cls()}">{esc(record["title"])}</h1></header>
<div class="{cls()}"><time datetime="{esc(record.get("published") or "")}">{esc(record.get("published") or "")}</time></div>
<figure class="{cls()}"><img src="/i.jpg"><figcaption class="{cls()}">صورة نشرتها وسائل إعلام محلية للمكان</figcaption></figure>
{blocks}
<section class="{cls()}" aria-labelledby="topics"><h2 id="topics">مواضيع ذات صلة</h2><ul>{"".join(f'<li><a href="/t/{i}">{esc(s)}</a></li>' for i, s in enumerate(SECTIONS[:4]))}</ul></section>
</article>
<section class="{cls()}"><h2 class="{cls()}">قصص مقترحة</h2>{"".join(f'<div class="{cls()}"><a href="/s/{i}"><h3 class="{cls()}">{esc(t)}</h3></a><p class="{cls()}">{esc(s)}</p></div>' for i, (t, s) in enumerate(more))}</section>
</main>
<footer class="{cls()}"><p>{FOOTER.format(year=2018, site=esc(site))}</p></footer>
</div><script>window.__INITIAL_DATA__={{"page":"article","ads":true}};</script></body></html>"""


def t_wire(rng, record, paragraphs, others, site, url, charset_meta):
    """A news agency page: plain structure, a promo line at the end."""
    related = teasers(rng, others, 5)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
{meta_block(record, site, url, rng.random() < 0.5, False, charset_meta)}
</head><body>
<div class="top-menu"><ul>{nav(rng)}</ul></div>
<div class="container">
<div class="col-md-8">
<div class="news-details">
<h1>{esc(record["title"])}</h1>
<div class="date">{esc(record.get("published") or "")}</div>
<div class="details-text">
{body_paragraphs(rng, paragraphs, related[0], False)}
<p class="promo"><a href="https://t.me/example">تابعوا آخر الأخبار عبر قناتنا على تلغرام</a></p>
</div>
</div>
<div class="more-news"><h4>أخبار ذات صلة</h4><ul>{"".join(f'<li><a href="/n/{i}">{esc(t)}</a></li>' for i, (t, _) in enumerate(related[1:]))}</ul></div>
</div>
<div class="col-md-4 side"><div class="weather-widget">دمشق 23°</div><div class="banner"><img src="/b.gif"></div></div>
</div>
<div class="footer">{FOOTER.format(year=2024, site=esc(site))}</div>
</body></html>"""


def t_amp(rng, record, paragraphs, others, site, url, charset_meta):
    """A mobile page: one story div, paragraphs as divs and spans."""
    blocks = "\n".join(f"<div>{esc(p)}</div>" for p in paragraphs)
    return f"""<!doctype html>
<html amp lang="ar" dir="rtl"><head>
{meta_block(record, site, url, True, True, charset_meta)}
<style amp-custom>.story{{padding:8px}}</style>
</head><body>
<amp-sidebar id="sidebar" layout="nodisplay"><ul>{nav(rng)}</ul></amp-sidebar>
<div class="header-bar"><button on="tap:sidebar.toggle">☰</button> {esc(site)}</div>
<div class="story">
<h1>{esc(record["title"])}</h1>
<span class="story-date">{esc(record.get("published") or "")}</span>
<amp-img src="/a.jpg" width="600" height="400"></amp-img>
{blocks}
</div>
<amp-ad width="300" height="250" type="doubleclick" data-slot="/1/ar"></amp-ad>
<div class="newsletter-box"><p>{NEWSLETTER}</p><input type="email"></div>
<div class="footer-links">{" - ".join(f'<a href="/{i}">{esc(s)}</a>' for i, s in enumerate(SECTIONS[:5]))}</div>
</body></html>"""


def t_magazine(rng, record, paragraphs, others, site, url, charset_meta):
    """A magazine: the body split around a pull quote and an inline related
    box, an author bio, a comment embed."""
    half = max(1, len(paragraphs) // 2)
    first = "".join(f"<p>{esc(p)}</p>" for p in paragraphs[:half])
    second = "".join(f"<p>{esc(p)}</p>" for p in paragraphs[half:])
    inline = teasers(rng, others, 2)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
{meta_block(record, site, url, True, rng.random() < 0.5, charset_meta)}
</head><body class="single">
<div class="navbar"><a class="brand" href="/">{esc(site)}</a><ul class="nav">{nav(rng)}</ul><form class="search"><input name="q"></form></div>
<div class="page-wrap">
<div class="story-header"><span class="kicker">{esc(rng.choice(SECTIONS))}</span><h1>{esc(record["title"])}</h1>
<p class="standfirst-meta">{byline(record)} · {esc(record.get("published") or "")}</p></div>
<div class="story-content">
<div class="story-part">{first}</div>
<blockquote class="pull-quote-box"><p>{esc(paragraphs[0][:90])}</p></blockquote>
<div class="inline-related"><strong>ذات صلة</strong><ul>{"".join(f'<li><a href="/m/{i}">{esc(t)}</a></li>' for i, (t, _) in enumerate(inline))}</ul></div>
<div class="story-part">{second}</div>
</div>
<div class="author-bio"><img src="/a.png"><p>كاتب وصحفي متخصص في الشؤون السياسية والاقتصادية للمنطقة العربية، عمل مراسلا في عدة عواصم.</p></div>
<section id="disqus_thread"><p>{esc(rng.choice(COMMENTS))}</p></section>
</div>
<div class="site-footer-bottom"><p>{FOOTER.format(year=2019, site=esc(site))}</p></div>
</body></html>"""


def t_fonts(rng, record, paragraphs, others, site, url, charset_meta):
    """An old CMS: <font> and <span> text, <br> paragraphs, and a long
    "about" box in the side column."""
    text = "<br>\n<br>\n".join(f'<span style="font-size:14px">{esc(p)}</span>' for p in paragraphs)
    head = f'<meta http-equiv="Content-Type" content="text/html; {charset_meta}">' if charset_meta else ""
    return f"""<html><head>{head}<title>{esc(record["title"])} - {esc(site)}</title></head>
<body dir="rtl"><center>
<div id="Top"><img src="/top.jpg"></div>
<div id="Menu">{" :: ".join(f'<a href="/cat.php?id={i}">{esc(s)}</a>' for i, s in enumerate(SECTIONS[:8]))}</div>
<div id="Right" style="float:right;width:200px"><div class="box"><div class="boxTitle">من نحن</div>
<div class="boxBody">موقع إخباري مستقل يهتم بنقل الأخبار المحلية والعربية والدولية بمهنية وحياد، ويقدم لقرائه التحليلات والتقارير الخاصة.</div></div>
<div class="box"><div class="boxTitle">آخر الأخبار</div>{"<br>".join(f'<a href="/news.php?id={i}">{esc(t)}</a>' for i, (t, _) in enumerate(teasers(rng, others, 6)))}</div></div>
<div id="NewsBody" style="margin-right:210px">
<font color="#990000" size="4"><b>{esc(record["title"])}</b></font><br>
<font size="1">{esc(record.get("published") or "")}</font><br><br>
<font face="Tahoma" size="2">{text}</font>
<br><br><a href="/print.php">نسخة للطباعة</a> | <a href="/send.php">أرسل الخبر</a>
</div>
<div id="Bottom">{FOOTER.format(year=2014, site=esc(site))}</div>
</center></body></html>"""


TEMPLATES = {
    "portal": t_portal,
    "wordpress": t_wordpress,
    "table": t_table,
    "css-modules": t_cssmodules,
    "wire": t_wire,
    "amp": t_amp,
    # Written after the extractor was tuned on the six above, as a check on
    # overfitting; not tuned for since.
    "magazine": t_magazine,
    "fonts": t_fonts,
}
ENCODINGS = [("utf-8", 0.7), ("windows-1256", 0.2), ("utf-16", 0.1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parent.parent.parent / "shared"))
    parser.add_argument("--count", type=int, default=240)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = load_articles(args.shared, args.count, rng)
    out = Path(args.out)
    (out / "pages").mkdir(parents=True, exist_ok=True)
    (out / "expected").mkdir(parents=True, exist_ok=True)
    names = sorted(TEMPLATES)
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for n, (record, paragraphs) in enumerate(articles):
            template = names[n % len(names)]
            roll, encoding = rng.random(), "utf-8"
            for name, share in ENCODINGS:
                if roll < share:
                    encoding = name
                    break
                roll -= share
            site = record.get("source") or "أخبار"
            url = record.get("url") or f"https://news.example/{n}"
            charset_meta = {
                "utf-8": '<meta charset="utf-8">',
                "windows-1256": '<meta charset="windows-1256">',
                "utf-16": "",
            }[encoding]
            if template in ("table", "fonts"):
                charset_meta = "" if encoding == "utf-16" else f"charset={encoding}"
            page = TEMPLATES[template](rng, record, paragraphs, [a for a in articles if a[0] is not record], site, url, charset_meta)
            if encoding == "utf-16":
                data = page.encode("utf-16")  # with a byte order mark
            else:
                data = page.encode(encoding, errors="xmlcharrefreplace")
            name = f"{n:03d}"
            (out / "pages" / f"{name}.html").write_bytes(data)
            (out / "expected" / f"{name}.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
            manifest.write(json.dumps({"file": f"{name}.html", "id": record["id"], "template": template, "encoding": encoding}, ensure_ascii=False) + "\n")
    print(f"{len(articles)} pages in {out}")


if __name__ == "__main__":
    main()
