"""The course server's own French pages (`templates/`: login, class full, summary, class view).

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
