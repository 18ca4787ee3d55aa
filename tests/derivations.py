r"""Check the algebra of every displayed formula of the site with SymPy.

A display is ``$$`` on its own line, TeX, ``$$`` on its own line. Its rows
(``\\`` inside ``aligned``) form chains of relations: ``a &= b \\ &= c`` is
the chain a = b = c, whose steps are a = b and b = c. A row that does not
start with a relation starts a new chain. Every step is checked:

``=``
    The two sides are evaluated at many random points of the variables'
    domain, in float64 and with mpmath at 50 digits; a point where they
    differ fails the step. Otherwise SymPy tries to prove the step
    (``simplify`` of the difference, rewritten with ``exp``): the step is
    decided "symbolic" if it succeeds, "numeric" if not.
``\begin{cases}``
    A term given by cases is compared branch by branch, each on its own
    domain (points where the branch's condition holds). The cases must not
    overlap, and must cover the line (except on their boundaries).
``<``, ``\le``, ``>``, ``\ge``
    Checked on a dense grid, and required to be tight: the gap between the
    sides must reach 0 (at a point the grid, a local search or a
    ``% attained at`` marker finds) or tend to it at the edge of the grid.
``\approx``
    The sides must agree to the digits shown when one side is a decimal
    number, otherwise to the display's ``% tolerance: T``.

Markers are TeX comments (MathJax ignores them), on any line of the display:

``% nocheck: REASON``   the display is not an identity; it is only counted.
``% wrong``             the first step ending on this row is a mistake shown
                        on purpose: it must be NOT equal.
``% wrong at x = 0``    … and the sides must differ at that point.
``% where u = e^{-2x}`` substitute before checking.
``% assume \alpha \ge 0`` check only where the condition holds.
``% attained at x = 0`` the inequality's bound is reached there: checked.
``% loose: REASON``     the inequalities hold but are not tight.
``% tolerance: 1e-3``   the largest difference a ``\approx`` step may have.

Failures name the page and line: ``docs/activations/tanh.md:42: step 2 → 3
differ at x = -0.7: 0.53 vs 0.89``. The line is that of the term that
disagrees with its neighbours (a changed term breaks the steps on both sides
of it); when that cannot be told, the failure names both lines.
"""

from __future__ import annotations

import math
import random
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.parsing.latex import parse_latex

from pagecheck import page as page_source
from pagecheck.paths import rel


class Unparsed(Exception):
    """TeX the checker cannot turn into SymPy."""


class CasesError(Unparsed):
    """Cases whose conditions overlap."""


# -- The site's notation ------------------------------------------------------

# Variables and the domain numeric checks sample them from.
REAL = (-5.0, 5.0)
VARIABLES = {
    "alpha": (sp.Symbol("alpha", real=True), (-2.0, 2.0)),
    "beta": (sp.Symbol("beta", positive=True), (0.1, 3.0)),
    "u": (sp.Symbol("u", positive=True), (0.05, 5.0)),
}
LATIN = set("abcknpqrstvwxyz")
GREEK = {"gamma", "delta", "epsilon", "lambda", "mu", "theta", "tau"}
ALPHA = VARIABLES["alpha"][0]


def variable(name: str) -> sp.Symbol:
    if name in VARIABLES:
        return VARIABLES[name][0]
    if name in LATIN or name in GREEK:
        return sp.Symbol(name, real=True)
    raise Unparsed(f"unknown symbol {name!r}")


def symbols_of(*exprs) -> list[sp.Symbol]:
    return sorted(set().union(*[e.free_symbols for e in exprs]), key=lambda s: s.name)


def domain(symbol: sp.Symbol) -> tuple[float, float]:
    return VARIABLES[symbol.name][1] if symbol.name in VARIABLES else REAL


def _sigma(z):
    return 1 / (1 + sp.exp(-z))


def _phi_cdf(z):
    return (1 + sp.erf(z / sp.sqrt(2))) / 2


# name in TeX → (number of parameters, default parameters, definition).
# A parameter is written as a subscript: \operatorname{Swish}_\beta(x).
FUNCTIONS = {
    "sigma": (0, (), _sigma),
    "tanh": (0, (), sp.tanh),
    "sech": (0, (), lambda z: 1 / sp.cosh(z)),
    "cosh": (0, (), sp.cosh),
    "sinh": (0, (), sp.sinh),
    "ReLU": (0, (), lambda z: sp.Max(z, 0)),
    "pReLU": (1, (ALPHA,), lambda a, z: sp.Max(0, z) + a * sp.Min(0, z)),
    "PReLU": (1, (ALPHA,), lambda a, z: sp.Max(0, z) + a * sp.Min(0, z)),
    "Swish": (1, (VARIABLES["beta"][0],), lambda b, z: z * _sigma(b * z)),
    "SiLU": (0, (), lambda z: z * _sigma(z)),
    "GELU": (0, (), lambda z: z * _phi_cdf(z)),
    "Phi": (0, (), _phi_cdf),
    "phi": (0, (), lambda z: sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)),
    "varphi": (0, (), lambda z: sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)),
    "erf": (0, (), sp.erf),
    "softplus": (0, (), lambda z: sp.log(1 + sp.exp(z))),
    "sign": (0, (), sp.sign),
    "sgn": (0, (), sp.sign),
}

# Every other elementwise activation of torch.nn (the catalogue page). Default
# parameters are PyTorch's; a subscript gives them: \operatorname{ELU}_\alpha(x).
_SELU_LAMBDA = sp.Rational("1.0507009873554804934193349852946")
_SELU_ALPHA = sp.Rational("1.6732632423543772848170429916717")
_HALF = sp.Rational(1, 2)


def _elu(a, z):
    return sp.Piecewise((z, z > 0), (a * (sp.exp(z) - 1), True))


def _shrink(lam, z, shift):
    return sp.Piecewise((z - shift * lam * sp.sign(z), sp.Abs(z) > lam), (0, True))


FUNCTIONS.update(
    {
        "ELU": (1, (1,), _elu),
        "CELU": (1, (1,), lambda a, z: sp.Max(0, z) + sp.Min(0, a * (sp.exp(z / a) - 1))),
        "SELU": (0, (), lambda z: _SELU_LAMBDA * _elu(_SELU_ALPHA, z)),
        "LeakyReLU": (
            1,
            (sp.Rational(1, 100),),
            lambda a, z: sp.Max(0, z) + a * sp.Min(0, z),
        ),
        "ReLU6": (0, (), lambda z: sp.Min(sp.Max(0, z), 6)),
        "Hardtanh": (0, (), lambda z: sp.Min(sp.Max(-1, z), 1)),
        "Hardsigmoid": (0, (), lambda z: sp.Min(sp.Max(0, z / 6 + _HALF), 1)),
        "Hardswish": (0, (), lambda z: z * sp.Min(sp.Max(0, z + 3), 6) / 6),
        "Hardshrink": (1, (_HALF,), lambda lam, z: _shrink(lam, z, 0)),
        "Softshrink": (1, (_HALF,), lambda lam, z: _shrink(lam, z, 1)),
        "Softsign": (0, (), lambda z: z / (1 + sp.Abs(z))),
        "Softplus": (1, (1,), lambda b, z: sp.log(1 + sp.exp(b * z)) / b),
        "LogSigmoid": (0, (), lambda z: -sp.log(1 + sp.exp(-z))),
        "Mish": (0, (), lambda z: z * sp.tanh(sp.log(1 + sp.exp(z)))),
        "Tanhshrink": (0, (), lambda z: z - sp.tanh(z)),
        # no defaults, as in torch: written \operatorname{Threshold}_{t,v}(x)
        "Threshold": (2, (), lambda t, v, z: sp.Piecewise((z, z > t), (v, True))),
        "erfc": (0, (), sp.erfc),
        "log1p": (0, (), lambda z: sp.log(1 + z)),
        "expm1": (0, (), lambda z: sp.exp(z) - 1),
    }
)
NAMES = list(FUNCTIONS)
GREEK_FUNCTIONS = ("sigma", "tanh", "cosh", "sinh", "Phi", "phi", "varphi")
FUNCTION_NAME = re.compile(
    r"\\(?:operatorname\*?|mathrm)\{(?P<op>" + "|".join(NAMES) + r")\}"
    r"|\\(?P<cmd>" + "|".join(GREEK_FUNCTIONS) + r")(?![a-zA-Z])"
)

# -- Reading TeX ----------------------------------------------------------------

TOKEN = re.compile(r"\\begin\{[^}]*\}|\\end\{[^}]*\}|\\[a-zA-Z]+|\\.|[{}]|[^\\{}]")
RELATIONS = {
    "=": "=",
    "<": "<",
    ">": ">",
    r"\lt": "<",
    r"\gt": ">",
    r"\le": "<=",
    r"\leq": "<=",
    r"\leqslant": "<=",
    r"\ge": ">=",
    r"\geq": ">=",
    r"\geqslant": ">=",
    r"\approx": "≈",
    r"\ne": "!=",
    r"\neq": "!=",
}
SHOWN = {"<=": "≤", ">=": "≥", "!=": "≠"}


def top_level(tex: str, wanted) -> list[tuple[int, int, str]]:
    """(start, end, token) of each token ``wanted(token)`` accepts outside any
    brace group, parentheses or environment."""
    found, depth = [], 0
    for m in TOKEN.finditer(tex):
        tok = m.group()
        if tok in ("{", "(") or tok.startswith(r"\begin{"):
            depth += 1
        elif tok in ("}", ")") or tok.startswith(r"\end{"):
            depth -= 1
        elif depth == 0 and wanted(tok):
            found.append((m.start(), m.end(), tok))
    return found


def split_top(tex: str, wanted) -> list[tuple[int, int]]:
    """Spans of ``tex`` between the top-level tokens ``wanted`` accepts."""
    spans, start = [], 0
    for a, b, _ in top_level(tex, wanted):
        spans.append((start, a))
        start = b
    spans.append((start, len(tex)))
    return spans


def group(tex: str, i: int, open_: str = "{", close: str = "}") -> int:
    """Index just past the group opened at ``tex[i]``."""
    depth = 0
    for j in range(i, len(tex)):
        if tex[j] == open_ and tex[j - 1] != "\\":
            depth += 1
        elif tex[j] == close and tex[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return j + 1
    raise Unparsed(f"unbalanced {open_!r} in {tex!r}")


def argument(tex: str, i: int) -> tuple[str, int]:
    """A function argument in parentheses at ``tex[i:]``: (inner TeX, end)."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if tex.startswith(r"\left(", i):
        end = group(tex, i + 5, "(", ")")
        inner = tex[i + 6 : end - 1]
        if not inner.endswith(r"\right"):
            raise Unparsed(r"\left( closed by something else than \right)")
        return inner[: -len(r"\right")], end
    if tex.startswith("(", i):
        end = group(tex, i, "(", ")")
        return tex[i + 1 : end - 1], end
    raise Unparsed("a function needs its argument in parentheses, as in \\tanh(x)")


def script(tex: str, i: int) -> tuple[str, int]:
    """The argument of ``_`` or ``^`` at ``tex[i:]``: a group, command or char."""
    if tex.startswith("{", i):
        end = group(tex, i)
        return tex[i + 1 : end - 1], end
    m = re.compile(r"\\[a-zA-Z]+|\S").match(tex, i)
    if not m:
        raise Unparsed("empty subscript or exponent")
    return m.group(), m.end()


def functions_to_placeholders(tex: str) -> str:
    r"""``\operatorname{sech}^2(x)`` → ``\left(F_{2}(x)\right)^{2}``: the LaTeX
    parser reads ``F_{k}'(a, b)`` as an undefined function, replaced later."""
    out, i = [], 0
    while m := FUNCTION_NAME.search(tex, i):
        out.append(tex[i : m.start()])
        name = m["op"] or m["cmd"]
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
        except Unparsed:
            raise Unparsed(f"\\{name} needs its argument in parentheses") from None
        args = functions_to_placeholders(arg)
        if param is not None:
            if FUNCTIONS[name][0] == 0:
                raise Unparsed(f"\\{name} takes no subscript parameter")
            args = f"{functions_to_placeholders(param)}, {args}"
        call = f"F_{{{NAMES.index(name)}}}{primes}({args})"
        out.append(f"\\left({call}\\right)^{{{power}}}" if power else call)
        i = j
    out.append(tex[i:])
    return "".join(out)


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
    # x(1 + x) is a product, not a function x applied to 1 + x
    before_paren = r"\s*(?=\(|\\left\()"
    tex = re.sub(r"(?<![\\a-zA-Z])([a-eik-z])" + before_paren, r"\1 \\cdot ", tex)
    tex = re.sub(r"\\(alpha|beta|gamma|lambda|mu)" + before_paren, r"\\\1 \\cdot ", tex)
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


def to_sympy(tex: str, where: dict | None = None) -> sp.Expr:
    """A TeX expression of the site as a SymPy expression, with the site's
    functions replaced by their definitions and derivatives evaluated."""
    tex, pieces = cases_to_placeholders(tex, where or {})
    if re.search(r"\\(text|mathbf|boldsymbol|mathbb|mathcal|in|to|mapsto)\b", tex):
        raise Unparsed("text, bold or set notation is not an expression")
    try:
        expr = parse_latex(normalise(tex))
    except Unparsed:
        raise
    except Exception as exc:  # the parser raises several kinds of error
        raise Unparsed(f"SymPy cannot parse it ({type(exc).__name__})") from None
    if isinstance(expr, (sp.Rel, sp.logic.boolalg.BooleanFunction)):
        raise Unparsed("a relation where an expression was expected")
    names = {}
    for s in expr.atoms(sp.Symbol):
        if s.name == "e":
            names[s] = sp.E
        elif s.name == "pi":
            names[s] = sp.pi
        elif s.name in pieces:
            names[s] = pieces[s.name]
        else:
            names[s] = variable(s.name)
    expr = expr.xreplace(names)
    expr = expr.replace(lambda e: isinstance(e, AppliedUndef), apply_definition)
    expr = expr.rewrite(sp.Piecewise) if expr.has(sp.Max, sp.Min, sp.Abs) else expr
    expr = sp.sympify(expr.doit())
    for name, value in (where or {}).items():
        expr = expr.subs(name, value)
    return expr


def cases_to_placeholders(tex: str, where: dict) -> tuple[str, dict]:
    """A ``cases`` block inside an expression (``2 \\begin{cases}…\\end{cases}``)
    becomes a symbol ``Q_{k}`` standing for a SymPy Piecewise."""
    pieces = {}
    while (start := tex.find(r"\begin{cases}")) >= 0:
        end = tex.find(r"\end{cases}", start)
        if end < 0:
            raise Unparsed(r"\begin{cases} without \end{cases}")
        end += len(r"\end{cases}")
        name = f"Q_{{{len(pieces)}}}"
        pieces[name] = sp.Piecewise(
            *[(b.expr, b.cond) for b in branches(tex[start:end], where, words=False)]
        )
        tex = f"{tex[:start]} {name} {tex[end:]}"
    return tex, pieces


def apply_definition(call):
    if call.func.__name__ in ("max", "min"):
        return (sp.Max if call.func.__name__ == "max" else sp.Min)(*call.args)
    m = re.fullmatch(r"F_\{(\d+)\}('*)", call.func.__name__)
    if not m:
        raise Unparsed(f"unknown function {call.func.__name__!r}")
    name = NAMES[int(m[1])]
    n_params, defaults, definition = FUNCTIONS[name]
    args = list(call.args)
    if len(args) == 1:
        args = [*defaults, *args]
    if len(args) != n_params + 1:
        raise Unparsed(f"\\{name} takes {n_params + 1} argument(s)")
    order = len(m[2])
    if not order:
        return definition(*args)
    t = sp.Dummy("t", real=True)
    return sp.diff(definition(*args[:-1], t), t, order).subs(t, args[-1])


# -- Displays -------------------------------------------------------------------

MARKER = re.compile(
    r"(?P<kind>nocheck|wrong|where|assumes?|attained at|loose|tolerance)\b"
    r":?\s*(?P<rest>.*)"
)
ENVIRONMENTS = ("aligned", "align", "align*", "gathered", "split", "equation")


@dataclass
class Term:
    tex: str
    line: int


@dataclass
class Chain:
    terms: list[Term]
    relations: list[str] = field(default_factory=list)
    # per step: None, or the `% wrong` marker's text after "wrong" ("at x = 0")
    wrong: list[str | None] = field(default_factory=list)


@dataclass
class Display:
    path: Path
    line: int  # line of the opening $$
    rows: list[tuple[int, str]]  # (page line, TeX without comments)
    markers: list[tuple[int, str, str]]  # (page line, kind, rest)

    @property
    def where(self) -> str:
        return f"{rel(self.path)}:{self.line}"

    def marker(self, kind: str) -> list[tuple[int, str]]:
        return [(n, rest) for n, k, rest in self.markers if k == kind]


def displays(path: Path, text: str | None = None) -> list[Display]:
    """Every ``$$ … $$`` display of a page outside code fences, with its markers."""
    found = []
    for d in page_source.displays(path, text):
        markers = [
            (n, m["kind"], m["rest"].strip())
            for n, comment in d.comments
            if (m := MARKER.match(comment.strip()))
        ]
        found.append(Display(d.path, d.line, d.rows, markers))
    return found


def chains(display: Display) -> list[Chain]:
    """The chains of relations of a display, each term with its page line."""
    text, starts = "", []
    for n, tex in display.rows:
        starts.append((len(text), n))
        text += tex + "\n"

    def line_at(pos: int) -> int:
        return max((n for s, n in starts if s <= pos), default=display.line)

    body_start, body_end = 0, len(text)
    m = re.match(r"\s*\\begin\{([a-z*]+)\}", text)
    if m and m[1] in ENVIRONMENTS:
        end = text.rfind(rf"\end{{{m[1]}}}")
        if end < 0:
            raise Unparsed(f"\\begin{{{m[1]}}} without \\end")
        body_start, body_end = m.end(), end
    wrong_lines = dict(display.marker("wrong"))
    found: list[Chain] = []
    body = text[body_start:body_end]
    rows = [
        (a + c, a + d)
        for a, b in split_top(body, lambda t: t == "\\\\")
        # "a = b, \qquad c = d": two chains on one row
        for c, d in split_top(body[a:b], lambda t: t == ",")
    ]
    for a, b in rows:
        row_lines = {line_at(body_start + k) for k in range(a, b) if not body[k].isspace()}
        if not row_lines:
            continue
        row = body[a:b]
        seps = top_level(row, lambda t: t in RELATIONS)
        pieces, start = [], 0
        for s, e, tok in seps:
            pieces.append((start, s, tok))
            start = e
        pieces.append((start, len(row), None))
        first_tex = clean(row[pieces[0][0] : pieces[0][1]])
        if first_tex:
            line = line_at(body_start + a + first_nonspace(row))
            chain = Chain([Term(first_tex, line)])
            found.append(chain)
        elif not found:
            raise Unparsed("a row starts with a relation but no chain precedes it")
        else:
            chain = found[-1]
        for k, (s, e, _) in enumerate(pieces[1:]):
            rel_tok = pieces[k][2]
            tex = clean(row[s:e])
            if not tex:
                raise Unparsed(f"nothing after {rel_tok!r}")
            line = line_at(body_start + a + s + first_nonspace(row[s:e]))
            chain.terms.append(Term(tex, line))
            chain.relations.append(RELATIONS[rel_tok])
            marked = [wrong_lines[n] for n in sorted(row_lines) if n in wrong_lines]
            chain.wrong.append(marked[0] if k == 0 and marked else None)
    return found


def first_nonspace(s: str) -> int:
    return len(s) - len(s.lstrip())


def clean(tex: str) -> str:
    """A term without alignment marks and trailing punctuation."""
    for a, b, _ in reversed(top_level(tex, lambda t: t == "&")):
        tex = tex[:a] + " " + tex[b:]
    tex = re.sub(r"(\\[,;!]|\\q?quad|[\s,.;])+$", "", tex)
    return tex.strip()


# -- Terms given by cases -------------------------------------------------------


@dataclass
class Branch:
    expr: sp.Expr | None  # None: a branch whose value is words
    cond: sp.Basic  # a SymPy boolean; S.true for a plain term
    tex: str


CASES = re.compile(r"\s*\\begin\{cases\}(?P<body>.*)\\end\{cases\}\s*", re.S)


def branches(tex: str, where: dict, words: bool = True) -> list[Branch]:
    """A term as (value, condition) pairs: one pair with condition True unless
    the term is a cases block. ``words``: a branch may be words (not checked)."""
    m = CASES.fullmatch(tex)
    if not m or r"\begin{cases}" in m["body"]:
        return [Branch(to_sympy(tex, where), sp.true, tex)]
    found, others = [], []
    for a, b in split_top(m["body"], lambda t: t == "\\\\"):
        row = m["body"][a:b]
        if not row.strip():
            continue
        amp = top_level(row, lambda t: t == "&")
        if not amp:
            raise Unparsed("a cases row needs `value & condition`")
        value, cond_tex = clean(row[: amp[0][0]]), clean(row[amp[0][1] :])
        cond = condition(cond_tex, where)
        if cond is None:  # "otherwise"
            cond = sp.And(*[sp.Not(c) for c in others])
        others.append(cond)
        is_words = re.fullmatch(r"\\text\{[^}]*\}", value)
        if is_words and not words:
            raise Unparsed("a branch in words inside an expression")
        found.append(Branch(None if is_words else to_sympy(value, where), cond, value))
    overlap(found)
    return found


def overlap(found: list[Branch]):
    """Two cases that hold at the same point (away from their boundaries)."""
    conds = [b.cond for b in found]
    symbols = symbols_of(*conds)
    inside = Domain(symbols, sp.true, [g for c in conds for g in switches(c)])
    tests = [Domain(symbols, c) for c in conds]
    for point in candidates(symbols, random.Random(0), 200):
        if point in inside and sum(point in t for t in tests) > 1:
            where = fmt_point(dict(zip(symbols, point)))
            raise CasesError(f"two cases hold at {where}")


def condition(tex: str, where: dict):
    """A cases condition as a SymPy boolean; None for "otherwise"."""
    words = re.sub(r"\\text\{\s*(if|for|when|where)\s*\}", " ", tex).strip()
    if re.fullmatch(r"\\text\{\s*(otherwise|else)\s*\}", words):
        return None
    if "\\text" in words:
        raise Unparsed(f"a condition the checker cannot read: {tex!r}")
    parts = []
    for piece in split_top(words, lambda t: t == ","):
        piece_tex = words[piece[0] : piece[1]].strip()
        if not piece_tex:
            continue
        seps = top_level(piece_tex, lambda t: t in RELATIONS)
        if not seps:
            raise Unparsed(f"a condition without a relation: {tex!r}")
        spans = split_top(piece_tex, lambda t: t in RELATIONS)
        sides = [to_sympy(piece_tex[a:b], where) for a, b in spans]
        for (_, _, tok), lhs, rhs in zip(seps, sides, sides[1:]):
            op = RELATIONS[tok]
            if op == "≈":
                raise Unparsed("\\approx in a condition")
            parts.append(sp.Rel(lhs, rhs, {"=": "==", "!=": "!="}.get(op, op)))
    return sp.And(*parts)


# -- Evaluation -------------------------------------------------------------------

DPS = 50
HIGH_TOL = mpmath.mpf(10) ** -30
FLOAT_TOL = 1e-7


@dataclass
class Side:
    """An expression, compiled for float64 and for mpmath."""

    expr: sp.Expr
    symbols: list

    def __post_init__(self):
        self.f64 = sp.lambdify(self.symbols, self.expr, modules="math")
        self.mp = sp.lambdify(self.symbols, self.expr, modules="mpmath")

    def float(self, point):
        try:
            value = self.f64(*[float(v) for v in point])
            return complex(value) if isinstance(value, complex) else float(value)
        except (OverflowError, ZeroDivisionError, ValueError, TypeError):
            return None

    def high(self, point):
        with mpmath.workdps(DPS):
            try:
                return self.mp(*[to_mpf(v) for v in point])
            except (ZeroDivisionError, ValueError, TypeError):
                return None


def to_mpf(v: sp.Expr):
    """A SymPy number at the working precision (exactly, for a rational)."""
    if isinstance(v, sp.Rational):
        return mpmath.mpf(v.p) / v.q
    return mpmath.mpf(str(sp.N(v, mpmath.mp.dps + 10)))


def switches(expr: sp.Basic) -> list[sp.Expr]:
    """Expressions whose sign changes the formula: points where one is 0 are
    kinks, where the sides need not agree (or exist)."""
    found = []
    for rel_ in expr.atoms(sp.core.relational.Relational):
        found.append(rel_.lhs - rel_.rhs)
    for f in expr.atoms(sp.Heaviside, sp.sign, sp.Abs):
        found.append(f.args[0])
    for f in expr.atoms(sp.Max, sp.Min):
        found.extend(a - b for a, b in zip(f.args, f.args[1:]))
    return found


def rational(x: float, digits: int) -> sp.Rational:
    return sp.Rational(f"{x:.{digits}f}")


def candidates(symbols, rng: random.Random, n: int):
    """Random points, the first ones with one decimal (for readable messages)."""
    for k in range(n):
        digits = 1 if k < n // 8 else 3
        point = []
        for s in symbols:
            lo, hi = domain(s)
            if k >= n - n // 8 and not (s.is_positive or s.name in VARIABLES):
                lo, hi = -30.0, 30.0  # a few far points too
            v = rational(rng.uniform(lo, hi), digits)
            if v == 0:
                v = rational(hi / 3, digits)
            point.append(v)
        yield tuple(point)


class Domain:
    """Points where ``cond`` holds, away from the kinks (zeros of ``guards``)."""

    def __init__(self, symbols, cond=sp.true, guards=()):
        self.test = None if cond is sp.true else sp.lambdify(symbols, cond, "math")
        self.guards = sp.lambdify(symbols, list(guards), "math") if guards else None

    def __contains__(self, point) -> bool:
        values = [float(v) for v in point]
        try:
            if self.test is not None and not self.test(*values):
                return False
            if self.guards is None:
                return True
            return all(abs(g) >= 1e-6 for g in self.guards(*values))
        except (TypeError, ValueError, OverflowError, ZeroDivisionError):
            return False


@dataclass
class Verdict:
    equal: bool
    method: str  # "symbolic", "numeric"
    point: dict | None = None
    values: tuple | None = None


def close_high(a, b) -> bool:
    scale = max(mpmath.mpf(1), abs(a), abs(b))
    return abs(a - b) <= HIGH_TOL * scale


def close_float(a, b) -> bool:
    return abs(a - b) <= FLOAT_TOL * max(1.0, abs(a), abs(b))


def compare(a: sp.Expr, b: sp.Expr, cond=sp.true) -> Verdict | None:
    """Are ``a`` and ``b`` equal where ``cond`` holds? None: the domain is empty
    (no point of it was found)."""
    exact = {}
    for c in sp.And.make_args(cond):
        if isinstance(c, sp.Eq) and isinstance(c.lhs, sp.Symbol):
            exact[c.lhs] = c.rhs
    if exact:
        a, b, cond = a.subs(exact), b.subs(exact), cond.subs(exact)
    symbols = symbols_of(a, b, cond)
    sides = Side(a, symbols), Side(b, symbols)
    inside = Domain(symbols, cond, switches(a) + switches(b) + switches(cond))
    rng = random.Random(0)
    points = []
    for point in candidates(symbols, rng, 4000 if cond is not sp.true else 400):
        if point in inside:
            points.append(point)
        if len(points) == (200 if symbols else 1):
            break
    if not points:
        return None
    shown = [dict(zip(symbols, p)) for p in points]
    checked = 0
    for k, point in enumerate(points):
        fa, fb = sides[0].float(point), sides[1].float(point)
        confirm = fa is None or fb is None or not close_float(fa, fb) or k < 20
        if not confirm:
            continue
        ha, hb = sides[0].high(point), sides[1].high(point)
        if ha is None and hb is None:
            continue
        checked += 1
        if ha is None or hb is None or not close_high(ha, hb):
            clear = clearest(sides, points[:25])
            k = k if clear is None else clear
            return Verdict(
                False, "numeric", shown[k], (sides[0].high(points[k]), sides[1].high(points[k]))
            )
    if not checked:
        raise Unparsed("the sides cannot be evaluated at any point of the domain")
    if proved_equal(a, b, cond):
        return Verdict(True, "symbolic")
    return Verdict(True, "numeric")


def clearest(sides, points) -> int | None:
    """Of the first points (the round ones), the one where the sides differ
    most, for the failure message."""
    best, where = 1e-20, None
    for k, point in enumerate(points):
        ha, hb = sides[0].high(point), sides[1].high(point)
        if ha is not None and hb is not None:
            gap = abs(ha - hb) / max(1, abs(ha), abs(hb))
            if gap > best:
                best, where = gap, k
    return where


# The signs a variable may take where a relation with 0 holds.
SIGNS = {">": {1}, ">=": {0, 1}, "<": {-1}, "<=": {-1, 0}, "==": {0}}
FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "=="}
ASSUME = {
    frozenset({1}): dict(positive=True),
    frozenset({-1}): dict(negative=True),
    frozenset({0, 1}): dict(nonnegative=True),
    frozenset({-1, 0}): dict(nonpositive=True),
}


def proved_equal(a, b, cond) -> bool:
    """SymPy proves a = b where cond holds: simplify the difference after
    rewriting with exp. A sign condition on a variable (x > 0) becomes an
    assumption; a difference still piecewise in x is proved for x < 0, x = 0
    and x > 0 separately."""
    signs: dict[sp.Symbol, set] = {}
    for c in sp.And.make_args(cond):
        if not isinstance(c, sp.Rel) or c.rel_op not in SIGNS:
            continue
        if isinstance(c.lhs, sp.Symbol) and c.rhs == 0:
            s, op = c.lhs, c.rel_op
        elif isinstance(c.rhs, sp.Symbol) and c.lhs == 0:
            s, op = c.rhs, FLIP[c.rel_op]
        else:
            continue
        signs[s] = signs.get(s, {-1, 0, 1}) & SIGNS[op]
    try:
        with time_limit(8):
            diff = with_signs(a - b, signs)
            if simplified(diff) == 0:
                return True
            # the variables of the conditions left, as they are in a - b
            names = {v.name for r in diff.atoms(sp.Rel) for v in r.free_symbols}
            switching = [v for v in (a - b).free_symbols if v.name in names]
            if len(switching) != 1:
                return False
            (x,) = switching
            return all(
                simplified(with_signs(a - b, {**signs, x: {sign}})) == 0
                for sign in signs.get(x, {-1, 0, 1})
            )
    except (TimeoutError, RecursionError, TypeError, ValueError, AttributeError):
        return False


def with_signs(expr, signs: dict):
    """``expr`` with each variable replaced by one that has the given signs."""
    for s, allowed in signs.items():
        if allowed == {0}:
            expr = expr.subs(s, 0)
        elif frozenset(allowed) in ASSUME:
            kind = ASSUME[frozenset(allowed)]
            expr = expr.subs(s, sp.Symbol(s.name, real=True, **kind))
    return expr


def simplified(expr):
    if sp.expand(expr) == 0:
        return 0
    return sp.simplify(sp.piecewise_fold(expr.rewrite(sp.exp)))


@contextmanager
def time_limit(seconds: float):
    """Stop SymPy after ``seconds`` (only possible in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(*_):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- Inequalities -----------------------------------------------------------------

GRID = [sp.Rational(k, 20) for k in range(-600, 601)]  # -30 … 30, step 0.05
PARAMETER_GRID = {
    "alpha": [sp.Rational(v) for v in ("-1", "-1/4", "0", "1/4", "1/2", "1", "2")],
    "beta": [sp.Rational(v) for v in ("1/4", "1/2", "1", "2", "4")],
    "u": [sp.Rational(k, 20) for k in range(1, 601)],
}
TIGHT = 1e-9


def gap_of(op: str, a, b):
    """A number that is >= 0 (> 0 for a strict relation) when ``a op b``."""
    return b - a if op in ("<", "<=") else a - b


def inequality(a: sp.Expr, b: sp.Expr, op: str, attained: list[dict], assume=sp.true):
    """Check ``a op b`` on a grid. Returns (failure, best): failure is None or
    (point, values) where the relation fails; best is (smallest scaled gap,
    point, values), the gap refined next to the closest grid point."""
    symbols = symbols_of(a, b)
    sides = Side(a, symbols), Side(b, symbols)
    guards = switches(a) + switches(b)
    grids = []
    primary = next((s for s in symbols if s.name not in ("alpha", "beta")), None)
    for s in symbols:
        if s is primary:
            grids.append(PARAMETER_GRID["u"] if s.is_positive else GRID)
        else:
            grids.append(PARAMETER_GRID.get(s.name, GRID[::20]))
    strict = op in ("<", ">")
    inside = Domain(symbols, assume, guards)
    points = [p for p in product(*grids) if p in inside]
    points += [tuple(d[s] for s in symbols) for d in attained]
    # float64 first; mpmath where float64 is unsure and at the tightest point
    unsure, tightest = [], (math.inf, None)
    for point in points:
        fa, fb = sides[0].float(point), sides[1].float(point)
        if fa is None or fb is None or isinstance(fa + fb, complex):
            unsure.append(point)
            continue
        scale = max(1.0, abs(fa), abs(fb))
        g = gap_of(op, fa, fb) / scale
        if g <= 1e-9:
            unsure.append(point)
        elif g < tightest[0]:
            tightest = (g, point)
    best = (None, None, None)  # (scaled gap, point, values)
    for point in unsure + ([tightest[1]] if tightest[1] else []):
        ha, hb = sides[0].high(point), sides[1].high(point)
        if ha is None or hb is None:
            continue
        with mpmath.workdps(DPS):
            g = gap_of(op, ha, hb)
            scale = max(mpmath.mpf(1), abs(ha), abs(hb))
            if g < -HIGH_TOL * scale or (strict and g <= 0):
                return (dict(zip(symbols, point)), (ha, hb)), None
            if best[0] is None or g / scale < best[0]:
                best = (g / scale, point, (ha, hb))
    if best[0] is not None and best[0] > TIGHT and primary is not None:
        best = refine(sides, symbols, primary, op, best)
        if best[0] < -HIGH_TOL or (strict and best[0] <= 0):
            return (dict(zip(symbols, best[1])), best[2]), None
    return None, best


def refine(sides, symbols, primary, op, best):
    """Golden-section search for the smallest gap next to the best grid point."""
    k = symbols.index(primary)
    point = list(best[1])
    with mpmath.workdps(DPS):
        centre = to_mpf(point[k])

        def at(v):
            return tuple(sp.Float(str(v), DPS) if j == k else p for j, p in enumerate(point))

        def gap(v):
            ha, hb = sides[0].high(at(v)), sides[1].high(at(v))
            if ha is None or hb is None:
                return mpmath.inf
            return gap_of(op, ha, hb) / max(1, abs(ha), abs(hb))

        lo, hi = centre - mpmath.mpf("0.05"), centre + mpmath.mpf("0.05")
        ratio = (mpmath.sqrt(5) - 1) / 2
        for _ in range(120):
            m1, m2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
            if gap(m1) < gap(m2):
                hi = m2
            else:
                lo = m1
        v = (lo + hi) / 2
        g = gap(v)
    if g >= best[0]:
        return best
    return g, at(v), (sides[0].high(at(v)), sides[1].high(at(v)))


# -- Checking a display ---------------------------------------------------------------


@dataclass
class Step:
    where: str  # page:line
    label: str  # "step 2 → 3"
    relation: str
    method: str  # how it was decided, or why it failed
    ok: bool
    message: str = ""  # why it failed
    note: str = ""  # for a step that must differ: where it does


@dataclass
class Report:
    steps: list[Step] = field(default_factory=list)
    exempt: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    problems: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # page:line of unreadable TeX
    displays: int = 0
    pages: int = 0

    def add(self, other: Report):
        self.steps += other.steps
        self.exempt += other.exempt
        self.problems += other.problems
        self.unread += other.unread
        self.displays += other.displays
        self.pages += other.pages

    def cannot_read(self, where: str, exc: Exception):
        self.unread.append(where)
        self.problems.append(
            f"{where}: cannot read this display: {exc} (if it is not an identity, "
            "mark it `% nocheck: REASON`)"
        )

    @property
    def failures(self) -> list[str]:
        return self.problems + [s.message for s in self.steps if not s.ok]


def fmt_value(v, other) -> str:
    """Enough significant digits to tell ``v`` from ``other``."""
    if v is None or other is None:
        return "undefined" if v is None else mpmath.nstr(v, 6)
    whole = int(mpmath.log10(abs(v))) + 1 if abs(v) >= 1 else 0
    for digits in range(max(2, whole), 40):
        a, b = mpmath.nstr(v, digits), mpmath.nstr(other, digits)
        if a != b:
            return a
    return mpmath.nstr(v, 40)


def fmt_point(point: dict) -> str:
    names = {"alpha": "α", "beta": "β"}
    return ", ".join(f"{names.get(s.name, s.name)} = {float(v):.6g}" for s, v in point.items())


def differ_message(verdict: Verdict) -> str:
    a, b = verdict.values
    at = f" at {fmt_point(verdict.point)}" if verdict.point else ""
    return f" differ{at}: {fmt_value(a, b)} vs {fmt_value(b, a)}"


@dataclass
class Context:
    """What a display's markers say, for each of its steps."""

    where: dict  # % where u = …
    assume: sp.Basic  # % assume …
    attained: list[dict]  # % attained at x = …
    tolerance: float | None  # % tolerance: T
    loose: bool  # % loose: REASON


def check_display(display: Display) -> Report:
    report = Report(displays=1)
    nocheck = display.marker("nocheck")
    if nocheck:
        reason = nocheck[0][1]
        if not reason:
            report.problems.append(f"{display.where}: `% nocheck` needs a reason")
        report.exempt.append((display.where, reason))
        return report
    try:
        found = chains(display)
        where = where_substitutions(display)
        ctx = Context(
            where,
            sp.And(
                *[
                    condition(rest, where)
                    for _, rest in display.marker("assume") + display.marker("assumes")
                ]
            ),
            attained_points(display, where),
            tolerance_of(display),
            bool(display.marker("loose")),
        )
    except Unparsed as exc:
        report.cannot_read(display.where, exc)
        return report
    if not any(c.relations for c in found):
        report.problems.append(
            f"{display.where}: a display with no relation to check: add `% nocheck: REASON`"
        )
        return report
    marked = sum(w is not None for c in found for w in c.wrong)
    if marked < len(display.marker("wrong")):
        report.problems.append(
            f"{display.where}: a `% wrong` marker is on a row with no step to mark"
        )
    for chain in found:
        check_chain(rel(display.path), chain, ctx, report)
    return report


def where_substitutions(display: Display) -> dict:
    subs = {}
    for _, rest in display.marker("where"):
        m = re.fullmatch(r"\s*([a-z])\s*=(.+)", rest)
        if not m:
            raise Unparsed(f"`% where` needs `NAME = TeX`, got {rest!r}")
        subs[variable(m[1])] = to_sympy(m[2], subs)
    return subs


def attained_points(display: Display, where: dict) -> list[dict]:
    return [parse_point(rest, "", where) for _, rest in display.marker("attained at")]


def parse_point(text: str, prefix: str, where: dict) -> dict:
    """``x = 0; \\beta = 1`` (after ``prefix``) as {symbol: value}."""
    if not text.startswith(prefix):
        raise Unparsed(f"expected `{prefix} x = TeX`, got {text!r}")
    point = {}
    for part in text[len(prefix) :].split(";"):
        m = re.fullmatch(r"\s*(\\?[a-z]+)\s*=(.+)", part)
        if not m:
            raise Unparsed(f"a point is `x = TeX`, got {text!r}")
        point[variable(m[1].lstrip("\\"))] = to_sympy(m[2], where)
    return point


def wrong_at(a, b, point: dict, marker: str, step: Step):
    """A step marked `% wrong at x = …`: the sides must differ at that point."""
    symbols = list(point)
    if not set(symbols_of(a, b)) <= set(symbols):
        raise Unparsed(f"`% wrong {marker}` must give a value to every variable")
    ha = Side(a, symbols).high(tuple(point.values()))
    hb = Side(b, symbols).high(tuple(point.values()))
    if ha is None or hb is None:
        raise Unparsed(f"the sides cannot be evaluated {marker}")
    if close_high(ha, hb):
        step.ok, step.method = False, "equal"
        step.message = f" is marked `% wrong {marker}` but there the sides agree to 30 digits"
    else:
        step.method = "differs"
        step.note = differ_message(Verdict(False, "numeric", point, (ha, hb)))


def tolerance_of(display: Display) -> float | None:
    found = display.marker("tolerance")
    if not found:
        return None
    try:
        return float(found[0][1])
    except ValueError:
        raise Unparsed(f"`% tolerance` needs a number, got {found[0][1]!r}") from None


def check_chain(page: str, chain: Chain, ctx: Context, report: Report):
    terms = []
    for term in chain.terms:
        try:
            terms.append(branches(term.tex, ctx.where))
        except CasesError as exc:
            report.problems.append(f"{page}:{term.line}: {exc}")
            return
        except Unparsed as exc:
            report.cannot_read(f"{page}:{term.line}", exc)
            return
        if (point := uncovered(terms[-1], ctx.assume)) is not None:
            report.problems.append(
                f"{page}:{term.line}: no case of this term holds at {fmt_point(point)}"
            )
    steps, reached = [], []  # reached: attained points where a ≤ or ≥ is equal
    for i, op in enumerate(chain.relations):
        line = chain.terms[i + 1].line
        step = Step(f"{page}:{line}", f"step {i + 1} → {i + 2}", op, "", True)
        try:
            wrong = chain.wrong[i]
            if wrong is not None and op != "=":
                raise Unparsed("`% wrong` can only mark an = step")
            if wrong is not None and wrong:
                at = parse_point(wrong, "at", ctx.where)
                wrong_at(single(terms[i]), single(terms[i + 1]), at, wrong, step)
            elif op in ("=", "!="):
                differ = (
                    "is marked `% wrong`" if wrong is not None else ("≠" if op == "!=" else None)
                )
                equality(terms[i], terms[i + 1], ctx, differ, step)
            elif op == "≈":
                approx(
                    chain.terms[i].tex,
                    chain.terms[i + 1].tex,
                    single(terms[i]),
                    single(terms[i + 1]),
                    ctx,
                    step,
                )
            else:
                a, b = single(terms[i]), single(terms[i + 1])
                reached += ordering(a, b, op, ctx, step)
        except Unparsed as exc:
            step.ok, step.method = False, "unread"
            step.message = f": cannot read: {exc}"
            report.unread.append(step.where)
        steps.append(step)
    for i, step in enumerate(steps):
        if not step.ok:
            line, lines = blame(chain, steps, i)
            step.message = f"{page}:{line}: {step.label}{lines}{step.message}"
    report.steps += steps
    if any(op in ("<=", ">=", "<", ">") for op in chain.relations):
        for point in ctx.attained:
            if point not in reached:
                report.problems.append(
                    f"{page}:{chain.terms[0].line}: no ≤ or ≥ of this chain is "
                    f"attained at {fmt_point(point)}"
                )


def blame(chain: Chain, steps: list[Step], i: int) -> tuple[int, str]:
    """The line to show for failed step i: the line of the term that disagrees
    with all its neighbours (a changed term breaks the steps on both sides),
    else the later line and, in words, both."""
    informative = [chain.wrong[k] is None and s.method != "unread" for k, s in enumerate(steps)]

    def suspicion(term: int) -> int:
        """How many steps around the term fail, if all of them do."""
        around = [k for k in (term - 1, term) if 0 <= k < len(steps) and informative[k]]
        return 0 if any(steps[k].ok for k in around) else len(around)

    before, after = chain.terms[i].line, chain.terms[i + 1].line
    if steps[i].method not in ("differ", "inequality") or before == after:
        return after, ""
    if suspicion(i) > suspicion(i + 1):
        return before, ""
    if suspicion(i + 1) > suspicion(i):
        return after, ""
    return after, f" (lines {before}–{after})"


def uncovered(term: list[Branch], assume) -> dict | None:
    """A point (away from the boundaries) where no case of a term holds."""
    conds = [b.cond for b in term]
    if conds == [sp.true]:
        return None
    union = sp.Or(*conds)
    symbols = symbols_of(assume, *conds)
    inside = Domain(symbols, assume, [g for c in conds for g in switches(c)])
    covered = Domain(symbols, union)
    for point in candidates(symbols, random.Random(0), 200):
        if point in inside and point not in covered:
            return dict(zip(symbols, point))
    return None


def single(term: list[Branch]) -> sp.Expr:
    if len(term) != 1 or term[0].cond is not sp.true:
        raise Unparsed("an inequality or approximation between cases")
    return term[0].expr


def equality(left, right, ctx: Context, differ: str | None, step: Step):
    """Check an = step; ``differ``: the step must NOT hold (how the page says so)."""
    verdicts = []
    for p, q in product(left, right):
        if p.expr is None or q.expr is None:
            continue  # a branch stated in words
        verdict = compare(p.expr, q.expr, sp.And(p.cond, q.cond, ctx.assume))
        if verdict is not None:
            verdicts.append(verdict)
    if not verdicts:
        raise Unparsed("no branch has a point where both sides are defined")
    bad = next((v for v in verdicts if not v.equal), None)
    proved = all(v.method == "symbolic" for v in verdicts)
    if differ:
        step.method, step.ok = ("differs", True) if bad else ("equal", False)
        if bad:
            step.note = differ_message(bad)
        else:
            how = "proved by SymPy" if proved else "at every point tried"
            step.message = f" {differ} but the two sides are equal ({how})"
        return
    if bad:
        step.ok, step.method = False, "differ"
        step.message = differ_message(bad)
        return
    step.method = "symbolic" if proved else "numeric"


def approx(tex_a: str, tex_b: str, a, b, ctx: Context, step: Step):
    """Check a \approx step: to the digits of a decimal side, or to the tolerance."""
    tol = ctx.tolerance
    for tex in (tex_a, tex_b):
        m = re.fullmatch(r"-?\d+(?:\.(\d+))?", tex.strip())
        if m and tol is None:
            tol = 0.5 * 10 ** -len(m[1] or "")
    if tol is None:
        raise Unparsed("a \\approx step needs a decimal side or `% tolerance: T`")
    symbols = symbols_of(a, b)
    sides = Side(a, symbols), Side(b, symbols)
    grids = [PARAMETER_GRID.get(s.name, GRID[200:1001:4]) for s in symbols]
    worst = (0, None, None)
    inside = Domain(symbols, ctx.assume)
    for point in product(*grids):
        if point not in inside:
            continue
        ha, hb = sides[0].high(point), sides[1].high(point)
        if ha is not None and hb is not None and abs(ha - hb) > worst[0]:
            worst = (abs(ha - hb), point, (ha, hb))
    step.method = "approximate"
    if worst[0] > tol:
        step.ok = False
        verdict = Verdict(False, "numeric", dict(zip(symbols, worst[1])), worst[2])
        step.message = differ_message(verdict) + f" (tolerance {tol:g})"
    elif ctx.tolerance is not None and worst[0] < tol / 10:
        # a stated tolerance says how good the approximation is: keep it honest
        step.ok = False
        step.message = (
            f": `% tolerance: {tol:g}` is loose: the sides never "
            f"differ by more than {mpmath.nstr(worst[0], 2)}"
        )


def ordering(a, b, op: str, ctx: Context, step: Step) -> list[dict]:
    """Check an inequality step; returns the attained points where it is equal."""
    if any(not set(symbols_of(a, b)) <= set(point) for point in ctx.attained):
        raise Unparsed("`% attained at` must give a value to every variable")
    failure, best = inequality(a, b, op, ctx.attained, ctx.assume)
    step.method = "inequality"
    if failure:
        point, (ha, hb) = failure
        at = f" at {fmt_point(point)}" if point else ""
        step.ok = False
        step.message = f" {SHOWN.get(op, op)} fails{at}: {fmt_value(ha, hb)} vs {fmt_value(hb, ha)}"
        return []
    reached = []
    for point in ctx.attained:
        symbols = list(point)
        ha = Side(a, symbols).high(tuple(point.values()))
        hb = Side(b, symbols).high(tuple(point.values()))
        if ha is not None and hb is not None and close_high(ha, hb):
            reached.append(point)
    constant = not (a.free_symbols | b.free_symbols)
    if ctx.loose or constant or reached or best[0] is None or best[0] <= TIGHT:
        return reached
    step.ok = False
    step.message = (
        f" {SHOWN.get(op, op)} is not tight: the sides come no "
        f"closer than {mpmath.nstr(best[0], 3)} (fix the bound, or mark "
        "`% loose: REASON`)"
    )
    return reached


# -- Pages ----------------------------------------------------------------------------


def is_draft(path: Path) -> bool:
    return path.read_text().startswith("# DRAFT")


def check_page(path: Path, text: str | None = None) -> Report:
    report = Report(pages=1)
    for display in displays(path, text):
        report.add(check_display(display))
    return report


def summary(report: Report, drafts: list[str] = ()) -> str:
    """What was checked and how each step was decided."""
    ok = [s for s in report.steps if s.ok]

    def count(method):
        return [s for s in ok if s.method == method]

    numeric = count("numeric")
    lines = [
        f"{report.displays} displays on {report.pages} pages, {len(report.steps)} steps:",
        f"  {len(count('symbolic')) + len(numeric)} equalities hold: "
        f"{len(count('symbolic'))} proved by SymPy, {len(numeric)} decided numerically "
        "(float64 and 50-digit mpmath)",
        *[f"    {s.where}: {s.label}" for s in numeric],
        f"  {len(count('differs'))} steps marked % wrong, each shown to differ:",
        *[f"    {s.where}: {s.label}{s.note}" for s in count("differs")],
        f"  {len(count('inequality'))} inequalities hold on the grid and are tight",
        f"  {len(count('approximate'))} approximations hold to their tolerance",
        f"  {len(report.exempt)} displays exempted (% nocheck):",
        *[f"    {where}: {reason}" for where, reason in report.exempt],
        f"  {len(report.unread)} unreadable displays or steps",
        f"  {len(report.failures)} failures",
    ]
    if drafts:
        lines.append("  draft pages not checked: " + ", ".join(drafts))
    return "\n".join(lines)
