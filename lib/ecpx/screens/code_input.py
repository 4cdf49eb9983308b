"""A one-time-code input: one box per character, as on the portal's « code d'ajout » screen.

Six separate ipywidgets Text boxes cannot move the caret from one box to the next, so a code
typed at a human pace ends up scrambled. This small anywidget does in the browser what such
inputs do everywhere: a typed character fills the box and moves on, Backspace goes back, a
pasted (or autofilled) code fills every box, lower case becomes upper case, and a character
typed after a gap fills the first empty box, so the code cannot come out scrambled. The whole
code is sent to Python once every box is filled; Python empties the boxes (`clear`).
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import traitlets as t

ESM = r"""
function render({ model, el }) {
  const size = model.get("size");
  const group = document.createElement("div");
  group.className = "ecpx-otp";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", model.get("label"));
  const chars = Array(size).fill("");
  const boxes = model.get("box_labels").map((name, i) => {
    const box = document.createElement("input");
    box.type = "text";
    box.className = "ecpx-otp-box";
    box.setAttribute("aria-label", name);
    box.setAttribute("autocomplete", i === 0 ? "one-time-code" : "off");
    box.setAttribute("autocapitalize", "characters");
    box.spellcheck = false;
    group.append(box);
    return box;
  });
  el.append(group);

  const clean = (text) => text.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const draw = () => boxes.forEach((box, i) => { box.value = chars[i]; });
  const complete = () => {
    if (chars.every((c) => c)) {
      model.set("value", chars.join(""));
      model.save_changes();
    }
  };
  // Put `text` from box `at` on; never after an empty box (a gap would scramble the code).
  const put = (at, text) => {
    const gap = chars.indexOf("");
    let i = gap !== -1 && gap < at ? gap : at;
    for (const c of text) {
      if (i >= size) break;
      chars[i++] = c;
    }
    draw();
    boxes[Math.min(i, size - 1)].focus();
    complete();
  };

  boxes.forEach((box, at) => {
    box.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key.length === 1 && clean(event.key)) {
        event.preventDefault();
        put(at, clean(event.key));
      } else if (event.key === "Backspace") {
        event.preventDefault();
        const back = chars[at] ? at : Math.max(at - 1, 0);
        chars[back] = "";
        draw();
        boxes[back].focus();
      } else if (event.key === "ArrowLeft" && at > 0) {
        boxes[at - 1].focus();
      } else if (event.key === "ArrowRight" && at < size - 1) {
        boxes[at + 1].focus();
      }
    });
    // Paste, autofill and phone keyboards (which send no usable key) come as input events.
    box.addEventListener("input", () => {
      const text = clean(box.value);
      chars[at] = "";
      if (text) put(text.length === size ? 0 : at, text); else draw();
    });
    box.addEventListener("paste", (event) => {
      event.preventDefault();
      const text = clean(event.clipboardData.getData("text"));
      if (text) put(text.length === size ? 0 : at, text);
    });
    box.addEventListener("focus", () => box.select());
  });
  model.on("change:value", () => {
    if (!model.get("value")) {
      chars.fill("");
      draw();
    }
  });
}
export default { render };
"""

CSS = """
.ecpx-otp { display: flex; flex-wrap: wrap; gap: 6px; }
.ecpx-otp-box { width: 2.4em; height: 2.4em; box-sizing: border-box; text-align: center;
  font: bold 18px monospace; text-transform: uppercase; border: 2px solid #5b6b7f;
  border-radius: 4px; color: #1f2933; background: #fff; }
"""


class CodeInput(anywidget.AnyWidget):
    """`size` one-character boxes; `on_complete(code)` gets the code once every box is filled
    (in upper case), then the boxes are emptied for the next try."""

    _esm = ESM
    _css = CSS
    size = t.Int(6).tag(sync=True)
    label = t.Unicode("").tag(sync=True)  # the group's accessible name
    box_labels = t.List(t.Unicode()).tag(sync=True)  # each box's accessible name
    value = t.Unicode("").tag(sync=True)  # the whole code, sent once complete

    def __init__(self, on_complete: Callable[[str], None], *, label: str,
                 box_label: str, size: int = 6) -> None:
        """`box_label` has a {n} for the box's number (1 to `size`)."""
        super().__init__(size=size, label=label,
                         box_labels=[box_label.format(n=n) for n in range(1, size + 1)])
        self.on_complete = on_complete
        self.observe(self._changed, names="value")

    def type(self, code: str) -> None:
        """Type `code` as the browser would send it (tests and the benchmark use it)."""
        self.value = code

    def clear(self) -> None:
        self.value = ""

    def _changed(self, change) -> None:
        code = "".join(change["new"].split()).upper()
        if len(code) == self.size:
            self.clear()
            self.on_complete(code)
