"""hooks/mathtext.py: typeset math as one line of plain text (table of contents,
search, copied text), read from the MathML MathJax makes of the TeX."""

import re
from xml.etree.ElementTree import ParseError

import pytest

from hooks.mathrender import Formula, NodeMathJax, Rendered
from hooks.mathtext import readable

CASES = [
    (r"\tanh(x) = 2\sigma(2x) - 1", "tanh(x) = 2σ(2x) − 1"),
    (r"\tanh'(x) = 1 - \tanh^{2}(x)", "tanh′(x) = 1 − tanh²(x)"),
    (r"\operatorname{sech}^{2}(x)", "sech²(x)"),
    (r"\frac{d}{dx} \tanh x", "d/dx tanh x"),
    (r"\frac{2 - x^{2}}{\sqrt{2 \pi}} e^{-\frac{x^{2}}{2}}", "(2 − x²)/√(2π) e^(−x²/2)"),
    (r"\frac{x}{2}(1 + \operatorname{erf}(x/\sqrt{2}))", "x/2 (1 + erf(x/√2))"),
    (r"2\frac{x}{y}", "2 x/y"),
    (r"\max(0, x) + \alpha \min(0, x)", "max(0, x) + α min(0, x)"),
    (r"x_1, \dots, x_n", "x₁, …, x_n"),
    (r"\sum_{i=1}^{n} x_i", "∑_(i = 1)^n x_i"),
    (r"\lim_{x \to \infty} \sigma(x) = 1", "lim_(x → ∞) σ(x) = 1"),
    (r"W^{(2)} \in \mathbb{R}^{d \times h}", "W⁽²⁾ ∈ ℝ^(d × h)"),
    (r"\hat\mu \leftarrow (1 - m)\hat\mu + m\,\mu_B", "μ̂ ← (1 − m)μ̂ + m μ_B"),
    (r"-x \le |x|", "−x ≤ |x|"),
    (r"\sqrt[3]{x}", "³√x"),
    (r"\text{if } x > 0", "if x > 0"),
    (
        r"\operatorname{pReLU}(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        "pReLU(x) = {x, x > 0; αx, x ≤ 0",
    ),
    (
        "\\begin{aligned}\n\\frac{d}{dx} \\operatorname{GELU}(x) &= \\frac{d}{dx} "
        "\\left( x \\Phi(x) \\right) \\\\\n&= \\Phi(x) + \\frac{x}{\\sqrt{2 \\pi}} "
        "e^{-\\frac{x^{2}}{2}}\n\\end{aligned}",
        "d/dx GELU(x) = d/dx (xΦ(x)) = Φ(x) + x/√(2π) e^(−x²/2)",
    ),
]


@pytest.fixture(scope="module")
def mathml():
    """The MathML MathJax makes of each TeX of CASES (one Node process)."""
    node = NodeMathJax()
    try:
        results = node.typeset([Formula(tex, display=False) for tex, _ in CASES])
    finally:
        node.close()
    found = {}
    for (tex, _), result in zip(CASES, results, strict=True):
        assert isinstance(result, Rendered), f"{tex}: {result}"
        found[tex] = re.search(r"<math\b.*?</math>", result.svg, re.S)[0]
    return found


@pytest.mark.parametrize(("tex", "text"), CASES, ids=[text for _, text in CASES])
def test_readable_text(mathml, tex, text):
    assert readable(mathml[tex]) == text


def test_malformed_mathml_is_an_error():
    with pytest.raises(ParseError):
        readable("<math><mi>x</math>")
