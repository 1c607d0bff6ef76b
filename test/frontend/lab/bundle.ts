/**
 * Bundles the JupyterLab test page (test/frontend/lab/page/) with esbuild from the @jupyterlab 4 packages in
 * node_modules, at test time, into a fresh temp folder: index.html, page.js, page.css and the fonts and images
 * the CSS refers to. Nothing is downloaded and nothing is committed; one build serves every test in a process.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Plugin } from "esbuild";
import { repoRoot } from "../../notebooks/helpers";

/** The source of the page, bundled from TypeScript by esbuild (the project's tsc leaves it out: it needs the DOM). */
export const pageSource = path.join(repoRoot, "test", "frontend", "lab", "page");

/** A built page, shared by every test of the process and removed when the process exits. */
export interface LabBundle {
  /** The folder holding index.html, page.js, page.css and assets. */
  dir: string;
}

let built: Promise<LabBundle> | undefined;

/**
 * JupyterLab's CSS imports packages webpack-style (`@import url('~@lumino/widgets/style/index.css')`); esbuild
 * has no such convention, so the `~` is dropped and the rest resolved as a package path.
 */
const tildeImports: Plugin = {
  name: "tilde-imports",
  setup(build) {
    build.onResolve({ filter: /^~/ }, async (args) => {
      const r = await build.resolve(args.path.slice(1), { kind: args.kind, resolveDir: args.resolveDir });
      return r.errors.length ? { errors: r.errors } : { path: r.path };
    });
  },
};

/** Build the page once per process (later calls share the first build). */
export function buildLabPage(): Promise<LabBundle> {
  built ??= build();
  return built;
}

async function build(): Promise<LabBundle> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch (e) {
    throw new Error(`the JupyterLab test bundles its page with esbuild (a devDependency): npm ci. ${(e as Error).message}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-lab-page-"));
  const result = await esbuild.build({
    entryPoints: { page: path.join(pageSource, "index.ts") },
    outdir: dir,
    bundle: true,
    // One classic script: the page also works from file:, where module scripts are refused.
    format: "iife",
    platform: "browser",
    target: "chrome110",
    minify: false,
    sourcemap: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
    loader: {
      ".css": "css", ".svg": "text", ".woff": "file", ".woff2": "file", ".ttf": "file", ".eot": "file",
      ".png": "file", ".gif": "file",
    },
    plugins: [tildeImports],
    absWorkingDir: repoRoot,
  }).catch((e: Error) => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`esbuild could not bundle the JupyterLab test page from ${pageSource}: ${e.message}`);
  });
  for (const w of result.warnings) if (w.text.includes("Could not resolve")) throw new Error(`esbuild: ${w.text}`);
  fs.writeFileSync(path.join(dir, "index.html"), [
    "<!doctype html>",
    '<html><head><meta charset="utf-8"><title>typelearn in JupyterLab</title>',
    '<link rel="stylesheet" href="page.css"></head>',
    // JupyterLab's theme variables and fonts apply inside .jp-ThemedContainer; data-jp-theme-light tells the
    // vega renderer the theme is light, as JupyterLab's shell does.
    '<body class="jp-ThemedContainer" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">',
    '<script src="page.js"></script></body></html>',
  ].join("\n"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return { dir };
}
