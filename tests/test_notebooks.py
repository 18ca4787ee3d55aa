"""hooks/notebooks.py: which notebooks execute, what is cached, what a failure
says, and what the rendered pages keep of mkdocs-jupyter's output."""

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
from mkdocs_jupyter import convert

from hooks import notebooks
from pagecheck.paths import DOCS, ROOT
from tests.conftest import mkdocs_build

NOTEBOOK = """\
# %% [markdown]
# # A notebook
#
# With math: $x^2$.

# %%
x = {value}
print(x + 1)
"""

RAISING = """\
# %% [markdown]
# # Raises

# %%
y = 1

# %%
def f():
    return 1 / 0


f()
"""


@pytest.fixture
def docs(tmp_path):
    """A docs folder with one small notebook (no torch: quick to execute)."""
    folder = tmp_path / "docs" / "notebooks"
    folder.mkdir(parents=True)
    (folder / "small.py").write_text(NOTEBOOK.format(value=1))
    return tmp_path / "docs", tmp_path / "cache"


def prepare(docs_dir, cache, **options):
    log = []
    report = notebooks.prepare(docs_dir, cache, log=log.append, **options)
    return report, log


def outputs(path: Path) -> list:
    cells = nbformat.read(path, as_version=4).cells
    return [out for cell in cells if cell.cell_type == "code" for out in cell.outputs]


def printed(report, src_uri="notebooks/small.py") -> list:
    return [out.get("text") for out in outputs(report.notebooks[src_uri])]


def test_key_follows_the_source(docs):
    docs_dir, _ = docs
    source = docs_dir / "notebooks" / "small.py"
    key = notebooks.cache_key(source)
    assert notebooks.cache_key(source) == key
    assert notebooks.cache_key(source, executed=False) != key
    source.write_text(NOTEBOOK.format(value=2))
    assert notebooks.cache_key(source) != key


def test_unchanged_notebook_is_not_executed_again(docs):
    docs_dir, cache = docs
    report, log = prepare(docs_dir, cache)
    assert re.fullmatch(r"notebooks/small\.py: executed in [\d.]+ s", log[0])
    assert list(report.executed) == ["notebooks/small.py"] and report.cached == []
    executed = report.notebooks["notebooks/small.py"]
    assert executed.name == "small.ipynb"
    assert printed(report) == ["2\n"]

    report, log = prepare(docs_dir, cache)
    assert log == ["notebooks/small.py: cached"]
    assert report.executed == {} and report.cached == ["notebooks/small.py"]
    assert report.notebooks["notebooks/small.py"] == executed

    (docs_dir / "notebooks" / "small.py").write_text(NOTEBOOK.format(value=5))
    report, log = prepare(docs_dir, cache)
    assert log[0].startswith("notebooks/small.py: executed in ")
    assert printed(report) == ["6\n"]
    assert not executed.parent.exists()  # the stale entry is pruned


def test_executed_notebook_is_identical_on_every_run(docs):
    docs_dir, cache = docs

    def executed_bytes():
        return prepare(docs_dir, cache)[0].notebooks["notebooks/small.py"].read_bytes()

    first = executed_bytes()
    shutil.rmtree(cache)
    assert executed_bytes() == first


def test_without_execution_the_notebook_has_no_outputs(docs):
    docs_dir, cache = docs
    report, log = prepare(docs_dir, cache, execute_cells=False)
    assert log == ["notebooks/small.py: not executed"]
    assert outputs(report.notebooks["notebooks/small.py"]) == []
    # An executed build afterwards still executes: the two are cached apart.
    assert prepare(docs_dir, cache)[1][0].startswith("notebooks/small.py: executed in ")


def test_raising_cell_names_the_notebook_line_and_cell(docs):
    docs_dir, cache = docs
    source = docs_dir / "notebooks" / "broken.py"
    source.write_text(RAISING)
    with pytest.raises(notebooks.NotebookError) as failure:
        prepare(docs_dir, cache)
    message = str(failure.value)
    line = RAISING.splitlines().index("    return 1 / 0") + 1  # the deepest frame
    expected = f"broken.py:{line}: cell 3 raised ZeroDivisionError: division by zero"
    assert expected in message
    assert "\x1b[" not in message  # no terminal colours
    assert not list(cache.glob("broken-*"))  # nothing cached for it
    assert list(cache.glob("small-*"))  # the other notebook was published


def test_allow_errors_renders_the_error_instead(docs):
    docs_dir, cache = docs
    (docs_dir / "notebooks" / "broken.py").write_text(RAISING)
    report, _ = prepare(docs_dir, cache, allow_errors=True)
    broken = report.notebooks["notebooks/broken.py"]
    assert [out.output_type for out in outputs(broken)] == ["error"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """What mkdocs-jupyter itself renders for a small notebook."""
    folder = tmp_path_factory.mktemp("render")
    source = folder / "small.py"
    source.write_text(NOTEBOOK.format(value=1) + "\n# %%\n# $not math$ in a comment\n")
    # The options mkdocs-jupyter passes by default (custom_mathjax_url unset).
    return convert.nb2html(str(source), execute=False, allow_errors=False, custom_mathjax_url="")


SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def test_cdn_scripts_are_removed_and_nothing_else(rendered):
    assert "cdnjs.cloudflare.com" in rendered
    assert '<script src="">' in rendered
    stripped = notebooks.strip_remote_scripts(rendered)
    removed = [s for s in SCRIPT.findall(rendered) if s not in SCRIPT.findall(stripped)]
    assert len(removed) == 3
    assert '<script src="">' in removed[0]
    assert "x-mathjax-config" in removed[1]
    assert "mermaid" in removed[2] and "cdnjs.cloudflare.com" in removed[2]
    assert "cdnjs" not in stripped and "mathjax" not in stripped.lower()
    assert len(SCRIPT.findall(stripped)) == 2  # the copy buttons' own scripts
    # Outside scripts and comments, the page is untouched.
    bare = re.compile(r"<script\b.*?</script>|<!--.*?-->|\s+", re.S)
    assert bare.sub("", stripped) == bare.sub("", rendered)


def test_styles_are_extracted(rendered):
    html, styles = notebooks.extract_styles(rendered)
    assert "<style" not in html
    assert sum(map(len, styles)) > 500_000  # mkdocs-jupyter's JupyterLab CSS
    assert len(html) < 50_000


def test_markdown_math_becomes_arithmatex_markup(rendered):
    html = notebooks.arithmatex(rendered)
    assert '<span class="arithmatex">\\(x^2\\)</span>' in html
    assert "$not math$" in html  # in a code cell: left alone


def test_arithmatex_inline_display_and_code():
    cell = '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown" data-mime-type="text/markdown">'
    html = (
        cell + "<p>a $x &lt; 1$ b</p>\n<p>$$\n\\frac{a}{b}\n$$</p>\n"
        "<p>c <code>$5 and $6</code> d</p></div>"
    )
    assert notebooks.arithmatex(html) == (
        cell + '<p>a <span class="arithmatex">\\(x &lt; 1\\)</span> b</p>\n'
        '<div class="arithmatex">\\[\n\\frac{a}{b}\n\\]</div>\n'
        "<p>c <code>$5 and $6</code> d</p></div>"
    )
    output = '<div class="jp-RenderedText"><pre>$1 and $2</pre></div>'
    assert notebooks.arithmatex(output) == output


def test_images_get_the_alt_text_of_their_cell():
    def cell(cell_id, body):
        return f'<div class="jp-Cell" id="cell-id={cell_id}">{body}</div>'

    image = f'<img {notebooks.PLACEHOLDER_ALT} src="data:image/png;base64,AA">'
    html = cell("cell2", image) + cell("cell3", image)
    assert notebooks.image_alt_text(html, {"cell3": 'A line & a "dot"'}) == (
        cell("cell2", image)
        + cell(
            "cell3",
            image.replace(notebooks.PLACEHOLDER_ALT, 'alt="A line &amp; a &quot;dot&quot;"'),
        )
    )


def test_css_is_pruned_to_used_classes_and_read_properties():
    css = (
        ".w{--a:1px;--b:var(--a);--unused:red}"
        ".w .used{margin:var(--b)}"
        ".w .unused-class{color:red}"
        ".w .used,.w .other{padding:0}"
        "@media (max-width: 10px){.w .unused-class{color:blue}.w .used{color:green}}"
        "pre{line-height:125%}"
    )
    pruned = notebooks.prune_css(css, {"w", "used"})
    assert "--a:1px" in pruned and "--b:var(--a)" in pruned
    assert "--unused" not in pruned and "unused-class" not in pruned
    assert ".w .used,.w .other{padding:0}" in pruned
    assert "@media (max-width: 10px){.w .used{color:green}}" in pruned
    assert "pre{line-height:125%}" in pruned


# --- The real notebooks ------------------------------------------------------


def test_every_notebook_executes_without_error():
    """Reuses the build's cache: only notebooks changed since the last build run."""
    report, _ = prepare(DOCS, ROOT / ".cache" / "notebooks")
    assert set(report.notebooks) == {
        f"notebooks/{p.name}" for p in (DOCS / "notebooks").glob("*.py")
    }
    for src_uri, path in report.notebooks.items():
        kinds = {out.output_type for out in outputs(path)}
        assert "error" not in kinds, src_uri
        assert "stream" in kinds, f"{src_uri} printed nothing"


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fetched, self.links = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img") and "src" in a:
            self.fetched.append(a["src"])
        if tag == "link" and a.get("rel") not in ("canonical", "alternate"):
            self.fetched.append(a.get("href"))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


@pytest.mark.build
def test_notebook_pages(built_site):
    out, log = built_site
    pages = sorted((out / "notebooks").glob("*/index.html"))
    sources = sorted(p.stem for p in (DOCS / "notebooks").glob("*.py"))
    assert [p.parent.name for p in pages] == sources
    assert (out / notebooks.STYLESHEET).stat().st_size < 50_000
    for page in pages:
        name = page.parent.name
        assert re.search(rf"notebooks/{name}\.py: (executed in [\d.]+ s|cached)", log)
        html = page.read_text()
        assert len(html.encode()) < 200_000, f"{name}: {len(html.encode())} bytes"
        assert "<style" not in html.split("</head>", 1)[1], name
        assert "arithmatex" in html and "$$" not in html, name
        assert notebooks.PLACEHOLDER_ALT not in html, f"{name}: a figure has no alt text"
        parser = Resources()
        parser.feed(html)
        for url in parser.fetched:  # no other host, and no src="" (the page itself)
            assert url and not urlparse(url).netloc, f"{name}: loads {url!r}"
        assert f"../../{notebooks.STYLESHEET}" in parser.fetched
        download = page.parent / f"{name}.ipynb"
        assert f"{name}.ipynb" in parser.links and download.is_file()
        assert json.loads(download.read_text())["cells"]
        for href in parser.links:  # relative links between pages resolve
            target = urlparse(href).path
            if target and not urlparse(href).netloc and not href.startswith("#"):
                resolved = (page.parent / target).resolve()
                assert resolved.is_file() or (resolved / "index.html").is_file(), (
                    f"{name}: dead link {href}"
                )


@pytest.mark.build
def test_raising_cell_fails_the_build_naming_the_notebook(tmp_path, built_site):
    for part in ("docs", "snippets", "hooks", "overrides", "tools"):
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, tmp_path / part)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    for cache in ("figures", "notebooks", "mkdocs-jupyter"):
        if (ROOT / ".cache" / cache).is_dir():
            shutil.copytree(ROOT / ".cache" / cache, tmp_path / ".cache" / cache)
    source = tmp_path / "docs" / "notebooks" / "tanh-to-sigmoid.py"
    anchor = "sigmoid_net = tanh_to_sigmoid(tanh_net)\n"
    text = source.read_text().replace(anchor, anchor + "1 / 0\n", 1)
    source.write_text(text)
    line = text.splitlines().index("1 / 0") + 1
    done = mkdocs_build(tmp_path, tmp_path / "site")
    assert done.returncode != 0
    assert f"docs/notebooks/tanh-to-sigmoid.py:{line}: cell " in done.stdout
    assert "raised ZeroDivisionError: division by zero" in done.stdout
    assert "notebooks/bottleneck.py: cached" in done.stdout  # the others did not run
