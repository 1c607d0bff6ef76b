/**
 * The JupyterLab test page: JupyterLab 4's styles and widgets, bundled by esbuild (see ../bundle.ts). The tests
 * drive it through `window.typelearnLab`.
 */
import "@jupyterlab/theme-light-extension/style/theme.css";
import "@jupyterlab/notebook/style/index.css";
import "./page.css";
import { openNotebook } from "./notebook";
import { renderOutputs, sanitizerReport } from "./outputs";

(window as unknown as { typelearnLab: unknown }).typelearnLab = { renderOutputs, sanitizerReport, openNotebook };
