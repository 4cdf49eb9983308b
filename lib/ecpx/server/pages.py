"""The course server's own French pages (`templates/`: login, class full, summary, class view)."""

from __future__ import annotations

from importlib import resources

import jinja2

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(resources.files("ecpx.server") / "templates")),
    autoescape=True,
)


def render(name: str, **values) -> str:
    """The page `name` of `templates/`, its values escaped."""
    return _templates.get_template(name).render(**values)
