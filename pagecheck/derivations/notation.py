r"""The notation registry: every function, variable and constant that a checked
display may use, in one table (``NOTATION``).

The table decides which names the TeX reader knows (and which letters before
parentheses are products), where numeric checks sample each variable, what an
error about an unknown name says, and the tables of ``docs/notation.md`` and
``CONTRIBUTING.md`` (rewritten by ``python -m pagecheck.derivations.tables
--write``; a test fails when they differ from it).

Adding a function is one row, for example ELU with PyTorch's default α = 1::

    function(r"\operatorname{ELU}", _elu, r"\(x\) for \(x > 0\), …",
             parameters=(r"\alpha",), defaults=(1,)),

- ``spellings``: how pages write it. ``\operatorname{NAME}`` also matches
  ``\operatorname*{NAME}`` and ``\mathrm{NAME}``. A fixed subscript that names a
  variant is part of the spelling (``\operatorname{GELU}_{\tanh}``), and longer
  spellings are tried first.
- ``definition(*parameters, *arguments)``: the SymPy expression.
- ``parameters``: the TeX of each subscript parameter
  (``\operatorname{Threshold}_{t,v}(x)`` has two); ``defaults``: their values
  when a page leaves the subscript out, or None if it must be written.
- ``arity``: the number of arguments in parentheses (None: any number).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import sympy as sp

from pagecheck.derivations.errors import REGISTRY_FILE, UnknownNotation

Kind = Literal["function", "variable", "constant"]

REAL = (-5.0, 5.0)  # where a plain real variable is sampled (a few far points too)
GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "lambda": "λ", "mu": "μ", "theta": "θ", "tau": "τ",
}  # fmt: skip


@dataclass(frozen=True)
class Notation:
    """One row of the registry: a function, a variable or a constant."""

    spellings: tuple[str, ...]  # TeX, as pages write it
    kind: Kind
    meaning: str  # one line of Markdown (math in \( \)) for the docs
    definition: Callable[..., Any] | None = None  # function: (*parameters, *arguments) → SymPy
    value: sp.Basic | None = None  # constant: its SymPy value
    parameters: tuple[str, ...] = ()  # function: TeX of each subscript parameter
    defaults: tuple[Any, ...] | None = ()  # their values without a subscript; None: required
    arity: int | None = 1  # function: arguments in parentheses; None: any number
    domain: tuple[float, float] = REAL  # variable: the interval = steps sample it from
    positive: bool = False  # variable: positive (else any real)
    grid: tuple[str, ...] | None = None  # variable: a parameter, at these values in inequalities

    @property
    def names(self) -> tuple[str, ...]:
        """Each spelling without its backslash and braces: ``\\alpha`` → ``alpha``."""
        return tuple(spelling_name(s) for s in self.spellings)

    @property
    def is_parameter(self) -> bool:
        return self.grid is not None


def function(spellings: str | tuple[str, ...], definition, meaning: str, **fields) -> Notation:
    spellings = (spellings,) if isinstance(spellings, str) else spellings
    return Notation(spellings, "function", meaning, definition=definition, **fields)


def variable(spellings: str | tuple[str, ...], meaning: str, **fields) -> Notation:
    spellings = (spellings,) if isinstance(spellings, str) else spellings
    return Notation(spellings, "variable", meaning, **fields)


def constant(spelling: str, value: sp.Basic, meaning: str) -> Notation:
    return Notation((spelling,), "constant", meaning, value=value)


ALPHA = sp.Symbol("alpha", real=True)
BETA = sp.Symbol("beta", positive=True)


def _sigmoid(z):
    return 1 / (1 + sp.exp(-z))


def _normal_cdf(z):
    return (1 + sp.erf(z / sp.sqrt(2))) / 2


def _normal_pdf(z):
    return sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)


def _prelu(a, z):
    return sp.Max(0, z) + a * sp.Min(0, z)


def _elu(a, z):
    return sp.Piecewise((z, z > 0), (a * (sp.exp(z) - 1), True))


def _shrink(lam, z, shift):
    """Hardshrink (``shift`` 0) and Softshrink (``shift`` 1): 0 on [-λ, λ]."""
    return sp.Piecewise((z - shift * lam * sp.sign(z), sp.Abs(z) > lam), (0, True))


def _gelu_tanh(z):
    c = sp.sqrt(2 / sp.pi)
    return z / 2 * (1 + sp.tanh(c * (z + sp.Rational(44715, 10**6) * z**3)))


# torch.nn.SELU's constants, as PyTorch writes them (Klambauer et al. 2017).
SELU_LAMBDA = sp.Rational("1.0507009873554804934193349852946")
SELU_ALPHA = sp.Rational("1.6732632423543772848170429916717")
HALF = sp.Rational(1, 2)


NOTATION: tuple[Notation, ...] = (
    constant("e", sp.E, r"Euler's number, \(e \approx 2.71828\)"),
    constant(r"\pi", sp.pi, r"\(\pi \approx 3.14159\)"),
    # activations
    function(r"\operatorname{ReLU}", lambda z: sp.Max(z, 0), r"\(\max(x, 0)\)"),
    function((r"\operatorname{pReLU}", r"\operatorname{PReLU}"), _prelu,
             r"\(\max(0, x) + \alpha \min(0, x)\), with slope \(\alpha\) for \(x < 0\)",
             parameters=(r"\alpha",), defaults=(ALPHA,)),
    function(r"\sigma", _sigmoid, r"the logistic sigmoid, \(1 / (1 + e^{-x})\)"),
    function(r"\tanh", sp.tanh, r"\((1 - e^{-2x}) / (1 + e^{-2x})\)"),
    function(r"\operatorname{sech}", lambda z: 1 / sp.cosh(z),
             r"\(1 / \cosh(x) = 2 / (e^{x} + e^{-x})\)"),
    function(r"\operatorname{Swish}", lambda b, z: z * _sigmoid(b * z),
             r"\(x\,\sigma(\beta x)\); \(\beta = 1\) is PyTorch's SiLU",
             parameters=(r"\beta",), defaults=(BETA,)),
    function(r"\operatorname{SiLU}", lambda z: z * _sigmoid(z), r"\(x\,\sigma(x)\)"),
    function(r"\Phi", _normal_cdf, r"the standard normal cumulative distribution function, "
             r"\(\tfrac12\bigl(1 + \operatorname{erf}(x/\sqrt2)\bigr)\)"),
    function((r"\phi", r"\varphi"), _normal_pdf,
             r"the standard normal density, \(e^{-x^2/2} / \sqrt{2\pi}\)"),
    function(r"\operatorname{GELU}", lambda z: z * _normal_cdf(z), r"\(x\,\Phi(x)\)"),
    function(r"\operatorname{GELU}_{\tanh}", _gelu_tanh,
             r"GELU's tanh approximation, "
             r"\(\frac{x}{2}(1 + \tanh(\sqrt{2/\pi}(x + 0.044715 x^3)))\)"),
    # the other elementwise activations of torch.nn, with PyTorch's defaults
    function(r"\operatorname{ELU}", _elu,
             r"\(x\) for \(x > 0\), \(\alpha(e^{x} - 1)\) otherwise",
             parameters=(r"\alpha",), defaults=(1,)),
    function(r"\operatorname{CELU}",
             lambda a, z: sp.Max(0, z) + sp.Min(0, a * (sp.exp(z / a) - 1)),
             r"\(\max(0, x) + \min(0, \alpha(e^{x/\alpha} - 1))\)",
             parameters=(r"\alpha",), defaults=(1,)),
    function(r"\operatorname{SELU}", lambda z: SELU_LAMBDA * _elu(SELU_ALPHA, z),
             r"\(\lambda \operatorname{ELU}_\alpha(x)\) with PyTorch's "
             r"\(\lambda \approx 1.0507\), \(\alpha \approx 1.6733\)"),
    function(r"\operatorname{LeakyReLU}", _prelu,
             r"\(\max(0, x) + \alpha \min(0, x)\), a fixed slope",
             parameters=(r"\alpha",), defaults=(sp.Rational(1, 100),)),
    function(r"\operatorname{ReLU6}", lambda z: sp.Min(sp.Max(0, z), 6),
             r"\(\min(\max(0, x), 6)\)"),
    function(r"\operatorname{Hardtanh}", lambda z: sp.Min(sp.Max(-1, z), 1),
             r"\(\min(\max(-1, x), 1)\)"),
    function(r"\operatorname{Hardsigmoid}", lambda z: sp.Min(sp.Max(0, z / 6 + HALF), 1),
             r"\(\min(\max(0, x/6 + 1/2), 1)\)"),
    function(r"\operatorname{Hardswish}", lambda z: z * sp.Min(sp.Max(0, z + 3), 6) / 6,
             r"\(x \min(\max(0, x + 3), 6) / 6\)"),
    function(r"\operatorname{Hardshrink}", lambda lam, z: _shrink(lam, z, 0),
             r"\(x\) where \(|x| > \lambda\), 0 otherwise",
             parameters=(r"\lambda",), defaults=(HALF,)),
    function(r"\operatorname{Softshrink}", lambda lam, z: _shrink(lam, z, 1),
             r"\(x \mp \lambda\) where \(|x| > \lambda\), 0 otherwise",
             parameters=(r"\lambda",), defaults=(HALF,)),
    function(r"\operatorname{Softsign}", lambda z: z / (1 + sp.Abs(z)), r"\(x / (1 + |x|)\)"),
    function(r"\operatorname{Softplus}", lambda b, z: sp.log(1 + sp.exp(b * z)) / b,
             r"\(\log(1 + e^{\beta x}) / \beta\) (PyTorch's linear threshold aside)",
             parameters=(r"\beta",), defaults=(1,)),
    function(r"\operatorname{LogSigmoid}", lambda z: -sp.log(1 + sp.exp(-z)),
             r"\(\log \sigma(x)\)"),
    function(r"\operatorname{Mish}", lambda z: z * sp.tanh(sp.log(1 + sp.exp(z))),
             r"\(x \tanh(\operatorname{softplus}(x))\)"),
    function(r"\operatorname{Tanhshrink}", lambda z: z - sp.tanh(z), r"\(x - \tanh(x)\)"),
    function(r"\operatorname{Threshold}", lambda t, v, z: sp.Piecewise((z, z > t), (v, True)),
             r"\(x\) for \(x > t\), \(v\) otherwise (no defaults, as in PyTorch)",
             parameters=("t", "v"), defaults=None),
    # gated units: a value a and a gate b, in torch.nn.functional.glu's order
    function(r"\operatorname{GLU}", lambda a, b: a * _sigmoid(b),
             r"\(a\,\sigma(b)\): the value \(a\) gated by \(b\)", arity=2),
    function(r"\operatorname{ReGLU}", lambda a, b: a * sp.Max(b, 0),
             r"\(a \operatorname{ReLU}(b)\)", arity=2),
    function(r"\operatorname{GEGLU}", lambda a, b: a * b * _normal_cdf(b),
             r"\(a \operatorname{GELU}(b)\)", arity=2),
    function(r"\operatorname{SwiGLU}", lambda a, b: a * b * _sigmoid(b),
             r"\(a \operatorname{SiLU}(b)\)", arity=2),
    function(r"\operatorname{softplus}", lambda z: sp.log(1 + sp.exp(z)), r"\(\log(1 + e^{x})\)"),
    # special and standard functions
    function(r"\operatorname{erf}", sp.erf,
             r"the error function, \(\tfrac{2}{\sqrt\pi} \int_0^x e^{-t^2}\,dt\)"),
    function(r"\operatorname{erfc}", sp.erfc,
             r"the complementary error function, \(1 - \operatorname{erf}(x)\)"),
    function(r"\operatorname{log1p}", lambda z: sp.log(1 + z),
             r"\(\log(1 + x)\), accurate where \(1 + x\) would round (`torch.log1p`)"),
    function(r"\operatorname{expm1}", lambda z: sp.exp(z) - 1,
             r"\(e^{x} - 1\), accurate near 0, where it would cancel (`torch.expm1`)"),
    function((r"\operatorname{sign}", r"\operatorname{sgn}"), sp.sign,
             r"the sign of \(x\): \(-1\), \(0\) or \(1\)"),
    function(r"\exp", sp.exp, r"\(e^{x}\)"),
    function((r"\log", r"\ln"), sp.log, r"the natural logarithm"),
    function(r"\max", sp.Max, r"the largest of its arguments", arity=None),
    function(r"\min", sp.Min, r"the smallest of its arguments", arity=None),
    function(r"\cosh", sp.cosh, r"\((e^{x} + e^{-x}) / 2\)"),
    function(r"\sinh", sp.sinh, r"\((e^{x} - e^{-x}) / 2\)"),
    # variables
    variable(tuple("abcknpqrstvwxyz"), "a real variable"),
    variable((r"\gamma", r"\delta", r"\epsilon", r"\lambda", r"\mu", r"\theta", r"\tau"),
             "a real variable"),
    variable(r"\alpha", "a slope, such as pReLU's", domain=(-2.0, 2.0),
             grid=("-1", "-1/4", "0", "1/4", "1/2", "1", "2")),
    variable(r"\beta", "Swish's positive parameter", domain=(0.1, 3.0), positive=True,
             grid=("1/4", "1/2", "1", "2", "4")),
    variable("u", "positive, for substitutions such as \\(u = e^{-2x}\\) (`% where`)",
             domain=(0.05, 5.0), positive=True),
)  # fmt: skip

SPELLING = re.compile(
    r"(?:\\operatorname\{(?P<op>[A-Za-z0-9]+)\}|\\(?P<word>[A-Za-z]+)|(?P<letter>[A-Za-z]))"
    r"(?:_\{(?P<variant>[^{}]+)\})?"
)


def spelling_name(spelling: str) -> str:
    r"""``\operatorname{GELU}_{\tanh}`` → ``GELU_tanh``; ``\alpha`` → ``alpha``."""
    m = SPELLING.fullmatch(spelling)
    if not m:
        raise ValueError(f"{REGISTRY_FILE}: cannot read the spelling {spelling!r}")
    base = m["op"] or m["word"] or m["letter"]
    return f"{base}_{m['variant'].lstrip(chr(92))}" if m["variant"] else base


def spelling_pattern(spelling: str) -> str:
    r"""A regex that finds ``spelling`` in a page's TeX, in any of its forms."""
    m = SPELLING.fullmatch(spelling)
    assert m, spelling
    if m["op"]:
        pattern = r"\\(?:operatorname\*?|mathrm)\s*\{" + m["op"] + r"\}"
    else:
        pattern = re.escape(spelling[: m.end("word")]) + r"(?![a-zA-Z])"
    if m["variant"]:
        variant = re.escape(m["variant"])
        bare = variant + r"(?![a-zA-Z])" if m["variant"].startswith("\\") else None
        pattern += r"_\s*(?:\{\s*" + variant + r"\s*\}" + (f"|{bare}" if bare else "") + ")"
    return pattern


class Registry:
    """The table, indexed for the reader. Raises ValueError for a row it
    cannot use (a spelling twice, a parameter that is not a variable)."""

    def __init__(self, entries: Iterable[Notation]):
        self.entries = tuple(entries)
        self.functions = [e for e in self.entries if e.kind == "function"]
        self.symbols: dict[str, Notation] = {}
        seen: set[str] = set()
        for entry in self.entries:
            for spelling, name in zip(entry.spellings, entry.names, strict=True):
                if spelling in seen:
                    raise ValueError(f"{REGISTRY_FILE}: {spelling} is registered twice")
                seen.add(spelling)
                if entry.kind != "function":
                    self.symbols[name] = entry
        self.words = {m["word"] for s in seen if (m := SPELLING.fullmatch(s)) and m["word"]}
        self.operator_names = {m["op"] for s in seen if (m := SPELLING.fullmatch(s)) and m["op"]}
        alternatives = sorted(
            ((s, k) for k, e in enumerate(self.functions) for s in e.spellings),
            key=lambda sk: -len(sk[0]),
        )
        self._function_of = [k for _, k in alternatives]
        self.function_pattern = re.compile(
            "|".join(f"(?P<s{j}>{spelling_pattern(s)})" for j, (s, _) in enumerate(alternatives))
        )
        for entry in self.functions:
            if not all(s.startswith("\\") for s in entry.spellings):
                raise ValueError(f"{REGISTRY_FILE}: a function is a command: {entry.spellings}")
            if entry.arity is None and entry.parameters:
                raise ValueError(
                    f"{REGISTRY_FILE}: {entry.spellings[0]} has parameters and "
                    "any number of arguments"
                )
            for parameter in entry.parameters:
                if spelling_name(parameter) not in self.symbols:
                    raise ValueError(
                        f"{REGISTRY_FILE}: the parameter {parameter} of {entry.spellings[0]} "
                        "is not a registered variable"
                    )

    def function_at(self, match: re.Match) -> int:
        """The index in ``functions`` of the function ``function_pattern`` matched."""
        assert match.lastgroup is not None
        return self._function_of[int(match.lastgroup[1:])]

    def symbol(self, name: str) -> sp.Basic:
        """The SymPy symbol or value of a variable or constant, by its name
        without backslash (``alpha``, ``x``, ``e``)."""
        entry = self.symbols.get(name)
        if entry is None:
            written = f"\\{name}" if len(name) > 1 and name.isalpha() else name
            raise UnknownNotation(f"unknown symbol `{written}`: register it in {REGISTRY_FILE}")
        if entry.kind == "constant":
            assert entry.value is not None
            return entry.value
        return sp.Symbol(name, **({"positive": True} if entry.positive else {"real": True}))

    def entry(self, symbol: sp.Symbol) -> Notation | None:
        return self.symbols.get(symbol.name)

    def shown(self, symbol: sp.Symbol) -> str:
        """A variable as failure messages write it: ``α``, ``x``."""
        return GREEK.get(symbol.name, symbol.name)

    def parameter_symbols(self, entry: Notation) -> list[sp.Basic]:
        return [self.symbol(spelling_name(p)) for p in entry.parameters]


REGISTRY = Registry(NOTATION)
