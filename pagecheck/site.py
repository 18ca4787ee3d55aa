"""The site's Markdown, exactly as MkDocs configures it from ``mkdocs.yml``.

The checks read a page the way the renderer does: the same extensions, with the
same settings (``pymdownx.snippets`` base paths included), in the order MkDocs
gives them. Loading the whole MkDocs configuration would also load the theme,
the plugins and the build hooks (seconds, and a torch import); only the
``markdown_extensions`` option is validated here, by MkDocs's own code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils import yaml as mkdocs_yaml

from pagecheck.paths import ROOT

CONFIG_FILE = ROOT / "mkdocs.yml"


@dataclass(frozen=True)
class MarkdownSettings:
    """The extensions MkDocs passes to Python-Markdown, and their settings."""

    extensions: tuple[str, ...]
    configs: dict

    @property
    def snippet_paths(self) -> list[Path]:
        """``pymdownx.snippets``' base paths, resolved."""
        return [Path(str(p)) for p in self.configs["pymdownx.snippets"]["base_path"]]

    @property
    def snippets(self) -> dict:
        return self.configs["pymdownx.snippets"]


def settings(config_file: Path = CONFIG_FILE) -> MarkdownSettings:
    """The Markdown settings of ``config_file`` (validated as ``mkdocs build`` does).

    Read again when the file changes (``mkdocs serve`` keeps one process).
    Raises ConfigurationError, naming the file, if they are invalid.
    """
    return _settings(Path(config_file), Path(config_file).stat().st_mtime_ns)


@functools.cache
def _settings(config_file: Path, mtime_ns: int) -> MarkdownSettings:
    config = MkDocsConfig(config_file_path=str(config_file))
    loader = mkdocs_yaml.get_yaml_loader(config=config)
    with open(config_file, encoding="utf-8") as f:
        raw = mkdocs_yaml.yaml_load(f, loader=loader)
    config.load_dict(
        {
            "site_name": raw.get("site_name", ""),
            "docs_dir": raw.get("docs_dir", "docs"),
            "markdown_extensions": raw.get("markdown_extensions", []),
        }
    )
    errors, _ = config.validate()
    if errors:
        problems = "; ".join(f"{name}: {error}" for name, error in errors)
        raise ConfigurationError(f"{config_file}: {problems}")
    return MarkdownSettings(tuple(config.markdown_extensions), dict(config.mdx_configs))


# Colouring code is the one setting the checks change: it decides only which
# <span>s wrap each token, never what counts as code, and it is most of the
# time a render takes.
PLAIN_CODE = {"pymdownx.highlight": {"use_pygments": False}}


def new_markdown(config_file: Path = CONFIG_FILE) -> markdown.Markdown:
    """A Markdown converter configured as the site's, code left uncoloured."""
    s = settings(config_file)
    configs = {name: {**value, **PLAIN_CODE.get(name, {})} for name, value in s.configs.items()}
    return markdown.Markdown(extensions=list(s.extensions), extension_configs=configs)


@functools.cache
def _converter(config_file: Path, mtime_ns: int) -> markdown.Markdown:
    return new_markdown(config_file)


def render(text: str, config_file: Path = CONFIG_FILE) -> str:
    """A page's Markdown as the site renders it to HTML (without MkDocs's link rewriting)."""
    md = _converter(Path(config_file), Path(config_file).stat().st_mtime_ns)
    md.reset()
    return md.convert(text)
