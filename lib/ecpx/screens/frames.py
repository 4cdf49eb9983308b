"""The two device frames — a browser window for the portal, a phone for the app — side by side."""

from __future__ import annotations

import ipywidgets as w

PORTAL_URL = "https://wallet.esw.esante.gouv.fr"

CSS = """
<style>
.ecpx-computer { border: 2px solid #5b6b7f; border-radius: 8px; background: #fff;
  width: 560px; min-height: 420px; overflow: hidden; }
.ecpx-computer-bar { background: #e8ecf1; padding: 4px 10px; font: 13px monospace;
  color: #33414e; border-bottom: 1px solid #c5ccd6; }
.ecpx-phone { border: 10px solid #1f2933; border-radius: 28px; background: #fff;
  width: 300px; min-height: 520px; overflow: hidden; }
.ecpx-phone-bar { background: #1f2933; color: #fff; text-align: center; font-size: 11px;
  padding: 2px 0 6px 0; }
.ecpx-screen { padding: 10px 14px; }
.ecpx-row { gap: 16px; }
.ecpx-device-label { font-weight: bold; color: #33414e; margin: 0 0 4px 4px; }
.ecpx-active .ecpx-device-label::after { content: " ← à vous"; color: #c0392b; }
.ecpx-active > .ecpx-computer, .ecpx-active > .ecpx-phone { box-shadow: 0 0 0 4px #f5b041; }
.ecpx-title { font-size: 17px; font-weight: bold; color: #00256e; margin: 4px 0; }
.ecpx-error { color: #b00020; font-weight: bold; }
.ecpx-warning { color: #8a5a00; }
.ecpx-success { color: #1e7b34; font-weight: bold; }
.ecpx-hint { color: #5b6b7f; font-style: italic; }
.ecpx-primary button, button.ecpx-primary { background: #00256e; color: #fff; font-weight: bold; }
</style>
"""


def stylesheet() -> w.HTML:
    """The course's CSS, to display once per page (each `side_by_side` includes it)."""
    return w.HTML(CSS)


def computer_frame(screen: w.Widget, url: str = PORTAL_URL) -> w.VBox:
    """A browser window on the computer, showing `screen` under an address bar."""
    bar = w.HTML(url)
    bar.add_class("ecpx-computer-bar")
    screen.add_class("ecpx-screen")
    frame = w.VBox([bar, screen])
    frame.add_class("ecpx-computer")
    return _labelled("Ordinateur", frame)


def phone_frame(screen: w.Widget) -> w.VBox:
    """A smartphone showing `screen` (the e-CPS app)."""
    bar = w.HTML("e-CPS")
    bar.add_class("ecpx-phone-bar")
    screen.add_class("ecpx-screen")
    frame = w.VBox([bar, screen])
    frame.add_class("ecpx-phone")
    return _labelled("Smartphone", frame)


def side_by_side(*frames: w.Widget) -> w.VBox:
    """The frames in one row (wrapping on narrow screens), with the course's CSS."""
    row = w.HBox(list(frames), layout=w.Layout(flex_flow="row wrap"))
    row.add_class("ecpx-row")
    return w.VBox([stylesheet(), row])


def set_active(frame: w.Widget, active: bool) -> None:
    """Guided mode: highlight the device the trainee should act on next."""
    if active:
        frame.add_class("ecpx-active")
    else:
        frame.remove_class("ecpx-active")


def _labelled(label: str, frame: w.Widget) -> w.VBox:
    caption = w.HTML(label)
    caption.add_class("ecpx-device-label")
    return w.VBox([caption, frame])


def message(text: str, kind: str = "hint") -> w.HTML:
    """A line of text styled as an error, warning, success or hint (text is trusted catalogue)."""
    html = w.HTML(text)
    html.add_class(f"ecpx-{kind}")
    return html


def button(label: str, primary: bool = False, **kwargs) -> w.Button:
    """A real button whose accessible name is its visible French label."""
    b = w.Button(description=label, tooltip=label, layout=w.Layout(width="auto"), **kwargs)
    if primary:
        b.add_class("ecpx-primary")
    return b
