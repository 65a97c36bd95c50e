"""Every broken-data case an instructor or a careless pull request can produce gets a message that names the
file, the line, the entry and field where there is one, what is there, what is expected and how to fix it.

Each case is a folder in tests/fixtures/broken_data/ (written by make_fixtures.py there): its files are laid
over a copy of data/ and the data is loaded. The billion-laughs file is also loaded under a memory limit.
"""

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from immunolib import _yaml, content
from immunolib.content import Content, ContentError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "broken_data"
DATA = Path(content.data_dir())


def data_with(case: str, tmp_path: Path) -> Path:
    """A copy of data/ with the files of one fixture case laid over it."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    src = FIXTURES / case
    assert src.is_dir(), f"no fixture {case}"
    for f in src.rglob("*"):
        if f.is_file():
            target = dst / f.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
    return dst


def error_of(case: str, tmp_path: Path) -> str:
    with pytest.raises(ContentError) as err:
        Content(data_with(case, tmp_path)).check()
    return str(err.value)


# case -> (first line of the message, must appear in the rest: the quoted line and the fix)
CASES = {
    "alias_bomb": (
        "data/cells.yaml: line 3: '&l0' is a YAML anchor",
        ["line 3:  - &l0 [", "course data does not use anchors or aliases", "to fix: delete '&l0'"],
    ),
    "merge_key": ("data/glossary.yaml: line 2: '&base' is a YAML anchor", ["to fix: delete '&base'"]),
    "python_tag": (
        "data/glossary.yaml: line 3: the tag '!!python/object/apply:os.system' is not allowed",
        ["plain YAML", "to fix: delete '!!python/object/apply:os.system'"],
    ),
    "unclosed_quote": (
        'data/glossary.yaml: line 44, column 11: the text that starts with " on this line is never closed',
        ['line 44:  term: "Unclosed quote', 'to fix: add the closing "'],
    ),
    "bad_indentation": (
        "data/glossary.yaml: line 5, column 4: this line is indented differently",
        ["line 5:  sources: [murphy2022]", "to fix: start it in the same column"],
    ),
    "colon_in_value": (
        "data/glossary.yaml: line 4, column 21: a ':' followed by a space appears inside a value",
        ["line 4:  definition: Note: any", "to fix: put the whole value in quotes"],
    ),
    "tab_indentation": (
        "data/glossary.yaml: line 4, column 1: this line is indented with a tab character",
        ["to fix: replace the tab with spaces"],
    ),
    "empty_file": (
        "data/glossary.yaml: the file is empty (it holds nothing, or only comments); expected 'terms:' "
        "followed by its entries",
        ["to fix: restore it (for example: git checkout -- data/glossary.yaml)"],
    ),
    "not_utf8": (
        "data/glossary.yaml: line 4, column 42: the file is not UTF-8 text: byte 0xE9",
        ["Latin-1", "to fix: save the file with the UTF-8 encoding"],
    ),
    "control_character": (
        "data/glossary.yaml: line 3: the file contains an invisible control character (U+0007)",
        ["to fix: delete it"],
    ),
    "duplicate_key": (
        "data/glossary.yaml: line 5, column 5: the field 'term' appears twice in one entry",
        ["line 5:  term: Antigens", "to fix: keep one 'term' line"],
    ),
    "deep_nesting": (
        "data/glossary.yaml: line 1: lists and mappings are nested more than 40 levels deep",
        ["to fix: check the indentation and brackets"],
    ),
    "number_with_unit": (
        "data/models/toy_model.yaml: entry 'toy_model': parameter set 'default': parameter "
        "'influx': field 'value' is '5.0e9 cells' (text); expected a number",
        ["line 12:  value: 5.0e9 cells", "to fix: write a plain number such as 0.5, 1200 or 5.0e9"],
    ),
    "range_not_a_number": (
        "data/models/toy_model.yaml: entry 'toy_model': parameter set 'default': parameter "
        "'influx': field 'max' is 'lots' (text); expected a number",
        ["line 16:  max: lots"],
    ),
    "quiz_missing_notebook": (
        "data/quizzes/99_typo.yaml: entry '99_typo': field 'notebook' is "
        "'00_start_hre.ipynb', but there is no notebook notebooks/00_start_hre.ipynb; "
        "expected one of 00_start_here.ipynb",
        ["line 3:  notebook: 00_start_hre.ipynb", "did you mean '00_start_here.ipynb'?"],
    ),
    "text_too_long": (
        "data/notes.yaml: entry 'long': field 'label' is 52 characters long; expected at most 40 characters",
        ["line 6:  label: This label", "to fix: shorten it by 12 characters or more"],
    ),
}


def test_every_fixture_has_a_case():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - {"valid_exponent_numbers"}
    assert folders == set(CASES), f"fixtures without an expected message: {folders - set(CASES)}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_data_message(case, tmp_path):
    headline, details = CASES[case]
    msg = error_of(case, tmp_path)
    first, *rest = msg.splitlines()
    assert first.startswith(headline), msg
    for d in details:
        assert d in msg, f"{d!r} not in:\n{msg}"
    assert "to fix:" in msg, msg
    # plain words: no parser jargon, never called a syntax error
    for jargon in ("<block end>", "<scalar>", "YAML syntax error", "simple key", "could not determine", "byte offset"):
        assert jargon not in msg, msg


def test_numbers_written_5e9_are_numbers(tmp_path):
    c = Content(data_with("valid_exponent_numbers", tmp_path)).check()
    p = c.model("toy_model").parameter_set()["influx"]
    assert (p.value, p.max) == (5.0e9, 1e12)


@pytest.mark.parametrize(
    "text, value",
    [
        ("5.0e9", 5.0e9),
        ("1e-3", 1e-3),
        ("2E6", 2e6),
        ("-4.5e+2", -450.0),
        (".5e1", 5.0),
        ("1_000e3", 1e6),
        ("12", 12),
        ("1.5", 1.5),
        ("1e", "1e"),
        ("e9", "e9"),
        ("5.0e9 cells", "5.0e9 cells"),
        ("'5e9'", "5e9"),
        ("3.10", 3.1),
        ("true", True),
        ("2024-01-05", None),
    ],
)
def test_the_number_resolver_reads_exponents_and_nothing_else(text, value):
    if value is None:  # dates are not part of course data: they stay what PyYAML makes of them
        return
    assert _yaml.parse(f"x: {text}\n").data["x"] == value


def test_a_too_large_file_is_refused_before_it_is_read(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    big = data / "glossary.yaml"
    big.write_text("# padding\n" * (_yaml.MAX_BYTES // 10 + 1))
    with pytest.raises(ContentError) as err:
        Content(data).check()
    msg = str(err.value)
    assert msg.startswith("data/glossary.yaml: the file is ") and f"at most {_yaml.MAX_BYTES:,} bytes" in msg, msg


def test_a_file_with_too_many_values_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "glossary.yaml").write_text("terms: [" + ", ".join(["1"] * (_yaml.MAX_NODES + 10)) + "]\n")
    with pytest.raises(ContentError, match=rf"more than {_yaml.MAX_NODES:,} values"):
        Content(data).check()


def test_the_real_data_is_far_inside_the_limits():
    for path in DATA.rglob("*.yaml"):
        assert path.stat().st_size < _yaml.MAX_BYTES / 10, path
        doc = _yaml.load_bytes(path.read_bytes())
        assert len(doc.lines) < _yaml.MAX_NODES / 10, path


BOMB_SCRIPT = textwrap.dedent("""
    import resource, sys, time
    limit = int(sys.argv[2]) * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from immunolib.content import Content, ContentError
    t = time.perf_counter()
    try:
        Content(sys.argv[1]).check()
        print("LOADED")
    except ContentError as exc:
        print("REFUSED", round(time.perf_counter() - t, 3), str(exc).splitlines()[0])
    except MemoryError:
        print("MEMORYERROR")
    print("MAXRSS_MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
""")


def test_the_alias_bomb_is_refused_at_once_under_a_memory_limit(tmp_path):
    """The billion-laughs file (10^9 strings when expanded) is refused, not expanded, within 1 GB of address space.

    Before the fix it ran ~70 s and raised MemoryError at 4 GB; the address-space limit is the guard here (a
    MemoryError fails the test). Seconds and resident memory are printed by the script, not asserted: they
    depend on the machine.
    """
    data = data_with("alias_bomb", tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", BOMB_SCRIPT, str(data), "1024"], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert lines[0].startswith("REFUSED"), out.stdout + out.stderr[-2000:]
    assert "YAML anchor" in lines[0]


def test_quiz_schema_names_notebook_files():
    schema = json.loads((DATA / "schema" / "quiz.json").read_text())
    pattern = schema["properties"]["notebook"]["pattern"]
    for path in sorted((DATA / "quizzes").glob("*.yaml")):
        nb = yaml.safe_load(path.read_text())["notebook"]
        assert re.fullmatch(pattern, nb), (path.name, nb)
        assert (DATA.parent / "notebooks" / nb).is_file(), (path.name, nb)
