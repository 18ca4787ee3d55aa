r"""Check the algebra of every displayed formula of the site with SymPy.

A display is ``$$`` on its own line, TeX, ``$$`` on its own line. Its rows
(``\\`` inside ``aligned``) form chains of relations: ``a &= b \\ &= c`` is
the chain a = b = c, whose steps are a = b and b = c. A row that does not
start with a relation starts a new chain. Every step is checked:

``=``
    The two sides are evaluated at many random points of the variables'
    domain, in float64 and with mpmath at 50 digits; a point where they
    differ fails the step. Otherwise SymPy tries to prove the step
    (``simplify`` of the difference, rewritten with ``exp``): the step is
    decided "symbolic" if it succeeds, "numeric" if not.
``\begin{cases}``
    A term given by cases is compared branch by branch, each on its own
    domain (points where the branch's condition holds). The cases must not
    overlap, and must cover the line (except on their boundaries).
``<``, ``\le``, ``>``, ``\ge``
    Checked on a dense grid, and required to be tight: the gap between the
    sides must reach 0 (at a point the grid, a local search or a
    ``% attained at`` marker finds) or tend to it at the edge of the grid.
``\approx``
    The sides must agree to the digits shown when one side is a decimal
    number, otherwise to the display's ``% tolerance: T``.

What a display may use is registered in two tables: the notation
(``notation.py``: functions, variables and constants) and the markers
(``markers.py``: TeX comments such as ``% nocheck: REASON``). Anything else
fails, naming it.

Failures name the page and line: ``docs/activations/tanh.md:42: step 2 → 3
differ at x = -0.7: 0.53 vs 0.89``. The line is that of the term that
disagrees with its neighbours (a changed term breaks the steps on both sides
of it); when that cannot be told, the failure names both lines.

Modules, in the order a display goes through them: ``markers``, ``chains``
(display → chains of terms), ``cases`` and ``tex`` (a term → SymPy, with
``tokens`` and ``notation``), ``steps`` (one step, by its relation), using
``equality``, ``inequality`` and ``numeric``; ``check`` drives them and
``report`` collects the results.
"""

from pagecheck.derivations.check import check_display, check_page, is_draft
from pagecheck.derivations.errors import OverlappingCases, UnknownNotation, Unreadable
from pagecheck.derivations.report import DerivationReport, Step, summary

__all__ = [
    "DerivationReport",
    "OverlappingCases",
    "Step",
    "UnknownNotation",
    "Unreadable",
    "check_display",
    "check_page",
    "is_draft",
    "summary",
]
