"""hooks/mathjax_files.py: the MathJax files the site serves itself."""

from hooks import mathjax_files


def test_the_component_its_fonts_and_extensions_are_found():
    files = mathjax_files.mathjax_files()
    assert files[f"{mathjax_files.SITE_DIR}/tex-chtml.js"].is_file()
    for pattern in ("output/chtml/fonts/woff-v2/", "input/tex/extensions/"):
        assert any(path.startswith(f"{mathjax_files.SITE_DIR}/{pattern}") for path in files)
    assert all(source.is_file() for source in files.values())
