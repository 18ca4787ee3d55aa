"""pagecheck/derivations/errors.py: only the checker's own errors are caught;
a broken environment propagates instead of passing for unreadable TeX."""

import pytest
import sympy.parsing.latex._parse_latex_antlr as antlr_parser

from pagecheck.derivations import OverlappingCases, UnknownNotation, Unreadable
from tests.derivations.helpers import check, display


def test_a_wrong_antlr_runtime_is_an_error_not_an_unreadable_display(tmp_path, monkeypatch):
    # SymPy refuses any runtime but 4.11 with an ImportError
    monkeypatch.setattr(antlr_parser, "version", lambda name: "4.13.2")
    with pytest.raises(ImportError, match=r"antlr4.*version 4\.11") as caught:
        check(tmp_path, display(r"\sigma(0) = \frac{1}{2}"))
    assert caught.value.__notes__ == [f"while checking the display at {tmp_path}/page.md:1"]


def test_an_unexpected_error_is_not_caught(tmp_path, monkeypatch):
    def broken(*_):
        raise RuntimeError("a bug")

    monkeypatch.setattr("pagecheck.derivations.tex.parse_latex", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        check(tmp_path, display(r"\sigma(0) = \frac{1}{2}"))


def test_the_specific_errors_are_unreadable_tex():
    assert issubclass(UnknownNotation, Unreadable)
    assert issubclass(OverlappingCases, Unreadable)
