"""immunolib.content: the real data loads and is complete; broken data gets an error that says how to fix it."""

import copy
import dataclasses
import re
import shutil
from pathlib import Path

import pytest
import yaml

from immunolib import content
from immunolib.content import Content, ContentError
from immunolib.figures import cards

DATA = Path(content.data_dir())

SEED_CELLS = ["b_cell", "cd4_t_cell", "cd8_t_cell", "dendritic_cell", "macrophage", "treg", "antibody", "cytokine"]
SEED_ORGANS = ["appendix", "bone_marrow", "lymph_node", "skin", "spleen", "thymus"]


# --- the real data ----------------------------------------------------------------------------------


def test_real_data_loads_and_every_group_checks():
    c = Content().check()
    assert c.cells() and c.organs() and c.glossary() and c.references()


@pytest.mark.parametrize("cell_id", SEED_CELLS + ["nk_cell", "neutrophil"])
def test_every_component_of_the_seed_is_described(cell_id):
    cell = content.cell(cell_id)
    assert cell.function and cell.recognition and cell.cancer_role and cell.misconception.fact
    assert cell.sources


def test_seed_molecules_are_molecules_and_cells_are_cells():
    assert content.cell("antibody").kind == "molecule"
    assert content.cell("cytokine").kind == "molecule"
    for cid in ("b_cell", "cd8_t_cell", "nk_cell", "neutrophil"):
        assert content.cell(cid).kind == "cell"


def test_branches_are_textbook():
    assert content.cell("nk_cell").branch == "innate"
    assert content.cell("neutrophil").branch == "innate"
    assert content.cell("macrophage").branch == "innate"
    for cid in ("b_cell", "cd4_t_cell", "cd8_t_cell", "treg", "antibody"):
        assert content.cell(cid).branch == "adaptive", cid
    assert content.cell("dendritic_cell").branch == "both"
    assert content.cell("nk_cell").lineage == "lymphoid"


def test_t_cells_mature_in_the_thymus_and_b_cells_in_the_bone_marrow():
    for cid in ("cd4_t_cell", "cd8_t_cell"):
        assert "thymus" in content.cell(cid).matures_in
        assert "bone_marrow" in content.cell(cid).made_in
    assert "bone_marrow" in content.cell("b_cell").matures_in


@pytest.mark.parametrize("organ_id", SEED_ORGANS)
def test_every_organ_of_the_seed_is_described(organ_id):
    organ = content.organ(organ_id)
    assert organ.what_happens and organ.sources
    assert 0 <= organ.position.x <= 1 and 0 <= organ.position.y <= 1


def test_organ_types():
    assert content.organ("thymus").type == "primary_lymphoid"
    assert content.organ("bone_marrow").type == "primary_lymphoid"
    assert content.organ("spleen").type == "secondary_lymphoid"
    assert content.organ("lymph_node").type == "secondary_lymphoid"
    assert content.organ("skin").type == "barrier"
    assert content.organ("appendix").open_question, "the appendix's function is debated: say so"


def test_branches_file_has_innate_and_adaptive_and_sortable_features():
    assert [b.id for b in content.branches()] == ["innate", "adaptive"]
    kinds = {f.branch for f in content.features()}
    assert {"innate", "adaptive"} <= kinds


def test_every_reference_has_a_resolvable_link():
    for r in content.references():
        assert r.link.startswith("https://"), r.id
        assert r.year >= 1900


def test_records_are_frozen_and_cached():
    cell = content.cell("b_cell")
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.name = "x"  # type: ignore[misc]
    assert content.load() is content.load()


def test_unknown_id_names_the_known_ones():
    with pytest.raises(KeyError, match="b_cell"):
        content.cell("b_cells")


# --- broken data: each error names file, entry, field and what was expected -------------------------


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the real data folder."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


def edit_entry(path: Path, collection: str, entry_id: str, **changes):
    doc = yaml.safe_load(path.read_text())
    for item in doc[collection]:
        if item["id"] == entry_id:
            for k, v in changes.items():
                if v is _DELETE:
                    del item[k]
                else:
                    item[k] = v
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


_DELETE = object()


def line_of(path: Path, text: str) -> int:
    """The line (1-based) of the only line of a file that contains ``text``."""
    rows = [i + 1 for i, row in enumerate(path.read_text(encoding="utf-8").splitlines()) if text in row]
    assert len(rows) == 1, (text, rows)
    return rows[0]


def load_error(root: Path) -> str:
    with pytest.raises(ContentError) as err:
        Content(root).check()
    return str(err.value)


def test_value_not_allowed(data_copy):
    edit_entry(data_copy / "cells.yaml", "cells", "b_cell", branch="adaptve")
    line = line_of(data_copy / "cells.yaml", "branch: adaptve")
    assert load_error(data_copy) == (
        "data/cells.yaml: entry 'b_cell': field 'branch' is 'adaptve'; expected one of innate, adaptive, both\n"
        f"  line {line}:  branch: adaptve\n"
        "  to fix: write one of innate, adaptive, both (spelled exactly so)."
    )


def test_missing_required_field(data_copy):
    edit_entry(data_copy / "organs.yaml", "organs", "spleen", what_happens=_DELETE)
    msg = load_error(data_copy)
    assert msg.startswith("data/organs.yaml: entry 'spleen': field 'what_happens' is missing"), msg


def test_wrong_type(data_copy):
    edit_entry(data_copy / "cells.yaml", "cells", "cd8_t_cell", markers="CD8")
    msg = load_error(data_copy)
    assert msg.splitlines()[:2] == [
        "data/cells.yaml: entry 'cd8_t_cell': field 'markers' is 'CD8' (text); expected a list",
        f"  line {line_of(data_copy / 'cells.yaml', 'markers: CD8')}:  markers: CD8",
    ], msg
    assert "to fix: write a list" in msg


def test_wrong_type_inside_a_nested_field(data_copy):
    edit_entry(data_copy / "organs.yaml", "organs", "thymus", position={"x": "left", "y": 0.5})
    msg = load_error(data_copy)
    assert "entry 'thymus': field 'position.x' is 'left' (text); expected a number" in msg, msg


def test_unknown_field(data_copy):
    edit_entry(data_copy / "cells.yaml", "cells", "treg", colour="purple")
    msg = load_error(data_copy)
    assert "data/cells.yaml: entry 'treg': field 'colour' is not a known field; expected one of id, name" in msg


def test_duplicate_id(data_copy):
    path = data_copy / "cells.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["cells"].append(copy.deepcopy(doc["cells"][0]))  # a deep copy: shared objects dump as YAML aliases
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    first = doc["cells"][0]["id"]
    msg = load_error(data_copy)
    assert msg.startswith(f"data/cells.yaml: entry '{first}': field 'id' is '{first}', which is used by an earlier"), (
        msg
    )
    last = [i + 1 for i, row in enumerate(path.read_text().splitlines()) if row.strip() == f"- id: {first}"][-1]
    assert f"\n  line {last}:  - id: {first}\n" in msg, msg  # the second one, the copy


def test_dangling_organ_reference(data_copy):
    edit_entry(data_copy / "cells.yaml", "cells", "cd4_t_cell", matures_in=["thymuss"])
    msg = load_error(data_copy)
    assert msg.startswith(
        "data/cells.yaml: entry 'cd4_t_cell': field 'matures_in' names 'thymuss', which is not "
        "an organ in data/organs.yaml; expected one of"
    ), msg
    assert "thymus" in msg


def test_dangling_cell_reference(data_copy):
    edit_entry(data_copy / "organs.yaml", "organs", "lymph_node", cells_meet=["cd8_t_cell", "killer_cell"])
    msg = load_error(data_copy)
    assert "entry 'lymph_node': field 'cells_meet' names 'killer_cell', which is not a cell" in msg, msg


def test_dangling_source(data_copy):
    edit_entry(data_copy / "cells.yaml", "cells", "macrophage", sources=["nobody2099"])
    msg = load_error(data_copy)
    assert (
        "entry 'macrophage': field 'sources' names 'nobody2099', which is not a reference in data/references.yaml"
        in msg
    )


def test_malformed_yaml_names_the_line(data_copy):
    path = data_copy / "glossary.yaml"
    lines = path.read_text().splitlines()
    lines.insert(3, "  - id: [unclosed")
    path.write_text("\n".join(lines) + "\n")
    msg = load_error(data_copy)
    assert msg.startswith(
        "data/glossary.yaml: line 4, column 9: a list or mapping opened with '[' on this line is never closed with ']'"
    ), msg
    assert "\n  line 4:  - id: [unclosed\n  to fix: add the ']'" in msg, msg


def test_duplicate_key_in_one_entry_is_an_error(data_copy):
    path = data_copy / "branches.yaml"
    text = path.read_text().replace("  - id: innate\n", "  - id: innate\n    id: innate\n", 1)
    path.write_text(text)
    msg = load_error(data_copy)
    assert "data/branches.yaml: line" in msg and "'id' appears twice" in msg, msg


def test_missing_file_is_named(data_copy):
    (data_copy / "organs.yaml").unlink()
    assert load_error(data_copy).startswith("data/organs.yaml: file not found")


def test_reference_needs_doi_or_url(data_copy):
    path = data_copy / "references.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["references"][0].pop("doi", None)
    doc["references"][0].pop("url", None)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    with pytest.raises(ContentError, match=r"references.yaml: entry '\w+': needs 'doi' or 'url'"):
        Content(data_copy)


def test_model_parameter_outside_its_own_range(data_copy):
    models = sorted((data_copy / "models").glob("*.yaml"))
    if not models:
        pytest.fail("data/models/ holds no model parameter files")
    path = models[0]
    doc = yaml.safe_load(path.read_text())
    p = doc["parameter_sets"][0]["parameters"][0]
    p["value"] = p["max"] * 2 + 1
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    msg = load_error(data_copy)
    assert f"parameter {p['name']!r}" in msg and "outside its own range" in msg, msg


def test_html_from_data_is_escaped(data_copy):
    evil = "<script>alert('x')</script> & <b>bold</b>"
    edit_entry(data_copy / "cells.yaml", "cells", "b_cell", name=evil, summary=evil, function=evil)
    edit_entry(data_copy / "organs.yaml", "organs", "spleen", what_happens=evil)
    c = Content(data_copy).check()
    for html in (cards.cell_card(c.cell("b_cell"), c), cards.organ_card(c.organ("spleen"), c)):
        assert "<script>" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


# --- further collections: a YAML file plus a schema, no code -----------------------------------------


def add_collection(root: Path, entries: list[dict]):
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["stories"],
        "additionalProperties": False,
        "properties": {
            "stories": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "title", "steps", "sources"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "sources": {"type": "array", "items": {"type": "string"}},
                        "steps": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["where", "cells"],
                                "additionalProperties": False,
                                "properties": {
                                    "where": {"type": "string", "x-refers-to": "organs"},
                                    "cells": {"type": "array", "items": {"type": "string"}, "x-refers-to": "cells"},
                                },
                            },
                        },
                    },
                },
            }
        },
    }
    import json

    (root / "schema" / "stories.json").write_text(json.dumps(schema))
    (root / "stories.yaml").write_text(yaml.safe_dump({"stories": entries}, sort_keys=False))


def test_further_collection_loads_as_frozen_records(data_copy):
    add_collection(
        data_copy,
        [
            {
                "id": "t_cell_trip",
                "title": "Trip",
                "sources": ["murphy2022"],
                "steps": [{"where": "thymus", "cells": ["cd4_t_cell"]}],
            }
        ],
    )
    c = Content(data_copy).check()
    assert "stories" in c.collection_names()
    story = c.record("stories", "t_cell_trip")
    assert story.steps[0].where == "thymus" and story.steps[0].cells == ("cd4_t_cell",)
    with pytest.raises(AttributeError):
        story.title = "changed"


def test_further_collection_checks_its_references(data_copy):
    add_collection(
        data_copy,
        [
            {
                "id": "t_cell_trip",
                "title": "Trip",
                "sources": ["murphy2022"],
                "steps": [{"where": "thymus", "cells": ["cd4_t_cell", "super_cell"]}],
            }
        ],
    )
    msg = load_error(data_copy)
    assert msg.startswith(
        "data/stories.yaml: entry 't_cell_trip': field 'steps[1].cells' names 'super_cell', "
        "which is not a cell in data/cells.yaml"
    ), msg


def test_further_collection_checks_sources_and_schema(data_copy):
    add_collection(data_copy, [{"id": "trip", "title": "Trip", "sources": ["nobody"], "steps": []}])
    assert "field 'sources' names 'nobody'" in load_error(data_copy)
    add_collection(data_copy, [{"id": "trip", "title": 3, "sources": ["murphy2022"], "steps": []}])
    assert load_error(data_copy) == (
        "data/stories.yaml: entry 'trip': field 'title' is 3 (a number); expected text\n"
        "  line 3:  title: 3\n"
        "  to fix: write text; put it in quotes if it looks like a number, true/false "
        "or a date."
    )


def test_signals_have_short_labels_for_diagrams():
    sigs = [s for c in content.cells() for s in c.signals_to]
    assert sigs and all(s.label and len(s.label) <= 40 for s in sigs)


def test_the_readme_example_error_is_what_loading_says(data_copy):
    readme = (DATA.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(data/cells\.yaml: entry 'b_cell'.*?)\n```", readme, re.S).group(1)
    edit_entry(data_copy / "cells.yaml", "cells", "b_cell", branch="adaptve")
    got = load_error(data_copy)
    want = re.sub(r"line \d+:", "line N:", block)
    assert re.sub(r"line \d+:", "line N:", got) == want, got


def test_every_glossary_definition_is_at_most_40_words():
    """The glossary carries the jargon for first-year students: one short definition each (lesson 08 brief)."""
    long = {t.id: len(t.definition.split()) for t in content.glossary() if len(t.definition.split()) > 40}
    assert not long, f"glossary definitions over 40 words (shorten them): {long}"
