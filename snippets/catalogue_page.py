"""The catalogue's Markdown, written from its facts (catalogue.json's entries).

One overview table of three short columns (it fits a 390 px phone), then a
section per activation with a stable anchor: displays, facts, a table of
PyTorch at the kinks, a table of float edges, and the figure in both palettes.
"""

from __future__ import annotations

SIDES = {"-": r"-\infty", "+": r"+\infty"}
BECOMES = {"nan": "nan", "inf": "inf"}
MODE = {
    "both": "the one-sided derivative",
    "left": "left derivative",
    "right": "right derivative",
    "between": "between the two",
    "outside": "outside both",
}


def derivative_notation(notation: str) -> str:
    r"""``\operatorname{ELU}_\alpha(x)`` → ``\operatorname{ELU}_\alpha'(x)``."""
    return notation[: -len("(x)")] + "'(x)"


def overview(entries: list[dict]) -> str:
    """Three short columns, so that the table fits a phone's width."""
    rows = ["| Activation | Range | Smooth |", "| --- | --- | --- |"]
    for e in entries:
        rows.append(
            f"| [{e['title']}](#{e['anchor']}) | \\({e['range']}\\) | \\({e['smoothness']}\\) |"
        )
    return "\n".join(rows)


def display(lhs: str, rhs: str, assume: str | None) -> str:
    """``lhs = rhs``; a right-hand side the registry breaks over rows (``\\\\``
    then ``&\\quad + …``) in an ``aligned`` environment."""
    marker = f"% assume {assume}\n" if assume else ""
    if "\\\\" in rhs:
        return f"$$\n{marker}\\begin{{aligned}}\n{lhs} &= {rhs}\n\\end{{aligned}}\n$$"
    return f"$$\n{marker}{lhs} = {rhs}\n$$"


def facts_list(e: dict) -> str:
    checks = {
        "symbolic": "SymPy proves it on every piece",
        "numeric": "it agrees with d/dx of the formula at 40 digits on every piece",
    }
    extrema = "".join(
        f" Its minimum, \\(\\approx {m['value']}\\), is at \\(x \\approx {m['x']}\\)."
        for m in e["extrema"]
    )
    note = f" {e['autograd_note']}." if e["autograd_note"] else ""
    lines = [
        f"- **Range** \\({e['range']}\\), **bounded** {e['bounded']}, **monotone**"
        f" {e['monotone']}, **zero-centred** {'yes' if e['zero_centred'] else 'no'},"
        f" **smoothness** \\({e['smoothness']}\\).{extrema}",
        f"- **Derivative:** {checks[e['derivative_check']]}; autograd (float64) matches it"
        f" at {e['autograd_points']} points of \\([-6, 6]\\) to a relative"
        f" {e['autograd_tolerance']:.0e}.{note}",
    ]
    return "\n".join(lines)


def kink_table(e: dict) -> str:
    if not e["kinks"]:
        return "No kinks: the formula is one analytic expression."
    rows = [
        "| \\(x\\) | value | backward | forward (jvp) | left, right slope |",
        "| --- | --- | --- | --- | --- |",
    ]
    for k in e["kinks"]:
        rows.append(
            f"| \\({k['x']}\\) | {k['value']:g} | {k['backward']:g} ({MODE[k['backward_is']]})"
            f" | {k['forward']:g} ({MODE[k['forward_is']]}) | {k['left']:g}, {k['right']:g} |"
        )
    return "\n".join(rows)


def becomes(edge: dict) -> str:
    """``value = 1 towards +∞``, the row's first cell."""
    target = BECOMES.get(edge["label"], edge["target"])
    return f"{edge['quantity']} = {target} towards \\({SIDES[edge['side']]}\\)"


def edge_where(edge: dict) -> tuple[str, str]:
    """(the exact function's edge, what PyTorch does) as table cells."""
    exact = f"\\(x = {edge['exact']}\\)" if edge["exact"] is not None else "never"
    kind = edge["verdict"]
    if kind == "everywhere":
        return exact, "the same, on every kernel"
    if kind == "closed":
        sign = "-" if edge["side"] == "-" else ""
        closed = f"\\(x = {sign}{edge['closed']} \\approx {edge['closed_value']}\\)"
        return exact, f"{closed}, to 2 floats: {edge['cause']}"
    if kind == "output":
        return exact, "with the value: PyTorch computes it from its rounded output"
    return exact, "depends on the CPU kernel"


def edge_table(e: dict) -> str:
    if not e["edges"]:
        return (
            "No float edges: every piece is a constant or a line, which floats follow"
            " exactly, and no intermediate overflows."
        )
    rows = [
        "| dtype | becomes | exact function | PyTorch |",
        "| --- | --- | --- | --- |",
    ]
    for edge in e["edges"]:
        exact, torch_cell = edge_where(edge)
        rows.append(f"| {edge['dtype']} | {becomes(edge)} | {exact} | {torch_cell} |")
    return "\n".join(rows)


def section(e: dict) -> str:
    assume = e["assume"]
    parts = [
        f"## {e['title']} {{#{e['anchor']}}}",
        f"`torch.nn.{e['module']}`, {e['arguments']}."
        + (f" {e['note']}" if e["note"] else ""),
        display(e["notation"], e["formula"], assume),
        display(derivative_notation(e["notation"]), e["derivative"], assume),
        facts_list(e),
        "**At the kinks** (float32; float64 agrees):",
        kink_table(e),
        "**Float edges** (the float from which on, outwards, every float gives it):",
        edge_table(e),
        f"![{e['alt']}](../figures/catalogue-{e['anchor']}-light.svg#only-light)\n"
        f"![{e['alt']}](../figures/catalogue-{e['anchor']}-dark.svg#only-dark)",
    ]
    return "\n\n".join(parts)


def page(entries: list[dict]) -> str:
    """The whole generated fragment."""
    return "\n\n".join([overview(entries), *map(section, entries)]) + "\n"
