"""Chapter 05's screens: the reader and the card, « Sélectionnez un certificat », the card code.

Thin views over `CardPractice` (ecpx.screens.card_practice): each button calls one model
action; every screen observes the model's `revision` and redraws. Card errors are worded by the
catalogue (`card_error_text`), never shown as a traceback.
"""

from __future__ import annotations

import ipywidgets as w

from ecpx.screens.card_practice import CardPractice
from ecpx.screens.frames import button, computer_frame, escape, message, side_by_side, stylesheet
from ecpx.screens.quiz import quiz
from ecpx.texts.card import (
    CARD_KINDS,
    CERTIFICATE,
    CODE_VS_PASSWORD,
    PIN,
    QUIZ_CARD,
    READER,
    VIRTUAL_CARDS,
    WHY_THIS_CARD,
    card_error_text,
    certificate_label,
)

_shared: CardPractice | None = None


def practice() -> CardPractice:
    """The chapter's one model, shared by its screens (created and detected on first use)."""
    global _shared
    if _shared is None:
        _shared = CardPractice()
        _shared.start()
    return _shared


def reader_and_card(model: CardPractice | None = None) -> w.VBox:
    """What is in the reader: reader, card, holder; choose, insert or remove a virtual card."""
    model = model or practice()
    status, feedback = w.HTML(), w.HTML()
    choice = w.Dropdown(options=[(label, key) for key, (label, *_) in VIRTUAL_CARDS.items()],
                        value=model.choice, description=READER["choose_label"],
                        style={"description_width": "initial"}, layout=w.Layout(width="auto"))
    insert, remove = button(READER["insert"], primary=True), button(READER["remove"])
    detect, pull = button(READER["detect"]), button(READER["remove_during_read"])
    own = button(READER["use_own"])
    own.on_click(lambda _: model.use_own_card())
    insert.on_click(lambda _: model.insert(choice.value))
    remove.on_click(lambda _: model.remove())
    detect.on_click(lambda _: model.detect())
    pull.on_click(lambda _: model.remove_during_read())

    def redraw(_=None) -> None:
        lines = [READER["reader"].format(reader=escape(model.reader or "—"))]
        if model.session is not None:
            lines.append(READER["card"].format(kind=CARD_KINDS.get(model.kind, model.kind)))
            lines.append(READER["serial"].format(serial=model.serial))
        if model.holder is not None:
            h = model.holder
            lines.append(READER["holder"].format(name=escape(h.display_name),
                                                 profession=escape(h.profession),
                                                 card_type=h.card_type))
        if model.session is None and model.error is None:
            lines.append(READER["no_card"])
        note = WHY_THIS_CARD.get(model.reason, "")
        status.value = "<br>".join(lines) + f"<p class='ecpx-hint'>{note}</p>"
        _feedback(feedback, model, "reader")
        pull.disabled = remove.disabled = model.is_real or model.session is None

    model.observe(redraw, "revision")
    redraw()
    controls = w.HBox([choice, insert], layout=w.Layout(flex_flow="row wrap"))
    actions = w.HBox([remove, pull, detect, own], layout=w.Layout(flex_flow="row wrap"))
    return w.VBox([stylesheet(), _title(READER["title"]), status, controls, actions, feedback])


def certificate_choice(model: CardPractice | None = None) -> w.VBox:
    """The browser's « Sélectionnez un certificat » with the certificate read from the card."""
    model = model or practice()
    certificates = w.RadioButtons(options=[], value=None, layout=w.Layout(width="auto"))
    details, feedback = w.HTML(), w.HTML()
    ok, cancel = button(CERTIFICATE["ok"], primary=True), button(CERTIFICATE["cancel"])

    def redraw(_=None) -> None:
        h = model.holder
        options = [certificate_label(h)] if h is not None else []
        if list(certificates.options) != options:  # another card: start the choice again
            certificates.options, certificates.value, feedback.value = options, None, ""
        details.value = "" if h is None else "<br>".join([
            CERTIFICATE["issuer"].format(issuer=escape(h.issuer)),
            CERTIFICATE["validity"].format(start=h.not_before, end=h.not_after)])
        ok.disabled = h is None

    def on_ok(_) -> None:
        if certificates.value is None or model.holder is None:
            _show(feedback, CERTIFICATE["none"], "warning")
        else:
            _show(feedback, CERTIFICATE["chosen"].format(
                name=escape(model.holder.display_name)), "success")

    ok.on_click(on_ok)
    cancel.on_click(lambda _: _show(feedback, CERTIFICATE["cancelled"], "warning"))
    model.observe(redraw, "revision")
    redraw()
    screen = w.VBox([_title(CERTIFICATE["title"]), message(CERTIFICATE["explain"]),
                     certificates, details, _row(ok, cancel), feedback])
    return side_by_side(computer_frame(screen))


def pin_practice(model: CardPractice | None = None) -> w.VBox:
    """Type the card code and validate it explicitly; the tries left are always in view."""
    model = model or practice()
    code = w.Password(description=PIN["label"], placeholder=PIN["placeholder"],
                      style={"description_width": "initial"})
    tries, hint, feedback = w.HTML(), w.HTML(), w.HTML()
    submit, check = button(PIN["submit"], primary=True), button(PIN["check"])

    def on_submit(_) -> None:
        typed, code.value = code.value, ""
        model.try_pin(typed)

    submit.on_click(on_submit)
    check.on_click(lambda _: model.check_tries())

    def redraw(_=None) -> None:
        if model.tries is None:
            tries.value = ""
        elif model.tries == 0:
            tries.value = f"<b class='ecpx-error'>{PIN['blocked']}</b>"
        else:
            tries.value = f"<b>{PIN['tries'].format(tries=model.tries)}</b>"
        hint.value = (PIN["real_warning"] if model.is_real else
                      PIN["virtual_code"].format(pin=model.virtual_pin) if model.virtual_pin
                      else "")
        _feedback(feedback, model, "pin")
        submit.disabled = model.session is None

    model.observe(redraw, "revision")
    redraw()
    screen = w.VBox([_title(PIN["title"]), tries, code, _row(submit, check), hint,
                     feedback])
    return side_by_side(computer_frame(screen))


def code_vs_password() -> w.HTML:
    """The card code and the e-CPS password side by side."""
    header, *rows = CODE_VS_PASSWORD["rows"]
    head = "".join(f"<th style='text-align:left;padding:4px 8px'>{escape(c)}</th>"
                   for c in header)
    body = "".join("<tr>" + "".join(
        f"<{'th' if i == 0 else 'td'} style='text-align:left;vertical-align:top;"
        f"padding:4px 8px'>{escape(c)}</{'th' if i == 0 else 'td'}>"
        for i, c in enumerate(row)) + "</tr>" for row in rows)
    return w.HTML(f"<table><caption style='text-align:left;font-weight:bold'>"
                  f"{escape(CODE_VS_PASSWORD['title'])}</caption>"
                  f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def card_quiz() -> w.VBox:
    """Three questions on the card code, the unblock code and the e-CPS password."""
    return quiz(QUIZ_CARD)


def _row(*buttons: w.Button) -> w.HBox:
    """Buttons side by side, going to the next line on a narrow screen (reflow at 320 px)."""
    return w.HBox(list(buttons), layout=w.Layout(flex_flow="row wrap"))


def _title(text: str) -> w.HTML:
    return message(escape(text), "title")


def _feedback(widget: w.HTML, model: CardPractice, origin: str) -> None:
    """The answer to the last click, on the screen where it was made."""
    if model.origin != origin:
        widget.value = ""
    elif model.error is not None:
        extra = f"<br>{escape(model.notice)}" if model.notice else ""
        _show(widget, escape(card_error_text(model.error)) + extra, "error")
    elif model.notice:
        _show(widget, escape(model.notice), "success")
    else:
        widget.value = ""


def _show(widget: w.HTML, text: str, kind: str) -> None:
    widget.value = text
    for other in ("error", "warning", "success", "hint"):
        widget.remove_class(f"ecpx-{other}")
    widget.add_class(f"ecpx-{kind}")
