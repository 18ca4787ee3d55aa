"""hooks/notebook_pages.py: a build's notebook pages, from hand-over to stylesheet."""

from types import SimpleNamespace

import nbformat
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.toc import get_toc

from hooks import notebook_download, notebook_html
from hooks.notebook_pages import STYLESHEET, NotebookPages


@pytest.fixture
def executed(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("See [the MLP](../../mlp/).")]
    nb.cells[0].id = "cell1"
    image = nbformat.v4.new_code_cell("plot()")
    image.id = "cell2"
    image.metadata["alt"] = "A falling line"
    nb.cells.append(image)
    path = tmp_path / "cache" / "small-key" / "small.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    return path


def notebook_page(tmp_path, url="https://example.org/site/notebooks/small/"):
    return SimpleNamespace(
        file=SimpleNamespace(
            src_uri="notebooks/small.py",
            abs_src_path=str(tmp_path / "docs" / "notebooks" / "small.py"),
            dest_uri="notebooks/small/index.html",
            abs_dest_path=str(tmp_path / "site" / "notebooks" / "small" / "index.html"),
        ),
        canonical_url=url,
    )


def test_a_notebook_source_is_published_as_a_page(tmp_path, executed):
    docs = tmp_path / "docs"
    (docs / "notebooks").mkdir(parents=True)
    (docs / "notebooks" / "small.py").write_text("# %%\nx = 1\n")
    (docs / "index.md").write_text("# Home\n")
    config = SimpleNamespace(docs_dir=str(docs), site_dir=str(tmp_path / "site"))
    config.use_directory_urls = True
    files = get_files(load_config(config_file=None, docs_dir=str(docs)))
    assert not files.get_file_from_path("notebooks/small.py").is_documentation_page()
    pages = NotebookPages({"notebooks/small.py": executed}, tmp_path / "pages")
    files = pages.as_pages(files, config)
    page = files.get_file_from_path("notebooks/small.py")
    assert page.is_documentation_page() and page.dest_uri == "notebooks/small/index.html"
    assert len([f for f in files if f.src_uri == "notebooks/small.py"]) == 1


def test_a_notebook_page_reads_its_executed_notebook(tmp_path, executed):
    pages = NotebookPages({"notebooks/small.py": executed}, tmp_path / "pages")
    page = notebook_page(tmp_path)
    other = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    assert pages.is_notebook(page) and not pages.is_notebook(other)
    pages.cache_render(page)
    assert page.file.abs_src_path == str(executed)
    assert page.file.src_uri == "notebooks/small.py"  # its URL and edit link stay
    assert callable(page.render) and len(pages.entries) == 1


def test_content_is_fitted_and_its_styles_and_classes_recorded(tmp_path, executed, monkeypatch):
    pages = NotebookPages({"notebooks/small.py": executed}, tmp_path / "pages")
    page = notebook_page(tmp_path)
    pages.cache_render(page)
    image = f'<img {notebook_html.PLACEHOLDER_ALT} src="data:image/png;base64,AA">'
    html = (
        f'<style>.jp-Cell{{margin:0}}</style><div class="jp-Cell" id="cell-id=cell2">{image}</div>'
    )
    fitted = pages.content(html, page)
    assert 'alt="A falling line"' in fitted and "<style" not in fitted
    assert fitted.startswith('<a href="small.ipynb" download')
    assert pages.styles == [".jp-Cell{margin:0}"] and "jp-Cell" in pages.used
    assert "cell-id=cell2" in page.present_anchor_ids
    # The next build reads the fitted page from the cache, with all it records.
    again = NotebookPages({"notebooks/small.py": executed}, tmp_path / "pages")
    page = notebook_page(tmp_path)
    again.cache_render(page)
    with monkeypatch.context() as patch:
        patch.setattr(notebook_html, "fit", None)
        assert again.content(html, page) == fitted
    assert (again.styles, again.used) == (pages.styles, pages.used)
    assert "cell-id=cell2" in page.present_anchor_ids
    assert again.entries == pages.entries


def test_the_download_has_absolute_links(tmp_path, executed, monkeypatch):
    pages = NotebookPages({"notebooks/small.py": executed}, tmp_path / "pages")
    page = notebook_page(tmp_path)
    pages.cache_render(page)
    pages.write_download(page)
    download = tmp_path / "site" / "notebooks" / "small" / "small.ipynb"
    cells = nbformat.read(download, as_version=4).cells
    assert cells[0].source == "See [the MLP](https://example.org/site/mlp/)."
    with pytest.raises(ValueError, match="site_url"):
        pages.write_download(notebook_page(tmp_path, url=None))
    # The next build copies the cached download; the site is built afresh.
    written = download.read_bytes()
    download.unlink()
    monkeypatch.setattr(notebook_download, "download", None)
    pages.write_download(page)
    assert download.read_bytes() == written
    assert len([e for e in pages.entries if e.startswith("download-")]) == 1


def test_stylesheet_is_linked_pruned_and_cached(tmp_path, executed):
    pages = NotebookPages({"notebooks/small.py": executed}, tmp_path / "pages")
    page = notebook_page(tmp_path)
    output = pages.link_stylesheet("<html><head></head><body></body></html>", page)
    assert f'<link rel="stylesheet" href="../../{STYLESHEET}">\n</head>' in output
    pages.styles = [".used{color:red}.unused{color:blue}"]
    pages.used = {"used"}
    pages.write_stylesheet(tmp_path / "site")
    assert (tmp_path / "site" / STYLESHEET).read_text() == ".used{color:red}\n"
    [cached] = pages.entries
    assert (tmp_path / "pages" / cached).read_text() == ".used{color:red}\n"


def test_a_page_rendered_is_logged_and_one_from_the_cache_counted(tmp_path, executed):
    lines, calls = [], []

    def renderer(notebook):
        calls.append(notebook)
        return "<p>x</p>", get_toc([])

    pages = NotebookPages(
        {"notebooks/small.py": executed}, tmp_path / "pages", lines.append, renderer
    )
    for _ in range(2):
        page = notebook_page(tmp_path)
        page.title, page.content, page.toc = "Small", None, []
        pages.cache_render(page)
        page.render(None, None)
        assert page.content == "<p>x</p>"
    assert calls == [executed]
    assert list(pages.rendered) == ["notebooks/small.py"] and pages.cached == ["notebooks/small.py"]
    assert len(lines) == 1 and lines[0].startswith("notebooks/small.py: rendered in ")
    assert len(pages.entries) == 1
