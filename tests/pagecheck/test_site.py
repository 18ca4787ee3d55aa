"""pagecheck.site: the checks render with the site's own Markdown settings."""

from pagecheck.paths import DOCS, SNIPPETS
from pagecheck.site import render, settings


def test_settings_are_those_of_mkdocs_yml():
    s = settings()
    assert "pymdownx.arithmatex" in s.extensions
    assert "pymdownx.superfences" in s.extensions
    assert s.snippet_paths == [SNIPPETS, DOCS / "includes"]
    assert s.snippets["check_paths"] is True


def test_render_typesets_displays_as_arithmatex_and_keeps_code():
    html = render("$$\nx = 1\n$$\n\n```python\ny = 2\n```\n")
    assert '<div class="arithmatex">\\[\nx = 1\n\\]</div>' in html
    assert '<code class="language-python">y = 2</code>' in html
