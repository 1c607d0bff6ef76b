import { strict as assert } from "assert";
import { fmt } from "../lib/format";
import { OptionError } from "../lib/errors";

describe("fmt (Python format spec)", () => {
  // Expected strings are what CPython 3.11 prints for f"{x:spec}".
  const cases: [number, string, string][] = [
    [142020976.1734, ",.2f", "142,020,976.17"],
    [0.98304, ".4f", "0.9830"],
    [150.4567, ".2f", "150.46"],
    [-1234567.891, ",.1f", "-1,234,567.9"],
    [0.123456, ".1%", "12.3%"],
    [12345.678, ".3e", "1.235e+04"],
    [0.0001234, ".3g", "0.000123"],
    [1234567, ".3g", "1.23e+06"],
    [42, "d", "42"],
    [42, ">6d", "    42"],
    [3.14159, "08.3f", "0003.142"],
    [-3.14159, "08.3f", "-003.142"],
    [2.5, "+.1f", "+2.5"],
    [7, "*^7d", "***7***"],
    [1e-7, "E", "1.000000E-07"],
    [0.125, ".2f", "0.12"],
    [0.375, ".2f", "0.38"],
    [2.5, ".0f", "2"],
    [-0.125, ".2f", "-0.12"],
  ];
  for (const [x, spec, want] of cases) {
    it(`${x} with "${spec}" → "${want}"`, () => assert.equal(fmt(x, spec), want));
  }
  it("rejects a malformed spec and a fractional d", () => {
    assert.throws(() => fmt(1, "zz"), OptionError);
    assert.throws(() => fmt(1.5, "d"), OptionError);
  });
});
