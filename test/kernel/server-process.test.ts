/**
 * Process-level behaviour of a kernel child process with the fake interpreter: interrupts and shutdown. The same
 * checks run against the real interpreter in server-real.test.ts.
 */
import { interruptSuite, shutdownSuite } from "./helpers/suites";

describe("kernel process (fake interpreter): interrupts", function () {
  this.timeout(30000);
  interruptSuite("fake", { setState: "var kept = 41", readState: "kept + 1", stateValue: "42" });
});

describe("kernel process (fake interpreter): shutdown", function () {
  this.timeout(30000);
  shutdownSuite("fake");
});
