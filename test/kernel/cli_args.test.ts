/** kernel/cli's flag parsing on node:util parseArgs: every spelling the hand-written parser took, with its errors. */
import { strict as assert } from "assert";
import { parseArgs } from "../../kernel/cli";

describe("typelearn CLI: flag parsing (node:util parseArgs)", () => {
  const valued = ["-f", "--f", "--connection-file", "--name"];
  const booleans = ["--user"];

  it("Jupyter's -f FILE, --f FILE and -f=FILE are all the connection file flag", () => {
    assert.equal(parseArgs(["-f", "/k.json"], valued, booleans).flags.get("-f"), "/k.json");
    assert.equal(parseArgs(["--f", "/k.json"], valued, booleans).flags.get("--f"), "/k.json");
    assert.equal(parseArgs(["-f=/k.json"], valued, booleans).flags.get("-f"), "/k.json");
    assert.equal(parseArgs(["--connection-file=/k.json"], valued, booleans).flags.get("--connection-file"), "/k.json");
  });

  it("positionals, '-' and everything after '--' are positional", () => {
    const p = parseArgs(["a", "-", "--user", "--", "--name"], valued, booleans);
    assert.deepEqual(p.positional, ["a", "-", "--name"]);
    assert.equal(p.flags.get("--user"), true);
  });

  it("errors keep the CLI's wording", () => {
    assert.throws(() => parseArgs(["--bogus"], valued, booleans), /^UsageError: unknown option --bogus$/);
    assert.throws(() => parseArgs(["--user=yes"], valued, booleans), /unknown option --user=yes/);
    assert.throws(() => parseArgs(["-xyz"], valued, booleans), /unknown option -xyz/);
    assert.throws(() => parseArgs(["-f"], valued, booleans), /-f needs a value/);
  });
});
