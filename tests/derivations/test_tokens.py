"""pagecheck/derivations/tokens.py: TeX split only at its top level."""

import pytest

from pagecheck.derivations.errors import Unreadable
from pagecheck.derivations.tokens import RELATIONS, argument, clean, split_top, top_level


def test_relations_inside_groups_parentheses_and_environments_are_not_top_level():
    tex = r"a = \frac{b = c}{d} + (e < f) + \begin{cases} g & h > 0 \end{cases} \le i"
    found = [tok for _, _, tok in top_level(tex, lambda t: t in RELATIONS)]
    assert found == ["=", r"\le"]


def test_split_top_gives_the_spans_between_separators():
    tex = r"a, \max(b, c), d"
    assert [tex[s:e].strip() for s, e in split_top(tex, lambda t: t == ",")] == [
        "a",
        r"\max(b, c)",
        "d",
    ]


def test_clean_drops_alignment_marks_and_trailing_punctuation():
    assert clean(r"&= x + 1, \quad") == "= x + 1"
    assert clean(r"\frac{a & b}{c}.") == r"\frac{a & b}{c}"


def test_an_argument_is_read_in_parentheses_or_left_right():
    assert argument(r"(x + (y))", 0) == ("x + (y)", 9)
    assert argument(r" \left(x\right) + 1", 0) == ("x", 15)
    with pytest.raises(Unreadable, match="needs its argument in parentheses"):
        argument("x", 0)
    with pytest.raises(Unreadable, match="unbalanced"):
        argument("(x", 0)
