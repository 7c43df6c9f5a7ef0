"""Neighbours: the paragraphs around a chunk skip the other pieces of a split paragraph and footnotes."""

from __future__ import annotations

import pytest

from service.neighbours import Neighbours

pytestmark = pytest.mark.slow


def test_neighbours_of_a_split_paragraph_are_the_paragraphs_around_it(engine) -> None:
    neighbours = Neighbours(engine.bundle)
    pieces = [c for c in engine.bundle.chunks if c.doc_id == "revcon3-report-2018" and c.anchor == "p11"]
    assert len(pieces) > 1
    for piece in pieces:
        previous, following = neighbours.around(piece)
        assert previous is not None and following is not None
        assert (previous.anchor, following.anchor) == ("p10", "p12")


def test_first_paragraph_has_no_previous_but_the_cover(engine) -> None:
    first = next(c for c in engine.bundle.chunks if c.doc_id == "res-65-64" and c.anchor == "pre-u1")
    previous, following = Neighbours(engine.bundle).around(first)
    assert previous is not None and previous.kind == "front" and following is not None
