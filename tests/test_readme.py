"""README.md says what the project's commands do: its list of targets is
what `make help` prints, read from the README as a Markdown renderer reads it."""

import subprocess

from markdown_it import MarkdownIt

from pagecheck.paths import ROOT

INTRO = "make help lists them all:"


def block_after(markdown: str, intro: str) -> str:
    """The fenced code block right after the paragraph that reads ``intro``
    (inline code shown as its text)."""
    tokens = MarkdownIt().parse(markdown)
    for index, token in enumerate(tokens):
        if token.type == "inline" and token.content.replace("`", "") == intro:
            fence = next(t for t in tokens[index:] if t.type in ("fence", "heading_open"))
            assert fence.type == "fence", f"README.md: no code block after {intro!r}"
            return fence.content
    raise AssertionError(f"README.md: no paragraph reads {intro!r}")


def test_the_readme_lists_the_targets_make_help_prints():
    printed = subprocess.run(
        ["make", "--no-print-directory", "help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert block_after((ROOT / "README.md").read_text(encoding="utf-8"), INTRO) == printed, (
        "README.md's list of targets differs from `make help`: paste its output there"
    )
