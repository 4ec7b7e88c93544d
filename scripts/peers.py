"""The Python peers khabar is measured against, in a venv of their own.

`ensure_venv()` re-runs the calling script under the venv's Python, creating
the venv and installing the pinned peers first when needed. The venv lives
in $KHABAR_CACHE (default ~/.cache/khabar), never in the checkout.
"""

import os
import subprocess
import sys
import venv
from pathlib import Path

# Pinned so that figures are comparable run to run.
PACKAGES = ["trafilatura==2.3.1", "lxml_html_clean", "six", "emoji", "regex"]
# CAMeL Tools without its dependencies: the full install pulls torch, and
# its normalization and simple_word_tokenize need only the packages above.
NO_DEPS = ["camel-tools==1.6.0"]

ROOT = Path(__file__).resolve().parent.parent


def cache_dir():
    return Path(os.environ.get("KHABAR_CACHE", Path.home() / ".cache" / "khabar"))


def ensure_venv():
    env_dir = cache_dir() / "venv-peers"
    python = env_dir / "bin" / "python"
    if Path(sys.prefix).resolve() == env_dir.resolve():
        return
    stamp = env_dir / "installed.txt"
    wanted = "\n".join(PACKAGES + NO_DEPS)
    if not stamp.exists() or stamp.read_text() != wanted:
        print(f"peers: installing {', '.join(PACKAGES + NO_DEPS)} into {env_dir}", file=sys.stderr)
        venv.create(env_dir, with_pip=True, clear=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run(pip + PACKAGES, check=True)
        subprocess.run(pip + ["--no-deps"] + NO_DEPS, check=True)
        stamp.write_text(wanted)
    os.execv(str(python), [str(python)] + sys.argv)


def version(package):
    from importlib.metadata import version as v

    return v(package)


def khabar_binary(explicit):
    """The khabar binary to measure: given, or built in release mode."""
    if explicit:
        return explicit
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "khabar-cli"], cwd=ROOT, check=True)
    return str(target / "release" / "khabar")


def html_pages(pages, shared):
    """The generated HTML test pages, generated into the cache when absent."""
    pages = Path(pages) if pages else cache_dir() / "html-pages"
    if not (pages / "manifest.jsonl").exists():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "gen_html_pages.py"), "--out", str(pages), "--shared", str(shared)],
            check=True,
        )
    return pages


def shared_dir():
    shared = Path(os.environ.get("KHABAR_SHARED", ROOT.parent / "shared"))
    if not (shared / "corpus").is_dir():
        print(f"skipped: {shared} is absent (set KHABAR_SHARED to its path)")
        sys.exit(0)
    return shared
