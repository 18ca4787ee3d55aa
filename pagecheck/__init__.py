"""The project's own checks of its pages.

- ``paths``: where the project's parts are.
- ``page``: a page's fences, images and displays, with their source lines.
- ``derivations``: every displayed equation checked with SymPy.
- ``doctests``: a page's ``>>>`` examples run and compared.
- ``plugin``: the pytest plugin that collects all of these per page.
"""
