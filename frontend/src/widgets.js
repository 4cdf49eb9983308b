// The course's front end for a chapter page: Voilà renders the notebook on the server and
// leaves each cell output as JSON; this connects to the page's kernel, loads its widgets and
// draws every output in place. Nothing else (no JupyterLab application, no MathJax, no lab
// extensions): a fifth of the bytes of Voilà's own front end, for a phone's first visit.
import { CommsOverSubshells } from "@jupyterlab/services/lib/kernel/comm";
import { KernelConnection } from "@jupyterlab/services/lib/kernel/default";
import { ServerConnection } from "@jupyterlab/services/lib/serverconnection";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as base from "@jupyter-widgets/base";
import * as controls from "@jupyter-widgets/controls";
import { Widget } from "@lumino/widgets";
import DOMPurify from "dompurify";
import anywidget from "anywidget";
import "@jupyter-widgets/base/css/index.css";
import "@jupyter-widgets/controls/css/widgets-base.css";

const MODULES = {
  "@jupyter-widgets/base": base,
  "@jupyter-widgets/controls": controls,
  anywidget: anywidget(base),
};
const OUTPUT = "application/vnd.voila.cell-output+json";  // one output of a cell, as JSON
const VIEW = "application/vnd.jupyter.widget-view+json";
const ANSI = /\x1b\[[0-9;]*m/g;  // colours in a traceback

// Text as JupyterLab shows it (a stderr output marked so, as the tests look for it).
function showText(box, text, mimeType) {
  const pre = document.createElement("pre");
  pre.textContent = text.replace(ANSI, "");
  box.dataset.mimeType = mimeType;
  box.append(pre);
}

class Manager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, async (comm, message) => {
      await this.handle_comm_open(new base.shims.services.Comm(comm), message);
    });
  }
  // Descriptions with HTML (an accessible name in a hidden span): kept to inline markup.
  inline_sanitize(source) {
    return DOMPurify.sanitize(source, {
      ALLOWED_TAGS: ["span", "b", "i", "em", "strong", "code", "sub", "sup", "br"],
      ALLOWED_ATTR: ["class"],
    });
  }
  async loadClass(className, moduleName) {
    const module = MODULES[moduleName];
    if (!module || !module[className]) {
      throw new Error(`Class ${className} not found in module ${moduleName}`);
    }
    return module[className];
  }
  async _create_comm(target, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(target, modelId);
    if (data || metadata) { comm.open(data, metadata, buffers); }
    return new base.shims.services.Comm(comm);
  }
  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === "ok" ? reply.content.comms : {};
  }
  // One output of a cell where Voilà left it: a widget, HTML from the course, an error or
  // text. A widget that cannot be drawn says so in French (the template's words) in its place.
  async draw(script) {
    const output = JSON.parse(script.textContent);
    const data = output.data || {};
    const box = document.createElement("div");
    box.className = "jp-OutputArea-output";
    script.replaceWith(box);
    if (data[VIEW]) {
      try {
        const view = await this.create_view(await this.get_model(data[VIEW].model_id));
        Widget.attach(view.luminoWidget, box);
      } catch (error) {
        console.error(error);
        const message = document.createElement("p");
        message.className = "ecpx-error";
        message.textContent = window.ecpxWords.widgetError;
        box.append(message);
      }
    } else if (data["text/html"]) {
      box.classList.add("jp-RenderedHTMLCommon", "jp-RenderedHTML");
      box.innerHTML = [].concat(data["text/html"]).join("");
    } else if (output.output_type === "error") {  // Voilà's message, tracebacks hidden
      showText(box, (output.traceback || [`${output.ename}: ${output.evalue}`]).join("\n"),
               "application/vnd.jupyter.stderr");
    } else if (output.output_type === "stream") {
      showText(box, [].concat(output.text).join(""), `application/vnd.jupyter.${output.name}`);
    } else if (data["text/plain"]) {
      showText(box, [].concat(data["text/plain"]).join(""), "text/plain");
    }
  }
}

async function start() {
  const config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
  const serverSettings = ServerConnection.makeSettings({ baseUrl: config.baseUrl });
  // Comms on the kernel's main shell, as Voilà's front end had them: no subshell (a thread in
  // the kernel) per comm target, no subshell requests left pending when the page closes.
  const kernel = new KernelConnection({
    model: { id: config.kernelId, name: "python3" }, serverSettings, handleComms: true,
    commsOverSubshells: CommsOverSubshells.Disabled,
  });
  // A closed tab gives its kernel back at once (Voilà's shutdown route, as Voilà's own front
  // end does), rather than after the idle cull: a class has a limited number of kernels.
  window.addEventListener("beforeunload", () => {
    const form = new FormData();
    const xsrf = document.cookie.match("\\b_xsrf=([^;]*)\\b");
    form.append("_xsrf", (xsrf && xsrf[1]) || "");
    navigator.sendBeacon(`${config.baseUrl}voila/api/shutdown/${kernel.id}`, form);
    kernel.dispose();
  });
  const manager = new Manager(kernel);
  await manager._loadFromKernel();
  const scripts = [...document.querySelectorAll(`script[type="${OUTPUT}"]`)];
  await Promise.all(scripts.map((script) => manager.draw(script)));
}

// The page shows once its widgets are drawn (Voilà's display_cells waits for themeLoaded), or
// after a minute without them (a kernel out of reach): its text at least, while the template's
// watch on the kernel says in French what is wrong; widgets drawn later still appear.
const drawn = start().catch((error) => console.error(error));
Promise.race([drawn, new Promise((resolve) => setTimeout(resolve, 60000))]).then(() => {
  window.themeLoaded = true;
  window.display_cells();
});
