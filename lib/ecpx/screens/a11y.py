"""The one mechanism for screen readers and keyboards, shared by every screen (`screens.screen`).

ipywidgets can neither move the browser's focus from Python, nor give a box a role, nor speak
through a live region. `Announcer` is a small anywidget (its JavaScript ships in the anywidget
wheel and runs in Voilà and JupyterLite) that does these things for the whole screen it
sits in (the widget with the class `ecpx-screen-root`):

- it holds one polite live region (role=status) and one assertive region (role=alert): `say`
  puts a text in one of them;
- `focus_on(css_class, polite, urgent)` moves the focus to the first visible control of the
  widget carrying that class (or to the widget itself when it has no control), unless the
  focus is already there, and says the texts once the focus has moved;
- it gives the screen's parts their roles and states from their CSS classes: a device
  frame (`ecpx-device`) becomes a region named by its caption, a toggle button
  (`ecpx-toggle`) gets aria-pressed, radio buttons become a radio group (one `name`) named by
  their description or, without one, by the question just before them (`ecpx-question`), a box
  of check-boxes (`ecpx-group`) becomes a group named by its visible label
  (`ecpx-group-label`), a stray `title="null"` is removed;
- the keyboard: the digit keys press the keypad of the password screen they are typed on
  (Backspace erases), and Enter in the field of a `form` submits it with the field's value.

The domain knows nothing of this: the screen decides what to say and where the focus goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import anywidget
import ipywidgets as w
import traitlets as t

from ecpx.screens.frames import column

ESM = r"""
const FOCUSABLE = "button:not([disabled]), input:not([disabled]), select:not([disabled]), " +
  "textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";
const visible = (e) => e.isConnected && e.getClientRects().length > 0 &&
  getComputedStyle(e).visibility !== "hidden";

// The target itself when it is a control (a button given the class), else its first control.
function firstControl(target) {
  if (target.matches(FOCUSABLE) && visible(target)) return target;
  return [...target.querySelectorAll(FOCUSABLE)].find(visible);
}

// Focus the first control of the widget with class `name` once it is on the page (widget
// views are created asynchronously, and a screen shown for the first time is built then: its
// controls may come a moment after the screen itself), and for a second after, give it back
// the focus if a redraw dropped it on <body>. `landed` is called once, when the focus is in
// the widget (or after a second if it never shows).
function focusTarget(name, landed) {
  const start = performance.now();
  let focused = false;  // the focus went to the target (or its control)
  let settled = 0;  // when it reached a control
  let told = false;  // landed() was called
  const tell = () => {
    if (!told) landed();
    told = true;
  };
  const step = () => {
    const target = [...document.getElementsByClassName(name)].find(visible);
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected;
    if (target && (!focused || lost || (active === target && !settled))) {
      if (!target.contains(active) || lost || active === target) {
        const control = firstControl(target);
        if (control) {
          control.focus();
          settled = settled || performance.now();
        } else if (active !== target) {
          target.setAttribute("tabindex", "-1");
          target.focus();
        }
      }
      focused = true;
      tell();
    }
    const now = performance.now();
    if (settled ? now < settled + 1500 : now < start + 5000) requestAnimationFrame(step);
  };
  setTimeout(tell, 1000);
  step();
}

// What every announcer of the page shares: each one may run its own copy of this module (one
// import per widget model), so the counters and the map of screens live on `window`.
const shared = window.ecpxA11y = window.ecpxA11y || {
  ids: 0,  // for the ids given to captions and the names given to radio groups: page-unique
  announcers: new Map(),  // screen root -> its announcer's model (Enter in a form's field)
  submissions: 0,
};

// Roles and states that ipywidgets cannot set, from the CSS classes the screen gives.
function patch(root) {
  for (const frame of root.querySelectorAll(".ecpx-device:not([role])")) {
    const caption = frame.querySelector(".ecpx-device-label");
    if (!caption) continue;
    caption.id = caption.id || `ecpx-device-label-${++shared.ids}`;
    frame.setAttribute("role", "region");
    frame.setAttribute("aria-labelledby", caption.id);
  }
  for (const b of root.querySelectorAll("button.ecpx-toggle")) {
    const pressed = String(b.classList.contains("ecpx-selected"));
    if (b.getAttribute("aria-pressed") !== pressed) b.setAttribute("aria-pressed", pressed);
  }
  for (const e of root.querySelectorAll("[title='null']")) e.removeAttribute("title");
  for (const radios of root.querySelectorAll(".widget-radio")) {
    const box = radios.querySelector(".widget-radio-box");
    if (!box) continue;
    // One name per group: the arrow keys move within it, Tab leaves it.
    box.dataset.ecpxName = box.dataset.ecpxName || `ecpx-radio-${++shared.ids}`;
    for (const input of box.querySelectorAll("input[type=radio]")) {
      if (input.name !== box.dataset.ecpxName) input.name = box.dataset.ecpxName;
    }
    if (box.getAttribute("role")) continue;
    let caption = radios.querySelector(":scope > .widget-label");
    if (!caption || !caption.textContent.trim()) {
      const before = radios.previousElementSibling;
      caption = before && before.classList.contains("ecpx-question") ? before : null;
    }
    if (!caption) continue;
    caption.id = caption.id || `ecpx-radio-label-${++shared.ids}`;
    box.setAttribute("role", "radiogroup");
    box.setAttribute("aria-labelledby", caption.id);
  }
  for (const group of root.querySelectorAll(".ecpx-group:not([role])")) {
    const caption = group.querySelector(".ecpx-group-label");
    if (!caption) continue;
    caption.id = caption.id || `ecpx-group-label-${++shared.ids}`;
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", caption.id);
  }
}

// The keyboard shortcuts of the real screens (installed once per page).
function onKey(event) {
  const here = event.target;
  if (!(here instanceof Element) || event.altKey || event.ctrlKey || event.metaKey) return;
  const password = here.closest(".ecpx-password");
  if (password && (/^[0-9]$/.test(event.key) || event.key === "Backspace") &&
      here.tagName !== "INPUT") {
    const keys = [...password.querySelectorAll(".ecpx-keypad button")];
    const key = event.key === "Backspace"
      ? password.querySelector("button.ecpx-erase")
      : keys.find((b) => b.textContent.trim() === event.key);
    if (key) {
      event.preventDefault();
      key.click();
    }
    return;
  }
  if (event.key === "Enter" && here.tagName === "INPUT") {
    const form = here.closest(".ecpx-form");
    const name = form && [...form.classList].find((c) => c.startsWith("ecpx-form-"));
    const model = shared.announcers.get(here.closest(".ecpx-screen-root"));
    if (name && model) {
      // The field's value travels with the submission: the field's own last keystrokes may
      // still be queued by the widget manager, and a click would overtake them.
      event.preventDefault();
      model.set("submitted", { form: name, value: here.value, n: ++shared.submissions });
      model.save_changes();
    }
  }
}

function render({ model, el }) {
  el.classList.add("ecpx-a11y");
  const polite = document.createElement("div");
  polite.className = "ecpx-sr ecpx-live";
  polite.setAttribute("role", "status");
  polite.setAttribute("aria-live", "polite");
  polite.setAttribute("aria-atomic", "true");
  const urgent = document.createElement("div");
  urgent.className = "ecpx-sr ecpx-live-alert";
  urgent.setAttribute("role", "alert");
  urgent.setAttribute("aria-atomic", "true");
  el.append(polite, urgent);

  // A text said twice in a row must still change the region, or it would not be read again.
  const say = () => {
    const again = model.get("said") % 2 ? "\u00a0" : "";
    polite.textContent = model.get("polite") ? model.get("polite") + again : "";
    urgent.textContent = model.get("urgent") ? model.get("urgent") + again : "";
  };
  say();
  // The screen sends an announcement and a focus move together; the screen is announced
  // once the focus is on it, so that a keyboard user who presses Tab on hearing it starts
  // from the new screen (the handlers run in either order: the decision waits a microtask).
  let moving = false;
  model.on("change:focused", () => {
    moving = true;
    focusTarget(model.get("focus"), () => {
      moving = false;
      say();
    });
  });
  model.on("change:said", () => queueMicrotask(() => moving || say()));

  if (!window.ecpxKeys) {
    window.ecpxKeys = true;
    document.addEventListener("keydown", onKey, true);
  }
  const observe = () => {
    const root = el.closest(".ecpx-screen-root");
    if (!root) return requestAnimationFrame(observe);
    shared.announcers.set(root, model);
    patch(root);
    new MutationObserver(() => patch(root)).observe(root, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["class", "title"],
    });
  };
  observe();
}
export default { render };
"""


class Announcer(anywidget.AnyWidget):
    """The live regions and the focus mover of one screen (see the module's docstring)."""

    _esm = ESM
    polite = t.Unicode("").tag(sync=True)  # the status region's text
    urgent = t.Unicode("").tag(sync=True)  # the alert region's text (errors)
    said = t.Int(0).tag(sync=True)  # counts the announcements, so a repeated text is read again
    focus = t.Unicode("").tag(sync=True)  # the CSS class of the widget to focus
    focused = t.Int(0).tag(sync=True)  # counts the focus requests
    submitted = t.Dict().tag(sync=True)  # Enter in a form's field: {form, value, n}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._forms: dict[str, Callable[[str], None]] = {}
        self.observe(self._submitted, names="submitted")

    def form(self, field: w.Widget, submit: w.Button,
             on_submit: Callable[[str], None]) -> w.VBox:
        """A field and its main button: a click on the button, or Enter in the field, calls
        `on_submit(the field's value)`."""
        box = column(field, submit)
        name = f"ecpx-form-{id(box)}"
        box.add_class("ecpx-form")
        box.add_class(name)
        self._forms[name] = on_submit
        submit.on_click(lambda _: on_submit(field.value))
        return box

    def _submitted(self, change) -> None:
        sent = change["new"]
        on_submit = self._forms.get(sent.get("form", ""))
        if on_submit is not None:
            on_submit(str(sent.get("value", "")))

    def say(self, polite: str = "", urgent: str = "") -> None:
        """Announce `polite` (a status) and `urgent` (an error); HTML tags are dropped."""
        with self.hold_sync():
            self.polite, self.urgent = plain(polite), plain(urgent)
            self.said += 1

    def focus_on(self, css_class: str, polite: str = "", urgent: str = "") -> None:
        """Move the focus to the first control of the widget that has `css_class`, and say
        `polite` and `urgent` once it is there: one message, so the page does both together."""
        with self.hold_sync():
            self.say(polite, urgent)
            self.focus = css_class
            self.focused += 1


def plain(trusted_html: str) -> str:
    """The text a screen reader reads of a catalogue HTML snippet (tags dropped, one line)."""
    text = re.sub(r"<(br|/li|/p|/h\d)\s*/?>", " ", trusted_html)
    # Only ordinary white space is collapsed: the non-breaking spaces of French stay.
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", "", text))).strip()
