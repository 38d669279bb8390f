"""The book's repository URL is one setting: the environment variable ``BOOK_REPOSITORY_URL``.

Set it (for example ``https://github.com/<owner>/<repo>``; the GitHub Pages workflow sets
it to the repository it runs in) and the book shows the repository and issues buttons and
the Binder and Colab launch buttons for each notebook. Leave it unset (a local build, a
fork that has not decided where it lives) and the book shows none of them, rather than
buttons that lead to a 404. ``BOOK_REPOSITORY_BRANCH`` (default ``main``) names the branch
the launch buttons open.
"""
from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

ENV = "BOOK_REPOSITORY_URL"
BRANCH_ENV = "BOOK_REPOSITORY_BRANCH"


def repository_url() -> str | None:
    """The configured repository URL, without a trailing slash or ``.git``; None when unset."""
    url = os.environ.get(ENV, "").strip().rstrip("/")
    if not url:
        return None
    url = url.removesuffix(".git")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or parts.path.count("/") < 2:
        raise ConfigError(f"{ENV}={url!r}: give the repository's https URL, e.g. https://github.com/<owner>/<repo>.")
    return url


def configure(app: Sphinx, config: Config) -> None:
    """config-inited: turn the repository and launch buttons on with the URL, off without it."""
    options = dict(config.html_theme_options or {})
    launch = {k: v for k, v in dict(options.get("launch_buttons") or {}).items()
              if k not in ("binderhub_url", "colab_url", "jupyterhub_url", "deepnote_url", "jupyterlite_url")}
    url = repository_url()
    if url:
        options.update(repository_url=url, repository_branch=os.environ.get(BRANCH_ENV, "main").strip() or "main",
                       use_repository_button=True, use_issues_button=True)
        launch["binderhub_url"] = "https://mybinder.org"
        if urlsplit(url).netloc == "github.com":  # Colab opens notebooks from GitHub only
            launch["colab_url"] = "https://colab.research.google.com"
    else:
        options.pop("repository_url", None)
        options.update(use_repository_button=False, use_issues_button=False, use_edit_page_button=False)
    options["launch_buttons"] = launch
    config.html_theme_options = options


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", configure, priority=800)
    return {"version": "1.0.0", "parallel_read_safe": True, "parallel_write_safe": True}
