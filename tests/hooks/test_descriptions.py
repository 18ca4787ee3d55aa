"""hooks/descriptions.py: a page's meta description from its first paragraph."""

from markupsafe import Markup

from hooks.descriptions import CHUNK, LIMIT, description, first_paragraph, shorten


def test_first_paragraph_skips_admonitions_tables_and_empty_paragraphs():
    html = """
    <div class="admonition note"><p>Not this.</p></div>
    <table><tr><td><p>Nor this.</p></td></tr></table>
    <p> </p>
    <p>The <strong>hyperbolic tangent</strong> squashes into
       <!--math 0--><span class="arithmatex">(−1, 1)</span><!--/math-->, like &quot;this&quot;.</p>
    <p>Not the second.</p>
    """
    # math as search reads it: its plain text, between typesetting's markers
    assert first_paragraph(html) == 'The hyperbolic tangent squashes into (−1, 1), like "this".'


def test_the_first_paragraph_is_found_across_the_pieces_the_page_is_read_in():
    # A table that ends past the first piece, then a paragraph and a tag that
    # both straddle a piece's end.
    table = "<table><tr><td><p>Not this.</p></td></tr>" + " " * CHUNK + "</table>"
    opening = "<p>One " + "word " * (CHUNK // 5) + '<em class="x">last</em>.</p>'
    html = table + opening + "<p>Not the second.</p>" * 1000
    assert first_paragraph(html) == " ".join(["One"] + ["word"] * (CHUNK // 5) + ["last."])


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
