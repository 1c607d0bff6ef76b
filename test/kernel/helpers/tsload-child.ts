/**
 * A child process for the code-cache tests: create the interpreter (which loads TypeScript through tsload.ts), run
 * the cell given as argv[2], print how TypeScript was loaded and the cell's outcome as one JSON line.
 */
import { createInterpreter } from "../../../kernel/interpreter";
import { typeScriptCodeCache } from "../../../kernel/interpreter/tsload";

async function main(): Promise<void> {
  const loaded = typeScriptCodeCache();
  const interp = createInterpreter({ prelude: false, warmUp: false });
  const out = await interp.execute(process.argv[2] ?? "1 + 1", { stream: () => undefined, display: () => undefined, clearOutput: () => undefined });
  interp.close();
  const outcome = out.status === "ok" ? { status: "ok", value: out.result?.data["text/plain"] } : { status: "error", ename: out.error.ename, evalue: out.error.evalue };
  process.stdout.write(JSON.stringify({ state: loaded.state, file: loaded.file, ...outcome }) + "\n");
}

main().then(() => process.exit(0), (e) => { process.stderr.write(String(e?.stack ?? e)); process.exit(1); });
