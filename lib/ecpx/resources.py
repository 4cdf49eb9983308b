"""The course's files shipped inside the package, found with importlib.resources.

In a clone, `lib/ecpx/notebooks`, `data`, `jupyter` and `voila.json` are links to the
repository's own `notebooks/`, `data/`, `share/jupyter/` and `voila.json` (where Binder and
contributors see them); a wheel carries copies of them. Either way the files are found the
same way, from an editable install, an installed wheel or a Binder image.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _path(*parts: str) -> Path:
    resource = files("ecpx").joinpath(*parts)
    # Voilà, Jupyter and pandas want real files: the package is installed as a folder (never
    # zipped), so its resources are paths on disk.
    return Path(str(resource))


def notebooks_dir() -> Path:
    """The folder of the course's chapters (`00-accueil.ipynb` ...)."""
    return _path("notebooks")


def data_file(name: str) -> Path:
    """A sample data file, e.g. `data_file("annuaire-fictif.csv")`."""
    return _path("data", name)


def settings_dir() -> Path:
    """The folder holding `voila.json`, the Voilà settings (Voilà reads them from its cwd)."""
    return _path()


def jupyter_data_dir() -> Path:
    """A Jupyter data folder holding the course's Voilà template (`voila/templates/ecpx`)."""
    return _path("jupyter")


def template_dir() -> Path:
    """The course's Voilà template (home page, chapter page, the learner key's script)."""
    return jupyter_data_dir() / "voila" / "templates" / "ecpx"
