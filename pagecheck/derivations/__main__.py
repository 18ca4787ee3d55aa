"""What the derivation checker checks across the site: ``python -m pagecheck.derivations``.

Prints the summary, pages and notebooks together (how each step was decided,
every exempt display with its reason) and exits non-zero if a step fails. The
tests check each page on its own (``pytest docs/PAGE.md``); this is the
whole-site view for authors.
"""

from __future__ import annotations

import sys

from pagecheck import notebook
from pagecheck.derivations import DerivationReport, check_page, is_draft, summary
from pagecheck.page import pages
from pagecheck.paths import DOCS, rel


def main() -> int:
    total, drafts = DerivationReport(), []
    for page in pages():
        if is_draft(page):
            drafts.append(rel(page))
            continue
        total.add(check_page(page))
    for script in notebook.notebooks(DOCS):
        total.add(check_page(script, notebook.markdown(script)))
    print(summary(total, drafts))
    if total.failures:
        print("\n".join(total.failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
