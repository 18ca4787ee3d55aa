"""The float edges of the sigmoid, tanh and ReLU pages: which hold on every CPU.

A page finds each edge by bisection with PyTorch on the machine at hand. The
edge holds on every CPU when no exp or tanh accurate to within one unit in
the last place (ulp) could move it: at the edge and at its neighbour, every
value such a library may return leads to the same outcome. Only the
transcendental functions differ between PyTorch's kernels (Intel MKL, Sleef,
the C library); its +, ×, ÷ and the rounding of a float32 result to bfloat16
or float16 are IEEE operations with one correct result everywhere.
"""

import platform

import mpmath
import pytest
import torch

NARROW = (torch.bfloat16, torch.float16)
DTYPES = (torch.float32, torch.float64, *NARROW)
POLICIES = ("below", "above")  # which neighbour of the exact value a library returns


def neighbour(exact, dtype, policy):
    """The float of ``dtype`` that a library returns for the real ``exact``:
    just below or just above it (``policy``) if accurate to one ulp.

    Beyond the largest float, where the nearest finite float is more than an
    ulp away, such a library must return inf. Below the smallest normal float,
    where one ulp is the whole value, it is taken to round a result of relative
    error at most one ulp of the normal range (the machine epsilon) to nearest,
    as Sleef, MKL and correctly rounded libraries do.
    """
    up, down = torch.tensor(torch.inf, dtype=dtype), torch.tensor(-torch.inf, dtype=dtype)
    info = torch.finfo(dtype)
    if abs(exact) < info.smallest_normal:
        tiny = mpmath.mpf(info.smallest_normal) * mpmath.mpf(info.eps)
        error = mpmath.mpf(info.eps) * (1 if policy == "above" else -1)
        return torch.tensor(float(mpmath.nint(exact * (1 + error) / tiny) * tiny), dtype=dtype)
    v = torch.tensor(float(exact), dtype=torch.float64).to(dtype)
    while mpmath.mpf(v.item()) > exact:
        v = torch.nextafter(v, down)
    while mpmath.mpf(torch.nextafter(v, up).item()) <= exact:
        v = torch.nextafter(v, up)
    above = v if mpmath.mpf(v.item()) == exact else torch.nextafter(v, up)
    if above.isinf() and exact - mpmath.mpf(v.item()) >= v.item() - torch.nextafter(v, down).item():
        return above
    return v if policy == "below" else above


def one_ulp(f, policy):
    """``f`` as a library accurate to one ulp may compute it, returning the
    neighbour ``policy`` names; bfloat16 and float16 inputs are computed in
    float32 and rounded, as PyTorch does."""

    def call(t):
        work = torch.float32 if t.dtype in NARROW else t.dtype
        with mpmath.workdps(60):
            exact = f(mpmath.mpf(t.item()))
            return neighbour(exact, work, policy).to(t.dtype)

    return call


def in_float32(f):
    """Apply ``f`` to bfloat16 and float16 in float32 and round, as PyTorch's kernels do."""

    def call(x, *args):
        return f(x.float(), *args).to(x.dtype) if x.dtype in NARROW else f(x, *args)

    return call


# PyTorch's kernels, with their transcendental function passed in.
@in_float32
def sigmoid(x, exp):
    return 1 / (1 + exp(-x))


def sigmoid_grad(x, exp):
    """Autograd's gradient, from the saved output y (in x's dtype): (1 - y) y."""
    return in_float32(lambda y: (1 - y) * y)(sigmoid(x, exp))


@in_float32
def tanh_value(x, tanh):
    return tanh(x)


def exp_value(x, exp):
    return exp(x)


# The pages' formulas.
def naive_sigmoid_grad(x, exp):
    e = exp(-x)
    return e / (1 + e) ** 2


def stable_sigmoid_grad(x, exp):
    e = exp(-x.abs())
    return e / (1 + e) ** 2


def naive_tanh_grad(x, exp):
    e = exp(-2 * x)
    return 4 * e / (1 + e) ** 2


def grouped_tanh_grad(x, exp):
    e = exp(-2 * x)
    return 4 * (e / (1 + e) ** 2)


def stable_tanh_grad(x, exp):
    e = exp(-2 * x.abs())
    return 4 * e / (1 + e) ** 2


def autograd(f):
    def call(x):
        x = x.clone().requires_grad_()
        f(x).backward()
        return x.grad

    return call


def is_zero(v):
    return bool(v == 0)


def not_positive(v):  # 0 or nan: a search that runs through both stays monotone
    return not bool(v > 0)


def is_nan(v):
    return bool(v.isnan())


def is_one(v):
    return bool(v == 1)


def is_inf(v):
    return bool(v.isinf())


def formula(f):
    return lambda x: f(x, torch.exp)


# name: (model, what PyTorch runs, predicate, search from, search to), as on the pages.
EDGES = {
    "sigmoid rounds to 1": (sigmoid, torch.sigmoid, is_one, 0.0, 100.0),
    "sigmoid rounds to 0": (sigmoid, torch.sigmoid, is_zero, 0.0, -1000.0),
    "its gradient is 0, x > 0": (sigmoid_grad, autograd(torch.sigmoid), is_zero, 0.0, 100.0),
    "its gradient is 0, x < 0": (sigmoid_grad, autograd(torch.sigmoid), is_zero, 0.0, -1000.0),
    "exp overflows": (exp_value, torch.exp, is_inf, 0.0, 1000.0),
}
EDGES.update(
    {
        f"{f.__name__} is {what}": (f, formula(f), predicate, a, -1000.0)
        for f, what, predicate, a in [
            (naive_sigmoid_grad, 0, not_positive, 0.0),
            (naive_sigmoid_grad, "nan", is_nan, -1.0),
            (stable_sigmoid_grad, 0, is_zero, 0.0),
            (naive_tanh_grad, 0, not_positive, 0.0),
            (naive_tanh_grad, "nan", is_nan, -1.0),
            (grouped_tanh_grad, "nan", is_nan, -1.0),
            (stable_tanh_grad, 0, is_zero, 0.0),
        ]
    }
)


def same(a, b):
    return bool(a == b or (a.isnan() and b.isnan()))


def bisect(test, a, b, dtype):
    """The float nearest a where test turns true, searching towards b (as the pages do)."""
    a, b = torch.tensor(a, dtype=dtype), torch.tensor(b, dtype=dtype)
    while (m := (a + b) / 2) != a and m != b:
        a, b = (a, m) if test(m) else (m, b)
    return b


def outcomes(model, f, predicate, x):
    """The predicate's value for every one-ulp ``f`` (exp or tanh) in the model."""
    return {predicate(model(x, one_ulp(f, policy))) for policy in POLICIES}


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("name", EDGES)
def test_edge_holds_for_every_one_ulp_exp(name, dtype):
    model, run, predicate, a, b = EDGES[name]
    edge = bisect(lambda x: predicate(run(x)), a, b, dtype)
    inner = torch.nextafter(edge, torch.tensor(a, dtype=dtype))
    # The model is what PyTorch computes: one of its results is PyTorch's.
    for x in (edge, inner):
        models = [model(x, one_ulp(mpmath.exp, p)) for p in POLICIES]
        assert any(same(m, run(x)) for m in models), f"{name}: model is not PyTorch"
    where = f"{name}, {dtype}: edge {edge.item()!r}"
    assert outcomes(model, mpmath.exp, predicate, edge) == {True}, f"{where} depends on exp"
    assert outcomes(model, mpmath.exp, predicate, inner) == {False}, f"{where} depends on exp"


@pytest.mark.parametrize("dtype", NARROW, ids=str)
def test_narrow_tanh_edge_holds_for_every_one_ulp_library(dtype):
    edge = bisect(lambda x: is_one(torch.tanh(x)), 0.0, 100.0, dtype)
    inner = torch.nextafter(edge, torch.tensor(0.0, dtype=dtype))
    assert outcomes(tanh_value, mpmath.tanh, is_one, edge) == {True}
    assert outcomes(tanh_value, mpmath.tanh, is_one, inner) == {False}


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=str)
def test_wide_tanh_edge_is_the_librarys_choice(dtype):
    """Where tanh rounds to 1 lies where its last bit is a free choice:
    a one-ulp library may return 1 or the float below at the edge."""
    edge = bisect(lambda x: is_one(torch.tanh(x)), 0.0, 100.0, dtype)
    inner = torch.nextafter(edge, torch.tensor(0.0, dtype=dtype))
    found = outcomes(tanh_value, mpmath.tanh, is_one, edge)
    found |= outcomes(tanh_value, mpmath.tanh, is_one, inner)
    assert found == {True, False}
    # Below 1/2 ln(2^(p+1) - 1) every one-ulp tanh is below 1, p the precision.
    p = {torch.float32: 24, torch.float64: 53}[dtype]
    with mpmath.workdps(40):
        assert edge.item() >= mpmath.log(mpmath.mpf(2) ** (p + 1) - 1) / 2


MKL_X86 = platform.machine() in ("x86_64", "AMD64") and torch.backends.mkl.is_available()


def first_at_or_above(c, dtype):
    """The least float of ``dtype`` that is at least the real number ``c``."""
    v = torch.tensor(float(c), dtype=torch.float64).to(dtype)
    while mpmath.mpf(v.item()) < c:
        v = torch.nextafter(v, torch.tensor(torch.inf, dtype=dtype))
    while mpmath.mpf(torch.nextafter(v, torch.tensor(-torch.inf, dtype=dtype)).item()) >= c:
        v = torch.nextafter(v, torch.tensor(-torch.inf, dtype=dtype))
    return v


def floats_between(a, b):
    """How many steps of the float grid lead from a to b (positive floats)."""
    bits = {torch.float32: torch.int32, torch.float64: torch.int64}[a.dtype]
    return int(b.view(bits)) - int(a.view(bits))


@pytest.mark.skipif(not MKL_X86, reason="the page quotes the edges of MKL's tanh (x86-64 builds)")
@pytest.mark.parametrize(
    ("dtype", "quoted", "floats_after_correct"),
    [(torch.float32, 9.01084041595459, -77), (torch.float64, 19.061547465468465, 19_694)],
    ids=str,
)
def test_the_tanh_edges_quoted_for_mkl(dtype, quoted, floats_after_correct):
    edge = bisect(lambda x: is_one(torch.tanh(x)), 0.0, 100.0, dtype)
    assert edge.item() == quoted
    p = {torch.float32: 24, torch.float64: 53}[dtype]
    with mpmath.workdps(40):
        correct = first_at_or_above(mpmath.log(mpmath.mpf(2) ** (p + 2) - 1) / 2, dtype)
        assert floats_between(correct, edge) == floats_after_correct
        # There the true tanh is within 1e-4 ulp of halfway between 1 and the float below.
        for x in (edge, torch.nextafter(edge, torch.tensor(0.0, dtype=dtype))):
            below_one = (1 - mpmath.tanh(mpmath.mpf(x.item()))) * mpmath.mpf(2) ** p
            assert abs(below_one - mpmath.mpf(0.5)) < 1e-4


X86 = platform.machine() in ("x86_64", "AMD64")


@pytest.mark.every_capability
@pytest.mark.skipif(not X86, reason="ATEN_CPU_CAPABILITY selects x86-64 kernels only")
def test_arange_point_80_follows_fused_multiply_add():
    """The ReLU page: 0.0 with the portable kernels, 2^-51 with the AVX ones,
    which fuse the multiply-add. Run under every capability this CPU has by
    tests/test_portability.py."""
    capability = torch.backends.cpu.get_cpu_capability().lower()
    expected = 0.0 if capability == "default" else 2.0**-51
    found = [torch.arange(-8.0, 8.0, 0.1, dtype=dtype)[80].item()
             for dtype in (torch.float32, torch.float64)]  # fmt: skip
    assert found == [expected, expected], capability
