#!/usr/bin/env python3
"""Main-text extraction scored on the generated HTML test pages: khabar and
trafilatura on the same bytes in the same run.

    python3 scripts/eval_html.py [--pages DIR] [--khabar BIN] [--check]

Pages come from scripts/gen_html_pages.py (generated into the cache when
absent, from ../shared). Scores are bag-of-words over `\\w+` tokens: P is
the share of extracted tokens that are in the article, R the share of the
article's tokens extracted; micro-averaged over all pages (macro F1 is the
mean of per-page F1). With --check the exit status is 1 when khabar's micro
F1 is below trafilatura's.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers  # noqa: E402

peers.ensure_venv()

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402

import trafilatura  # noqa: E402

WORD = re.compile(r"\w+")


def bag(text):
    return Counter(WORD.findall(text or ""))


class Score:
    def __init__(self):
        self.overlap = self.predicted = self.gold = 0
        self.f1s = []
        self.empty = 0

    def add(self, predicted, gold):
        p, g = bag(predicted), bag(gold)
        overlap = sum((p & g).values())
        self.overlap += overlap
        self.predicted += sum(p.values())
        self.gold += sum(g.values())
        self.empty += not p
        prec = overlap / max(sum(p.values()), 1)
        rec = overlap / max(sum(g.values()), 1)
        self.f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)

    def prf(self):
        p = self.overlap / max(self.predicted, 1)
        r = self.overlap / max(self.gold, 1)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def macro(self):
        return sum(self.f1s) / max(len(self.f1s), 1)


def run_khabar(binary, pages):
    start = time.perf_counter()
    out = subprocess.run(
        [binary, "analyze", "--threads", "1", "--input-format", "html", "--format", "jsonl", str(pages / "pages")],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if out.returncode not in (0, 1):
        sys.exit(f"khabar failed: {out.stderr}")
    texts = {}
    for line in out.stdout.splitlines():
        article = json.loads(line)
        texts[article["id"]] = article["text"]
    return texts, elapsed


def run_trafilatura(pages, manifest):
    texts = {}
    start = time.perf_counter()
    for entry in manifest:
        data = (pages / "pages" / entry["file"]).read_bytes()
        texts[Path(entry["file"]).stem] = trafilatura.extract(data, include_comments=False) or ""
    return texts, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", help="generated pages (default: the cache, generated when absent)")
    parser.add_argument("--khabar", help="khabar binary (default: built in release mode)")
    parser.add_argument("--check", action="store_true", help="fail when khabar's F1 is below trafilatura's")
    args = parser.parse_args()
    pages = peers.html_pages(args.pages, peers.shared_dir() if not args.pages else None)
    manifest = [json.loads(line) for line in open(pages / "manifest.jsonl", encoding="utf-8")]
    binary = peers.khabar_binary(args.khabar)
    systems = {
        "khabar": run_khabar(binary, pages),
        f"trafilatura {peers.version('trafilatura')}": run_trafilatura(pages, manifest),
    }
    total = {name: Score() for name in systems}
    by = defaultdict(lambda: {name: Score() for name in systems})
    for entry in manifest:
        stem = Path(entry["file"]).stem
        gold = (pages / "expected" / f"{stem}.txt").read_text(encoding="utf-8")
        for name, (texts, _) in systems.items():
            predicted = texts.get(stem, "")
            total[name].add(predicted, gold)
            by["template " + entry["template"]][name].add(predicted, gold)
            by["encoding " + entry["encoding"]][name].add(predicted, gold)
    print(f"{len(manifest)} pages from {pages}; one core; khabar time is `khabar analyze` (extraction and the whole pipeline)")
    print()
    print("| extractor | P | R | F1 | macro F1 | pages with no text | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (_, elapsed) in systems.items():
        p, r, f = total[name].prf()
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {total[name].macro():.3f} | {total[name].empty} | {elapsed:.2f} |")
    print()
    print("| F1 by | " + " | ".join(systems) + " |")
    print("|---|" + "---:|" * len(systems))
    for key in sorted(by):
        print(f"| {key} | " + " | ".join(f"{by[key][n].prf()[2]:.3f}" for n in systems) + " |")
    names = list(systems)
    if args.check and total[names[0]].prf()[2] < total[names[1]].prf()[2]:
        print("khabar's F1 is below trafilatura's", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
