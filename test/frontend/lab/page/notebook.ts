/**
 * A real JupyterLab 4 notebook panel on the page, wired the way JupyterLab's minimal notebook example wires it:
 * ServiceManager → DocumentManager → NotebookWidgetFactory (CodeMirror 6 editors bound to the shared model, the
 * rendermime of outputs.ts with a markdown parser). It talks to the Jupyter server the page came from.
 */
import {
  CodeMirrorEditorFactory, CodeMirrorMimeTypeService, EditorExtensionRegistry, EditorLanguageRegistry,
  EditorThemeRegistry, ybinding,
} from "@jupyterlab/codemirror";
import { DocumentManager } from "@jupyterlab/docmanager";
import { DocumentRegistry } from "@jupyterlab/docregistry";
import { createMarkdownParser } from "@jupyterlab/markedparser-extension";
import {
  NotebookActions, NotebookModelFactory, NotebookPanel, NotebookWidgetFactory, StaticNotebook,
} from "@jupyterlab/notebook";
import type { ICodeCellModel } from "@jupyterlab/cells";
import { ServerConnection, ServiceManager } from "@jupyterlab/services";
import { BoxPanel, Widget } from "@lumino/widgets";
import { createRendermime } from "./outputs";

/** One change of a cell's outputs, as the output model signalled it while the notebook ran. */
export interface OutputChange { cell: number; type: string; outputs: number }

/** What the test reads back from the running notebook. */
export interface NotebookHandle {
  panel: NotebookPanel;
  /** Every add / set / remove of an output, in order. */
  changes: OutputChange[];
  /** Set once Run All's promise settled: true when every cell ran without error. */
  done: boolean | undefined;
  runAll(): void;
}

function editorFactory(languages: EditorLanguageRegistry): CodeMirrorEditorFactory {
  const themes = new EditorThemeRegistry();
  for (const t of EditorThemeRegistry.getDefaultThemes()) themes.addTheme(t);
  const extensions = new EditorExtensionRegistry();
  for (const e of EditorExtensionRegistry.getDefaultExtensions({ themes })) extensions.addExtension(e);
  // The editor shows (and edits) the cell source held in the notebook's shared model.
  extensions.addExtension({
    name: "shared-model-binding",
    factory: (options) => {
      const shared = options.model.sharedModel as unknown as { ysource: never; undoManager: never };
      return EditorExtensionRegistry.createImmutableExtension(ybinding({ ytext: shared.ysource, undoManager: shared.undoManager ?? undefined }));
    },
  });
  return new CodeMirrorEditorFactory({ extensions, languages });
}

/**
 * Open `path` (relative to the server's notebook folder) in a notebook panel filling the page; the kernel named
 * by the notebook's metadata starts through the server's sessions API.
 */
export async function openNotebook(options: { baseUrl: string; token: string; path: string }): Promise<NotebookHandle> {
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: options.baseUrl,
    wsUrl: options.baseUrl.replace(/^http/, "ws"),
    token: options.token,
    appendToken: true,
  });
  const manager = new ServiceManager({ serverSettings });
  await manager.ready;

  const languages = new EditorLanguageRegistry();
  for (const l of EditorLanguageRegistry.getDefaultLanguages()) languages.addLanguage(l);
  const rendermime = createRendermime({ markdownParser: createMarkdownParser(languages) });
  const factory = editorFactory(languages);

  const registry = new DocumentRegistry();
  const opener = {
    open: () => undefined,
    get opened() { return { connect: () => false, disconnect: () => false }; },
  };
  const docManager = new DocumentManager({ registry, manager, opener: opener as never });
  registry.addModelFactory(new NotebookModelFactory({}));
  registry.addWidgetFactory(new NotebookWidgetFactory({
    name: "Notebook",
    modelName: "notebook",
    fileTypes: ["notebook"],
    defaultFor: ["notebook"],
    preferKernel: true,
    canStartKernel: true,
    rendermime,
    contentFactory: new NotebookPanel.ContentFactory({ editorFactory: factory.newInlineEditor }),
    mimeTypeService: new CodeMirrorMimeTypeService(languages),
    // Every cell in the DOM (no windowing), so the test sees every output at once.
    notebookConfig: { ...StaticNotebook.defaultNotebookConfig, windowingMode: "none" },
  }));

  const panel = docManager.open(options.path) as NotebookPanel;
  const box = new BoxPanel();
  box.id = "main";
  box.addClass("tl-lab-main");
  BoxPanel.setStretch(panel, 1);
  box.addWidget(panel);
  Widget.attach(box, document.body);
  window.addEventListener("resize", () => box.update());

  await panel.context.ready;
  await panel.sessionContext.ready;
  const handle: NotebookHandle = {
    panel,
    changes: [],
    done: undefined,
    runAll() {
      NotebookActions.runAll(panel.content, panel.sessionContext).then(
        (ok) => { handle.done = ok; },
        () => { handle.done = false; });
    },
  };
  const cells = panel.model!.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== "code") continue;
    const outputs = (cell as ICodeCellModel).outputs;
    outputs.changed.connect((_, args) => handle.changes.push({ cell: i, type: args.type, outputs: outputs.length }));
  }
  return handle;
}
