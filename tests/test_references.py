"""Reference lists and the corrections of the accuracy pass (issue 7) that live in the course data."""

import re

from immunolib import content
from immunolib.figures import cards


def test_reference_list_prints_each_link_once_as_the_link_text():
    refs = content.cite("sewell2012", "fda2024_lifileucel", "murphy2022")
    html = cards.reference_list(refs)
    for r in refs:
        item = re.search(rf'<li id="ref-{r.id}">.*?</li>', html).group(0)
        shown = f"doi:{r.doi}" if r.doi else r.url
        # once as the target of the link and once as its text, nowhere else
        assert item.count(r.doi or r.url) == 2, item
        assert f'href="{r.link}"' in item and f">{shown}</a>" in item
    assert "(accessed 2026-12-01)</li>" in html


def test_the_appendix_paper_is_cited_under_its_first_authors_surname():
    ref = content.reference("bollinger2007") if hasattr(content, "reference") else content.cite("bollinger2007")[0]
    assert ref.authors.startswith("Bollinger RR")
    assert "Bollinger and colleagues" in content.organ("appendix").open_question


def test_rituximab_is_the_first_fda_approved_antibody_against_cancer_not_the_first_anywhere():
    note = content.record("antibody_drugs", "rituximab").note
    assert "first monoclonal antibody approved by the US FDA" in note


def test_class_switching_is_placed_before_germinal_centres():
    b_cell = content.cell("b_cell").function
    assert b_cell.index("class switching") < b_cell.index("germinal")
    assert "roco2019" in content.cell("b_cell").sources
    assert "some memory B cells still carry IgM" in b_cell


def test_thymus_card_says_the_working_tissue_shrinks_not_the_organ():
    text = content.organ("thymus").what_happens
    assert "working tissue of the thymus shrinks" in text and "keeps roughly its size" in text


def test_one_t_cell_receptor_can_bind_many_peptide_mhc_combinations():
    journey = content.record("journeys", "killer_t_cell")
    text = " ".join(s.text for s in journey.steps)
    assert "one or a few" not in text and "many different peptide–MHC" in text
