"""Lesson 08, the course review: its data (quiz, topics, concept map, misconceptions), its figures, its apps and
the scoring."""

import json
import re
import shutil
import statistics
from pathlib import Path

import pytest
import yaml

from immunolib import content
from immunolib.figures import concept_map as cmap
from immunolib.figures import review as rfig
from immunolib.models import kuznetsov
from immunolib.models.outcomes import classify_outcome
from immunolib.widgets import ConceptMapBuilder, GlossarySearch, MisconceptionCheck, ReviewQuiz
from immunolib.widgets.review import CONFIDENCE, review_items, review_order, search_glossary, section_link, topic_scores

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ("00", "01", "02", "03", "04", "05", "06", "07")


def _words(text):
    return len(text.split())


def _data_copy(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(content.data_dir(), root)
    return root


def _edit(root, name, change):
    path = root / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _fig_json(fig):
    return json.dumps(fig.to_plotly_json(), sort_keys=True, default=str)


# ---------------------------------------------------------------------------------------------- data


def test_review_covers_every_lesson_with_enough_questions_and_figure_items():
    quiz = content.quiz("08_review")
    topics = content.collection("review_topics")
    listed = [i.question for t in topics for i in t.items]
    assert len(listed) >= 24 and len(listed) == len(set(listed))
    assert sorted(listed) == sorted(q.id for q in quiz.questions), "every question is listed under one lesson"
    assert sorted(t.notebook[:2] for t in topics) == list(LESSONS)
    reading = [i for t in topics for i in t.items if i.reads in ("figure", "output")]
    assert len(reading) / len(listed) >= 0.30
    assert all(t.items for t in topics)


def test_review_questions_are_fair():
    """Feedback on every option, a key no longer than 1.3x the mean distractor, keys in varied positions."""
    quiz = content.quiz("08_review")
    firsts = 0
    for q in quiz.questions:
        assert q.explanation and all(o.feedback for o in q.options), q.id
        keys = [len(o.text) for o in q.options if o.correct]
        wrong = [len(o.text) for o in q.options if not o.correct]
        assert max(keys) <= 1.3 * statistics.mean(wrong), q.id
        firsts += q.correct[0] == 0
    assert firsts <= len(quiz.questions) / 2
    assert {q.kind for q in quiz.questions} == {"single", "multiple"}


def test_every_figure_item_names_a_figure_and_only_those_do():
    for t in content.collection("review_topics"):
        for i in t.items:
            assert (i.reads == "figure") == (i.get("figure") is not None), i.question
            if i.get("figure"):
                assert i.figure in rfig.FIGURES
    schema = json.loads((ROOT / "data" / "schema" / "review_topics.json").read_text())
    item = schema["properties"]["review_topics"]["items"]["properties"]["items"]["items"]
    enum = item["properties"]["figure"]["enum"]
    assert tuple(enum) == rfig.FIGURES


def test_sections_the_score_links_to_exist_in_the_lessons():
    for t in content.collection("review_topics"):
        nb = ROOT / "notebooks" / f"{t.notebook}.ipynb"
        if not t.get("section"):
            continue
        text = "\n".join(
            "".join(c["source"]) for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "markdown"
        )
        assert re.search(r"^#+ " + re.escape(t.section) + r"\s*$", text, flags=re.M), (t.id, t.section)


def test_a_review_topic_naming_an_unknown_question_is_a_clear_error(tmp_path):
    root = _data_copy(tmp_path)
    _edit(
        root,
        "review_topics.yaml",
        lambda d: d["review_topics"][0]["items"].append({"question": "r00_nonexistent", "reads": "text"}),
    )
    with pytest.raises(content.ContentError, match=r"review_topics\.yaml: entry 'start_here'.*'r00_nonexistent'"):
        review_items(content.Content(root))


def test_concept_map_views_fit_the_rules_and_refer_to_course_data():
    views = content.collection("concept_map")
    assert {v.id for v in views} == {"branches_and_cells", "organs", "antibodies", "t_cells", "cancer", "therapies"}
    for v in views:
        ids = [n.id for n in v.nodes]
        assert len(ids) <= 15 and len(ids) == len(set(ids)), v.id
        for n in v.nodes:
            refs = [n.get(k) for k in ("cell", "organ", "term", "therapy") if n.get(k)]
            assert refs or n.get("note"), f"{v.id}/{n.id}: a card needs a record or a note"
            if n.get("note"):
                assert _words(n.note) <= 40, f"{v.id}/{n.id}"
        pairs = [(ln.source, ln.target) for ln in v.links]
        assert len(pairs) == len(set(pairs)), v.id
        for ln in v.links:
            assert ln.source in ids and ln.target in ids, (v.id, ln)
            assert _words(ln.explanation) <= 40
            assert ln.label in cmap.label_menu(v)
        assert not set(v.get("distractors") or ()) & {ln.label for ln in v.links}, v.id
        # every node is linked: a map of given nodes, not a list
        linked = {x for p in pairs for x in p}
        assert linked == set(ids), (v.id, set(ids) - linked)


def test_a_concept_map_node_naming_an_unknown_cell_is_a_clear_error(tmp_path):
    root = _data_copy(tmp_path)
    _edit(root, "concept_map.yaml", lambda d: d["concept_map"][0]["nodes"][2].update(cell="neutrofil"))
    with pytest.raises(content.ContentError, match=r"concept_map\.yaml: entry 'branches_and_cells'.*'neutrofil'"):
        content.Content(root).collection("concept_map")


def test_a_view_with_too_many_nodes_is_refused(tmp_path):
    root = _data_copy(tmp_path)

    def grow(d):
        nodes = d["concept_map"][0]["nodes"]
        nodes += [dict(nodes[0], id=f"extra_{k}") for k in range(16 - len(nodes))]

    _edit(root, "concept_map.yaml", grow)
    with pytest.raises(content.ContentError, match=r"concept_map\.yaml: entry 'branches_and_cells'.*at most 15"):
        content.Content(root).collection("concept_map")


def test_misconceptions_are_short_sourced_and_from_the_lessons():
    items = content.collection("misconceptions")
    assert len(items) >= 10
    notebooks = {m.notebook for m in items}
    assert {"04_antibodies_and_b_cells", "05_t_cells_and_antigen_presentation", "07_immunotherapy_lab"} <= notebooks
    for m in items:
        assert _words(m.fact) <= 60 and m.sources, m.id
    wanted = ("antibodies kill", "every cancer", "always better", "simply bad", "patient")
    myths = " ".join(m.myth.lower() for m in items)
    for w in wanted:
        assert w in myths, w


def test_lesson_08_glossary_entries_are_short_and_at_the_end():
    text = (ROOT / "data" / "glossary.yaml").read_text(encoding="utf-8")
    assert text.rstrip().split("# --- lesson 08 ---")[1].count("- id:") == 2
    for t in ("retrieval_practice", "concept_map"):
        assert _words(content.term(t).definition) <= 40
    refs = (ROOT / "data" / "references.yaml").read_text(encoding="utf-8")
    assert "# --- lesson 08 ---" in refs and "roediger2006" in refs.split("# --- lesson 08 ---")[1]


# ---------------------------------------------------------------------------------------------- order and scoring


@pytest.mark.parametrize("seed", range(0, 40))
def test_the_order_interleaves_lessons_and_is_stable(seed):
    order = review_order(seed=seed)
    assert [i.question.id for i in order] == [i.question.id for i in review_order(seed=seed)]
    assert not any(a.topic.id == b.topic.id for a, b in zip(order, order[1:]))
    assert len(order) == len(content.quiz("08_review").questions)
    # every lesson appears early (within the first 60 %) and late (within the last 60 %): spread, not blocked
    lessons = {t.id for t in content.collection("review_topics")}
    cut = int(0.6 * len(order)) + 1
    assert {i.topic.id for i in order[:cut]} == lessons and {i.topic.id for i in order[-cut:]} == lessons


def test_different_seeds_give_different_orders():
    assert [i.question.id for i in review_order(seed=0)] != [i.question.id for i in review_order(seed=1)]


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_a_bad_seed_names_it(seed):
    with pytest.raises(ValueError, match="seed"):
        review_order(seed=seed)


def test_topic_scores_count_answers_right_and_confident_mistakes():
    s = {
        x.topic: x
        for x in topic_scores(
            {
                "r06_cold": (True, "guessing"),
                "r06_escape": (False, "certain"),
                "r06_neoantigens": (False, "fairly sure"),
                "r01_vaccine": (True, "certain"),
            }
        )
    }
    assert (s["cancer"].asked, s["cancer"].answered, s["cancer"].correct, s["cancer"].sure_but_wrong) == (7, 3, 1, 1)
    assert s["cancer"].fraction == pytest.approx(1 / 3)
    assert (s["innate_vs_adaptive"].answered, s["innate_vs_adaptive"].correct) == (1, 1)
    assert s["organs"].answered == 0 and s["organs"].fraction == 0.0


@pytest.mark.parametrize("bad", [(True, "sure"), ("yes", "certain"), True])
def test_topic_scores_refuse_malformed_results(bad):
    with pytest.raises(ValueError, match="r06_cold"):
        topic_scores({"r06_cold": bad})


def test_section_links_follow_jupyterlab_heading_anchors():
    assert (
        section_link("03_organs_and_tissues", "The journey of a killer T cell")
        == "03_organs_and_tissues.ipynb#The-journey-of-a-killer-T-cell"
    )
    assert section_link("07_immunotherapy_lab") == "07_immunotherapy_lab.ipynb"


# ---------------------------------------------------------------------------------------------- figures


def test_tumour_fates_show_the_three_es_in_the_order_the_key_says():
    runs = rfig.figure_runs("tumour_fates")
    assert [r.outcome for r in runs] == ["elimination", "equilibrium", "escape"]
    q = next(q for q in content.quiz("08_review").questions if q.id == "r06_fates_figure")
    key = q.options[q.correct[0]].text
    assert key == "Run B" and runs[1].name == key and runs[1].outcome == "equilibrium"


def test_numbers_quoted_in_the_lesson_and_notes_match_the_models():
    # answer key / alt text: run A gone by about day 14, dormant state about 8 million cells, escape ~450 million
    eq = {e.name: e for e in kuznetsov.equilibria()}
    assert round(eq["dormant"].state["T"] / 1e6) == 8 and eq["dormant"].stability.startswith("stable")
    assert round(eq["escape"].state["T"] / 1e6, -1) == 450
    a = rfig.figure_runs("tumour_fates")[0]
    assert round(max(t for t, y in zip(a.t, a.y) if y is not None)) == 14
    # exercise 3 and the dose figure: 1x gone by day 30, 0.5x persists, 2x sooner than 1x
    one, half = rfig.figure_runs("therapy_ghost")[1], rfig.figure_runs("dose_threshold")[0]
    assert one.outcome == "elimination" and half.outcome == "equilibrium"
    day = lambda r: max(t for t, y in zip(r.t, r.y) if y is not None)  # noqa: E731
    assert round(day(one)) == 30
    two = kuznetsov.simulate(initial={"T": 1e8}, therapy=rfig._adoptive(2.0))
    assert two.meta["extinct"] < day(one)
    assert classify_outcome(kuznetsov.simulate(initial={"T": 1e8})) == "escape"  # the ghost escapes


def test_infection_figure_shows_a_faster_larger_second_response():
    text = rfig.describe_item("infection_memory")
    first, second = (int(x) for x in re.findall(r"peaks (?:on day )?(\d+)", text))
    assert second < first
    assert int(re.search(r"about (\d+) times higher", text).group(1)) > 1


@pytest.mark.parametrize("figure_id", rfig.FIGURES)
def test_every_review_figure_is_deterministic_captioned_and_described(figure_id):
    a, b = rfig.show_item(rfig.review_canvas(), figure_id), rfig.show_item(rfig.review_canvas(), figure_id)
    assert _fig_json(a) == _fig_json(b)
    caption = a.layout.xaxis.title.text
    assert "not any person's future" in caption or "not real data" in caption
    words = rfig.describe_item(figure_id).lower()
    assert "log scale" in words and not re.search(r"\b(patient|cure|survival)\b", words)


def test_canvas_switches_between_item_and_scores_in_place():
    fig = rfig.review_canvas()
    rfig.show_item(fig, "tumour_fates")
    assert fig.layout.yaxis.type == "log" and [t.visible for t in fig.data] == [True, True, True, False]
    scores = topic_scores({"r00_self": (True, "certain")})
    rfig.show_scores(fig, scores)
    assert [t.visible for t in fig.data] == [False, False, False, True] and fig.layout.yaxis.type == "linear"
    assert list(fig.data[3].x)[0] == 100 and "1 of 1 right" in rfig.describe_scores(scores)
    assert "no question answered" in rfig.describe_scores(topic_scores({}))


def test_bad_figure_id_names_the_argument():
    with pytest.raises(ValueError, match="figure_id"):
        rfig.show_item(rfig.review_canvas(), "tumour_fate")


def test_concept_map_draws_state_with_style_and_text_not_colour_alone():
    v = content.record("concept_map", "t_cells")
    s = cmap.MapState(selected_link=1, selected_node="treg")
    fig = cmap.draw_map(cmap.map_canvas(), v, s)
    assert fig.data[0].line.dash == "dot" and fig.data[1].line.dash == "solid" and fig.data[2].line.dash == "dash"
    assert sum(1 for t in fig.data if t.visible is not False and (t.meta or "").startswith("node:")) == len(v.nodes)
    s.checked[0] = v.links[0].label
    s.checked[1] = "kills"
    cmap.draw_map(fig, v, s)
    texts = list(fig.data[3].text)
    assert texts[0].endswith("✔") and "✘" in texts[1]
    alt = cmap.describe_map(v, s)
    assert "1 labelled right" in alt and "you tried 'kills'" in alt and "Chosen node: Regulatory T cell" in alt
    with pytest.raises(ValueError, match="node must be one of"):
        cmap.node_card(v, "nobody", s)


def _drawn(fig):
    """What a student sees of a figure: layout title, arrows/notes and shapes, and each visible trace's points."""
    lay = fig.layout

    def num(v):  # None and NaN are both a gap; float32 and float64 alike
        return None if v is None or v != v else round(float(v), 3)

    traces = [
        (t.name, [num(v) for v in t.x], [num(v) for v in t.y], list(t.text) if t.text is not None else None)
        for t in fig.data
        if t.visible is not False
    ]
    return json.dumps(
        dict(
            title=lay.title.text,
            annotations=[a.to_plotly_json() for a in lay.annotations or ()],
            shapes=[s.to_plotly_json() for s in lay.shapes or ()],
            traces=traces,
        ),
        sort_keys=True,
        default=str,
    )


def test_redrawing_a_used_canvas_leaves_nothing_of_the_previous_view():
    # A live app draws every view into ONE canvas; the result must be what a fresh canvas shows (plotly's
    # update_layout merged annotation lists element by element and never shortened them: a view with 8
    # links kept 3 arrows of the 11-link view drawn before it, and the score chart kept the curve labels).
    views = {v.id: v for v in content.collection("concept_map")}
    used = cmap.map_canvas()
    for vid in ("t_cells", "organs", "cancer", "t_cells", "antibodies"):
        s = cmap.MapState(selected_link=0, selected_node=views[vid].nodes[0].id, checked={0: "kills"})
        cmap.draw_map(used, views[vid], s)
        assert _drawn(used) == _drawn(cmap.draw_map(cmap.map_canvas(), views[vid], s)), vid
        assert len(used.layout.annotations) == len(views[vid].links)
    used = rfig.review_canvas()
    scores = topic_scores({})
    for step in ("tumour_fates", "scores", "infection_memory", "dose_threshold", "scores", "tumour_fates"):
        draw = (
            (lambda f: rfig.show_scores(f, scores))
            if step == "scores"
            else (lambda f, step=step: rfig.show_item(f, step))
        )
        draw(used)
        assert _drawn(used) == _drawn(draw(rfig.review_canvas())), step


def test_shorten_keeps_whole_sentences_within_the_limit():
    text = " ".join(f"Sentence number {k} has exactly seven words." for k in range(10))  # 70 words
    head, rest = cmap.shorten(text, 40)
    assert _words(head.replace(" …", "")) <= 40 and rest
    assert head.replace(" …", "").endswith(".") and _words(head.replace(" …", "")) == 35
    with pytest.raises(ValueError, match="words"):
        cmap.shorten("x", 0)


def test_cards_escape_data_text():
    root_term = content.term("antigen")
    assert "<script" not in cmap.term_card(root_term.id)
    v = content.record("concept_map", "cancer")
    html = cmap.node_card(v, "pd_l1", cmap.MapState())
    assert "PD-L1" in html and "Its links" in html


# ---------------------------------------------------------------------------------------------- apps


def _answer(app, right=True):
    q = app.item.question
    shown = app.option_order()
    want = set(q.correct) if right else {next(i for i, o in enumerate(q.options) if not o.correct)}
    if q.kind == "single":
        app.single.index = shown.index(next(iter(want)))
    else:
        for k, i in enumerate(shown):
            app.boxes[k].value = i in want


def test_review_quiz_needs_a_confidence_before_feedback_and_scores_each_answer():
    app = ReviewQuiz(seed=3)
    assert "immunolib-quiz" in app._dom_classes and "immunolib-app" in app._dom_classes
    _answer(app)
    app.check_button.click()
    assert "how sure" in app.feedback.value and app.results == {}
    app.confidence.value = "Certain"
    app.check_button.click()
    qid = app.item.question.id
    assert app.results[qid] == (True, "certain") and "Correct." in app.feedback.value
    # feedback explains every option, in the order shown, and links back to the lesson
    q = app.item.question
    assert all(o.feedback.split(":")[0] in app.feedback.value or "&" in o.feedback for o in q.options)
    assert app.feedback.value.count("<li>") == len(q.options)
    assert f"{app.item.topic.notebook}.ipynb" in app.feedback.value
    assert "1 right of 1 answered" in app.score_table.value


def test_review_quiz_wrong_and_certain_is_flagged():
    app = ReviewQuiz(seed=0)
    _answer(app, right=False)
    app.confidence.value = "Certain"
    g = app.check()
    assert not g.correct and "certain, but" in app.feedback.value
    assert app.scores()[[t.id for t in app.topics].index(app.item.topic.id)].sure_but_wrong == 1


def test_review_quiz_check_redraws_the_scores_and_next_moves_on():
    app = ReviewQuiz(seed=0)
    # answering a question without a figure redraws the score chart and its text alternative
    k = next(k for k, it in enumerate(app.order) if not it.figure)
    app.chooser.value = k
    before_fig, before_alt = _fig_json(app.figure), app.alt.value
    _answer(app)
    app.confidence.value = "Guessing"
    app.check_button.click()
    assert _fig_json(app.figure) != before_fig and app.alt.value != before_alt
    assert "though you were guessing" in app.feedback.value
    # next question
    app.next_button.click()
    assert app.index == k + 1 and app.feedback.value == ""
    # coming back shows the stored feedback
    app.chooser.value = k
    assert "Correct." in app.feedback.value


def test_review_quiz_multiple_choice_partial_credit():
    app = ReviewQuiz(seed=0)
    k = next(k for k, it in enumerate(app.order) if it.question.kind == "multiple")
    app.chooser.value = k
    assert app.answer_box.children == tuple(app.boxes[: len(app.item.question.options)])
    shown = app.option_order()
    first_right = app.item.question.correct[0]
    app.boxes[shown.index(first_right)].value = True
    app.confidence.value = "Fairly sure"
    g = app.check()
    assert g.headline == "Partly right." and "You missed" in app.feedback.value


def test_options_are_shuffled_stably_per_seed():
    a, b, c = ReviewQuiz(seed=5), ReviewQuiz(seed=5), ReviewQuiz(seed=6)
    assert [a.option_order(k) for k in range(a.total)] == [b.option_order(k) for k in range(b.total)]
    assert sorted(a.option_order(0)) == list(range(len(a.order[0].question.options)))
    orders_a = {it.question.id: a.option_order(k) for k, it in enumerate(a.order)}
    orders_c = {it.question.id: c.option_order(k) for k, it in enumerate(c.order)}
    assert orders_a != orders_c


def test_concept_map_builder_has_three_menus_and_choosing_a_node_redraws():
    app = ConceptMapBuilder("branches_and_cells")
    controls = [w for w in _walk(app) if "immunolib-control" in w._dom_classes]
    assert [type(w).__name__ for w in controls] == ["Dropdown"] * 3  # at most three controls
    before = (_fig_json(app.figure), app.alt.value)
    app.choose_node(app.view.nodes[3].id)
    after = (_fig_json(app.figure), app.alt.value)
    assert after[0] != before[0] and after[1] != before[1] and app.status.value == ""


def test_concept_map_builder_checks_labels_and_remembers_each_view():
    app = ConceptMapBuilder("t_cells")
    v = app.view
    for i, link in enumerate(v.links):
        app.link.value = i
        source = next(n for n in v.nodes if n.id == link.source)
        assert app.state.selected_node == link.source and source.label in app.card.value
        wrong = next(lab for lab in app.label.options if lab != link.label)
        app.label.value = wrong
        assert "Not this one" in app.result.value and app.state.checked[i] == wrong
        app.label.value = link.label
        assert "Right" in app.result.value
    assert "whole map is labelled" in app.result.value and f"{len(v.links)} of {len(v.links)}" in repr(app)
    app.topic.value = "organs"
    assert "labelled=0 of" in repr(app)
    app.topic.value = "t_cells"
    assert f"labelled={len(v.links)} of" in repr(app)


def test_concept_map_builder_needs_a_label_and_clicking_a_node_shows_its_card():
    app = ConceptMapBuilder("cancer")
    assert app.check() == "Choose a label first." and "choose a label" in app.status.value
    node_trace = next(t for t in app.figure.data if t.meta == "node:treg")

    class Points:
        point_inds = [0]

    app._on_click(node_trace, Points(), None)
    assert app.state.selected_node == "treg" and "Regulatory T cell" in app.card.value
    with pytest.raises(ValueError, match="node must be one of"):
        app.choose_node("nobody")


def test_misconception_check_asks_first_then_corrects():
    app = MisconceptionCheck(start=3)
    assert "immunolib-quiz" in app._dom_classes
    assert app.check().startswith("Choose first")
    before = app.alt.value
    app.view.value = "I agree"
    text = app.check()
    assert "does not hold" in text and app.current.fact in text and "In fact" in app.feedback.value
    assert app.alt.value != before and "checked 1 of" in app.alt.value
    app.chooser.value = 0
    assert app.feedback.value == "" and app.view.value is None


def test_glossary_search_filters_and_every_control_changes_figure_and_alt():
    app = GlossarySearch(term="pd_1")
    before = (_fig_json(app.figure), app.alt.value)
    app.term.value = "ctla_4"
    assert (_fig_json(app.figure), app.alt.value) != before and "CTLA-4" in app.card.value
    app.search.value = "exhaust"
    assert app.term.value == "t_cell_exhaustion" and "1 term" in app.count.value or "terms" in app.count.value
    app.search.value = "qqqq"
    assert "No term matches" in app.count.value and len(app.term.options) == len(content.glossary())


def test_glossary_click_on_a_related_term_looks_it_up():
    app = GlossarySearch(term="pd_1", query="pd-1")
    trace = app.figure.data[1]
    target = trace.customdata[1]

    class Points:
        point_inds = [1]

    app._on_click(trace, Points(), None)
    assert app.term.value == target and app.status.value == ""


def test_search_ranks_names_before_definitions():
    found = [t.id for t in search_glossary("t cell")]
    assert found and content.term(found[0]).term.lower().replace("-", " ").startswith("t cell")
    assert "adcc" in found and found.index("adcc") > found.index(found[0])  # a definition match comes later
    assert len(search_glossary("")) == len(content.glossary())
    with pytest.raises(ValueError, match="query"):
        search_glossary(None)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_confidence_scale_is_what_the_app_offers():
    app = ReviewQuiz()
    assert tuple(o.lower() for o in app.confidence.options) == CONFIDENCE


# ---------------------------------------------------------------------------------------------- notebook and notes


def test_notebook_uses_the_apps_and_the_notes_carry_the_answer_key():
    nb = json.loads((ROOT / "notebooks" / "08_review.ipynb").read_text())
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    for name in ("ReviewQuiz", "ConceptMapBuilder", "MisconceptionCheck", "GlossarySearch"):
        assert f"from immunolib.widgets import {name}" in code
    note = (ROOT / "docs" / "instructor" / "08_review.md").read_text(encoding="utf-8")
    position = {it.question.id: k + 1 for k, it in enumerate(review_order(seed=0))}
    for q in content.quiz("08_review").questions:
        row = next(line for line in note.splitlines() if f"(`{q.id}`)" in line)
        assert f"| {position[q.id]} |" in row, (q.id, "the key's position with seed 0 is stale")
        for o in q.options:
            if o.correct:
                assert o.text in row, (q.id, o.text)
    for v in content.collection("concept_map"):
        for i, ln in enumerate(v.links):
            assert f"| {cmap.link_sentence(v, i)} | {ln.label} |".replace("| ", f"| {i + 1}. ", 1) in note
    # an app in the first 10 minutes of the plan
    assert re.search(r"\| 3–20 \| Self-check, hands-on \(app from minute 3\)", note)


def test_course_overview_gives_sequence_timings_and_ways_to_run():
    text = (ROOT / "docs" / "instructor" / "course-overview.md").read_text(encoding="utf-8")
    for n in [f"{k:02d}_" for k in range(9)]:
        assert n in text
    for words in ("4-session", "8-session", "Prerequisites", "Binder", "make lab", "nbgitpuller", "git-pull?repo="):
        assert words in text
    assert "docs/instructor/course-overview.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_clonal_output_described_in_a_question_is_what_the_model_does():
    """r04_clonal_output says: a second exposure on day 30 peaks sooner and higher, from the same clones."""
    import numpy as np

    from immunolib.models.clonal import clonal_expansion

    res = clonal_expansion(days=60, second_exposure=30, seed=0)
    first_only = clonal_expansion(days=60, seed=0)
    tot = res.totals()
    t, e = np.asarray(tot.t), np.asarray(tot["effector"])
    a, b = t < 30, t >= 30
    assert t[b][e[b].argmax()] - 30 < t[a][e[a].argmax()] and e[b].max() > e[a].max()
    assert set(res.selected().tolist()) == set(first_only.selected().tolist())


def _distance_to_segment(p, a, b):
    import math

    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(ax + t * dx - px, ay + t * dy - py)


@pytest.mark.parametrize("view", [v.id for v in content.collection("concept_map")])
def test_concept_map_layout_is_readable(view):
    """No link runs through another node, no link label sits on a node, no two links cross."""
    v = content.record("concept_map", view)
    pos = {n.id: (n.x, n.y) for n in v.nodes}
    segs = [(ln.source, ln.target) for ln in v.links]
    for s, t in segs:
        for n, p in pos.items():
            if n not in (s, t):
                assert _distance_to_segment(p, pos[s], pos[t]) >= 0.06, (s, t, "runs through", n)
        mid = ((pos[s][0] + pos[t][0]) / 2, (pos[s][1] + pos[t][1]) / 2)
        assert all(abs(mid[0] - p[0]) + abs(mid[1] - p[1]) >= 0.08 for p in pos.values()), (s, t)

    def orient(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    for i, (a1, a2) in enumerate(segs):
        for b1, b2 in segs[i + 1 :]:
            if len({a1, a2, b1, b2}) == 4:
                p1, p2, p3, p4 = pos[a1], pos[a2], pos[b1], pos[b2]
                crossing = orient(p1, p2, p3) * orient(p1, p2, p4) < 0 and orient(p3, p4, p1) * orient(p3, p4, p2) < 0
                assert not crossing, ((a1, a2), (b1, b2))


def test_counts_quoted_in_the_notebook_and_notes_match_the_data():
    words = {10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen"}
    n_myths = len(content.collection("misconceptions"))
    n_questions = len(content.quiz("08_review").questions)
    n_reading = sum(1 for t in content.collection("review_topics") for i in t.items if i.reads != "text")
    nb = json.loads((ROOT / "notebooks" / "08_review.ipynb").read_text())
    prose = " ".join(" ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown").split())
    assert f"Try all {words[n_myths]}" in prose
    note = " ".join((ROOT / "docs" / "instructor" / "08_review.md").read_text(encoding="utf-8").split())
    assert f"{n_questions} questions" in note and f"({n_reading} of the {n_questions})" in note
    assert f"All {words[n_myths]} are in" in note and f"{words[n_myths]} misconceptions" in note
