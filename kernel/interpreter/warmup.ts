/**
 * Work a kernel start leaves for later, done in the background. A start builds only the lean program most cells
 * use (compiler.ts's warmUp), with TypeScript's lib and the library's declarations parsed without their
 * documentation comments (host.ts). Afterwards, a few files per turn of the event loop while the kernel is idle:
 * 1. Node's typings (~100 files) are parsed and bound and their program built, so the first cell naming
 *    `setTimeout` or `process` finds them ready instead of waiting a second or more;
 * 2. the lib and library files are parsed again with their documentation, which hovers show.
 * A request arriving meanwhile waits for one slice at most; a cell needing Node's typings before the end does the
 * rest itself, and a hover finishes the documentation first ({@link BackgroundWarmUp.finishDocs}).
 */
import type { CellCompiler } from "./compiler";

/** One background warm-up, done in {@link BackgroundWarmUp.step}s. */
export class BackgroundWarmUp {
  private nodeFiles?: Iterator<string>;
  private nodeDone = false;
  private docFiles?: string[];
  private finished = false;

  constructor(private readonly compiler: CellCompiler) {}

  /** Whether every step is done. */
  get done(): boolean {
    return this.finished;
  }

  /**
   * Do the next slice of the work until `budgetMs` passed (a file is never split). Returns whether work remains.
   * @param budgetMs about how long the slice may take
   * @example while (warm.step()) await idle();
   */
  step(budgetMs = 12): boolean {
    if (this.finished) return false;
    const start = performance.now();
    const host = this.compiler.host;
    if (!this.nodeDone) {
      this.nodeFiles ??= host.prepareNodeTypings();
      while (!this.nodeFiles.next().done) {
        if (performance.now() - start >= budgetMs) return true;
      }
      this.nodeDone = true;
      this.compiler.warmUpNode();
      return true;
    }
    this.docFiles ??= host.filesWithoutDocs();
    while (this.docFiles.length > 0) {
      host.addDocs(this.docFiles.pop()!);
      if (performance.now() - start >= budgetMs) return true;
    }
    this.finished = true;
    return false;
  }

  /** Parse every lib and library file still without its documentation now (before a hover). */
  finishDocs(): void {
    const host = this.compiler.host;
    for (const f of host.filesWithoutDocs()) host.addDocs(f);
    this.docFiles = [];
  }
}
