"""tools/audit.py: medians of Lighthouse runs, targets, and the table."""

import pytest

from tools.audit import TARGETS, median_run, merged, misses, render


def run(performance, cls, failed=(), accessibility=100):
    return {
        "performance": performance,
        "accessibility": accessibility,
        "best-practices": 100,
        "seo": 100,
        "fcp_ms": 1000.0 * performance / 100,
        "lcp_ms": 2000.0,
        "tbt_ms": 100.0,
        "cls": cls,
        "bytes": 150_000,
        "failed": list(failed),
    }


def test_each_metric_is_its_own_median_and_failed_audits_add_up():
    m = median_run([run(80, 0.0), run(95, 0.1, ["target-size"]), run(90, 0.01)])
    assert m["performance"] == 90 and m["cls"] == 0.01 and m["fcp_ms"] == 900
    assert m["failed"] == ["target-size"]


def test_targets():
    assert misses("/", "mobile", run(TARGETS["performance_mobile"], TARGETS["cls"])) == []
    assert misses("/", "desktop", run(50, 0.0)) == []  # desktop: no performance target
    assert misses("/x/", "mobile", run(89, 0.03, accessibility=98)) == [
        "/x/ (mobile): accessibility 98, performance 89, CLS 0.030"
    ]


def test_table():
    results = {
        "pages": {"/": {"mobile": run(91, 0.0), "desktop": run(99, 0.001)}},
        "lighthouse": "12.8.2",
        "runs": 3,
        "machine": "2 cores, x86_64",
        "targets": TARGETS,
    }
    lines = render(results).splitlines()
    assert lines[2] == "| `/` | mobile | 91 | 100 | 100 | 100 | 0.9 | 2.0 | 100 | 0.000 | 150 |"
    assert lines[3].startswith("| `/` | desktop | 99 |")
    assert "medians of 3 runs" in lines[-1]
    assert "one run per page" in render({**results, "runs": 1}).splitlines()[-1]


def test_pages_measured_again_replace_theirs_in_place():
    earlier = {
        "pages": {"/": {"mobile": run(91, 0.0)}, "/a/": {"mobile": run(80, 0.0)}},
        "lighthouse": "12.8.2",
        "runs": 3,
    }
    new = {"pages": {"/a/": {"mobile": run(93, 0.0)}}}
    done = merged(earlier, new, "12.8.2", 3)
    assert list(done["pages"]) == ["/", "/a/"]
    assert done["pages"]["/a/"]["mobile"]["performance"] == 93
    assert done["pages"]["/"] == earlier["pages"]["/"]
    with pytest.raises(SystemExit, match=r"from Lighthouse 12\.8\.2, medians of 3 runs"):
        merged(earlier, new, "12.8.2", 1)
