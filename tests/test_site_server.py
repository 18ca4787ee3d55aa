"""How the browser tests share the pages out (``tests.site_server.part``)."""

import pytest

from tests.site_server import PARTS, part

PATHS = [f"/page-{n}/" for n in range(2 * PARTS + 1)]


def test_every_page_is_in_exactly_one_part():
    parts = [part(PATHS, i) for i in range(PARTS)]
    assert sorted(p for paths in parts for p in paths) == sorted(PATHS)
    assert all(parts), "a part with no page"
    assert max(map(len, parts)) - min(map(len, parts)) <= 1


def test_a_part_out_of_range_is_an_error():
    with pytest.raises(ValueError, match=f"part {PARTS} of {PARTS}"):
        part(PATHS, PARTS)
