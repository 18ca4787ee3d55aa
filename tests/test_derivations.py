"""Every step of every displayed derivation of the site holds.

Run alone, with the summary: ``.venv/bin/python -m pytest -q
tests/test_derivations.py -s``. How the steps are checked: pagecheck/derivations/.
"""

import pytest

from pagecheck.derivations import DerivationReport, check_page, is_draft, summary
from pagecheck.page import pages
from pagecheck.paths import rel


def test_every_derivation_step_holds():
    total, drafts = DerivationReport(), []
    for page in pages():
        if is_draft(page):
            drafts.append(rel(page))
            continue
        total.add(check_page(page))
    print("\n" + summary(total, drafts))
    if total.failures:
        pytest.fail("\n".join(total.failures), pytrace=False)
