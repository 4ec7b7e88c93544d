#!/usr/bin/env python3
"""khabar's speed and memory at scale, with the Python peers measured on the
same inputs in the same run.

    python3 scripts/bench.py [--khabar BIN] [--big-gb 2]

1. `khabar analyze` (all cores) over every corpus in ../shared/corpus:
   articles/s, MB/s of article text, wall time, peak RSS.
2. One core over the texts of ant-multisource: `khabar analyze --threads 1`
   (the whole pipeline, JSON out) beside CAMeL Tools' normalization
   (Unicode, alef, alef maksura, teh marbuta, diacritics) and
   simple_word_tokenize (far less work, the closest peer).
3. The generated HTML test pages (scripts/gen_html_pages.py): `khabar
   analyze --threads 1` beside trafilatura's extraction of the same bytes.
4. A WARC.gz in the CC-NEWS layout (a gzip member per record) built from
   those pages: `khabar bench --warc` (reading, one core) and `khabar
   analyze` over it; then the same file repeated to --big-gb GB in /tmp,
   read with its peak RSS, and deleted.
5. ant-multisource decompressed and repeated to --big-gb GB of JSONL in
   /tmp: `khabar analyze` over it with its peak RSS; then deleted.

Peak RSS comes from /usr/bin/time. Everything generated goes to the cache
($KHABAR_CACHE, default ~/.cache/khabar) or /tmp, never the checkout.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers  # noqa: E402

peers.ensure_venv()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import trafilatura  # noqa: E402
from camel_tools.tokenizers.word import simple_word_tokenize  # noqa: E402
from camel_tools.utils.dediac import dediac_ar  # noqa: E402
from camel_tools.utils.normalize import (  # noqa: E402
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)


def timed(command, stdout=subprocess.DEVNULL):
    """Wall seconds, peak RSS in MB and stderr of a command."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M"] + command, stdout=stdout, stderr=subprocess.PIPE, text=True)
    match = re.search(r"TIME ([\d.]+) (\d+)", out.stderr)
    if out.returncode not in (0, 1) or not match:
        sys.exit(f"failed: {' '.join(command)}\n{out.stderr}")
    return float(match.group(1)), int(match.group(2)) / 1024, out.stderr


@contextlib.contextmanager
def repeated(chunk, suffix, gigabytes):
    """A temporary file of `chunk` repeated to `gigabytes`, removed after use: (path, GB)."""
    big = Path(f"/tmp/khabar-bench-big.{suffix}")
    try:
        with open(big, "wb") as f:
            while f.tell() < gigabytes * 1e9:
                f.write(chunk)
        yield big, big.stat().st_size / 1e9
    finally:
        big.unlink(missing_ok=True)


def corpus_texts(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def camel(texts):
    words = 0
    start = time.perf_counter()
    for text in texts:
        text = normalize_unicode(text)
        text = normalize_alef_ar(normalize_alef_maksura_ar(normalize_teh_marbuta_ar(text)))
        words += len(simple_word_tokenize(dediac_ar(text)))
    return time.perf_counter() - start, words


def build_warc(pages, out, target_mb):
    """CC-NEWS layout: warcinfo, then a gzip member per response record."""
    files = sorted((pages / "pages").glob("*.html"))
    bodies = [f.read_bytes() for f in files]
    with open(out, "wb") as warc:
        info = b"software: khabar scripts/bench.py\r\n"
        warc.write(gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n" % (len(info), info)))
        n = 0
        while warc.tell() < target_mb * 1e6:
            body = bodies[n % len(bodies)]
            charset = b"utf-16" if body.startswith(b"\xff\xfe") else b"utf-8" if b'charset="utf-8"' in body[:2000] else b"windows-1256"
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=%s\r\nContent-Length: %d\r\n\r\n%s" % (charset, len(body), body)
            head = (
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2018-02-18T21:35:43Z\r\n"
                f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
                f"WARC-Target-URI: https://news.example/{n}\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n"
            ).encode()
            warc.write(gzip.compress(head + http + b"\r\n\r\n", compresslevel=6))
            n += 1
    return n


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", help="khabar binary (default: built in release mode)")
    parser.add_argument("--big-gb", type=float, default=2.0, help="size of the repeated WARC.gz (0 to skip)")
    args = parser.parse_args()
    shared = peers.shared_dir()
    khabar = peers.khabar_binary(args.khabar)
    print(f"khabar bench on {os.cpu_count()} cores; peers: trafilatura {peers.version('trafilatura')}, camel-tools {peers.version('camel-tools')}\n")

    print("| corpus (khabar analyze, all cores) | articles | MB of text | wall s | articles/s | MB/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    multisource = None
    for path in sorted((shared / "corpus").glob("*.jsonl.gz")):
        texts = corpus_texts(path)
        mb = sum(len(t.encode()) for t in texts) / 1e6
        wall, rss, err = timed([khabar, "analyze", str(path)])
        written = int(re.search(r"khabar: (\d+) articles", err).group(1))
        print(f"| {path.name} | {written} | {mb:.1f} | {wall:.2f} | {written / wall:.0f} | {mb / wall:.1f} | {rss:.0f} |")
        if path.name == "ant-multisource.jsonl.gz":
            multisource = (path, texts, mb)

    if multisource:
        path, texts, mb = multisource
        print(f"\n| one core, {path.name} ({len(texts)} texts) | seconds | articles/s | MB/s |")
        print("|---|---:|---:|---:|")
        wall, _, _ = timed([khabar, "analyze", "--threads", "1", str(path)])
        print(f"| khabar analyze --threads 1 (read, whole pipeline, JSON out) | {wall:.2f} | {len(texts) / wall:.0f} | {mb / wall:.1f} |")
        secs, words = camel(texts)
        print(f"| CAMeL Tools normalize + simple_word_tokenize ({words} words) | {secs:.2f} | {len(texts) / secs:.0f} | {mb / secs:.1f} |")

    pages = peers.html_pages(None, shared)
    files = sorted((pages / "pages").glob("*.html"))
    size = sum(f.stat().st_size for f in files) / 1e6
    print(f"\n| one core, {len(files)} HTML pages ({size:.1f} MB) | seconds | pages/s | MB/s |")
    print("|---|---:|---:|---:|")
    wall, _, _ = timed([khabar, "analyze", "--threads", "1", "--input-format", "html", str(pages / "pages")])
    print(f"| khabar analyze --threads 1 (extraction and the whole pipeline) | {wall:.2f} | {len(files) / wall:.0f} | {size / wall:.1f} |")
    start = time.perf_counter()
    for f in files:
        trafilatura.extract(f.read_bytes(), include_comments=False)
    secs = time.perf_counter() - start
    print(f"| trafilatura extract | {secs:.2f} | {len(files) / secs:.0f} | {size / secs:.1f} |")

    warc = peers.cache_dir() / "bench.warc.gz"
    if not warc.exists():
        build_warc(pages, warc, 100)
    print(f"\nWARC.gz of the pages repeated, a gzip member per record: {warc}")
    out = subprocess.run([khabar, "bench", "--warc", str(warc)], capture_output=True, text=True, check=True)
    print(out.stdout)
    wall, rss, err = timed([khabar, "analyze", str(warc)])
    written = int(re.search(r"khabar: (\d+) articles", err).group(1))
    mb = warc.stat().st_size / 1e6
    print(f"khabar analyze {warc.name} (all cores): {written} articles in {wall:.1f} s, {written / wall:.0f} articles/s, {mb / wall:.1f} MB/s stored, peak RSS {rss:.0f} MB")

    if args.big_gb > 0:
        with repeated(warc.read_bytes(), "warc.gz", args.big_gb) as (big, gb):
            wall, rss, _ = timed([khabar, "bench", "--warc", "--repeat", "1", str(big)], stdout=subprocess.PIPE)
            print(f"\n{big} ({gb:.2f} GB, the file above repeated): read in {wall:.1f} s, {gb * 1e3 / wall:.0f} MB/s, peak RSS {rss:.0f} MB")
        if multisource:
            with gzip.open(multisource[0], "rb") as f:
                chunk = f.read()
            with repeated(chunk, "jsonl", args.big_gb) as (big, gb):
                wall, rss, err = timed([khabar, "analyze", str(big)])
                written = int(re.search(r"khabar: (\d+) articles", err).group(1))
                print(f"{big} ({gb:.2f} GB of JSONL, ant-multisource repeated): khabar analyze (all cores) wrote {written} articles in {wall:.1f} s, {written / wall:.0f} articles/s, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
