"""One term for one thing (`ecpx.texts.terms`): every catalogue string, every notebook's
markdown and the text of every template (server and Voilà) uses the course's words."""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

import pytest
from ecpx import resources
from ecpx.texts.terms import SCREEN_TEXTS, TERMS

from tests.activation.test_catalogue_typography import catalogue_strings

REPO = Path(__file__).resolve().parents[1]
SERVER_TEMPLATES = REPO / "lib" / "ecpx" / "server" / "templates"
VOILA_TEMPLATE = REPO / "share" / "jupyter" / "voila" / "templates" / "ecpx"
# Not words a learner reads: addresses, format fields, code, tags (their attributes are code;
# the ones a learner meets, alt, title, aria-label, placeholder, are read by TemplateText).
NOT_WORDS = re.compile(r"https?://\S+|mailto:\S+|\{[^{}\s]*\}|`[^`]*`|<[^<>]*>|\]\([^)]*\)"
                       r"|[\w.+-]+@[\w.-]+")


def catalogue_texts():
    # The list of terms itself names the refused variants.
    return catalogue_strings(skip=("terms",), prefix="texts.")


def notebook_texts():
    for notebook in sorted(resources.notebooks_dir().glob("*.ipynb")):
        for cell in json.loads(notebook.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                yield f"{notebook.name}#{cell['id']}", "".join(cell["source"])


class TemplateText(html.parser.HTMLParser):
    """A template's words: its text outside scripts and styles, and the attributes read."""

    READ = frozenset({"alt", "title", "aria-label", "placeholder", "content"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        names = dict(attrs)
        for name, value in attrs:
            if (name in self.READ and value
                    and not (name == "content" and names.get("name") != "description")):
                self.words.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.words.append(data)


def template_texts():
    # chapters.j2 is written from the catalogue (`ecpx.voila_template`): checked there; a
    # `*_script.html` is a script included in a page.
    files = [*(f for f in sorted(SERVER_TEMPLATES.glob("*.html"))
               if not f.name.endswith("_script.html")),
             *(f for f in sorted(VOILA_TEMPLATE.iterdir())
               if f.suffix in (".html", ".j2") and f.name != "chapters.j2")]
    for file in files:
        # Jinja's expressions, statements and comments are code, not words.
        source = re.sub(r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", file.read_text())
        parser = TemplateText()
        parser.feed(source)
        for index, words in enumerate(parser.words):
            yield f"{file.relative_to(REPO)}[{index}]", words


def every_text():
    yield from catalogue_texts()
    yield from notebook_texts()
    yield from template_texts()


def refusals(text: str) -> list[str]:
    """The refused variants this text uses: « variant » (say « preferred »)."""
    text = re.sub(r"[ \t\n]+", " ", text)  # a screen's words may wrap in markdown
    for screen_text in SCREEN_TEXTS:
        text = text.replace(screen_text, " ")
    text = NOT_WORDS.sub(" ", text)
    return [f"{match[0]!r} (say {term.preferred!r})"
            for term in TERMS for match in term.refused.finditer(text)]


def test_every_text_is_scanned():
    sources = {re.split(r"[#\[]", where)[0] for where, _ in every_text()}
    assert "texts.help.FAQ" in sources
    assert len([s for s in sources if s.endswith(".ipynb")]) == 8
    assert sum(1 for where, _ in template_texts()) > 10
    assert sum(1 for _ in catalogue_texts()) > 500


@pytest.mark.parametrize("text, variant", [
    ("Ouvrez le mail avec le QR code.", "'mail'"),
    ("Je ne reçois pas le courriel.", "'courriel'"),
    ("Lancez l'appli e-CPS.", "'appli'"),
    ("Qu'est-ce que l'e-CPS ?", "\"l'e-CPS\""),
    ("Scannez le QR Code du mail.", "'QR Code'"),
    ("Voir la FAQ e-CPx.", "'FAQ e-CPx'"),
    ("Cliquer sur Valider.", "'Cliquer'"),
    ('ajoutez un "8" devant', "'\"'"),
])
def test_a_refused_variant_is_named(text, variant):
    assert any(found.startswith(variant) for found in refusals(text))


def test_the_preferred_terms_and_the_real_screens_pass():
    assert refusals("Si vous ne recevez pas l'e-mail, ouvrez l'application e-CPS et activez "
                    "la e-CPS avec le QR code ; voir la FAQ e-CPS. Cliquez sur « Valider ».") == []
    assert refusals("Scanner le QR Code — Pour recevoir le courriel d'activation, veuillez "
                    "saisir votre identifiant RPPS. Écrivez à {email}.") == []


def test_every_text_uses_the_courses_words():
    bad = [f"{where}: {', '.join(found)}" for where, text in every_text()
           if (found := refusals(text))]
    assert bad == [], "\n".join(bad)
