"""Lesson 04: antibody diagram, clonal selection explorer, antibody mechanisms, their data and their quiz."""

import shutil

import pytest
import yaml

from immunolib import content
from immunolib.figures import antibody as ab
from immunolib.figures import clonal as cf
from immunolib.models.clonal import clonal_expansion
from immunolib.widgets.antibody import AntibodyDiagram, AntibodyMechanisms, ClonalSelectionExplorer
from immunolib.widgets.quiz import grade


def _traces(fig):
    return {t.meta: t for t in fig.data}


def _points(trace):
    return [v for v in trace.x if v is not None]


# ---------------------------------------------------------------------------------------------- data


def test_collections_load_and_cross_reference():
    data = content.load()
    parts = {p.id for p in data.collection("antibody_parts")}
    assert set(ab.PART_DOMAINS) <= parts | {"whole_antibody"} and "fc_region" in parts
    assert [i.name for i in data.collection("isotypes")] == ["IgM", "IgG", "IgA", "IgE", "IgD"]
    mechs = {m.id for m in data.collection("antibody_mechanisms")}
    for d in data.collection("antibody_drugs"):
        assert set(d.mechanisms) <= mechs and d.sources and d.cancers
        assert d.get("fda_first_approval") is None or 1986 <= d.fda_first_approval <= 2030
    # every mechanism has an example medicine and a drawing
    for m in mechs:
        assert ab.drugs_for(m), m
    assert {"trastuzumab", "rituximab", "pembrolizumab", "ipilimumab", "blinatumomab"} <= {
        d.id for d in data.collection("antibody_drugs")
    }
    # drugs that map onto a therapy of the simulations point at an existing one
    assert data.record("antibody_drugs", "pembrolizumab").therapy == "anti_pd1"


def _data_copy(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(content.data_dir(), root)
    return root


def test_a_drug_with_an_unknown_mechanism_is_a_clear_error(tmp_path):
    root = _data_copy(tmp_path)
    path = root / "antibody_drugs.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["antibody_drugs"][0]["mechanisms"] = ["adcx"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"antibody_drugs\.yaml: entry 'trastuzumab'.*'adcx'"):
        content.Content(root).collection("antibody_drugs")


def test_an_isotype_with_an_impossible_form_is_a_clear_error(tmp_path):
    root = _data_copy(tmp_path)
    path = root / "isotypes.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["isotypes"][0]["units"] = 3
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"isotypes\.yaml: entry 'igm': field 'units'"):
        content.Content(root).collection("isotypes")


# ---------------------------------------------------------------------------------------------- antibody diagram


def test_igg_has_two_of_each_domain_and_two_binding_sites():
    fig = ab.antibody_diagram("igg", "whole_antibody")
    t = _traces(fig)
    for name in ("VH", "CH1", "CH2", "CH3", "VL", "CL"):
        assert list(t[name].x).count(None) == 1, name  # two closed outlines
    assert not t["CH4"].x and not t["j_chain"].x
    assert len(_points(t["sites"])) == 2
    # chains differ by colour AND pattern; domains are labelled in words
    assert t["VH"].fillcolor == ab.HEAVY and t["VL"].fillcolor == ab.LIGHT
    assert t["VL"].fillpattern.shape == "/" and not t["VH"].fillpattern.shape
    assert set(t["labels"].text) >= {"VH", "VL", "CH1", "CH2", "CH3", "CL"}


@pytest.mark.parametrize(
    "iso, sites, ch4, j",
    [("igm", 10, True, True), ("iga", 4, False, True), ("ige", 2, True, False), ("igd", 2, False, False)],
)
def test_other_classes_follow_their_data(iso, sites, ch4, j):
    t = _traces(ab.antibody_diagram(iso))
    assert len(_points(t["sites"])) == sites
    assert bool(t["CH4"].x) == ch4 and bool(t["j_chain"].x) == j
    assert bool(t["hinge"].x) == (content.record("isotypes", iso).hinge != "none")


def test_highlight_uses_outline_opacity_and_a_boxed_label():
    fig = ab.antibody_diagram("igg", "fc_region")
    t = _traces(fig)
    assert t["CH2"].opacity == 1 and t["CH3"].opacity == 1 and t["VH"].opacity < 0.5
    assert t["CH2"].line.width > t["VH"].line.width
    label = next(a for a in fig.layout.annotations if a.name == "fc_region")
    assert label.text.startswith("<b>") and label.borderwidth == 2
    assert "Fc region" in fig.layout.title.text


def test_antibody_diagram_is_deterministic_and_redraws_in_place():
    assert ab.antibody_diagram("igm", "hinge").to_json() == ab.antibody_diagram("igm", "hinge").to_json()
    fig = ab.antibody_diagram("igg", "hinge")
    traces = list(fig.data)
    ab.show_antibody(fig, "igm", "hinge")
    assert list(fig.data) == traces and len(_points(_traces(fig)["sites"])) == 10
    assert fig.to_json() == ab.antibody_diagram("igm", "hinge").to_json()


def test_antibody_description_names_class_part_and_missing_hinge():
    assert "IgG" in ab.describe_antibody("igg", "fc_region") and "Fc region" in ab.describe_antibody("igg", "fc_region")
    assert "does not have" in ab.describe_antibody("igm", "hinge")
    assert "J chain" in ab.describe_antibody("igm") and "secretory component" in ab.describe_antibody("iga")


@pytest.mark.parametrize(
    "kwargs, msg", [({"isotype": "igx"}, "isotype must be one of"), ({"part": "tail"}, "part must be one of")]
)
def test_antibody_diagram_bad_arguments(kwargs, msg):
    with pytest.raises(ValueError, match=msg):
        ab.antibody_diagram(**kwargs)


def test_tables_escape_data_text():
    assert "IgM" in ab.isotype_table() and "pentamer" in ab.isotype_table()
    html = ab.drug_table()
    assert "rituximab" in html and "1997" in html and "—" in html
    evil = [
        content.Record(
            {
                "id": "x",
                "name": "<b>",
                "brand": "a & b",
                "target": "t",
                "format": "f",
                "mechanisms": ("adcc",),
                "cancers": ("c",),
                "sources": ("murphy2022",),
            }
        )
    ]
    out = ab.drug_table(evil)
    assert "&lt;b&gt;" in out and "a &amp; b" in out


# ---------------------------------------------------------------------------------------------- mechanisms


@pytest.mark.parametrize("mechanism", [m.id for m in content.collection("antibody_mechanisms")])
def test_every_mechanism_draws_one_numbered_box_per_step(mechanism):
    fig = ab.mechanism_diagram(mechanism)
    m = content.record("antibody_mechanisms", mechanism)
    steps = sorted(a.name for a in fig.layout.annotations if a.name and a.name.startswith("step"))
    assert steps == [f"step{k}" for k in range(1, len(m.steps) + 1)]
    assert [t.meta for t in fig.data] == list(ab.MECHANISM_TRACES)
    assert fig.to_json() == ab.mechanism_diagram(mechanism).to_json()
    assert ab.describe_mechanism(mechanism).count(".") >= 1


def test_mechanism_diagram_names_the_medicine_target_and_partner():
    fig = ab.mechanism_diagram("adcc", "trastuzumab")
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "HER2" in texts and "NK cell" in texts and "trastuzumab" in fig.layout.title.text
    ctla = ab.mechanism_diagram("checkpoint_blockade", "ipilimumab")
    assert "Dendritic cell" in " ".join(a.text for a in ctla.layout.annotations)
    with pytest.raises(ValueError, match="drug must be one of"):
        ab.mechanism_diagram("adcc", "blinatumomab")
    with pytest.raises(ValueError, match="mechanism must be one of"):
        ab.mechanism_diagram("magic")


def test_a_mechanism_without_a_drawing_is_an_error_not_another_drawing(monkeypatch):
    # A mechanism added to the data before its drawing must not be drawn as some other mechanism.
    from immunolib.figures.antibody import mechanisms

    monkeypatch.delitem(mechanisms._SCENES, "cdc")
    with pytest.raises(ValueError, match=r"'cdc'.*drawn mechanisms: block_signalling, adcc, adcp, adc"):
        ab.mechanism_diagram("cdc")
    assert ab.mechanism_diagram("adcc").layout.annotations


def test_checkpoint_antibodies_bind_immune_cells_not_the_tumour():
    assert content.record("antibody_mechanisms", "checkpoint_blockade").binds == "immune_cell"
    assert "not the cancer cell" in ab.describe_mechanism("checkpoint_blockade")


# ---------------------------------------------------------------------------------------------- clonal figure


@pytest.fixture(scope="module")
def run():
    return clonal_expansion((0.5, 0.5), seed=0, days=60, second_exposure=30.0, maturation=True)


def test_clonal_figure_marks_selected_clones_threshold_and_antigen(run):
    fig = cf.clonal_figure(run, (0.5, 0.5))
    t = _traces(fig)
    n_rep = int((run.parent < 0).sum())
    assert len(t["other_clones"].x) + len(t["selected_clones"].x) == n_rep
    assert t["selected_clones"].marker.symbol == "circle" and t["other_clones"].marker.symbol == "circle-open"
    assert t["mutant_clones"].marker.symbol == "diamond" and len(t["mutant_clones"].x) == len(run.affinity) - n_rep
    # every selected clone lies inside the dashed threshold circle
    r = max(((x - 0.5) ** 2 + (y - 0.5) ** 2) ** 0.5 for x, y in zip(t["threshold"].x, t["threshold"].y))
    for x, y in zip(t["selected_clones"].x, t["selected_clones"].y):
        assert ((x - 0.5) ** 2 + (y - 0.5) ** 2) ** 0.5 <= r + 1e-3
    assert (t["antigen_point"].x[0], t["antigen_point"].y[0]) == (0.5, 0.5)
    assert [s.x0 for s in fig.layout.shapes] == [0.0, 0.0, 30.0, 30.0]
    assert fig.to_json() == cf.clonal_figure(run, (0.5, 0.5)).to_json()


def test_clonal_summary_and_description_give_the_numbers(run):
    s = cf.clonal_summary(run, (0.5, 0.5))
    assert s["n_clones"] == 400 and s["n_selected"] > 0 and s["fold"] > 1000
    assert s["peak2"] > s["peak"] and s["delay2"] < s["delay1"]
    assert s["n_mutants"] > 0 and s["best_affinity_end"] >= s["best_affinity_start"]
    text = cf.describe_clonal(run, (0.5, 0.5), seed=0)
    assert f"{s['n_selected']} clones fit" in text and "-fold" in text and "second exposure" in text
    assert cf.sig2(15225) == "15,000" and cf.sig2(0) == "0"


def test_clonal_description_when_nothing_is_selected():
    res = clonal_expansion((0.5, 0.5), {"theta": 0.999}, seed=0, days=20)
    assert "none is selected" in cf.describe_clonal(res, (0.5, 0.5))


# ---------------------------------------------------------------------------------------------- apps


def test_antibody_diagram_app_controls_change_figure_card_and_alt():
    app = AntibodyDiagram()
    fig, traces = app.figure, list(app.figure.data)
    card = app.card.value
    app.part_menu.value = "hinge"
    assert app.card.value != card and "What it does" in app.card.value
    app.isotype_buttons.value = "igm"
    assert "IgM" in app.card.value
    assert app.figure is fig and list(app.figure.data) == traces
    assert repr(app) == "AntibodyDiagram(part='hinge', isotype='igm')"
    assert "immunolib-control" in app.part_menu._dom_classes and "immunolib-control" in app.isotype_buttons._dom_classes


def test_clonal_explorer_controls_rerun_the_model():
    app = ClonalSelectionExplorer()
    fig, traces = app.figure, list(app.figure.data)
    alt, x0 = app.alt.value, list(_traces(app.figure)["selected_clones"].x)
    app.seed.value = 3
    assert app.alt.value != alt and "Seed 3" in app.alt.value
    assert list(_traces(app.figure)["selected_clones"].x) != x0
    alt = app.alt.value
    app.antigen_x.value = 0.65
    assert app.alt.value != alt and "(0.65, 0.50)" in app.alt.value
    app.second.value = True
    assert "second exposure" in app.alt.value and "Second response" in app.numbers.value
    app.maturation.value = True
    assert len(_traces(app.figure)["mutant_clones"].x) > 0 and "Mutant clones" in app.numbers.value
    n_before = app.summary["n_selected"]
    app.threshold.value = 0.9
    assert app.summary["n_selected"] <= n_before
    assert app.figure is fig and list(app.figure.data) == traces
    assert repr(app) == (
        "ClonalSelectionExplorer(antigen=(0.65, 0.5), seed=3, threshold=0.9, second_exposure=True, maturation=True)"
    )
    assert "immunolib-control" in app.second._dom_classes and "immunolib-control" in app.antigen_x._dom_classes


def test_clonal_explorer_same_seed_same_result():
    a, b = ClonalSelectionExplorer(seed=7), ClonalSelectionExplorer(seed=7)
    assert a.figure.to_json() == b.figure.to_json() and a.alt.value == b.alt.value


def test_mechanisms_app_menus_update_figure_card_and_drug_list():
    app = AntibodyMechanisms()
    fig, traces = app.figure, list(app.figure.data)
    assert app.drug == "trastuzumab" and "HER2" in app.card.value
    app.mechanism_menu.value = "checkpoint_blockade"
    assert [v for _, v in app.drug_menu.options] == ["pembrolizumab", "nivolumab", "ipilimumab"]
    assert app.drug == "pembrolizumab" and "2014" in app.card.value
    app.drug_menu.value = "ipilimumab"
    assert "ipilimumab" in app.alt.value and "CTLA-4" in app.card.value
    assert app.figure is fig and list(app.figure.data) == traces
    assert repr(app) == "AntibodyMechanisms(mechanism='checkpoint_blockade', drug='ipilimumab')"
    assert "immunolib-control" in app.mechanism_menu._dom_classes
    with pytest.raises(ValueError, match="drug must be one of"):  # a drug of another mechanism
        AntibodyMechanisms(mechanism="adc", drug="rituximab")


# ---------------------------------------------------------------------------------------------- quiz


def test_quiz_has_six_to_eight_mixed_questions_with_feedback_on_every_option():
    quiz = content.quiz("04_antibodies_and_b_cells")
    assert 6 <= len(quiz.questions) <= 8
    assert {q.kind for q in quiz.questions} == {"single", "multiple"}
    for q in quiz.questions:
        assert q.explanation and q.sources
        for o in q.options:
            assert len(o.feedback) > 15
            if not o.correct:
                assert o.feedback.startswith("Wrong"), o.text
        assert grade(q, list(q.correct)).correct
