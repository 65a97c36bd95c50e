"""The content package: a typed record class for every collection, one reference checker driven by the
schemas' ``x-refers-to`` for every file, and a package of small modules without an import circle."""

import ast
import dataclasses
import json
import shutil
import typing
from pathlib import Path

import pytest
import yaml

from immunolib import content
from immunolib.content import Content, ContentError
from immunolib.content.lesson_records import TYPED
from immunolib.content.records import Record, build
from immunolib.content.store import CORE

DATA = Path(content.data_dir())
SCHEMAS = DATA / "schema"
PACKAGE = Path(content.__file__).parent


@pytest.fixture
def data_copy(tmp_path):
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


def load_error(root: Path) -> str:
    with pytest.raises(ContentError) as err:
        Content(root).check()
    return str(err.value)


def edit(path: Path, change) -> None:
    doc = yaml.safe_load(path.read_text())
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


# --- typed records --------------------------------------------------------------------------------

FURTHER = sorted(p.stem for p in SCHEMAS.glob("*.json") if p.stem not in CORE)


def test_every_further_collection_has_a_typed_record_class():
    assert set(TYPED) == set(FURTHER), f"no record class in content/lesson_records.py for {set(FURTHER) - set(TYPED)}"


def _object_schemas(schema: dict, cls: type, root: dict):
    """(schema of an object, record class) pairs: the class and every nested record class its fields name."""
    yield schema, cls
    hints = typing.get_type_hints(cls)
    for key, sub in schema.get("properties", {}).items():
        if "$ref" in sub:
            sub = {**root["$defs"][sub["$ref"].split("/")[-1]], **sub}
        if sub.get("type") == "array":
            sub = sub.get("items", {})
        hint = hints.get(getattr(cls, "_RENAMED", {}).get(key, key))
        nested = [a for a in _flat(hint) if isinstance(a, type) and issubclass(a, Record) and a is not Record]
        if sub.get("properties") and nested:
            yield from _object_schemas(sub, nested[0], root)


def _flat(hint):
    yield hint
    for a in typing.get_args(hint):
        yield from _flat(a)


@pytest.mark.parametrize("name", FURTHER)
def test_record_fields_are_the_schema_properties(name):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    for obj, cls in _object_schemas(schema["properties"][name]["items"], TYPED[name], schema):
        fields = {f.name: f for f in dataclasses.fields(cls)}
        assert set(fields) == set(obj["properties"]), (cls.__name__, set(fields) ^ set(obj["properties"]))
        for key in obj["properties"]:
            has_default = fields[key].default is not dataclasses.MISSING
            assert has_default == (key not in obj.get("required", [])), (cls.__name__, key)


@pytest.mark.parametrize("name", FURTHER)
def test_records_of_every_collection_are_typed_and_frozen(name):
    records = content.collection(name)
    assert records and all(isinstance(r, TYPED[name]) and isinstance(r, Record) for r in records)
    with pytest.raises(AttributeError):
        records[0].id = "changed"
    assert records[0].get("no_such_field", "default") == "default"
    assert "id" in records[0].fields() and "sources" in records[0].fields()


def test_nested_entries_are_records_and_lists_are_tuples():
    journey = content.record("journeys", "killer_t_cell")
    step = journey.steps[0]
    assert type(step).__name__ == "JourneyStep" and isinstance(step.cells, tuple)
    assert step.where.organ == "bone_marrow" and step.get("count", 1) >= 1


@pytest.mark.parametrize("name", ["claims", "journeys", "concept_map"])
def test_records_copy_and_pickle(name):
    import copy
    import pickle

    for r in (content.collection(name)[0], content.cell("b_cell"), content.model("kuznetsov1994"), untyped_record()):
        assert copy.deepcopy(r) == r and pickle.loads(pickle.dumps(r)) == r and copy.copy(r) == r


def untyped_record():
    return Record({"id": "x", "steps": (Record({"where": "thymus"}),)})


def test_an_unknown_field_names_the_fields_there_are():
    with pytest.raises(AttributeError, match="has no field 'colour'; it has id, name"):
        content.record("lineage", "hsc").colour  # noqa: B018


def test_the_builder_renames_python_keywords_and_makes_floats_of_parameters():
    th = content.therapy(content.therapies()[0].id)
    assert th.klass and not hasattr(type(th), "class_")
    p = build(
        content.Parameter,
        {
            "name": "k",
            "symbol": "k",
            "value": 1,
            "units": "1/day",
            "meaning": "m",
            "min": 0,
            "max": 2,
            "sources": ["murphy2022"],
        },
    )
    assert (p.value, p.min, p.max) == (1.0, 0.0, 2.0) and all(type(x) is float for x in (p.value, p.min, p.max))


# --- one reference checker, driven by x-refers-to --------------------------------------------------

TARGETS = {"cells", "organs", "glossary", "references", "models", "therapies"} | set(FURTHER)


def _refers_to(schema):
    if isinstance(schema, dict):
        if "x-refers-to" in schema:
            yield schema["x-refers-to"]
        for v in schema.values():
            yield from _refers_to(v)
    elif isinstance(schema, list):
        for v in schema:
            yield from _refers_to(v)


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.json")), ids=lambda p: p.stem)
def test_every_x_refers_to_names_a_target_that_exists(path):
    targets = set(_refers_to(json.loads(path.read_text())))
    assert targets <= TARGETS, targets - TARGETS


@pytest.mark.parametrize(
    "schema, prop, target",
    [
        ("cells", "made_in", "organs"),
        ("cells", "matures_in", "organs"),
        ("cells", "made_by", "cells"),
        ("cells", "to", "cells"),
        ("organs", "cells_develop", "cells"),
        ("organs", "cells_meet", "cells"),
        ("branches", "members", "cells"),
        ("glossary", "see_also", "glossary"),
        ("therapies", "model", "models"),
        ("therapies", "combines", "therapies"),
    ],
)
def test_the_core_schemas_mark_their_references(schema, prop, target):
    text = json.loads((SCHEMAS / f"{schema}.json").read_text())
    found = []

    def walk(x):
        if isinstance(x, dict):
            if prop in x.get("properties", {}):
                found.append(x["properties"][prop].get("x-refers-to"))
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(text)
    assert found == [target]


def test_a_signal_to_a_missing_cell_names_the_signal(data_copy):
    def change(doc):
        cell = next(c for c in doc["cells"] if c["id"] == "dendritic_cell")
        cell["signals_to"][0]["to"] = "cd4_t_cel"

    edit(data_copy / "cells.yaml", change)
    msg = load_error(data_copy)
    assert msg.startswith(
        "data/cells.yaml: entry 'dendritic_cell': field 'signals_to[1].to' names 'cd4_t_cel', "
        "which is not a cell in data/cells.yaml; expected one of"
    ), msg
    assert "  line " in msg and "to: cd4_t_cel" in msg and "did you mean 'cd4_t_cell'?" in msg, msg


def test_a_therapy_naming_a_missing_model_is_an_error(data_copy):
    first = {}

    def change(doc):
        first["id"] = doc["therapies"][0]["id"]
        doc["therapies"][0]["model_terms"][0]["model"] = "kuznetsov1995"

    edit(data_copy / "therapies.yaml", change)
    msg = load_error(data_copy)
    assert msg.startswith(
        f"data/therapies.yaml: entry {first['id']!r}: field 'model_terms[1].model' names "
        "'kuznetsov1995', which is not a model in data/models/"
    ), msg


def test_a_glossary_see_also_must_name_a_term(data_copy):
    def change(doc):
        doc["terms"][0]["see_also"] = ["antigen", "no_such_term"]

    edit(data_copy / "glossary.yaml", change)
    assert "field 'see_also' names 'no_such_term', which is not a term in data/glossary.yaml" in load_error(data_copy)


def test_a_quiz_question_citing_a_missing_source_is_named_inside_its_quiz(data_copy):
    path = data_copy / "quizzes" / "00_start_here.yaml"
    qid = {}

    def change(doc):
        qid["id"] = doc["questions"][1]["id"]
        doc["questions"][1]["sources"] = ["nobody2099"]

    edit(path, change)
    msg = load_error(data_copy)
    assert msg.startswith(
        f"data/quizzes/00_start_here.yaml: entry '00_start_here': question {qid['id']!r}: field "
        "'sources' names 'nobody2099', which is not a reference in data/references.yaml"
    ), msg


def test_two_quiz_questions_with_one_id_are_an_error(data_copy):
    path = data_copy / "quizzes" / "00_start_here.yaml"
    edit(path, lambda doc: doc["questions"][2].update(id=doc["questions"][0]["id"]))
    msg = load_error(data_copy)
    assert msg.startswith("data/quizzes/00_start_here.yaml: entry ") and "which is used by an earlier entry" in msg, msg


def test_a_model_parameter_citing_a_missing_source_is_named(data_copy):
    path = data_copy / "models" / "kuznetsov1994.yaml"
    names = {}

    def change(doc):
        s = doc["parameter_sets"][0]
        names.update(set=s["id"], p=s["parameters"][2]["name"])
        s["parameters"][2]["sources"] = ["nobody2099"]

    edit(path, change)
    msg = load_error(data_copy)
    assert msg.startswith(
        f"data/models/kuznetsov1994.yaml: entry 'kuznetsov1994': parameter set {names['set']!r}: "
        f"parameter {names['p']!r}: field 'sources' names 'nobody2099'"
    ), msg


def test_a_collection_with_a_broken_reference_stays_broken_when_asked_again(data_copy):
    def change(doc):
        doc["lineage"][1]["parent"] = "no_such_node"

    edit(data_copy / "lineage.yaml", change)
    c = Content(data_copy)
    for _ in range(2):  # the broken table is not cached: asking again raises again
        with pytest.raises(ContentError, match="lineage.yaml: entry .*field 'parent' names 'no_such_node'"):
            c.collection("lineage")


# --- the package ------------------------------------------------------------------------------------

MODULES = sorted(PACKAGE.glob("*.py"))


def _package_imports(path: Path) -> set:
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("immunolib.content."):
            out.add(node.module.rsplit(".", 1)[1])
    return out


def test_the_content_modules_import_one_way():
    graph = {p.stem: _package_imports(p) for p in MODULES if p.stem != "__init__"}
    done, visiting = set(), []

    def visit(m):
        assert m not in visiting, f"import circle: {' -> '.join(visiting + [m])}"
        if m in done:
            return
        visiting.append(m)
        for n in graph.get(m, ()):
            visit(n)
        visiting.pop()
        done.add(m)

    for m in graph:
        visit(m)
