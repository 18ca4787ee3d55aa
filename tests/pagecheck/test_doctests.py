"""pagecheck.doctests: every example of a page, every failure, from a fresh state."""

import torch

from pagecheck import doctests, isolation


def run(tmp_path, body, name="p.md"):
    page = tmp_path / name
    page.write_text("# P\n\n" + body)
    return doctests.run_page(page, isolation.snapshot()), page


def fence(*lines):
    return "```pycon\n" + "\n".join(lines) + "\n```\n\n"


def test_examples_share_one_namespace_across_fences(tmp_path):
    outcome, _ = run(tmp_path, fence(">>> x = 2") + fence(">>> x * 3", "6"))
    assert outcome.failures == []
    assert outcome.examples == 2


def test_every_failing_example_is_listed_with_its_line(tmp_path):
    body = fence(">>> 1 + 1", "3", ">>> 2 + 2", "4", ">>> 1 / 0", ">>> 3 + 3", "7")
    outcome, page = run(tmp_path, body)
    assert [f.split(": ", 1)[0] for f in outcome.failures] == [
        f"{page}:4",
        f"{page}:8",
        f"{page}:9",
    ]
    assert "raised ZeroDivisionError" in outcome.failures[1]
    assert "Expected:\n    7\nGot:\n    6" in outcome.failures[2]


def test_a_doctest_in_a_blockquote_runs(tmp_path):
    outcome, page = run(tmp_path, "> ```pycon\n> >>> 1 + 1\n> 3\n> ```\n")
    assert [f.split(": ", 1)[0] for f in outcome.failures] == [f"{page}:4"]


def test_an_unseeded_draw_is_named_when_the_page_fails(tmp_path):
    outcome, page = run(tmp_path, fence(">>> import torch", ">>> torch.rand(1).item() > 2", "True"))
    assert outcome.unseeded == [f"{page}:5 (torch)"]
    assert "draws random numbers before seeding the generator it draws from" in outcome.message


def test_a_seeded_draw_is_not_blamed(tmp_path):
    body = fence(
        ">>> import torch", ">>> _ = torch.manual_seed(0)", ">>> torch.rand(1).item() > 2", "True"
    )
    outcome, _ = run(tmp_path, body)
    assert outcome.failures and outcome.unseeded == []
    assert "random numbers" not in outcome.message


def test_state_set_on_one_page_cannot_reach_the_next(tmp_path):
    fresh = isolation.snapshot()
    first = tmp_path / "a.md"
    first.write_text(
        fence(
            ">>> import torch",
            ">>> torch.set_printoptions(precision=2)",
            ">>> torch.set_default_dtype(torch.float64)",
        )
    )
    second = tmp_path / "b.md"
    second.write_text(fence(">>> import torch", ">>> torch.tensor([1 / 3])", "tensor([0.3333])"))
    assert doctests.run_page(first, fresh).failures == []
    assert doctests.run_page(second, fresh).failures == []
    assert torch.get_default_dtype() == torch.float32
