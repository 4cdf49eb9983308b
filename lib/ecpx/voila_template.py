"""The course's Voilà template reads its French texts from the catalogue, through a generated file.

Voilà gives its templates only the folder listing (home page) or the notebook (chapters), so the
catalogue's chapter titles, summaries and page texts are written once into `chapters.j2`, which
the templates import. `python -m ecpx.voila_template` rewrites it; a test keeps it in step.
"""

from __future__ import annotations

import json

from ecpx import resources
from ecpx.texts.course import (
    CHAPTER_GUIDE,
    CHAPTERS,
    FRAME,
    HOME,
    SIMULATOR_ANCHOR,
    SIMULATOR_CHAPTERS,
)
from ecpx.texts.progress import PROGRESS, SUMMARY

# In a clone, the package's `jupyter` folder is a link to share/jupyter: this writes the source.
CHAPTERS_FILE = resources.template_dir() / "chapters.j2"


def _literal(value) -> str:
    """A Jinja literal (JSON's strings, lists and objects are valid Jinja)."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def chapters_jinja() -> str:
    """The text of `chapters.j2`: the chapters, the page texts and the frame of every page
    (`frame.j2`), as Jinja variables."""
    chapters = [
        {"file": name, "name": name.removesuffix(".ipynb"), "title": title, "summary": summary,
         "doing": CHAPTER_GUIDE[name][0], "duration": CHAPTER_GUIDE[name][1],
         "simulator": SIMULATOR_ANCHOR if name in SIMULATOR_CHAPTERS else ""}
        for name, title, summary in CHAPTERS
    ]
    return ("{#- Generated from ecpx.texts.course by `python -m "
            "ecpx.voila_template`: do not edit. -#}\n"
            f"{{% set chapters = {_literal(chapters)} %}}\n"
            f"{{% set home = {_literal(HOME)} %}}\n"
            f"{{% set frame = {_literal(FRAME)} %}}\n"
            f"{{% set progress = {_literal({**PROGRESS, 'summary_link': SUMMARY['link']})} %}}\n")


def main() -> None:
    CHAPTERS_FILE.write_text(chapters_jinja(), encoding="utf-8")
    print(f"wrote {CHAPTERS_FILE}")


if __name__ == "__main__":
    main()
