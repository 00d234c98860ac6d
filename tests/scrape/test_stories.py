"""Near-duplicate stories across sources."""

from __future__ import annotations

import pytest

from textmine import Document, open_corpus
from textmine.build import STAGES
from textmine.scrape import link_stories, story_groups, story_of

from .fast import fast_settings

PRESS = ("Testkommunen och Södra högskolan startar ett gemensamt forskningsprojekt om unga "
         "vuxnas väg till arbete. Projektet pågår i tre år och finansieras av en stiftelse. "
         "– Vi vill förstå vad som hjälper på riktigt, säger projektledaren Karin Öst, docent "
         "vid Södra högskolan. Intervjuer med ungdomar börjar i höst i fyra stadsdelar.")


def _docs() -> list[Document]:
    return [
        Document(id="kommun-1", source="kommun", title="Nytt forskningsprojekt", body=PRESS,
                 published="2024-03-02"),
        Document(id="hogskola-1", source="hogskola", title="Gemensamt projekt med kommunen",
                 body=PRESS + " Läs mer på högskolans webbplats.", published="2024-03-01"),
        Document(id="kommun-2", source="kommun", title="Biblioteket öppnar",
                 body="Biblioteket i centrum öppnar igen efter renoveringen med nya "
                      "läsplatser och en scen för barnteater."),
        Document(id="tom", source="kommun", title="", body=""),
    ]


def test_cross_posted_press_text_is_one_story():
    with open_corpus(":memory:") as corpus:
        corpus.upsert_documents(_docs())
        summary = link_stories(corpus, settings=fast_settings())
        assert summary["linked"] == 2 and summary["stories"] == 1
        # the story is named after the earliest document; both documents are kept
        assert story_groups(corpus) == {"hogskola-1": ["kommun-1", "hogskola-1"]}
        assert story_of(corpus, "kommun-1") == "hogskola-1"
        assert story_of(corpus, "kommun-2") is None
        assert corpus.count_documents() == 4
        again = link_stories(corpus, settings=fast_settings())
        assert again["signed"] == 0 and again["linked"] == 2


def test_a_changed_text_leaves_the_story():
    with open_corpus(":memory:") as corpus:
        corpus.upsert_documents(_docs())
        link_stories(corpus, settings=fast_settings())
        corpus.upsert_document(Document(id="kommun-1", source="kommun", title="Ny text",
                                        body="Helt annan text om snöröjning och gångvägar."))
        assert link_stories(corpus, settings=fast_settings())["signed"] == 1
        assert story_groups(corpus) == {}


@pytest.mark.parametrize("cross_only, linked", [(False, 2), (True, 0)])
def test_cross_source_only(cross_only, linked):
    docs = _docs()
    docs[1].source = "kommun"
    with open_corpus(":memory:") as corpus:
        corpus.upsert_documents(docs)
        settings = fast_settings(stories={"cross_source_only": cross_only})
        assert link_stories(corpus, settings=settings)["linked"] == linked


def test_stories_is_the_first_build_stage():
    assert STAGES[0] == ("stories", "textmine.scrape.stories:run_stories")
