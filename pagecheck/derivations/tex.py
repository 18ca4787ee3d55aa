r"""Reading one expression of the site's TeX (no ``cases``) into SymPy.

Every command and ``\operatorname`` name is looked up first: the registry's
functions, variables and constants (``notation.py``), or TeX's own layout
(``\frac``, ``\left``, ``\,`` …). Anything else is an error that names it as
written; nothing is ever split into letters. The site's functions become
placeholders ``F_{k}(…)`` for SymPy's LaTeX parser, then their definitions.

Only the parser's own error (``LaTeXParsingError``) counts as unreadable TeX:
an ImportError (no ANTLR runtime, or the wrong version) propagates.
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.parsing.latex import LaTeXParsingError, parse_latex

from pagecheck.derivations import notation
from pagecheck.derivations.errors import REGISTRY_FILE, UnknownNotation, Unreadable
from pagecheck.derivations.tokens import RELATIONS, argument, group, script

# TeX's own commands that the reader handles (layout, fractions, sizes, relations)
LAYOUT = {
    "frac", "dfrac", "tfrac", "sqrt", "cdot", "times", "partial", "left", "right",
    "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
    "Biggl", "Biggr", "bigm", "Bigm", "lvert", "rvert", "quad", "qquad", "begin", "end",
    "operatorname", "mathrm", "tag", "label", "nonumber", "notag",
    *(r[1:] for r in RELATIONS if r.startswith("\\")),
}  # fmt: skip
NOT_EXPRESSION = {"text", "mathbf", "boldsymbol", "mathbb", "mathcal", "in", "to", "mapsto"}
TAKES_DIGITS = {"frac", "dfrac", "tfrac", "sqrt"}  # \frac12, \sqrt2
COMMAND = re.compile(
    r"\\(?P<op>operatorname\*?|mathrm)\s*\{(?P<name>[^{}]*)\}"
    r"|\\(?P<word>[a-zA-Z]+)(?P<runon>[0-9][0-9a-zA-Z]*)?"
)


def check_vocabulary(tex: str) -> None:
    """Raise UnknownNotation for the first command or ``\\operatorname`` name
    that neither the registry nor the reader knows, and Unreadable for text,
    bold or set notation."""
    registry = notation.REGISTRY
    for m in COMMAND.finditer(tex):
        if m["op"]:
            name = m["name"].strip()
            if name not in registry.operator_names and not (m["op"] == "mathrm" and name == "d"):
                what = "function" if m["op"].startswith("operatorname") else "name"
                raise UnknownNotation(f"unknown {what} `{m[0]}`: register it in {REGISTRY_FILE}")
            continue
        word = m["word"]
        if m["runon"] and word not in TAKES_DIGITS:
            raise UnknownNotation(run_on_message(word, m["runon"]))
        if word in NOT_EXPRESSION:
            raise Unreadable("text, bold or set notation is not an expression")
        if word not in LAYOUT and word not in registry.words:
            raise UnknownNotation(
                f"unknown command `\\{word}`: register it in {REGISTRY_FILE} if it is a "
                "function or symbol, or mark the display `% nocheck: REASON` if it is not "
                "an identity"
            )


def run_on_message(word: str, runon: str) -> str:
    name = word + runon
    advice = f"write `\\operatorname{{{name}}}(…)`"
    if name not in notation.REGISTRY.operator_names:
        advice += f" and register it in {REGISTRY_FILE}"
    return (
        f"`\\{name}` is not a command: TeX reads `\\{word}` followed by `{runon}`; "
        f"for a function named {name}, {advice}"
    )


def decimal_to_fraction(m: re.Match) -> str:
    whole, frac = m.group(1), m.group(2)
    return rf"(\frac{{{int(whole + frac)}}}{{1{'0' * len(frac)}}})"


def normalise(tex: str) -> str:
    """The site's TeX, rewritten into what SymPy's LaTeX parser reads."""
    tex = re.sub(r"\\(?:tag|label)\{[^}]*\}|\\(?:nonumber|notag)\b", " ", tex)
    tex = re.sub(r"\\[,;:! ]|\\q?quad\b|~", " ", tex)
    tex = re.sub(r"\\(?:big|Big|bigg|Bigg)[lrm]?(?![a-zA-Z])", "", tex)
    tex = re.sub(r"(?:\\left|\\right)?(?:\\[lr]vert(?![a-zA-Z])|\|)", "|", tex)
    tex = re.sub(r"\\mathrm\{d\}|\\mathrm\s+d\b", "d", tex)
    tex = re.sub(r"\\[dt]frac", r"\\frac", tex)
    tex = re.sub(r"\\frac(\d)(\d)", r"\\frac{\1}{\2}", tex)
    tex = re.sub(r"\\sqrt(\d)", r"\\sqrt{\1}", tex)
    tex = re.sub(r"\\frac\{d\}\{d\s+", r"\\frac{d}{d", tex)
    tex = re.sub(  # d^2/dx^2 is d/dx twice
        r"\\frac\{(d|\\partial)\s*\^\{?(\d)\}?\}\{\1\s*([a-z]|\\[a-z]+)\s*\^\{?\2\}?\}",
        lambda m: rf"\frac{{{m[1]}}}{{{m[1]} {m[3]}}}" * int(m[2]),
        tex,
    )
    tex = d_over_dx(tex)
    tex = re.sub(r"(?<![\d.])(\d+)\.(\d+)", decimal_to_fraction, tex)
    tex = functions_to_placeholders(tex)
    # x(1 + x) and \alpha(x + 1) are products: only registered functions are called
    symbols = notation.REGISTRY.symbols
    letters = "".join(sorted(n for n in symbols if len(n) == 1))
    words = "|".join(sorted(n for n in symbols if len(n) > 1))
    before_paren = r"\s*(?=\(|\\left\()"
    tex = re.sub(rf"(?<![\\a-zA-Z])([{letters}])" + before_paren, r"\1 \\cdot ", tex)
    tex = re.sub(rf"\\({words})" + before_paren, r"\\\1 \\cdot ", tex)
    return tex.strip()


def d_over_dx(tex: str) -> str:
    r"""``\frac{d f(x)}{dx}`` → ``\frac{d}{dx}(f(x))`` (the parser reads only
    the operator form); the same for ``\partial``."""
    out, i = [], 0
    pattern = re.compile(r"\\frac\{(d|\\partial)(?![a-zA-Z])")
    while m := pattern.search(tex, i):
        num_end = group(tex, m.start() + 5)
        body = tex[m.end() : num_end - 1].strip()
        den_end = group(tex, num_end)
        den = tex[num_end + 1 : den_end - 1]
        out.append(tex[i : m.start()])
        if body:
            out.append(rf"\frac{{{m[1]}}}{{{den}}}\left({d_over_dx(body)}\right)")
        else:
            out.append(tex[m.start() : den_end])
        i = den_end
    out.append(tex[i:])
    return "".join(out)


def functions_to_placeholders(tex: str) -> str:
    r"""``\operatorname{sech}^2(x)`` → ``\left(F_{k}(x)\right)^{2}``, k the
    function's index in the registry: the parser reads ``F_{k}'(a, b)`` as an
    undefined function, which ``apply_definition`` replaces."""
    registry = notation.REGISTRY
    out, i = [], 0
    while m := registry.function_pattern.search(tex, i):
        out.append(tex[i : m.start()])
        k = registry.function_at(m)
        primes, param, power, j = "", None, None, m.end()
        while True:
            if tex.startswith("'", j):
                primes += "'"
                j += 1
            elif tex.startswith("_", j):
                param, j = script(tex, j + 1)
            elif tex.startswith("^", j) and not tex.startswith("^{-1}", j):
                power, j = script(tex, j + 1)
            else:
                break
        try:
            arg, j = argument(tex, j)
        except Unreadable:
            raise Unreadable(f"{m[0]} needs its argument in parentheses") from None
        args = functions_to_placeholders(arg)
        if param is not None:
            if not registry.functions[k].parameters:
                raise Unreadable(f"{m[0]} takes no subscript parameter")
            args = f"{functions_to_placeholders(param)}, {args}"
        call = f"F_{{{k}}}{primes}({args})"
        out.append(f"\\left({call}\\right)^{{{power}}}" if power else call)
        i = j
    out.append(tex[i:])
    return "".join(out)


def expression(tex: str, pieces: dict[str, sp.Basic]) -> sp.Expr:
    """A TeX expression without ``cases`` as SymPy: the site's functions
    replaced by their definitions and derivatives evaluated. ``pieces``: the
    placeholder names (``Q_{0}``) that stand for ``cases`` blocks."""
    check_vocabulary(tex)
    try:
        parsed = parse_latex(normalise(tex))
    except LaTeXParsingError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "no reason given"
        raise Unreadable(f"SymPy cannot parse it: {reason}") from None
    if isinstance(parsed, (sp.Rel, sp.logic.boolalg.BooleanFunction)):
        raise Unreadable("a relation where an expression was expected")
    names: dict[sp.Basic, sp.Basic] = {}
    for s in sorted(parsed.atoms(sp.Symbol), key=lambda s: s.name):
        names[s] = pieces[s.name] if s.name in pieces else notation.REGISTRY.symbol(s.name)
    expr = parsed.xreplace(names)
    expr = expr.replace(lambda e: isinstance(e, AppliedUndef), apply_definition)
    expr = expr.rewrite(sp.Piecewise) if expr.has(sp.Max, sp.Min, sp.Abs) else expr
    return sp.sympify(expr.doit())


PLACEHOLDER = re.compile(r"F_\{(\d+)\}('*)")


def apply_definition(call: AppliedUndef) -> sp.Expr:
    """``F_{k}''(a, x)`` → the second derivative of function k (parameter a) at x."""
    name = call.func.__name__
    m = PLACEHOLDER.fullmatch(name)
    if not m:
        raise UnknownNotation(f"unknown function `{name}`: register it in {REGISTRY_FILE}")
    entry = notation.REGISTRY.functions[int(m[1])]
    spelling = entry.spellings[0]
    args = list(call.args)
    if entry.arity is not None and len(args) == entry.arity and entry.parameters:
        if entry.defaults is None:
            raise Unreadable(f"{spelling} needs its subscript parameters")
        args = [sp.sympify(d) for d in entry.defaults] + args
    if entry.arity is not None and len(args) != len(entry.parameters) + entry.arity:
        raise Unreadable(f"{spelling} takes {entry.arity} argument(s)")
    order = len(m[2])
    assert entry.definition is not None
    if not order:
        return entry.definition(*args)
    if entry.arity != 1:
        raise Unreadable(f"{spelling}' needs one argument to differentiate in")
    t = sp.Dummy("t", real=True)
    return sp.diff(entry.definition(*args[:-1], t), t, order).subs(t, args[-1])
