"""Every Binder and nbgitpuller link of the course, derived from ONE setting: the repository URL.

The setting is ``[project.urls] Repository`` in ``pyproject.toml`` (for example
``https://github.com/immunolib/immunolib``). A teacher who forks the course changes that one line and runs
``make links``; every link in the README, the instructor notes and the notebooks' text then opens the fork.

Usage::

    python scripts/course_links.py --check             # exit 1 and list every link that disagrees
    python scripts/course_links.py --write             # rewrite them (what `make links` runs)
    python scripts/course_links.py binder 05_t_cells_and_antigen_presentation.ipynb
    python scripts/course_links.py nbgitpuller --hub https://hub.example.edu [NOTEBOOK]

``nbgitpuller`` prints the link a JupyterHub user clicks to get (or update) their own copy of the course
and open a lesson (https://nbgitpuller.readthedocs.io); the hub must have nbgitpuller installed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - older Pythons use the backport
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[1]
BRANCH = "main"
FIRST = "00_start_here.ipynb"

#: A Binder link to one notebook of a GitHub repository (any owner, repository and branch).
BINDER = re.compile(
    r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w./-]+?\?urlpath=lab/tree/notebooks/"
    r"(?P<nb>[\w.-]+\.ipynb)"
)
#: The part of an nbgitpuller link that names the repository (URL-encoded).
PULLER_REPO = re.compile(r"(git-pull\?repo=)(?P<repo>[^&\s)\"']+)")


def repository(root: Path = ROOT) -> str:
    """The repository URL from ``pyproject.toml`` (``[project.urls] Repository``), without a trailing slash."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    url = (project.get("urls") or {}).get("Repository")
    if not url:
        raise SystemExit('pyproject.toml: add [project.urls] Repository = "https://github.com/OWNER/REPO"')
    parts = urlsplit(url)
    path = parts.path.strip("/").removesuffix(".git")
    if parts.netloc != "github.com" or path.count("/") != 1:
        raise SystemExit(
            f"pyproject.toml: [project.urls] Repository must be https://github.com/OWNER/REPO; got {url!r}"
        )
    return f"https://github.com/{path}"


def binder_url(notebook: str, repo: str | None = None, branch: str = BRANCH) -> str:
    """The mybinder.org link that opens ``notebooks/<notebook>`` of the repository in JupyterLab.

    >>> binder_url("00_start_here.ipynb", "https://github.com/someone/immunity")
    'https://mybinder.org/v2/gh/someone/immunity/main?urlpath=lab/tree/notebooks/00_start_here.ipynb'
    """
    owner_repo = urlsplit(repo or repository()).path.strip("/")
    return f"https://mybinder.org/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/notebooks/{notebook}"


def nbgitpuller_url(hub: str, notebook: str = FIRST, repo: str | None = None, branch: str = BRANCH) -> str:
    """The nbgitpuller link for a JupyterHub: clone (or update) the course into the user's home, open a lesson.

    >>> nbgitpuller_url("https://hub.example.edu/", "01_innate_vs_adaptive.ipynb",
    ...                 "https://github.com/someone/immunity")  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fsomeone%2Fimmunity&urlpath=lab%2Ftree%2Fimmunity%2Fnotebooks%2F01_innate_vs_adaptive.ipynb&branch=main'
    """
    repo = repo or repository()
    if not re.match(r"^https?://", hub):
        raise ValueError(f"hub must be the hub's address starting with https://; got {hub!r}")
    folder = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1]
    return (
        f"{hub.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(repo, safe='')}"
        f"&urlpath={quote(f'lab/tree/{folder}/notebooks/{notebook}', safe='')}&branch={branch}"
    )


def files(root: Path = ROOT) -> list[Path]:
    """Every file whose text may carry a course link: README, docs and the notebooks."""
    out = [root / "README.md", *sorted((root / "docs").rglob("*.md")), *sorted((root / "notebooks").glob("*.ipynb"))]
    return [p for p in out if p.exists() and ".ipynb_checkpoints" not in p.parts]


def _rewrite_text(text: str, repo: str) -> str:
    text = BINDER.sub(lambda m: binder_url(m.group("nb"), repo), text)
    return PULLER_REPO.sub(lambda m: m.group(1) + quote(repo, safe=""), text)


def rewrite(path: Path, repo: str) -> str:
    """The file's text with every course link pointing at ``repo`` (notebooks: markdown cells only)."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return _rewrite_text(raw, repo)
    nb = json.loads(raw)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            new = _rewrite_text(source, repo)
            if new != source:
                cell["source"] = new.splitlines(keepends=True)
    out = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    return out if out != raw and json.loads(out) != json.loads(raw) else raw


def disagreements(root: Path = ROOT, repo: str | None = None) -> list[str]:
    """``path: link`` for every course link that does not point at the configured repository."""
    repo = repo or repository(root)
    wrong = []
    for path in files(root):
        text = path.read_text(encoding="utf-8")
        for m in BINDER.finditer(text):
            if m.group(0) != binder_url(m.group("nb"), repo):
                wrong.append(f"{path.relative_to(root)}: {m.group(0)}")
        for m in PULLER_REPO.finditer(text):
            if m.group("repo") != quote(repo, safe=""):
                wrong.append(f"{path.relative_to(root)}: nbgitpuller repo={m.group('repo')}")
    return wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="list links that disagree with pyproject.toml")
    parser.add_argument("--write", action="store_true", help="rewrite every link from pyproject.toml")
    sub = parser.add_subparsers(dest="command")
    b = sub.add_parser("binder", help="print the Binder link of a notebook")
    b.add_argument("notebook", nargs="?", default=FIRST)
    p = sub.add_parser("nbgitpuller", help="print an nbgitpuller link for a JupyterHub")
    p.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    p.add_argument("notebook", nargs="?", default=FIRST)
    args = parser.parse_args(argv)
    if args.command == "binder":
        print(binder_url(args.notebook))
        return 0
    if args.command == "nbgitpuller":
        print(nbgitpuller_url(args.hub, args.notebook))
        return 0
    if args.write:
        repo = repository()
        changed = 0
        for path in files():
            new = rewrite(path, repo)
            if new != path.read_text(encoding="utf-8"):
                path.write_text(new, encoding="utf-8")
                changed += 1
                print(f"rewrote {path.relative_to(ROOT)}")
        print(f"every course link now points at {repo} ({changed} file(s) changed)")
        return 0
    wrong = disagreements()
    if wrong:
        print(f"{len(wrong)} link(s) do not point at {repository()} (run `make links`):")
        print("\n".join(f"  {w}" for w in wrong))
        return 1
    print(f"every course link points at {repository()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
