"""Chapter 05 in Voilà: the certificate dialog is readable (nothing overlaps or is cut off) and
every state of the chapter's screens passes axe-core."""

from __future__ import annotations

from ecpx.texts.card import CERTIFICATE, PIN, READER, VIRTUAL_CARDS
from playwright.sync_api import Page, expect

from tests.browser import assert_accessible, click, open_notebook, wait_widgets_drawn

CHAPTER = "05-votre-carte-et-le-lecteur.ipynb"


def certificate_radio(page: Page):
    return page.locator(".ecpx-computer").filter(
        has_text=CERTIFICATE["title"]).get_by_role("radio")


def on_screen(page: Page, text: str):
    """`text` shown in a device frame (the live regions, which say it too, are apart)."""
    return page.locator(".ecpx-device").get_by_text(text)


def test_certificate_label_sits_beside_its_radio_uncut(page, voila_url):
    for width in (1280, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        open_notebook(page, voila_url, CHAPTER)
        radio = certificate_radio(page)
        expect(radio).to_have_count(1)
        label = radio.locator("xpath=..")
        expect(label).to_contain_text("PERSONNES")
        r, box = radio.bounding_box(), label.bounding_box()
        text_left = page.evaluate("""(label) => {
            const range = document.createRange();
            const text = [...label.childNodes].find((n) => n.nodeType === Node.TEXT_NODE
                                                     || n.tagName === "SPAN");
            range.selectNodeContents(text);
            const rects = [...range.getClientRects()];
            return Math.min(...rects.map((x) => x.left));
        }""", label.element_handle())
        assert text_left >= r["x"] + r["width"], f"the text overlaps the radio at {width} px"
        assert r["width"] >= 24 and r["height"] >= 24, r
        # Nothing of the label is cut: it is as wide as its text needs, inside the frame.
        frame = page.locator(".ecpx-computer").filter(has_text=CERTIFICATE["title"])
        f = frame.bounding_box()
        assert box["x"] + box["width"] <= f["x"] + f["width"] + 1, (width, box, f)
        assert page.evaluate("(e) => e.scrollWidth <= e.clientWidth + 1",
                             label.element_handle()), f"the label is cut at {width} px"


def test_every_state_of_the_card_screens_is_accessible(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    wait_widgets_drawn(page)
    assert_accessible(page, "chapter 05 as opened")
    click(page, CERTIFICATE["ok"])
    expect(on_screen(page, CERTIFICATE["none"])).to_be_visible()
    assert_accessible(page, "certificate: OK without a choice")
    certificate_radio(page).check()
    click(page, CERTIFICATE["ok"])
    expect(on_screen(page, "Certificat sélectionné")).to_be_visible()
    assert_accessible(page, "certificate: chosen")
    click(page, CERTIFICATE["cancel"])
    expect(on_screen(page, CERTIFICATE["cancelled"])).to_be_visible()
    assert_accessible(page, "certificate: cancelled")

    page.get_by_label(PIN["label"], exact=True).fill("0000")
    click(page, PIN["submit"])
    expect(on_screen(page, PIN["tries"].format(tries=2))).to_be_visible()
    assert_accessible(page, "card code: a wrong code")
    click(page, PIN["check"])
    assert_accessible(page, "card code: tries read")

    click(page, READER["remove"])
    expect(page.get_by_role("button", name=READER["remove"], exact=True)).to_be_disabled()
    assert_accessible(page, "no card in the reader")
    for key in ("vitale", "bloquee", "medecin"):
        page.get_by_label(READER["choose_label"]).select_option(label=VIRTUAL_CARDS[key][0])
        click(page, READER["insert"])
        assert_accessible(page, f"card inserted: {key}")
    click(page, READER["remove_during_read"])
    assert_accessible(page, "card pulled out during the reading")
