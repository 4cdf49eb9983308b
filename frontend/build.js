// Builds the chapter pages' front end into the Voilà template's static folder:
//   npm ci && npm run build     (from frontend/)
// The output is committed (the wheel and Binder install no Node.js); tests/test_frontend.py
// builds it again and checks that the committed files are what these sources give.
import { readFile } from "node:fs/promises";
import { build } from "esbuild";

const out = process.argv[2] ?? "../share/jupyter/voila/templates/ecpx/static";

// anywidget's bundle is an AMD module (`define(["@jupyter-widgets/base"], factory)`): the
// factory, as an ES module export, is what the page's widget manager calls with its base.
const anywidgetAsModule = {
  name: "anywidget-as-module",
  setup(build) {
    build.onLoad({ filter: /node_modules\/anywidget\/dist\/index\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const amd = 'define(["@jupyter-widgets/base"], widget_default);';
      if (!source.includes(amd)) { throw new Error("anywidget's bundle changed its form"); }
      return { contents: source.replace(amd, "export default widget_default;"), loader: "js" };
    });
  },
};

await build({
  entryPoints: { "ecpx-widgets": "src/widgets.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outdir: out,
  legalComments: "linked",
  // The manager sanitizes descriptions with DOMPurify: sanitize-html and its HTML parser
  // (a third of the bundle) are never called.
  alias: { "sanitize-html": "./src/no-sanitize-html.js" },
  loader: { ".svg": "dataurl", ".woff": "dataurl", ".woff2": "dataurl", ".ttf": "dataurl",
            ".eot": "dataurl" },
  plugins: [anywidgetAsModule],
  logLevel: "warning",
});
