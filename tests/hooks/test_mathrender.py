"""hooks/mathrender.py: TeX to SVG with MathJax in Node, each formula cached."""

import importlib.metadata
import json
from pathlib import Path

import pytest

from hooks import mathrender
from hooks.mathrender import (
    Cache,
    Failed,
    Formula,
    NodeMathJax,
    Rendered,
    Renderer,
    RendererError,
    renderer_version,
)

X2 = Formula("x^2", display=False)
TANH = Formula(r"\tanh'(x) = 1 - \tanh^2(x)", display=True)


class CountingNode(NodeMathJax):
    """The real Node process, counting the formulas it is asked to typeset."""

    def __init__(self):
        super().__init__()
        self.asked: list[Formula] = []

    def typeset(self, formulas):
        self.asked += formulas
        return super().typeset(formulas)


@pytest.fixture
def renderer(tmp_path):
    made = []

    def make(version=None):
        node = CountingNode()
        made.append(node)
        return Renderer(Cache(tmp_path / "math", version or renderer_version()), node)

    yield make
    for node in made:
        node.close()


def test_inline_and_display(renderer):
    results = renderer().render([X2, TANH])
    inline, display = results[X2], results[TANH]
    assert isinstance(inline, Rendered) and isinstance(display, Rendered)
    assert inline.svg.startswith('<mjx-container class="MathJax" jax="SVG"')
    assert 'display="true"' not in inline.svg.split(">", 1)[0]
    assert 'display="true"' in display.svg.split(">", 1)[0]
    # Glyphs are referred to by id, their paths given apart, once each.
    assert "<path" not in inline.svg
    assert {"MJX-TEX-I-1D465", "MJX-TEX-N-32"} == set(inline.glyphs)
    assert all(path.startswith("M") for path in inline.glyphs.values())
    # Drawn in the text colour, and read by screen readers from the MathML.
    assert 'fill="currentColor"' in inline.svg and 'aria-hidden="true"' in inline.svg
    assert "<mjx-assistive-mml" in inline.svg and "<math" in inline.svg


def test_a_second_render_reads_the_cache_and_starts_no_node(renderer, tmp_path):
    first = renderer()
    rendered = first.render([X2, TANH, X2])
    assert first.node.asked == [X2, TANH]  # each distinct formula once, one request
    assert first.node.started == 1
    assert len(list((tmp_path / "math").glob("*.json"))) == 2

    again = renderer()
    assert again.render([TANH, X2]) == {TANH: rendered[TANH], X2: rendered[X2]}
    assert again.node.asked == [] and again.node.started == 0


def test_only_the_formulas_not_cached_are_rendered(renderer):
    renderer().render([X2])
    second = renderer()
    second.render([X2, TANH])
    assert second.node.asked == [TANH]


def test_the_key_holds_display_and_renderer_version(renderer, tmp_path):
    renderer().render([X2])
    display = Formula(X2.tex, display=True)
    other = renderer(version="another MathJax")
    other.render([X2, display])
    assert other.node.asked == [X2, display]
    assert len(list((tmp_path / "math").glob("*.json"))) == 3


def test_the_version_names_mathjax_and_hashes_the_script(monkeypatch, tmp_path):
    version = renderer_version()
    assert version.startswith(importlib.metadata.version("django-static-mathjax") + "/")
    script = tmp_path / "typeset.cjs"
    script.write_bytes(mathrender.SCRIPT.read_bytes() + b"\n// another option\n")
    monkeypatch.setattr(mathrender, "SCRIPT", script)
    assert renderer_version() != version


def test_entries_are_whole_json_files_and_no_temporary_file_stays(renderer, tmp_path):
    renderer().render([X2, TANH])
    files = sorted((tmp_path / "math").iterdir())
    assert [f.suffix for f in files] == [".json", ".json"]
    for f in files:
        assert set(json.loads(f.read_text())) == {"svg", "glyphs"}


def test_a_half_written_entry_is_not_an_entry(renderer, tmp_path):
    cache = Cache(tmp_path / "math", "v")
    cache.put(X2, Rendered("<mjx-container>", {}))
    # What an interrupted write leaves: a temporary file, never the entry's name.
    (tmp_path / "math" / "tmpabc.tmp").write_text('{"svg": "<mjx-cont')
    assert cache.get(X2) == Rendered("<mjx-container>", {})
    assert cache.get(TANH) is None


def test_tex_errors_are_reported_and_not_cached(renderer, tmp_path):
    bad = [Formula(r"\frac{1}{", False), Formula(r"\foo{x}", False)]
    results = renderer().render(bad)
    assert results[bad[0]] == Failed("Missing close brace")
    assert results[bad[1]] == Failed("Undefined control sequence \\foo")
    assert not (tmp_path / "math").exists() or not list((tmp_path / "math").iterdir())


def test_missing_node_is_a_clear_error(monkeypatch, renderer):
    monkeypatch.setattr(mathrender, "node_executable", lambda: Path("/no/such/node"))
    with pytest.raises(RendererError, match=r"could not start Node \(/no/such/node\)"):
        renderer().render([X2])


def test_a_node_that_cannot_load_mathjax_says_why(monkeypatch, renderer, tmp_path):
    monkeypatch.setattr(mathrender, "mathjax_root", lambda: tmp_path / "no-mathjax")
    with pytest.raises(RendererError, match=r"(?s)did not start\.\n.*no-mathjax/node-main\.js"):
        renderer().render([X2])
