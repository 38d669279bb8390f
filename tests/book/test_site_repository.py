"""The repository URL is one setting (BOOK_REPOSITORY_URL); without it the book shows no repository or launch buttons."""
from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest
import yaml

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "book" / "_ext"))
import site_repository  # noqa: E402


def _theme_options(monkeypatch, url: str | None) -> dict:
    if url is None:
        monkeypatch.delenv(site_repository.ENV, raising=False)
    else:
        monkeypatch.setenv(site_repository.ENV, url)
    cfg = yaml.safe_load((REPO / "_config.yml").read_text("utf-8"))
    # what Jupyter Book 1 passes to Sphinx from _config.yml (jupyter_book/config.py)
    options = {"launch_buttons": cfg["launch_buttons"], **{k: v for k, v in cfg["html"].items() if k.startswith("use_")}}
    config = SimpleNamespace(html_theme_options=options)
    site_repository.configure(None, config)
    return config.html_theme_options


def test_config_names_no_repository_and_no_placeholder_hub():
    text = (REPO / "_config.yml").read_text("utf-8")
    assert "hub.example.org" not in text and "crm-analytics/crm-analytics" not in text
    assert "url" not in yaml.safe_load(text)["repository"]


def test_without_the_setting_no_buttons(monkeypatch):
    opts = _theme_options(monkeypatch, None)
    assert not opts["use_repository_button"] and not opts["use_issues_button"]
    assert "repository_url" not in opts
    assert not {"binderhub_url", "colab_url", "jupyterhub_url"} & set(opts["launch_buttons"])


def test_with_the_setting_buttons_point_at_it(monkeypatch):
    opts = _theme_options(monkeypatch, "https://github.com/someone/crm-course.git/")
    assert opts["repository_url"] == "https://github.com/someone/crm-course"
    assert opts["use_repository_button"] and opts["use_issues_button"]
    assert opts["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert opts["launch_buttons"]["colab_url"].startswith("https://colab.research.google.com")
    assert "jupyterhub_url" not in opts["launch_buttons"]
    # Colab opens GitHub notebooks only
    assert "colab_url" not in _theme_options(monkeypatch, "https://gitlab.com/someone/crm-course")["launch_buttons"]


def test_a_bad_url_stops_the_build(monkeypatch):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="https URL"):
        _theme_options(monkeypatch, "github.com/someone")
