"""Every Binder and nbgitpuller link comes from one setting (pyproject.toml's repository URL)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "course_links.py"
_spec = importlib.util.spec_from_file_location("course_links", SCRIPT)
links = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(links)


def test_every_link_agrees_with_pyproject():
    wrong = links.disagreements()
    assert not wrong, "links that do not open the repository named in pyproject.toml (run `make links`):\n" + "\n".join(
        wrong
    )


def test_the_readme_has_links_to_check():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(links.BINDER.findall(text)) >= 2


@pytest.fixture()
def fork(tmp_path):
    """A copy of the course's text files whose pyproject names a fork."""
    for name in ("README.md", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    toml = tmp_path / "pyproject.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(links.repository(ROOT), "https://github.com/a-teacher/my-course"),
        encoding="utf-8",
    )
    return tmp_path


def test_a_fork_is_one_setting_and_one_command_away(fork):
    assert links.repository(fork) == "https://github.com/a-teacher/my-course"
    before = links.disagreements(fork)
    assert before, "changing the repository must make the old links disagree"
    for path in links.files(fork):
        path.write_text(links.rewrite(path, links.repository(fork)), encoding="utf-8")
    assert links.disagreements(fork) == []
    readme = (fork / "README.md").read_text(encoding="utf-8")
    assert "mybinder.org/v2/gh/a-teacher/my-course/main?urlpath=lab/tree/notebooks/00_start_here.ipynb" in readme


def test_rewriting_is_idempotent():
    for path in links.files():
        assert links.rewrite(path, links.repository()) == path.read_text(encoding="utf-8"), path


def test_nbgitpuller_link_opens_the_lesson_in_the_hub():
    url = links.nbgitpuller_url(
        "https://hub.example.edu", "07_immunotherapy_lab.ipynb", "https://github.com/a-teacher/my-course"
    )
    assert url.startswith("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com")
    assert "urlpath=lab%2Ftree%2Fmy-course%2Fnotebooks%2F07_immunotherapy_lab.ipynb" in url
    with pytest.raises(ValueError, match="hub"):
        links.nbgitpuller_url("hub.example.edu")


def test_command_line_check_passes_and_prints_links():
    out = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "nbgitpuller", "--hub", "https://hub.example.edu"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0 and "git-pull?repo=" in out.stdout
