"""pagecheck/derivations/tables.py: the notation and marker tables of
docs/notation.md and CONTRIBUTING.md are the registries'."""

import pytest
import sympy as sp

from pagecheck.derivations import notation, tables
from pagecheck.derivations.notation import NOTATION, Registry, function
from pagecheck.paths import ROOT


def test_every_table_matches_its_registry():
    found = tables.differences()
    assert found == [], "\n".join(found)


def copy(tmp_path, table: tables.Table) -> tables.Table:
    path = tmp_path / table.path.name
    path.write_text(table.path.read_text())
    return tables.Table(path, table.heading, table.render)


def test_a_table_that_differs_is_reported_with_its_file_and_line_then_rewritten(tmp_path):
    table = copy(tmp_path, tables.TABLES[0])
    text = table.path.read_text()
    table.path.write_text(text.replace("the logistic sigmoid", "the logistic function"))
    line = text.splitlines().index("| Symbol | Definition |") + 1
    assert tables.differences([table]) == [
        f"{table.path}:{line}: the table under `## Functions` differs from the registry; "
        "run `python -m pagecheck.derivations.tables --write`"
    ]
    assert tables.write([table]) == [str(table.path)]
    assert table.path.read_text() == text
    assert tables.differences([table]) == []


def test_a_new_row_appears_in_the_tables(monkeypatch):
    row = function(
        r"\operatorname{NewSoftsign}", lambda z: z / (1 + sp.Abs(z)), r"\(x / (1 + |x|)\)"
    )
    monkeypatch.setattr(notation, "REGISTRY", Registry((*NOTATION, row)))
    assert r"| \(\operatorname{NewSoftsign}(x)\) | \(x / (1 + \|x\|)\) |" in tables.reader_table()
    assert (
        r"| `\operatorname{NewSoftsign}(x)` | function | `x / (1 + \|x\|)` | `x/(Abs(x) + 1)` |  |"
        in tables.checker_table()
    )


def test_a_missing_heading_names_the_file(tmp_path):
    table = tables.Table(tmp_path / "page.md", "## Functions", tables.reader_table)
    table.path.write_text("# Page\n\n| a |\n")
    with pytest.raises(ValueError, match=r"page\.md: no heading `## Functions`"):
        tables.differences([table])


def test_the_tables_are_in_the_files_the_docs_name():
    assert [t.path.relative_to(ROOT).as_posix() for t in tables.TABLES] == [
        "docs/notation.md",
        "CONTRIBUTING.md",
        "CONTRIBUTING.md",
    ]
