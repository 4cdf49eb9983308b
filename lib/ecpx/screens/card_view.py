"""Chapter 05's screens: the reader and the card, « Sélectionnez un certificat », the card code.

Each is a `Screen` (`screens.screen`) over the chapter's one `CardPractice` (its view-model,
`screens.card_practice`): a click, or Enter in « Code porteur », runs one model action through
`act`; then every screen of that model redraws (an inserted card shows in the certificate
dialog and in the card code screen too), and the screen acted on says the result in its live
region — a card error as an alert, worded by the catalogue (`card_error_text`), never a
traceback — and moves the focus: back to « Insérer cette carte » when the card was taken out,
to « Code porteur » after a code, to the certificates when none was chosen. A click on a
button that the last action disabled (a double click on « Retirer la carte ») changes nothing.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import ipywidgets as w

from ecpx.screens.card_practice import CardPractice
from ecpx.screens.frames import (
    button,
    column,
    computer_frame,
    escape,
    message,
    side_by_side,
    stylesheet,
)
from ecpx.screens.quiz import Quiz, quiz
from ecpx.screens.screen import Screen, Stale, Told
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
# The screens drawn from each model: an action on one of them redraws them all.
_screens: weakref.WeakKeyDictionary[CardPractice, list[CardScreen]] = (
    weakref.WeakKeyDictionary())


def practice() -> CardPractice:
    """The chapter's one model, shared by its screens (created and detected on first use)."""
    global _shared
    if _shared is None:
        _shared = CardPractice()
        _shared.start()
    return _shared


class CardScreen(Screen):
    """A screen of chapter 05 over `model` (see the module's docstring)."""

    name = "card screen"
    origin = ""  # the model's `origin` for this screen's actions: "reader" or "pin"

    def __init__(self, model: CardPractice | None) -> None:
        super().__init__()
        self.model = model or practice()
        _screens.setdefault(self.model, []).append(self)
        self.feedback = w.HTML()

    def press(self, control: w.Button, action: Callable[..., object], *args) -> w.Button:
        """Wire `control` to `act(action, *args)`; a click on it once the screen has disabled
        it (the second click of a double click) is stale."""
        def run(*a) -> None:
            if control.disabled:
                raise Stale("a disabled button")
            action(*a)

        return self.on(control, run, *args)

    def refresh(self) -> None:
        """Redraw every screen of the model, then say and focus for this one."""
        with self._lock:
            for other in _screens.get(self.model, ()):
                if other is not self:
                    other.render()
            super().refresh()

    def error_told(self, polite: str = "", focus: str = "") -> Told:
        """The model's answer to this screen's last action: its error as an alert (with the
        notice that goes with it), else its notice or `polite`."""
        model = self.model
        if model.origin == self.origin and model.error is not None:
            extra = f" {model.notice}" if model.notice else ""
            return Told(urgent=card_error_text(model.error) + extra, focus=focus)
        notice = model.notice if model.origin == self.origin else ""
        return Told(polite=notice or polite, focus=focus)

    def show_feedback(self) -> None:
        """The answer to the last click, on the screen where it was made."""
        widget, model = self.feedback, self.model
        if model.origin != self.origin:
            widget.value = ""
        elif model.error is not None:
            extra = f"<br>{escape(model.notice)}" if model.notice else ""
            _show(widget, escape(card_error_text(model.error)) + extra, "error")
        elif model.notice:
            _show(widget, escape(model.notice), "success")
        else:
            widget.value = ""


class ReaderScreen(CardScreen):
    """What is in the reader: reader, card, holder; choose, insert or remove a virtual card."""

    name = "reader"
    origin = "reader"

    def __init__(self, model: CardPractice | None = None) -> None:
        super().__init__(model)
        model = self.model
        self.status = w.HTML()
        self.choice = w.Dropdown(
            options=[(label, key) for key, (label, *_) in VIRTUAL_CARDS.items()],
            value=model.choice, description=READER["choose_label"],
            style={"description_width": "initial"}, layout=w.Layout(width="auto"))
        self.insert = self.mark(button(READER["insert"], primary=True), "insert")
        self.press(self.insert, lambda: model.insert(self.choice.value))
        self.remove = self.press(button(READER["remove"]), model.remove)
        self.pull = self.press(button(READER["remove_during_read"]), model.remove_during_read)
        detect = self.press(button(READER["detect"]), model.detect)
        own = self.press(button(READER["use_own"]), model.use_own_card)
        controls = w.HBox([self.choice, self.insert], layout=w.Layout(flex_flow="row wrap"))
        actions = w.HBox([self.remove, self.pull, detect, own],
                         layout=w.Layout(flex_flow="row wrap"))
        self.page(stylesheet(), _title(READER["title"]), self.status, controls, actions,
                  self.feedback, css_class="ecpx-card-reader")
        self.render()

    def render(self) -> None:
        model = self.model
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
        self.status.value = "<br>".join(lines) + f"<p class='ecpx-hint'>{note}</p>"
        self.show_feedback()
        self.pull.disabled = self.remove.disabled = model.is_real or model.session is None

    def told(self) -> Told:
        # With no card left to take out, the next thing to do is to insert one: the focus goes
        # there (the button pressed is now disabled, and would leave the focus on the page).
        focus = self.focus_class("insert") if self.model.session is None else ""
        return self.error_told(self.status.value, focus)


class CertificateScreen(CardScreen):
    """The browser's « Sélectionnez un certificat » with the certificate read from the card."""

    name = "certificate"

    def __init__(self, model: CardPractice | None = None) -> None:
        super().__init__(model)
        # The dialog's title names the list of certificates (it sits right before it).
        title = _title(CERTIFICATE["title"])
        title.add_class("ecpx-question")
        self.certificates = self.mark(
            w.RadioButtons(options=[], value=None, layout=w.Layout(width="auto")),
            "certificates")
        self.details = w.HTML()
        self.ok = self.press(button(CERTIFICATE["ok"], primary=True), self.choose)
        cancel = self.press(button(CERTIFICATE["cancel"]), self.cancel)
        self.outcome = ""  # "", "none", "chosen" or "cancelled"
        screen = column(message(CERTIFICATE["explain"]), title, self.certificates, self.details,
                        _row(self.ok, cancel), self.feedback)
        self.page(side_by_side(computer_frame(screen)), css_class="ecpx-certificate")
        self.render()

    def choose(self) -> None:
        """« OK »: the certificate chosen, or a reminder to choose one."""
        none = self.certificates.value is None or self.model.holder is None
        self.outcome = "none" if none else "chosen"

    def cancel(self) -> None:
        self.outcome = "cancelled"

    def render(self) -> None:
        h = self.model.holder
        options = [certificate_label(h)] if h is not None else []
        if list(self.certificates.options) != options:  # another card: start the choice again
            self.certificates.options, self.certificates.value = options, None
            self.outcome = ""
        self.details.value = "" if h is None else "<br>".join([
            CERTIFICATE["issuer"].format(issuer=escape(h.issuer)),
            CERTIFICATE["validity"].format(start=h.not_before, end=h.not_after)])
        self.ok.disabled = h is None
        if self.outcome == "chosen":
            _show(self.feedback, CERTIFICATE["chosen"].format(name=escape(h.display_name)),
                  "success")
        elif self.outcome:
            _show(self.feedback, CERTIFICATE[self.outcome], "warning")
        else:
            self.feedback.value = ""

    def told(self) -> Told:
        if self.outcome == "none":  # the learner must choose first: the list gets the focus
            return Told(urgent=self.feedback.value, focus=self.focus_class("certificates"))
        return Told(polite=self.feedback.value)


class PinScreen(CardScreen):
    """Type the card code and validate it explicitly (Enter does too); the tries left are
    always in view."""

    name = "card code"
    origin = "pin"

    def __init__(self, model: CardPractice | None = None) -> None:
        super().__init__(model)
        self.code = self.mark(w.Password(description=PIN["label"], placeholder=PIN["placeholder"],
                                         style={"description_width": "initial"}), "code")
        self.tries, self.hint = w.HTML(), w.HTML()
        self.submit = button(PIN["submit"], primary=True)
        form = self.announcer.form(self.code, self.submit,
                                   lambda typed: self.act(self.try_pin, typed))
        check = self.press(button(PIN["check"]), self.model.check_tries)
        self.cleared = False  # the field was emptied by a submission, and not typed in since
        self.code.observe(self._typed, "value")
        screen = column(_title(PIN["title"]), self.tries, form, _row(check), self.hint,
                        self.feedback)
        self.page(side_by_side(computer_frame(screen)), css_class="ecpx-card-code")
        self.render()

    def _typed(self, change) -> None:
        if change["new"]:
            self.cleared = False

    def try_pin(self, typed: str) -> None:
        """« Valider le code porteur »: the typed code goes to the card, and off the screen."""
        if not typed and self.cleared:  # the second click of a double click
            raise Stale("the code was just submitted")
        self.code.value, self.cleared = "", True
        self.model.try_pin(typed)

    def render(self) -> None:
        model = self.model
        if model.tries is None:
            self.tries.value = ""
        elif model.tries == 0:
            self.tries.value = f"<b class='ecpx-error'>{PIN['blocked']}</b>"
        else:
            self.tries.value = f"<b>{PIN['tries'].format(tries=model.tries)}</b>"
        self.hint.value = (PIN["real_warning"] if model.is_real else
                           PIN["virtual_code"].format(pin=model.virtual_pin)
                           if model.virtual_pin else "")
        self.show_feedback()
        self.submit.disabled = model.session is None

    def told(self) -> Told:
        # The field is where the learner types the next code (a click on the button leaves it).
        return self.error_told(f"{self.feedback.value} {self.tries.value}".strip(),
                               self.focus_class("code"))


def reader_and_card(model: CardPractice | None = None) -> ReaderScreen:
    """What is in the reader: reader, card, holder; choose, insert or remove a virtual card."""
    return ReaderScreen(model)


def certificate_choice(model: CardPractice | None = None) -> CertificateScreen:
    """The browser's « Sélectionnez un certificat » with the certificate read from the card."""
    return CertificateScreen(model)


def pin_practice(model: CardPractice | None = None) -> PinScreen:
    """Type the card code and validate it explicitly; the tries left are always in view."""
    return PinScreen(model)


def code_vs_password() -> w.HTML:
    """The card code and the e-CPS password side by side."""
    header, *rows = CODE_VS_PASSWORD["rows"]
    head = "".join(f"<th scope='col' style='text-align:left;padding:4px 8px'>{escape(c)}</th>"
                   for c in header)
    cell = "style='text-align:left;vertical-align:top;padding:4px 8px'"
    body = "".join(f"<tr><th scope='row' {cell}>{escape(question)}</th>"
                   + "".join(f"<td {cell}>{escape(c)}</td>" for c in answers) + "</tr>"
                   for question, *answers in rows)
    return w.HTML(f"<table><caption style='text-align:left;font-weight:bold'>"
                  f"{escape(CODE_VS_PASSWORD['title'])}</caption>"
                  f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def card_quiz() -> Quiz:
    """Three questions on the card code, the unblock code and the e-CPS password."""
    return quiz(QUIZ_CARD)


def _row(*buttons: w.Button) -> w.HBox:
    """Buttons side by side, going to the next line on a narrow screen (reflow at 320 px)."""
    return w.HBox(list(buttons), layout=w.Layout(flex_flow="row wrap"))


def _title(text: str) -> w.HTML:
    return message(escape(text), "title")


def _show(widget: w.HTML, text: str, kind: str) -> None:
    widget.value = text
    for other in ("error", "warning", "success", "hint"):
        widget.remove_class(f"ecpx-{other}")
    widget.add_class(f"ecpx-{kind}")
