"""hooks/descriptions.py: a page's meta description from its first paragraph."""

from markupsafe import Markup

from hooks.descriptions import LIMIT, description, first_paragraph, shorten, tex_text


def test_inline_math_reads_as_text():
    assert tex_text(r"\operatorname{pReLU}(x) = \max(0, x) + \alpha \min(0, x)") == (
        "pReLU(x) = max(0, x) + α min(0, x)"
    )
    assert tex_text(r"\sigma'(x) \le \frac{1}{4}") == "σ'(x) ≤ 1/4"
    assert tex_text(r"x_1, \dots, x_n \in \mathbb{R}") == "x_1, …, x_n ∈ ℝ"


def test_first_paragraph_skips_admonitions_tables_and_empty_paragraphs():
    html = """
    <div class="admonition note"><p>Not this.</p></div>
    <table><tr><td><p>Nor this.</p></td></tr></table>
    <p> </p>
    <p>The <strong>hyperbolic tangent</strong> squashes into
       <span class="arithmatex">\\((-1, 1)\\)</span>, like &quot;this&quot;.</p>
    <p>Not the second.</p>
    """
    assert first_paragraph(html) == 'The hyperbolic tangent squashes into (-1, 1), like "this".'


def test_a_long_paragraph_is_cut_at_a_sentence_or_a_word():
    sentence = "A sentence of fifty characters, give or take some. "
    assert shorten(sentence * 5) == (sentence * 3).strip()
    words = "word " * 60
    cut = shorten(words)
    assert len(cut) <= LIMIT and cut.endswith("word…")
    # Sentences shorter than half the limit: words instead.
    assert shorten("Short. " + words).endswith("…")
    assert shorten("A paragraph that leads into a display:") == (
        "A paragraph that leads into a display…"
    )


def test_front_matter_wins_and_the_result_is_escaped():
    html = "<p>Its first paragraph.</p>"
    assert description({}, html, "Site.") == "Its first paragraph."
    own = description({"description": 'The "own" one'}, html, "Site.")
    assert isinstance(own, Markup) and str(own) == "The &#34;own&#34; one"
    assert description({}, "<h1>No paragraph</h1>", 'Site "x"') == "Site &#34;x&#34;"
