"""The README lists every lesson with a Binder link that opens it, and every link points at a real notebook."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
BINDER = re.compile(r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/main\?urlpath=lab/tree/notebooks/([\w.-]+\.ipynb)")


def test_every_notebook_has_a_binder_link():
    linked = set(BINDER.findall(README))
    missing = [n for n in NOTEBOOKS if n not in linked]
    assert not missing, f"add a Binder link to the README for {missing}"


def test_every_binder_link_opens_an_existing_notebook():
    linked = set(BINDER.findall(README))
    assert linked, "no Binder links in the README"
    assert linked <= set(NOTEBOOKS), f"links to missing notebooks: {sorted(linked - set(NOTEBOOKS))}"


def test_badge_opens_the_first_notebook():
    assert re.search(
        r"\[!\[Binder\]\(https://mybinder\.org/badge_logo\.svg\)\]\("
        + BINDER.pattern.replace("([\\w.-]+\\.ipynb)", "00_start_here\\.ipynb")
        + r"\)",
        README,
    )


def test_readme_gives_the_commands_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in README and "make test" in ci
    assert "make lab" in README and "make notebooks" in README
    assert "environment.yml" in README


def test_every_lesson_has_an_instructor_note():
    for n in NOTEBOOKS:
        if n.startswith("00_"):
            continue
        note = ROOT / "docs" / "instructor" / n.replace(".ipynb", ".md")
        assert note.exists(), f"missing instructor note {note.relative_to(ROOT)}"
        text = note.read_text(encoding="utf-8").lower()
        for part in ("objective", "50", "answer", "misconception"):
            assert part in text, f"{note.name} lacks '{part}'"


def test_make_lab_serves_the_repository_and_opens_the_first_notebook():
    import shutil
    import subprocess

    make = shutil.which("make")
    assert make, "make is needed for the README's commands"
    out = subprocess.run([make, "-n", "lab"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lab = next(line for line in out.stdout.splitlines() if "jupyter lab" in line)
    # it serves the repository root (data/ and docs/ are reachable in Lab) ...
    assert "--ServerApp.root_dir=." in lab, lab
    assert "notebooks" not in lab.split("--ServerApp.root_dir=")[1].split()[0], lab
    # ... and the URLs it prints (the server's default URL) lead to the first lesson, not the Launcher
    assert "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb" in lab, lab
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()
    printed = out.stdout.split(lab)[0]
    assert "lab/tree/notebooks/00_start_here.ipynb" in printed, "make lab should print the lesson's URL"


def test_make_html_and_present_run_the_documented_commands():
    import shutil
    import subprocess

    make = shutil.which("make")
    out = subprocess.run([make, "-n", "html"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "scripts/build_site.py" in out.stdout, out.stderr
    out = subprocess.run([make, "-n", "present", "LESSON=01"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "/voila/render/notebooks/01_innate_vs_adaptive.ipynb" in out.stdout
    out = subprocess.run([make, "present", "LESSON=99"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "no lesson matches" in out.stdout
    for command in ("make html", "make present", "make links"):
        assert command in README, f"the README must explain {command!r}"
