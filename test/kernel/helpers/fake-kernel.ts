/**
 * A kernel process with the fake interpreter, for tests that need a real process (signals, shutdown):
 * `node dist/test/kernel/helpers/fake-kernel.js -f CONNECTION_FILE`.
 */
import { startKernel } from "../../../kernel/server/start";
import { FakeInterpreter } from "./fake-interpreter";

const i = process.argv.indexOf("-f");
if (i < 0 || !process.argv[i + 1]) {
  process.stderr.write("usage: fake-kernel -f CONNECTION_FILE\n");
  process.exit(2);
}
startKernel(process.argv[i + 1], new FakeInterpreter()).catch((e) => {
  process.stderr.write(`fake kernel failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
