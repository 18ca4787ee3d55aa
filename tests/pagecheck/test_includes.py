"""pagecheck.includes: exactly what pymdownx.snippets accepts, with the page's line."""

import shutil

import pytest

from pagecheck import includes
from pagecheck.paths import ROOT

SNIPPET = """\
# --8<-- [start:outer]
import math
# --8<-- [start: padded ]
x = math.pi
# --8<-- [end: padded ]
# --8<-- [end:outer]
y = 2
"""


@pytest.fixture
def project(tmp_path):
    """The site's mkdocs.yml over a snippets folder of our own."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs" / "includes").mkdir(parents=True)
    (tmp_path / "snippets" / "s.py").write_text(SNIPPET)
    return tmp_path


def check(project, body):
    page = project / "docs" / "p.md"
    page.write_text("# P\n\n" + body)
    return includes.check(page, config_file=project / "mkdocs.yml")


def test_what_pymdownx_accepts_passes(project):
    body = (
        '--8<-- "s.py:outer"\n'  # nested sections: the inner markers are dropped
        '--8<-- "s.py:padded"\n'  # a padded section name
        '--8<-- "s.py:2:3"\n'  # a line range
        "--8<--\n"  # the block form
        "s.py:padded\n"
        "s.py\n"
        "--8<--\n"
        ';--8<-- "no-such-file.py"\n'  # escaped: not an include
    )
    assert check(project, body) == []


def test_a_missing_section_names_the_page_line_and_the_sections(project):
    problems = check(project, 'Text.\n\n--8<-- "s.py:outre"\n')
    assert problems == [
        f"{project}/docs/p.md:5: includes section 'outre' of s.py, which has only "
        "['outer', 'padded'] (a section is `# --8<-- [start:name]` … `# --8<-- [end:name]`)"
    ]


def test_a_missing_file_in_the_block_form_names_its_line(project):
    problems = check(project, "--8<--\ns.py\nnope.py\n--8<--\n")
    assert problems == [
        f"{project}/docs/p.md:5: includes 'nope.py', which does not exist in "
        f"{project}/snippets, {project}/docs/includes"
    ]


def test_a_marker_without_a_space_would_be_published_and_fails(project):
    (project / "snippets" / "s.py").write_text(
        "# --8<-- [start:outer]\n# --8<--[start:inner]\nx = 1\n# --8<--[end:inner]\n"
        "# --8<-- [end:outer]\n"
    )
    problems = check(project, '--8<-- "s.py:outer"\n')
    assert len(problems) == 2
    assert problems[0].startswith(
        f"{project}/docs/p.md:3: includes 's.py:outer', which "
        "publishes '# --8<--[start:inner]': a section marker"
    )


def test_including_a_marker_without_a_space_names_the_page_not_a_traceback(project):
    snippet = "# --8<--[start:inner]\nx = 1\n# --8<--[end:inner]\n"
    (project / "snippets" / "s.py").write_text(snippet)
    problems = check(project, '--8<-- "s.py:inner"\n')
    assert problems == [
        f"{project}/docs/p.md:3: includes section 'inner' of s.py, which has only [] "
        "(a section is `# --8<-- [start:name]` … `# --8<-- [end:name]`)"
    ]


def test_a_start_without_an_end_fails(project):
    (project / "snippets" / "s.py").write_text("# --8<-- [start:a]\nx = 1\n")
    problems = check(project, '--8<-- "s.py:a"\n')
    assert problems == [
        f"{project}/docs/p.md:3: includes s.py, where {project}/snippets/s.py:1: "
        "section 'a' starts but never ends (pymdownx would include the rest of the file)"
    ]


def test_sections_reads_markers_as_pymdownx_does(project):
    names, problems = includes.sections(project / "snippets" / "s.py", project / "mkdocs.yml")
    assert names == {"outer": 1, "padded": 3}
    assert problems == []
