"""Classroom mode: the trainer's card stays the trainer's (issue 13, item 1).

The course is served with ECPX_CLASSROOM=1 (what `ecpx serve --classroom` sets) on a machine
whose pcscd holds a card in a reader named by ECPX_CARD_READER: the "trainer's card", here a
virtual card attached to the real pcscd through vpcd. Two trainees walk chapters 02 and 05 in
Chromium, including « Utiliser ma propre carte dans le lecteur » and « Valider le code
porteur »: neither the card's own log nor pcscd's APDU log shows a single command.
"""

from __future__ import annotations

import os

import pytest
from ecpx.card import HOLDERS, real_session
from ecpx.texts.card import CERTIFICATE, PIN, READER, WHY_THIS_CARD
from playwright.sync_api import expect

from tests.browser import click, open_notebook, shown
from tests.browser.test_method_a import log_in, open_app
from tests.card.conftest import READER_1
from tests.serving import serving

TIMEOUT = 45_000
TRAINER = HOLDERS["pharmacien"]  # the card in the server's reader
TRAINEE = HOLDERS["medecin"]  # every trainee's own virtual card


@pytest.fixture
def classroom_url(tmp_path):
    """The course as `--classroom` serves it to the kernels, with a card in the server's
    reader named by ECPX_CARD_READER (which classroom mode must ignore)."""
    env = {**os.environ, "ECPX_CLASSROOM": "1", "ECPX_CARD_READER": READER_1,
           "ECPX_JOURNAL": str(tmp_path / "journal")}
    try:
        with serving(env=env, log=tmp_path / "voila.log") as server:
            yield server.url
    finally:
        print(f"server log (shown if the test failed):\n"
              f"{(tmp_path / 'voila.log').read_text()[-3000:]}")


def test_in_classroom_mode_no_apdu_reaches_the_servers_reader(
        pcscd, spare_card, classroom_url, browser):
    trainer_card = spare_card("--holder", "pharmacien")
    logged_before = len(pcscd.logged_apdus())
    contexts = [browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
                for _ in range(2)]
    try:
        chapter_05, chapter_02 = (context.new_page() for context in contexts)

        open_notebook(chapter_05, classroom_url, "05-votre-carte-et-le-lecteur.ipynb")
        click(chapter_05, READER["use_own"])
        expect(shown(chapter_05).get_by_text(WHY_THIS_CARD["classroom"])).to_be_visible(
            timeout=TIMEOUT)
        expect(chapter_05.get_by_text(TRAINEE.idnat).first).to_be_visible()
        expect(chapter_05.get_by_text(TRAINER.idnat)).to_have_count(0)
        chapter_05.get_by_role("radio").first.check()
        click(chapter_05, CERTIFICATE["ok"])
        code = chapter_05.get_by_role("textbox", name=PIN["label"], exact=True)
        code.fill("0000")
        click(chapter_05, PIN["submit"])
        expect(shown(chapter_05).get_by_text(PIN["tries"].format(tries=2))).to_be_visible(
            timeout=TIMEOUT)
        code.fill(TRAINEE.pin)
        click(chapter_05, PIN["submit"])
        expect(shown(chapter_05).get_by_text(PIN["right"])).to_be_visible(timeout=TIMEOUT)

        open_notebook(chapter_02, classroom_url, "02-methode-a-avec-la-carte.ipynb")
        log_in(chapter_02)
        open_app(chapter_02)
        expect(chapter_02.get_by_text(TRAINER.idnat)).to_have_count(0)
    finally:
        for context in contexts:
            context.close()

    assert trainer_card.commands() == []  # the trainer's card received nothing
    assert pcscd.logged_apdus()[logged_before:] == []  # nor did any reader of pcscd
    # Control: the same card, read on purpose outside the course, shows up in both logs.
    with real_session(READER_1) as session:
        assert session.identity().idnat == TRAINER.idnat
    assert trainer_card.commands()
    assert pcscd.logged_apdus()[logged_before:] or not pcscd.started_here
