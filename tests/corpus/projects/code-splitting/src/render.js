import { escape } from "./util.js";
export function render(path) {
  return `<h1>${escape(path)}</h1>`;
}
