"""The two device frames — a browser window for the portal, a phone for the app — side by side,
and the small pieces every screen is made of (styled text, buttons, labelled inputs, links).

The pieces are light: every widget's layout and style are widget models of their own (about
1 KB of state each, which every page downloads when it opens), so the pieces that never change
theirs share one per kind (`shared`).
"""

from __future__ import annotations

import base64
import functools
import html

import ipywidgets as w

from ecpx.texts.course import DEVICES, NEW_WINDOW

PORTAL_URL = "https://wallet.esw.esante.gouv.fr"

CSS = """
<style>
.ecpx-screen-root { max-width: 100%; }
.ecpx-row { gap: 16px; max-width: 100%; }
.ecpx-device { min-width: 0; max-width: 100%; flex: 0 1 auto; }
.ecpx-computer { border: 2px solid #5b6b7f; border-radius: 8px; background: #fff;
  width: 560px; max-width: 100%; min-height: 420px; box-sizing: border-box; }
.ecpx-computer-bar { background: #e8ecf1; padding: 4px 10px; font: 13px monospace;
  color: #33414e; border-bottom: 1px solid #c5ccd6; overflow-wrap: anywhere; }
.ecpx-phone { border: 10px solid #1f2933; border-radius: 28px; background: #fff;
  width: 300px; max-width: 100%; min-height: 520px; box-sizing: border-box; }
.ecpx-phone-bar { background: #1f2933; color: #fff; text-align: center; font-size: 11px;
  padding: 2px 0 6px 0; }
.ecpx-screen { padding: 10px 14px; min-width: 0; overflow-wrap: anywhere; }
.ecpx-device-label { font-weight: bold; color: #33414e; margin: 0 0 4px 4px; }
/* The arrow is seen, « (à vous) » is what a screen reader says (the region's name). */
.ecpx-active .ecpx-device-label::after { content: " __YOUR_TURN_SPOKEN__"; color: #b00020;
  content: " __YOUR_TURN__" / " __YOUR_TURN_SPOKEN__"; }
.ecpx-active > .ecpx-computer, .ecpx-active > .ecpx-phone { box-shadow: 0 0 0 4px #f5b041; }
.ecpx-title, .ecpx-title h3 { font-size: 17px; font-weight: bold; color: #00256e; margin: 4px 0; }
.ecpx-error { color: #b00020; font-weight: bold; }
.ecpx-warning { color: #7a4f00; }
.ecpx-success { color: #1e7b34; font-weight: bold; }
.ecpx-hint { color: #4a5866; font-style: italic; }
.ecpx-primary button, button.ecpx-primary { background: #00256e; color: #fff; font-weight: bold; }
.ecpx-selected button, button.ecpx-selected { border-bottom: 3px solid #00256e; font-weight: bold; }
.ecpx-sr { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
/* Labels wrap, never cut (ipywidgets' buttons and labels cut them with an ellipsis). */
.ecpx-screen-root button.jupyter-button, .ecpx-screen-root .widget-label,
.ecpx-screen-root .widget-radio-box label { white-space: normal; overflow: visible;
  text-overflow: clip; height: auto; max-width: 100%; }
.ecpx-screen-root button.jupyter-button { min-height: 32px; line-height: 1.3;
  padding-top: 4px; padding-bottom: 4px; }
.ecpx-screen-root .widget-hbox, .ecpx-screen-root .widget-vbox { max-width: 100%; }
.ecpx-screen-root .widget-hbox { flex-wrap: wrap; }
.ecpx-screen-root .widget-inline-hbox, .ecpx-screen-root .widget-text { max-width: 100%;
  min-width: 0; }
.ecpx-screen-root select { max-width: 100%; }
.ecpx-screen-root .widget-dropdown { max-width: 100%; flex-wrap: wrap; }
.ecpx-screen-root .widget-dropdown > select { flex: 1 1 12em; min-width: 0; }
.ecpx-screen-root input[type=radio] { width: 24px; height: 24px; margin: 0 6px 0 0; }
.ecpx-screen-root .widget-radio-box label { display: flex; align-items: center;
  min-height: 28px; }
.ecpx-screen-root .widget-radio { width: auto; max-width: 100%; }
.ecpx-mode .widget-radio-box { flex-direction: row; flex-wrap: wrap; gap: 4px 16px; }
.ecpx-qr-image { max-width: 100%; height: auto; }
.ecpx-new-window { font-size: 0.9em; white-space: nowrap; }
.ecpx-troubleshooting h3, .ecpx-troubleshooting h4 { color: #00256e; margin: 10px 0 4px 0; }
.ecpx-troubleshooting h3 { font-size: 17px; } .ecpx-troubleshooting h4 { font-size: 15px; }
.ecpx-assistance h3 { font-size: 16px; color: #00256e; margin: 10px 0 4px 0; }
</style>
""".replace("__YOUR_TURN__", DEVICES["your_turn"]).replace(
    "__YOUR_TURN_SPOKEN__", DEVICES["your_turn_spoken"])


@functools.cache
def shared(kind: type[w.Widget], **traits) -> w.Widget:
    """The one `kind` (a Layout or a style) with these traits that light widgets share, in this
    kernel. It never changes: a widget whose layout or style changes gets its own."""
    return _frozen(kind)(**traits)


@functools.cache
def _frozen(kind: type[w.Widget]) -> type[w.Widget]:
    """`kind` whose synced traits cannot be set once it is made (its model is the same)."""
    def __setattr__(self, name, value):
        if self.__dict__.get("_made") and name in self.keys and not name.startswith("_"):
            raise TypeError(f"a shared {kind.__name__} never changes ({name}): give the "
                            f"widget a layout or style of its own")
        kind.__setattr__(self, name, value)

    def __init__(self, **traits):
        kind.__init__(self, **traits)
        self.__dict__["_made"] = True

    return type(kind.__name__, (kind,), {"__setattr__": __setattr__, "__init__": __init__})


def light(kind: type[w.Widget], *args, **kwargs) -> w.Widget:
    """A widget of `kind` with the shared empty layout and, if it has one, the shared default
    style (unless given its own)."""
    kwargs.setdefault("layout", shared(w.Layout))
    style = kind.class_traits().get("style")
    if style is not None and "style" not in kwargs:
        kwargs["style"] = shared(style.klass)
    return kind(*args, **kwargs)


def column(*children: w.Widget, **kwargs) -> w.VBox:
    """A light VBox of `children`."""
    return light(w.VBox, list(children), **kwargs)


def html_line(value: str = "", **kwargs) -> w.HTML:
    """A light HTML widget (`value` is trusted HTML)."""
    return light(w.HTML, value, **kwargs)


def stylesheet() -> w.HTML:
    """The course's CSS, to display once per page (each `side_by_side` includes it)."""
    return html_line(CSS)


def computer_frame(screen: w.Widget, url: str = PORTAL_URL) -> w.VBox:
    """A browser window on the computer, showing `screen` under an address bar."""
    return device_frame("computer", DEVICES["computer"], url, screen)


def phone_frame(screen: w.Widget) -> w.VBox:
    """A phone showing `screen` (the e-CPS app)."""
    return device_frame("phone", DEVICES["phone"], "e-CPS", screen)


def device_frame(device: str, caption: str, bar: str, screen: w.Widget) -> w.VBox:
    """A "computer" or "phone" showing `screen` under its `bar` (an address or an app's name),
    captioned (`caption` and `bar` are trusted HTML); `set_active` highlights it."""
    top = html_line(bar)
    top.add_class(f"ecpx-{device}-bar")
    screen.add_class("ecpx-screen")
    frame = column(top, screen)
    frame.add_class(f"ecpx-{device}")
    label = html_line(caption)
    label.add_class("ecpx-device-label")
    region = column(label, frame)
    region.add_class("ecpx-device")  # a region named by its caption (see screens.a11y)
    return region


def side_by_side(*frames: w.Widget) -> w.VBox:
    """The frames in one row (wrapping on narrow screens), with the course's CSS."""
    row = light(w.HBox, list(frames), layout=shared(w.Layout, flex_flow="row wrap"))
    row.add_class("ecpx-row")
    return column(stylesheet(), row)


def set_active(frame: w.Widget, active: bool) -> None:
    """Guided mode: highlight the device the trainee should act on next."""
    set_class(frame, "ecpx-active", active)


def set_selected(tab: w.Button, selected: bool) -> None:
    """Underline the tab (or folder) button that is open (aria-pressed says it too)."""
    tab.add_class("ecpx-toggle")
    set_class(tab, "ecpx-selected", selected)


def set_class(widget: w.Widget, name: str, on: bool) -> None:
    if on:
        widget.add_class(name)
    else:
        widget.remove_class(name)


def message(text: str, kind: str = "hint", **kwargs) -> w.HTML:
    """A line of text styled as an error, warning, success or hint (text is trusted catalogue);
    give it `layout=w.Layout()` to show or hide it."""
    line = html_line(text, **kwargs)
    line.add_class(f"ecpx-{kind}")
    return line


def heading(value: str) -> w.HTML:
    """A screen's title, as a heading (the simulator sits under a chapter's h2)."""
    title = html_line(f"<h3>{value}</h3>")
    title.add_class("ecpx-title")
    title.heading = value  # what the live region says when the screen appears
    return title


def qr_image(png: bytes, alt: str, size: int) -> str:
    """A QR code as an <img> with its French text alternative (ipywidgets' Image has no alt)."""
    data = base64.b64encode(png).decode("ascii")
    return (f'<img class="ecpx-qr-image" src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt)}" width="{size}" height="{size}">')


def text(value: str, kind: str = "", **kwargs) -> w.HTML:
    """Trusted catalogue HTML, plain or styled as a `message` of `kind` (title, hint…)."""
    return message(value, kind, **kwargs) if kind else html_line(value, **kwargs)


def escape(plain: str) -> str:
    """Text content made safe for HTML (quotes kept: they are not in an attribute)."""
    return html.escape(plain, quote=False)


def new_tab_link(href: str, label: str) -> str:
    """A link opening in a new tab (`href` and `label` already safe for HTML), which says so
    in its words: « (nouvelle fenêtre) » is seen and is part of the link's name."""
    return (f'<a href="{href}" target="_blank" rel="noopener">{label} '
            f'<span class="ecpx-new-window">{NEW_WINDOW}</span></a>')


def labelled_input(label: str, **kwargs) -> w.Text:
    """A text input whose accessible name is `label`, read by screen readers but not shown
    beside the box (as in the app and the portal, whose boxes carry no visible label)."""
    return w.Text(description=f'<span class="ecpx-sr">{label}</span>',
                  description_allow_html=True, style={"description_width": "0px"}, **kwargs)


def button(label: str, primary: bool = False, **kwargs) -> w.Button:
    """A real, light button whose accessible name is its visible French label."""
    kwargs.setdefault("layout", shared(w.Layout, width="auto"))
    b = light(w.Button, description=label, tooltip=label, **kwargs)
    if primary:
        b.add_class("ecpx-primary")
    return b


class View:
    """A screen object that a notebook displays as its `widget`, so a cell needs one call."""

    widget: w.Widget

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
