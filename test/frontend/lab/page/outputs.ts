/**
 * JupyterLab's own output rendering, as a notebook does it: one OutputArea per code cell over an OutputAreaModel
 * holding the stored outputs, trusted or not, drawn by a RenderMimeRegistry with JupyterLab's default renderers
 * plus the mime extensions its distribution ships (Vega 5 / Vega-Lite, JavaScript, JSON).
 */
import type * as nbformat from "@jupyterlab/nbformat";
import { OutputArea, OutputAreaModel } from "@jupyterlab/outputarea";
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import javascriptExtension from "@jupyterlab/javascript-extension";
import jsonExtensions from "@jupyterlab/json-extension";
import vegaExtension from "@jupyterlab/vega5-extension";
import { Widget } from "@lumino/widgets";

/** A registry as JupyterLab's rendermime plugin builds it: default factories, then each mime extension's. */
export function createRendermime(extra: Partial<RenderMimeRegistry.IOptions> = {}): RenderMimeRegistry {
  const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories, ...extra });
  const extensions = [vegaExtension, javascriptExtension, jsonExtensions].flat() as IRenderMime.IExtension[];
  for (const ext of extensions) rendermime.addFactory(ext.rendererFactory, ext.rank);
  return rendermime;
}

const rendermime = createRendermime();

/**
 * Draw the outputs of every code cell of `nb` into a new section of the page. Each cell's wrapper carries
 * data-cell (its index in the notebook) so the test can pair what it finds with what the notebook stored.
 */
export function renderOutputs(name: string, nb: nbformat.INotebookContent, trusted: boolean): void {
  const section = document.createElement("section");
  section.className = "tl-notebook jp-Notebook";
  section.dataset.notebook = name;
  section.dataset.trusted = String(trusted);
  const title = document.createElement("h2");
  title.textContent = `${name} (${trusted ? "trusted" : "untrusted"})`;
  section.appendChild(title);
  document.body.appendChild(section);
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const wrapper = document.createElement("div");
    wrapper.className = "tl-cell jp-Cell jp-CodeCell jp-Notebook-cell";
    wrapper.dataset.cell = String(index);
    section.appendChild(wrapper);
    const model = new OutputAreaModel({ values: (cell as nbformat.ICodeCell).outputs, trusted });
    Widget.attach(new OutputArea({ model, rendermime }), wrapper);
  });
}

/**
 * What JupyterLab's sanitizer (the one untrusted HTML outputs go through) removes from `html`: every element,
 * attribute and inline-style property of the original that the sanitized copy has fewer of, as
 * "tag", "tag[attr]" or "tag{property}" with how many went missing.
 */
export function sanitizerReport(html: string): Record<string, number> {
  const count = (markup: string) => {
    const counts = new Map<string, number>();
    const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
    const doc = new DOMParser().parseFromString(`<body>${markup}</body>`, "text/html");
    for (const el of Array.from(doc.body.querySelectorAll("*"))) {
      const tag = el.tagName.toLowerCase();
      add(tag);
      for (const a of Array.from(el.attributes)) {
        if (a.name !== "style") add(`${tag}[${a.name}]`);
        else for (const decl of a.value.split(";")) if (decl.includes(":")) add(`${tag}{${decl.split(":")[0].trim()}}`);
      }
    }
    return counts;
  };
  const before = count(html);
  const after = count(rendermime.sanitizer.sanitize(html));
  const removed: Record<string, number> = {};
  for (const [k, n] of before) if ((after.get(k) ?? 0) < n) removed[k] = n - (after.get(k) ?? 0);
  return removed;
}
