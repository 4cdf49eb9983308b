"""The course's Voilà template reads the catalogue's texts from a generated file: it is in step."""

from ecpx import voila_template
from ecpx.texts.course import CHAPTER_GUIDE, CHAPTERS


def test_chapters_file_is_in_step_with_the_catalogue():
    stored = voila_template.CHAPTERS_FILE.read_text(encoding="utf-8")
    assert stored == voila_template.chapters_jinja(), (
        "share/jupyter/voila/templates/ecpx/chapters.j2 is out of date: "
        "run `python -m ecpx.voila_template`")


def test_every_chapter_has_a_guide_line_and_a_duration():
    assert list(CHAPTER_GUIDE) == [name for name, _, _ in CHAPTERS]
    for doing, duration in CHAPTER_GUIDE.values():
        assert doing.endswith(".") and duration.endswith("minutes")


def test_the_template_fetches_nothing_from_outside():
    """The template's own files; the built front end (static/) holds addresses in its error
    messages, and what a page really requests is watched in the browser (test_pages)."""
    for path in voila_template.CHAPTERS_FILE.parent.iterdir():
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "https://" not in text and "//cdn" not in text, path.name
