r"""Every elementwise activation module of torch.nn, in one table.

Each entry gives the module with its default arguments, the function's formula
and derivative in the site's notation (TeX read by the derivation checker's
notation table), and the parameter values the facts are computed for. Every
other fact of the catalogue (kinks, range, smoothness, float edges, PyTorch's
gradients at the kinks) is computed from these by ``snippets/catalogue.py``.

A derivative is written on the open pieces between kinks; at a kink the
catalogue reports what PyTorch returns instead.
"""

from dataclasses import dataclass, field

import torch
from torch import nn


@dataclass(frozen=True)
class Closed:
    """A float edge that PyTorch's formula puts where a correctly rounded
    function would not: its closed form (TeX, and ``value(mpmath)`` giving
    it as a number) and the step of the formula that puts it there."""

    tex: str
    value: object
    cause: str


@dataclass(frozen=True)
class Activation:
    """One activation of torch.nn.

    ``anchor`` is the section's stable id on the page. ``make`` builds the
    module (eval mode, default arguments unless ``arguments`` says otherwise).
    ``notation`` is the left-hand side of the displays; ``formula`` and
    ``derivative`` their right-hand sides, in ``x``. ``parameters`` maps a TeX
    symbol of the formula to its value (TeX) for the facts. ``assume``: the
    displays hold only for those values (fixed constants), so they carry the
    derivation checker's ``% assume`` marker. ``autograd``: the tolerance of
    float64 autograd against the derivative, when PyTorch's own formula is
    less exact than float64, and why. ``closed``: float edges of PyTorch's formula, keyed by
    (dtype, "value" or "gradient", side "-" or "+").
    """

    anchor: str
    module: str
    make: object
    arguments: str
    notation: str
    formula: str
    derivative: str
    parameters: dict = field(default_factory=dict)
    assume: bool = False
    note: str = ""
    # autograd in float64 against the derivative: (relative tolerance, why)
    autograd: tuple | None = None
    closed: dict = field(default_factory=dict)


# Closed forms of edges that PyTorch's formulas put in float32 (and, being
# computed in float32, in bfloat16 near the same x). Keyed as in
# Activation.closed; a side's sign is applied to the value.
OVERFLOW_EXP = Closed(
    r"\ln \mathrm{FLT\_MAX}", lambda mp: mp.log(mp.mpf(2) ** 128 * (1 - mp.mpf(2) ** -24)),
    r"\(e^{-x}\) overflows to inf, and the formula divides by it",
)
ONE_PLUS_TINY = Closed(
    r"24 \ln 2", lambda mp: 24 * mp.log(2),
    r"\(1 + e^{-x}\) rounds to 1 once \(e^{-x} \le 2^{-24}\), so \(\sigma(x)\) is exactly 1",
)


def both(dtypes, quantity, side, kind, form):
    """The same closed form for several dtypes."""
    return {(d, quantity, side, kind): form for d in dtypes}


SQUARE_OVERFLOWS = Closed(
    "2^{64}", lambda mp: mp.mpf(2) ** 64,
    r"\(x^2\) overflows to inf, and inf times \(\operatorname{sech}^2(\ldots) = 0\) is nan",
)
SELU_LAMBDA = "1.0507009873554804934193349852946"
SELU_ALPHA = "1.6732632423543772848170429916717"

ACTIVATIONS = [
    Activation(
        "celu", "CELU", nn.CELU, "alpha=1.0",
        r"\operatorname{CELU}_\alpha(x)",
        r"\max(0, x) + \min\left(0, \alpha\left(e^{x/\alpha} - 1\right)\right)",
        r"\begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x < 0 \end{cases}",
        {r"\alpha": "1"},
        note="With α = 1, CELU and ELU are the same function.",
    ),
    # --8<-- [start:elu]
    Activation(
        "elu", "ELU", nn.ELU, "alpha=1.0",
        r"\operatorname{ELU}_\alpha(x)",
        r"\begin{cases} x & x > 0 \\ \alpha\left(e^{x} - 1\right) & x \le 0 \end{cases}",
        r"\begin{cases} 1 & x > 0 \\ \alpha e^{x} & x < 0 \end{cases}",
        {r"\alpha": "1"},
    ),
    # --8<-- [end:elu]
    Activation(
        "gelu", "GELU", nn.GELU, "approximate='none'",
        r"\operatorname{GELU}(x)",
        r"\frac{x}{2}\left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
        r"\Phi(x) + x\,\varphi(x)",
        closed=both(("float32", "bfloat16"), "value", "+", "inf", Closed(
            "2^{127}", lambda mp: mp.mpf(2) ** 127,
            r"\(x\,(1 + \operatorname{erf}(x/\sqrt{2}))\) is \(2x\) there,"
            " and overflows before it is halved",
        )),
    ),
    Activation(
        "gelu-tanh", "GELU", lambda: nn.GELU(approximate="tanh"), "approximate='tanh'",
        r"\operatorname{GELU}_{\tanh}(x)",
        r"\frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}"
        r"\left(x + 0.044715\,x^{3}\right)\right)\right)",
        r"\frac{1}{2}\left(1 + \tanh\left(\sqrt{2/\pi}"
        r"\left(x + 0.044715\,x^{3}\right)\right)\right) \\"
        r" &\quad + \frac{x}{2}\operatorname{sech}^2\left(\sqrt{2/\pi}"
        r"\left(x + 0.044715\,x^{3}\right)\right)"
        r"\sqrt{2/\pi}\left(1 + 0.134145\,x^{2}\right)",
        closed={
            **both(("float32", "bfloat16"), "gradient", "-", "nan", SQUARE_OVERFLOWS),
            **both(("float32", "bfloat16"), "gradient", "+", "nan", SQUARE_OVERFLOWS),
        },
    ),
    Activation(
        "hardshrink", "Hardshrink", nn.Hardshrink, "lambd=0.5",
        r"\operatorname{Hardshrink}_\lambda(x)",
        r"\begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
        r"\begin{cases} 1 & |x| > \lambda \\ 0 & |x| < \lambda \end{cases}",
        {r"\lambda": "0.5"},
    ),
    Activation(
        "hardsigmoid", "Hardsigmoid", nn.Hardsigmoid, "none",
        r"\operatorname{Hardsigmoid}(x)",
        r"\begin{cases} 0 & x \le -3 \\ \frac{x}{6} + \frac{1}{2} & -3 < x < 3"
        r" \\ 1 & x \ge 3 \end{cases}",
        r"\begin{cases} 0 & x < -3 \\ \frac{1}{6} & -3 < x < 3 \\ 0 & x > 3 \end{cases}",
        autograd=(1e-7, "PyTorch's backward multiplies by 1/6 rounded to float32,"
                  " 0.1666666716…, in float64 too"),
    ),
    Activation(
        "hardswish", "Hardswish", nn.Hardswish, "none",
        r"\operatorname{Hardswish}(x)",
        r"\begin{cases} 0 & x \le -3 \\ \frac{x(x + 3)}{6} & -3 < x < 3 \\ x & x \ge 3 \end{cases}",
        r"\begin{cases} 0 & x < -3 \\ \frac{2x + 3}{6} & -3 < x < 3 \\ 1 & x > 3 \end{cases}",
        closed=both(("float32", "bfloat16"), "value", "+", "inf", Closed(
            r"\mathrm{FLT\_MAX}/6", lambda mp: mp.mpf(2) ** 128 * (1 - mp.mpf(2) ** -24) / 6,
            r"\(6x\) overflows before the division by 6",
        )),
    ),
    Activation(
        "hardtanh", "Hardtanh", nn.Hardtanh, "min_val=-1.0, max_val=1.0",
        r"\operatorname{Hardtanh}(x)",
        r"\begin{cases} -1 & x < -1 \\ x & -1 \le x \le 1 \\ 1 & x > 1 \end{cases}",
        r"\begin{cases} 0 & x < -1 \\ 1 & -1 < x < 1 \\ 0 & x > 1 \end{cases}",
    ),
    Activation(
        "leakyrelu", "LeakyReLU", nn.LeakyReLU, "negative_slope=0.01",
        r"\operatorname{LeakyReLU}_\alpha(x)",
        r"\begin{cases} x & x \ge 0 \\ \alpha x & x < 0 \end{cases}",
        r"\begin{cases} 1 & x > 0 \\ \alpha & x < 0 \end{cases}",
        {r"\alpha": "0.01"},
    ),
    Activation(
        "logsigmoid", "LogSigmoid", nn.LogSigmoid, "none",
        r"\operatorname{LogSigmoid}(x)",
        r"-\ln\left(1 + e^{-x}\right)",
        r"1 - \sigma(x)",
    ),
    Activation(
        "mish", "Mish", nn.Mish, "none",
        r"\operatorname{Mish}(x)",
        r"x\tanh\left(\ln\left(1 + e^{x}\right)\right)",
        r"\tanh\left(\operatorname{softplus}(x)\right)"
        r" + x\,\sigma(x)\operatorname{sech}^2\left(\operatorname{softplus}(x)\right)",
    ),
    Activation(
        "prelu", "PReLU", nn.PReLU, "num_parameters=1, init=0.25",
        r"\operatorname{pReLU}_\alpha(x)",
        r"\begin{cases} x & x \ge 0 \\ \alpha x & x < 0 \end{cases}",
        r"\begin{cases} 1 & x > 0 \\ \alpha & x < 0 \end{cases}",
        {r"\alpha": "0.25"},
        note="α is a learned parameter; the facts are for its initial value 0.25.",
    ),
    Activation(
        "relu", "ReLU", nn.ReLU, "none",
        r"\operatorname{ReLU}(x)",
        r"\max(0, x)",
        r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
    ),
    Activation(
        "relu6", "ReLU6", nn.ReLU6, "none",
        r"\operatorname{ReLU6}(x)",
        r"\min\left(\max(0, x), 6\right)",
        r"\begin{cases} 0 & x < 0 \\ 1 & 0 < x < 6 \\ 0 & x > 6 \end{cases}",
    ),
    Activation(
        "rrelu", "RReLU", lambda: nn.RReLU().eval(), "lower=1/8, upper=1/3, eval mode",
        r"\operatorname{LeakyReLU}_{11/48}(x)",
        r"\begin{cases} x & x \ge 0 \\ \frac{1/8 + 1/3}{2}\,x & x < 0 \end{cases}",
        r"\begin{cases} 1 & x > 0 \\ \frac{1/8 + 1/3}{2} & x < 0 \end{cases}",
        note="In training mode the slope is drawn uniformly from [lower, upper] for each"
        " element; in eval mode it is their mean, 11/48, and RReLU is LeakyReLU.",
    ),
    Activation(
        "selu", "SELU", nn.SELU, "none (fixed constants)",
        r"\operatorname{SELU}(x)",
        r"\lambda\begin{cases} x & x > 0 \\ \alpha\left(e^{x} - 1\right) & x \le 0 \end{cases}",
        r"\lambda\begin{cases} 1 & x > 0 \\ \alpha e^{x} & x < 0 \end{cases}",
        {r"\lambda": SELU_LAMBDA, r"\alpha": SELU_ALPHA},
        assume=True,
        note=f"λ = {SELU_LAMBDA[:12]}… and α = {SELU_ALPHA[:12]}…, the constants"
        " of Klambauer et al. (2017) as PyTorch stores them.",
    ),
    Activation(
        "silu", "SiLU", nn.SiLU, "none",
        r"\operatorname{SiLU}(x)",
        r"\frac{x}{1 + e^{-x}}",
        r"\sigma(x)\left(1 + x\left(1 - \sigma(x)\right)\right)",
        closed={
            ("float32", "value", "+", "line"): ONE_PLUS_TINY,
            ("float32", "gradient", "+", "constant"): ONE_PLUS_TINY,
            **both(("float32", "bfloat16"), "value", "-", "constant", OVERFLOW_EXP),
            **both(("float32", "bfloat16"), "gradient", "-", "constant", OVERFLOW_EXP),
        },
        note="SiLU is Swish with β = 1.",
    ),
    Activation(
        "sigmoid", "Sigmoid", nn.Sigmoid, "none",
        r"\sigma(x)",
        r"\frac{1}{1 + e^{-x}}",
        r"\sigma(x)\left(1 - \sigma(x)\right)",
        closed={
            ("float32", "value", "+", "constant"): ONE_PLUS_TINY,
            **both(("float32", "bfloat16"), "value", "-", "constant", OVERFLOW_EXP),
        },
    ),
    Activation(
        "softplus", "Softplus", nn.Softplus, "beta=1.0, threshold=20.0",
        r"\operatorname{Softplus}_\beta(x)",
        r"\frac{1}{\beta}\ln\left(1 + e^{\beta x}\right)",
        r"\sigma(\beta x)",
        {r"\beta": "1"},
        note="PyTorch returns x itself where βx > threshold (20): the formula's"
        " value there differs from x by less than e^{-20}.",
    ),
    Activation(
        "softshrink", "Softshrink", nn.Softshrink, "lambd=0.5",
        r"\operatorname{Softshrink}_\lambda(x)",
        r"\begin{cases} x - \lambda\,\operatorname{sign}(x) & |x| > \lambda"
        r" \\ 0 & |x| \le \lambda \end{cases}",
        r"\begin{cases} 1 & |x| > \lambda \\ 0 & |x| < \lambda \end{cases}",
        {r"\lambda": "0.5"},
    ),
    Activation(
        "softsign", "Softsign", nn.Softsign, "none",
        r"\operatorname{Softsign}(x)",
        r"\frac{x}{1 + |x|}",
        r"\frac{1}{\left(1 + |x|\right)^{2}}",
        closed={
            ("float32", "value", side, "constant"): Closed(
                "2^{25}", lambda mp: mp.mpf(2) ** 25,
                r"from \(2^{25}\) on, floats are 4 apart and \(1 + |x|\) rounds to \(|x|\)",
            )
            for side in "-+"
        },
    ),
    Activation(
        "tanh", "Tanh", nn.Tanh, "none",
        r"\tanh(x)",
        r"\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        r"1 - \tanh^2(x)",
    ),
    Activation(
        "tanhshrink", "Tanhshrink", nn.Tanhshrink, "none",
        r"\operatorname{Tanhshrink}(x)",
        r"x - \tanh(x)",
        r"\tanh^2(x)",
    ),
    Activation(
        "threshold", "Threshold", lambda: nn.Threshold(1.0, 0.0),
        "threshold=1.0, value=0.0 (no defaults)",
        r"\operatorname{Threshold}_{t,v}(x)",
        r"\begin{cases} x & x > t \\ v & x \le t \end{cases}",
        r"\begin{cases} 1 & x > t \\ 0 & x < t \end{cases}",
        {"t": "1", "v": "0"},
        note="Threshold has no default arguments; the facts are for t = 1, v = 0.",
    ),
]


def by_anchor(anchor: str) -> Activation:
    """The entry whose section id is ``anchor`` (KeyError names it otherwise)."""
    for entry in ACTIVATIONS:
        if entry.anchor == anchor:
            return entry
    raise KeyError(f"no activation {anchor!r} in snippets/activation_registry.py")


def module(entry: Activation, dtype=torch.float32) -> nn.Module:
    """The entry's torch module in eval mode, in ``dtype``."""
    return entry.make().eval().to(dtype)
