"""The course server's own French pages (`templates/`: login, class full, summary, class view,
error pages, the accessibility statement), in the frame of every page (the Voilà template's
`frame.j2`).

They may include the Voilà template's files too (the learner key's script)."""

from __future__ import annotations

from importlib import resources

import jinja2

from ecpx.resources import template_dir

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader([str(resources.files("ecpx.server") / "templates"),
                                    str(template_dir())]),
    autoescape=True,
)


def render(name: str, **values) -> str:
    """The page `name` of `templates/`, its values escaped."""
    return _templates.get_template(name).render(**values)


LOGOUT_SETTING = "ecpx_logout"  # the « Se déconnecter » address, set behind a class code


def logout_url(settings: dict) -> str:
    """Where the frame's « Se déconnecter » goes ("" without a class code: no link)."""
    return settings.get(LOGOUT_SETTING, "")


def chapter_page_config(page_config: dict, settings: dict | None = None, **_context) -> dict:
    """Voilà's `page_config_hook`: the chapter page's script finds its French words (a page
    whose kernel is gone, a page closed for a new one) in the page's config data, and the page
    frame its « Se déconnecter » address. Updated in place: the home page's handler keeps the
    dict it gave, not the one returned."""
    from ecpx.texts.classroom import GONE, SHARES

    settings = settings or {}
    shares = settings.get("ecpx_shares")
    closed = SHARES["closed_oldest"].format(count=shares.per_trainee) if shares else ""
    page_config["ecpx"] = {"gone": GONE, "closed_oldest": closed, "logout": logout_url(settings)}
    return page_config
