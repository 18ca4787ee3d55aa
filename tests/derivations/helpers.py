"""Small pages for the derivation checker's tests: write one, check it."""

from pathlib import Path

from pagecheck.derivations import DerivationReport, check_page

# a right derivation: five steps on lines 5 to 8
TANH = r"""# tanh

$$
\begin{aligned}
\frac{d}{dx}\tanh(x) &= 1 - \tanh^2(x) \\
&= 1 - \frac{(1 - e^{-2x})^2}{(1 + e^{-2x})^2} \\
&= \frac{(1 + e^{-2x})^2 - (1 - e^{-2x})^2}{(1 + e^{-2x})^2} \\
&= \frac{4 e^{-2x}}{(1 + e^{-2x})^2} = \operatorname{sech}^2(x)
\end{aligned}
$$
"""

# the forum's slip, shown on purpose: a step marked `% wrong` on line 16 of TANH + this
FORUM_SLIP = r"""
$$
% where u = e^{-2x}
\begin{aligned}
1 - \tanh^2(x) &= 1 - \frac{(1 - u)^2}{(1 + u)^2} \\
&= \frac{1 - (1 - u)^2}{(1 + u)^2} % wrong
\end{aligned}
$$
"""


def display(*lines: str) -> str:
    """A page holding one display, from line 1 (``$$``)."""
    return "\n".join(["$$", *lines, "$$"]) + "\n"


def check(tmp_path: Path, text: str) -> tuple[DerivationReport, str]:
    """The report of a page holding ``text``, and the ``path:`` its failures start with."""
    page = tmp_path / "page.md"
    page.write_text(text)
    return check_page(page), f"{page}:"


def only_failure(report: DerivationReport) -> str:
    assert len(report.failures) == 1, report.failures
    return report.failures[0]
