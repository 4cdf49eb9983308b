// sanitize-html (and its HTML parser) is not bundled: the manager sanitizes with DOMPurify.
export default function sanitizeHtml() {
  throw new Error("sanitize-html is not bundled");
}
