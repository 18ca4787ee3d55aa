"""Every built page is valid HTML: the Nu Html Checker (vnu.jar, from npm's
``vnu-jar``, run by Java) finds no error in it, and it has one meta
description of its own.

The only errors let through are listed in KNOWN_UPSTREAM, each matched to
the one element it is about and to the upstream issue that explains why it
stays; any other error fails, with the page, the line and the message.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pagecheck.paths import ROOT

# One worker runs this module: the checker's pass over every page (a module
# fixture) then runs once.
pytestmark = [pytest.mark.build, pytest.mark.xdist_group("html-validity")]

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Known:
    """An error of a template we do not own, left in place on purpose."""

    message: str  # start of the checker's message
    extract: str  # regex the checker's extract of the markup must match
    per_page: int  # how many times it occurs on every page
    upstream: str  # the issue that explains it
    why: str


KNOWN_UPSTREAM = [
    Known(
        message="Attribute “autocomplete” is only allowed when the input type is",
        extract=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
        per_page=2,
        upstream="https://github.com/squidfunk/mkdocs-material/issues/1513",
        why='Material\'s drawer and search toggles keep autocomplete="off": without it '
        "Firefox restores a checkbox's state on reload (Mozilla bug 654072), reopening "
        "the drawer; the checker does not know this use "
        "(https://github.com/validator/validator/issues/1141).",
    ),
]


@dataclass(frozen=True)
class Message:
    page: str
    line: int
    text: str
    extract: str

    def __str__(self):
        return f"{self.page}:{self.line}: {self.text}\n    {self.extract.strip()[:160]}"


def vnu_command() -> list[str] | None:
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        return None
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


@pytest.fixture(scope="session")
def vnu():
    command = vnu_command()
    if command is None:
        reason = f"the Nu Html Checker needs java and {VNU_JAR.relative_to(ROOT)} (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return command


def check(command: list[str], files: list[Path], root: Path) -> list[Message]:
    """The checker's errors on ``files``, each with its path under ``root``."""
    done = subprocess.run(
        [*command, "--errors-only", "--exit-zero-always", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = []
    for m in json.loads(done.stderr)["messages"]:
        if m["type"] != "error":
            raise AssertionError(f"the checker could not check a page: {m}")
        path = Path(m["url"].removeprefix("file:")).relative_to(root)
        found.append(Message(path.as_posix(), m.get("lastLine", 0), m["message"], m["extract"]))
    return found


def known(message: Message) -> Known | None:
    for entry in KNOWN_UPSTREAM:
        if message.text.startswith(entry.message) and re.search(entry.extract, message.extract):
            return entry
    return None


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "assets")


@pytest.fixture(scope="module")
def errors(built_site, vnu):
    site = built_site.site
    return check(vnu, pages(site), site), pages(site)


def test_no_html_error_from_our_pages(errors):
    found, _ = errors
    ours = [str(m) for m in found if known(m) is None]
    assert not ours, f"{len(ours)} HTML errors:\n" + "\n".join(ours)


def test_known_upstream_errors_are_still_there_and_only_there(errors, built_site):
    """A known error fixed upstream must leave the list; one that spreads to
    other elements would show up here as a different count."""
    found, checked = errors
    site = built_site.site
    for entry in KNOWN_UPSTREAM:
        counts = Counter(m.page for m in found if known(m) is entry)
        expected = {p.relative_to(site).as_posix(): entry.per_page for p in checked}
        assert counts == expected, f"{entry.upstream}: {entry.message}"


def descriptions(site: Path) -> dict[str, list[str]]:
    found = {}
    for page in pages(site):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        tags = soup.find_all("meta", attrs={"name": "description"})
        found[page.relative_to(site).as_posix()] = [t.get("content", "") for t in tags]
    return found


def description_problems(found: dict[str, list[str]]) -> list[str]:
    """Pages without exactly one non-empty description, and descriptions that
    several pages share (the 404 page may share the site's)."""
    wrong = [f"{p}: {len(d)} meta descriptions" for p, d in found.items() if len(d) != 1]
    wrong += [f"{p}: empty meta description" for p, d in found.items() if d and not d[0].strip()]
    shared = Counter(d[0] for p, d in found.items() if d and p != "404.html")
    wrong += [f"{n} pages share {text!r}" for text, n in shared.items() if n > 1]
    return wrong


def test_every_page_has_one_description_of_its_own(built_site):
    site = built_site.site
    wrong = description_problems(descriptions(site))
    assert not wrong, "\n".join(wrong)


# --- the checks fail --------------------------------------------------------------

BROKEN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title>
<meta name="description" content="Dive into Deep Learning's "Multilayer Perceptrons" section.">
</head><body>
<label for="x" tabindex="">Section</label>
<input type="checkbox" id="x" autocomplete="off">
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
</body></html>
"""


def test_the_check_reports_errors_and_lets_through_only_the_known_one(vnu, tmp_path):
    page = tmp_path / "broken" / "index.html"
    page.parent.mkdir()
    page.write_text(BROKEN)
    found = check(vnu, [page], tmp_path)
    assert all(m.page == "broken/index.html" and m.line > 0 for m in found)
    ours = [m for m in found if known(m) is None]
    texts = "\n".join(m.text for m in ours)
    assert 'Quote “"” in attribute name' in texts
    assert "Bad value “” for attribute “tabindex”" in texts
    # The same error on another checkbox than Material's toggles is ours.
    assert sum("autocomplete" in m.text for m in ours) == 1
    assert sum(known(m) is not None for m in found) == 1


def test_the_description_check_fails_on_missing_empty_or_shared_descriptions(tmp_path):
    heads = {
        "a": '<meta name="description" content="Same.">',
        "b": '<meta name="description" content="Same.">',
        "c": "",
        "d": '<meta name="description" content=" ">',
        "e": '<meta name="description" content="One."><meta name="description" content="Two.">',
        "f": '<meta name="description" content="Its own.">',
    }
    for name, head in heads.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f"<html><head>{head}</head></html>")
    assert description_problems(descriptions(tmp_path)) == [
        "c/index.html: 0 meta descriptions",
        "e/index.html: 2 meta descriptions",
        "d/index.html: empty meta description",
        "2 pages share 'Same.'",
    ]
