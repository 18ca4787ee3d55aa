"""pagecheck.html: what a reader gets from rendered HTML."""

from pagecheck.html import code_blocks, images, math_blocks, raw_tex, soup


def test_code_blocks_in_both_forms():
    plain = (
        '<pre class="highlight"><code class="language-pycon" title="t">&gt;&gt;&gt; 1</code></pre>'
    )
    coloured = (
        '<div class="language-python highlight"><span class="filename">a.py</span><pre>'
        '<span></span><code><a id="x"></a><span class="n">x</span> = 1\n</code></pre></div>'
    )
    assert [(b.lang, b.code, b.title) for b in code_blocks(soup(plain + coloured))] == [
        ("pycon", ">>> 1", "t"),
        ("python", "x = 1\n", "a.py"),
    ]


def test_inline_code_is_not_a_block():
    assert code_blocks(soup("<p><code>x</code></p>")) == []


def test_math_blocks_and_inline_math():
    html = (
        '<div class="arithmatex">\\[\na = b\n\\]</div>'
        '<p><span class="arithmatex">\\(x\\)</span></p>'
    )
    assert [m.tex for m in math_blocks(soup(html))] == ["a = b"]


def test_raw_tex_is_found_in_prose_only():
    html = (
        "<p>$$ \\frac{d}{dx}\\,2x = 2 $$</p>"
        "<pre><code>\\frac{1}{2}</code></pre>"
        '<span class="arithmatex">\\(\\tanh(x)\\)</span>'
        "<mjx-container>\\alpha</mjx-container>"
        "<p>\\begin{aligned} a &amp;= b \\end{aligned}</p>"
        "<p>plain prose, a backslash-free line</p>"
    )
    assert raw_tex(soup(html)) == [
        "$$ \\frac{d}{dx}\\,2x = 2 $$",
        "\\begin{aligned} a &= b \\end{aligned}",
    ]


def test_images_with_and_without_alt():
    html = '<img src="a.svg" alt="A [bracket] alt"><img src="b.svg">'
    assert [(i.src, i.alt) for i in images(soup(html))] == [
        ("a.svg", "A [bracket] alt"),
        ("b.svg", None),
    ]
