"""The e-CPS app on the phone, drawn once for both simulators.

The app's common screens (`ecpx.activation.app.AppScreen`: the phone's home screen, the phone
too old for the app, the welcome, the CGU, the choice of how to activate, the activated e-CPS)
are built here from the model `AppFlow`, with the words of `texts.common.APP`. A method's phone
view subclasses `AppScreens`: it says what its choice screen offers (`choice`) and adds the
screens of its pairing and of its password stage (`_<screen>` methods, as in `Screens`).
"""

from __future__ import annotations

from ecpx.activation.app import AppFlow
from ecpx.screens.frames import column, escape, heading, text
from ecpx.screens.simulator import Screens
from ecpx.texts.common import APP


class AppScreens(Screens[AppFlow]):
    """The e-CPS app's screens; a click calls the action of the same name on the model."""

    choice = ("", "")  # the choice screen's text and button: the method's way to activate

    def _closed(self):
        return column(heading(APP["closed_title"]),
                      self.action(APP["open_app"], "open_app", primary=True)), None

    def _unsupported(self):
        return column(heading(APP["unsupported_title"]), text(APP["unsupported_detail"])), None

    def _welcome(self):
        return column(heading(APP["welcome_title"]), text(APP["welcome_text"]),
                      self.action(APP["start"], "start", primary=True)), None

    def _cgu(self):
        return column(heading(APP["cgu_title"]), text(APP["cgu_text"]),
                      self.action(APP["accept_cgu"], "accept_cgu", primary=True)), None

    def _choose(self):
        intro, label = self.choice
        return column(heading(APP["choose_title"]), text(intro),
                      self.action(label, "choose", primary=True)), None

    def _activated(self):
        holder = text("")
        uses = "".join(f"<li>{use}</li>" for use in APP["activated_uses"])

        def update(model: AppFlow) -> None:
            if model.holder is not None:
                holder.value = escape(APP["holder"].format(name=model.holder_name,
                                                           profession=model.holder.profession))

        return column(heading(APP["activated_title"]), holder,
                      text(APP["activated_text"], "success"),
                      text(f"{APP['activated_can']}<ul>{uses}</ul>")), update
