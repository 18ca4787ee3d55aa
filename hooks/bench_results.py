"""The build benchmark's results (tools/bench.json) as Markdown tables.

Used by tools/bench.py to print them and by the hook to show them on the
"How this site is built" page, where the marker below stands.
"""

import json
from pathlib import Path

MARKER = "<!-- bench-results -->"
FORMAT = 2  # of tools/bench.json, written by tools/bench.py

RATIO_NAMES = {
    "cold_figures_over_naive": ("cold figure generation / naive baseline", "≤ {}"),
    "warm_over_plain": ("warm no-op build / plain Material build", "≤ {}"),
    "page_edit_over_plain": ("page edit served / plain Material build", "≤ {}"),
    "served_after_snippet": ("page served after its snippet finished (s, worst)", "≤ {} s"),
}


def render(results: dict) -> str:
    lines = [
        "| Scenario | Median (s) | Samples | Snippets run | Notebooks executed |",
        "|---|---:|---:|---|---:|",
    ]
    for row in results["rows"].values():
        ran = row["snippets_run"]
        ran = ", ".join(ran) or "0" if isinstance(ran, list) else ran
        lines.append(
            f"| {row['what']} | {row['seconds']:.2f} | {row['samples']} | {ran} "
            f"| {row['notebooks_executed']} |"
        )
    lines += ["", "| Measure | Measured | Target |", "|---|---:|---:|"]
    for key, value in results["ratios"].items():
        name, target = RATIO_NAMES[key]
        shown = "–" if value is None else f"{value:.2f}"
        lines.append(f"| {name} | {shown} | {target.format(results['targets'][key])} |")
    cold = results["rows"]["cold"]
    lines += [
        "",
        f"Medians over {results['repeat']} rounds on {results['machine']}. Figure "
        f"generation took {cold['figure_seconds']:.2f} s of the cold build.",
    ]
    return "\n".join(lines)


def insert(markdown: str, results_file: Path) -> str:
    """Replace the marker in a page by the tables, if the page has it."""
    if MARKER not in markdown:
        return markdown
    results = json.loads(results_file.read_text()) if results_file.is_file() else None
    if results is None:
        text = "No results yet: run `make bench`."
    elif results.get("format") != FORMAT:
        text = f"The results in `{results_file.name}` are an older benchmark's: run `make bench`."
    else:
        text = render(results)
    return markdown.replace(MARKER, text)
