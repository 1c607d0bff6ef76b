import { strict as assert } from "assert";
import { python, requireProgram, requirePythonModule } from "./server";

// The front-end tests must fail, never skip, when their programs are missing, and say what to install.
describe("front end: missing programs", function () {
  this.timeout(30000);

  it("names the Debian package when a program is missing", () => {
    assert.throws(() => requireProgram("/nonexistent/chromium", "Debian's Chromium", "apt-get install chromium"),
      /Debian's Chromium at \/nonexistent\/chromium, which is missing: apt-get install chromium/);
  });

  it("names the Debian package when a Python module cannot be imported", () => {
    assert.throws(() => requirePythonModule("typelearn_no_such_module", "python3-nbconvert"),
      /Python module typelearn_no_such_module \(apt-get install python3-nbconvert\)/);
    assert.doesNotThrow(() => requirePythonModule("json", "python3"), `${python} imports json`);
  });
});
