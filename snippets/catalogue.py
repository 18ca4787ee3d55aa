"""Every elementwise activation of torch.nn: facts computed, figures drawn.

Run alone: python snippets/catalogue.py --out DIR
It writes catalogue-NAME-light.svg / -dark.svg for each activation,
catalogue.md (the page's generated part) and catalogue.json (the facts) into
--out. Any fact that does not hold stops the run with the entry's name.
"""

import argparse
import json
import re
from pathlib import Path

import catalogue_page
import edge_reference
import float_edges
import mpmath
import numpy
import symbolic_facts
import sympy as sp
import torch
import torch_facts
from activation_registry import ACTIVATIONS, module

SMOOTHNESS = {None: r"C^\infty", -1: r"\text{jumps}", 0: "C^0", 1: "C^1", 2: "C^2"}


def shortest(v: float, dtype: str) -> str:
    """The shortest decimal that reads back as this float of ``dtype``: it
    names the float exactly. (bfloat16's 8 bits print exactly as they are.)"""
    if dtype == "bfloat16":
        return repr(v)
    return str({"float32": numpy.float32, "float16": numpy.float16}[dtype](v))


def bounded(range_: sp.Set) -> str:
    below, above = range_.inf.is_finite, range_.sup.is_finite
    return {(True, True): "both sides", (True, False): "below", (False, True): "above"}.get(
        (below, above), "neither side"
    )


def latex_range(range_: sp.Set) -> str:
    """The range in TeX; an end that is a critical value (a float) or a long
    fraction (SELU's -λα) is shown to 6 digits, marked \\approx."""
    long = [q for q in range_.atoms(sp.Rational) if q.q > 1000]
    tex = sp.latex(range_.xreplace({q: sp.Float(q, 30) for q in long}))
    return re.sub(r"-?\d+\.\d{7,}", lambda m: rf"\approx {float(m[0]):.6g}", tex)


# --8<-- [start:edges]
def edges_of(entry, facts) -> list[dict]:
    """Every float edge of ``entry`` in float32, bfloat16 and float16, each
    found by bisection over adjacent floats and judged against the exact
    function (edge_reference)."""
    found = []
    for dtype in float_edges.DTYPES:
        f = module(entry, float_edges.DTYPES[dtype])
        values = {}
        for edge in float_edges.edges(f, facts.tails, dtype):
            edge.check_adjacent(f)
            piece = facts.pieces[0] if edge.side == "-" else facts.pieces[-1]
            expr = piece.f if edge.quantity == "value" else piece.d
            closed = entry.closed.get((dtype, edge.quantity, edge.side, edge.label.kind))
            value = values.get((edge.side, edge.label.kind))
            verdict = edge_reference.judge(edge, expr, closed, value)
            if edge.quantity == "value":
                values[(edge.side, edge.label.kind)] = (edge, verdict)
            found.append(edge_row(edge, verdict))
    return found
# --8<-- [end:edges]


def edge_row(edge, verdict) -> dict:
    label = edge.label
    target = {"constant": lambda t: f"{t:g}", "line": line_tex}.get(label.kind)
    row = {
        "dtype": edge.dtype, "side": edge.side, "quantity": edge.quantity,
        "label": label.kind, "target": target(label.target) if target else label.kind,
        "verdict": verdict.kind,
        "exact": None if verdict.exact is None else shortest(verdict.exact, edge.dtype),
    }
    if verdict.kind == "closed":
        sign = -1 if edge.side == "-" else 1
        row |= {"closed": verdict.closed.tex, "cause": verdict.closed.cause,
                "closed_value": f"{sign * float(verdict.closed.value(mpmath)):.6g}"}
    return row


def line_tex(target) -> str:
    slope, intercept = target
    head = "x" if slope == 1 else f"{slope:g}x"
    return head if intercept == 0 else f"{head} {'+' if intercept > 0 else '-'} {abs(intercept):g}"


# --8<-- [start:facts]
def facts_of(entry) -> dict:
    """Everything the catalogue says about one activation, computed."""
    facts = symbolic_facts.analyse(entry)  # SymPy: derivative, kinks, range
    tolerance, why = entry.autograd or (torch_facts.TOLERANCE, "")
    points = torch_facts.autograd_matches(
        entry.anchor, module(entry, torch.float64), facts.d,
        [k.at for k in facts.kinks], tolerance,
    )
    kinks = torch_facts.at_kinks(entry.anchor, lambda dtype: module(entry, dtype), facts.kinks)
    return {
        "anchor": entry.anchor,
        "title": entry.module + (" (tanh)" if entry.anchor == "gelu-tanh" else ""),
        "module": entry.module, "note": entry.note,
        "arguments": "no arguments" if entry.arguments == "none" else entry.arguments,
        "notation": entry.notation, "formula": entry.formula, "derivative": entry.derivative,
        "assume": ", ".join(f"{k} = {v}" for k, v in entry.parameters.items())
        if entry.assume else None,
        "derivative_check": facts.derivative_check, "notation_check": facts.notation_check,
        "autograd_points": points, "autograd_tolerance": tolerance, "autograd_note": why,
        "range": latex_range(facts.range_), "bounded": bounded(facts.range_),
        "monotone": facts.monotone, "zero_centred": facts.zero_centred,
        "smoothness": SMOOTHNESS[facts.smoothness],
        "extrema": [{"x": f"{float(x):.6g}", "value": f"{float(y):.6g}"}
                    for x, y in facts.extrema],
        "kinks": [
            {"x": sp.latex(k.at), "value": k.value, "backward": k.backward,
             "forward": k.forward, "left": k.left, "right": k.right,
             "backward_is": k.which(k.backward), "forward_is": k.which(k.forward)}
            for k in kinks
        ],
        "edges": edges_of(entry, facts),
        "alt": alt_text(entry, facts),
    }
# --8<-- [end:facts]


def alt_text(entry, facts) -> str:
    kinks = ", ".join(sp.latex(k.at) for k in facts.kinks) or "none"
    return (
        f"{entry.module}{' (tanh approximation)' if entry.anchor == 'gelu-tanh' else ''}"
        f" on [-6, 6], solid, and its derivative, dashed; kinks at x = {kinks}."
    )


# --8<-- [start:figure]
import matplotlib.pyplot as plt

XS = torch.linspace(-6, 6, 601, dtype=torch.float64)


def broken(y: torch.Tensor) -> torch.Tensor:
    """``y`` with a gap where it jumps, so that no line joins a jump: every
    curve drawn has slope below 2 where it is continuous, so one grid step
    (0.02) changes it by less than 0.04, and by more than 0.2 only at a jump."""
    jump = torch.cat([torch.tensor([False]), (y[1:] - y[:-1]).abs() > 0.2])
    return y.masked_fill(jump, float("nan"))


def drawer(entry):
    """A small figure: the function, solid, and its autograd derivative, dashed."""

    def draw():
        x = XS.clone().requires_grad_(True)
        y = module(entry, torch.float64)(x)
        y.backward(torch.ones_like(y))
        fig, ax = plt.subplots(figsize=(3.6, 2.4))
        ax.plot(XS, broken(y.detach()), label="f(x)")
        ax.plot(XS, broken(x.grad), "--", label="f'(x)")
        ax.set(xlabel="x", title=entry.module)
        ax.legend(loc="best", fontsize=8)
        fig.tight_layout()
        return fig

    return draw
# --8<-- [end:figure]


def write(out: Path, entries: list[dict]) -> None:
    """catalogue.json and catalogue.md, identical byte for byte on every run."""
    (out / "catalogue.json").write_text(json.dumps(entries, indent=1, sort_keys=True) + "\n")
    (out / "catalogue.md").write_text(catalogue_page.page(entries))


if __name__ == "__main__":
    from plotting import save

    # The command line of every snippet (plotting.main); besides the figures,
    # the page's generated Markdown (catalogue.md, which the build inserts
    # into the page) and the facts (catalogue.json, published beside them).
    parser = argparse.ArgumentParser(description="Write the catalogue's figures and facts.")
    parser.add_argument("--out", default="figures", type=Path, help="folder for the output")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    entries = [facts_of(e) for e in ACTIVATIONS]
    for entry in ACTIVATIONS:
        save(drawer(entry), f"catalogue-{entry.anchor}", args.out)
    write(args.out, entries)
