/**
 * Installing the Jupyter kernelspec without Python: kernel.json and the logos written straight into the kernels
 * directory Jupyter searches (the same locations `jupyter kernelspec install` uses).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Where to install: exactly one of user / sysPrefix / prefix, or none for Jupyter's default. */
export interface KernelspecLocation {
  /** The user's data dir ($JUPYTER_DATA_DIR, ~/.local/share/jupyter, ~/Library/Jupyter). */
  user?: boolean;
  /** `${VIRTUAL_ENV or CONDA_PREFIX or /usr/local}/share/jupyter`. */
  sysPrefix?: boolean;
  /** `${prefix}/share/jupyter`. */
  prefix?: string;
}

/** Options of installKernelspec. */
export interface InstallOptions extends KernelspecLocation {
  /** Kernel name (directory name), default "typelearn". */
  name?: string;
  /** Name shown in the launcher, default "TypeScript (typelearn)". */
  displayName?: string;
  /** Environment to resolve directories in (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** What a type error does in this kernel: block (default), warn or off (`--type-errors` in kernel.json). */
  typeErrors?: "block" | "warn" | "off";
}

/**
 * Node flags the kernel runs with: a larger young generation. Every cell builds a new TypeScript program and
 * checker, short-lived garbage that V8's default 16 MB semi-spaces promote and collect slowly; with 32 MB a fresh
 * cell compiles in about two thirds of the time (measured, bench/kernel).
 */
export const KERNEL_NODE_FLAGS = ["--max-semi-space-size=32"];

/**
 * Environment the kernel runs with: glibc's malloc kept from hoarding what V8's background compiler threads free.
 * - At most two arenas: each thread would otherwise keep an arena of freed memory (after 300 varied cells and
 *   `%reset`, 1.30× the resident memory right after start with the default, 1.18× with two arenas).
 * - Fixed mmap and trim thresholds. TurboFan compiles the type checker's hot functions on a background thread in
 *   zones of malloc'd segments; glibc raises its mmap threshold (up to 32 MB) after the first large block is freed,
 *   so later segments land in the second arena's 64 MB heaps and are never given back: 60–130 MB of resident memory
 *   that appeared, at random, after a few hundred cells and survived `%reset` (measured through /proc/PID/smaps).
 *   Blocks of 40 kB and more mmap'd (returned when freed) and the top of an arena trimmed past 128 kB: over 1000
 *   varied declaring cells, five runs side by side with the old setting, +0.036–0.144 MB per cell and 279–383 MB
 *   instead of +0.051–0.165 MB and 301–422 MB, 1.08–1.60× the start level after `%reset` instead of 1.15–1.67×;
 *   kernel CPU per cell unchanged within the noise (bench/results/kernel_memory.md). 96 or 128 kB did not help;
 *   24 kB (V8's 32 kB zone segments mmap'd one by one) kept every run at ~0.03 MB per cell and 1.1× after `%reset`
 *   but cost a third more CPU per cell, so it is left to kernel.json's env for a memory-tight installation.
 * With the optional koffi package installed, the kernel also calls malloc_trim when idle and at `%reset`
 * (kernel/interpreter/malloc_trim.ts, kernel/server/idle-release.ts), which returns those pages whatever the
 * thresholds; these stay as the fallback without it. `TYPELEARN_MALLOC_TRIM=0` here turns the trim off.
 */
export const KERNEL_ENV: Record<string, string> = {
  MALLOC_ARENA_MAX: "2",
  MALLOC_MMAP_THRESHOLD_: "40000",
  MALLOC_TRIM_THRESHOLD_: "131072",
};

/** Default kernel name. */
export const DEFAULT_NAME = "typelearn";
/** Default display name. */
export const DEFAULT_DISPLAY_NAME = "TypeScript (typelearn)";

/** The logo files shipped in kernel/assets. */
export const LOGO_FILES = ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"];

/**
 * The user's Jupyter kernels directory, as jupyter_core's jupyter_data_dir() computes it.
 * @param env environment variables.
 * @example userKernelsDir() // "/home/me/.local/share/jupyter/kernels"
 */
export function userKernelsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return path.join(env.JUPYTER_DATA_DIR, "kernels");
  const home = os.homedir();
  if (process.platform === "darwin") return path.join(home, "Library", "Jupyter", "kernels");
  if (process.platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "jupyter", "kernels");
  const xdg = env.XDG_DATA_HOME || path.join(home, ".local", "share");
  return path.join(xdg, "jupyter", "kernels");
}

/** The system-wide kernels directory. */
export const SYSTEM_KERNELS_DIR = process.platform === "win32"
  ? path.join(process.env.PROGRAMDATA ?? "C:\\ProgramData", "jupyter", "kernels")
  : "/usr/local/share/jupyter/kernels";

/**
 * The kernels directory for a location, and a note explaining a non-obvious choice.
 * @param loc the location flags.
 * @param env environment variables.
 * @example kernelsDir({ prefix: "/opt/env" }).dir // "/opt/env/share/jupyter/kernels"
 */
export function kernelsDir(loc: KernelspecLocation, env: NodeJS.ProcessEnv = process.env): { dir: string; note?: string } {
  const chosen = [loc.user === true, loc.sysPrefix === true, loc.prefix !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new Error("choose at most one of --user, --sys-prefix and --prefix");
  if (loc.prefix !== undefined) {
    if (loc.prefix === "") throw new Error("--prefix: expected a directory, received an empty string");
    return { dir: path.join(path.resolve(loc.prefix), "share", "jupyter", "kernels") };
  }
  if (loc.sysPrefix) {
    const prefix = env.VIRTUAL_ENV || env.CONDA_PREFIX;
    if (prefix) return { dir: path.join(prefix, "share", "jupyter", "kernels") };
    return {
      dir: path.join("/usr/local", "share", "jupyter", "kernels"),
      note: "no virtualenv or conda environment is active (VIRTUAL_ENV / CONDA_PREFIX unset): using prefix /usr/local",
    };
  }
  if (loc.user) return { dir: userKernelsDir(env) };
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  return isRoot ? { dir: SYSTEM_KERNELS_DIR, note: "running as root: installing system-wide" } : { dir: userKernelsDir(env) };
}

/** Absolute path of bin/typelearn.js (this file runs from dist/kernel/). */
export function binPath(): string {
  return path.resolve(__dirname, "..", "..", "bin", "typelearn.js");
}

/** Directory holding the logo files. */
export function assetsDir(): string {
  const candidates = [path.resolve(__dirname, "..", "..", "kernel", "assets"), path.resolve(__dirname, "assets")];
  const found = candidates.find((d) => fs.existsSync(path.join(d, LOGO_FILES[0])));
  if (!found) throw new Error(`kernel logos not found in ${candidates.join(" or ")}`);
  return found;
}

/**
 * The kernel.json content.
 * @param displayName name shown by frontends.
 * @param typeErrors the kernel's type-error mode, passed as `--type-errors=MODE` (omitted: the kernel's default, block).
 * @example kernelJson("TypeScript").argv[3] // "kernel"
 */
export function kernelJson(displayName = DEFAULT_DISPLAY_NAME, typeErrors?: InstallOptions["typeErrors"]): { argv: string[]; env: Record<string, string>; display_name: string; language: string; interrupt_mode: string; metadata: Record<string, unknown> } {
  return {
    argv: [process.execPath, ...KERNEL_NODE_FLAGS, binPath(), "kernel", "-f", "{connection_file}", ...(typeErrors ? [`--type-errors=${typeErrors}`] : [])],
    env: { ...KERNEL_ENV },
    display_name: displayName,
    language: "typescript",
    // Message mode: front ends send interrupt_request on control, which the control worker can escalate when a
    // plain SIGINT cannot stop the cell (a loop after an await). A direct SIGINT still works as well.
    interrupt_mode: "message",
    metadata: {},
  };
}

function checkName(name: string): void {
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    throw new Error(`--name: expected letters, digits, ".", "_" or "-", received ${JSON.stringify(name)}`);
  }
}

/**
 * Write kernel.json and the logos into `<kernels dir>/<name>`; returns the directory and an optional note.
 * @param opts location, name, display name.
 * @example installKernelspec({ prefix: "/tmp/env" }).dir // "/tmp/env/share/jupyter/kernels/typelearn"
 */
export function installKernelspec(opts: InstallOptions = {}): { dir: string; note?: string } {
  const name = opts.name ?? DEFAULT_NAME;
  checkName(name);
  const { dir: base, note } = kernelsDir(opts, opts.env);
  const dir = path.join(base, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelJson(opts.displayName ?? DEFAULT_DISPLAY_NAME, opts.typeErrors), null, 2) + "\n");
  const assets = assetsDir();
  for (const f of LOGO_FILES) fs.copyFileSync(path.join(assets, f), path.join(dir, f));
  return { dir, note };
}

/**
 * Remove `<kernels dir>/<name>`; returns the removed directory, or null when it was not installed there.
 * @param opts location and name.
 * @example uninstallKernelspec({ user: true })
 */
export function uninstallKernelspec(opts: InstallOptions = {}): string | null {
  const name = opts.name ?? DEFAULT_NAME;
  checkName(name);
  const dir = path.join(kernelsDir(opts, opts.env).dir, name);
  if (!fs.existsSync(path.join(dir, "kernel.json"))) return null;
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}
