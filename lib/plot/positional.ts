/**
 * matplotlib's argument order for the plot builders: `plot.scatter(x, y, { … })`, `plot.line(x, y, { … })`,
 * `plot.hist(x, { … })`, `plot.bar(labels, values, { … })` read the same as the one-options-object form.
 */
import { InputTypeError, OptionError } from "../errors";

/** True for an options object (a plain `{ … }`), as opposed to a data column (array, NDArray, Series …). */
export function isOptionsObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * The builder's options object from either calling form.
 * @param builder - e.g. "plot.scatter", for messages
 * @param args - the call's arguments
 * @param names - the data options the positional form fills in order, e.g. ["x", "y"]
 * @param minData - how many positional data arguments the positional form needs at least
 * @example toOptions("plot.bar", [labels, values, { horizontal: true }], ["x", "y"], 2)
 */
export function toOptions<O>(builder: string, args: readonly unknown[], names: readonly string[], minData = names.length): O {
  if (args.length === 0 || (args.length === 1 && isOptionsObject(args[0]))) return args[0] as O;
  let nData = 0;
  while (nData < names.length && nData < args.length && !(nData >= minData && isOptionsObject(args[nData]))) nData++;
  if (nData < minData) {
    throw new InputTypeError(`${builder} arguments`, `${names.slice(0, minData).join(", ")} then an optional options object, or one options object`,
      args[nData]);
  }
  const rest = args[nData];
  if (args.length > nData + 1 || (rest !== undefined && !isOptionsObject(rest))) {
    throw new InputTypeError(`${builder} options`, `an options object after ${names.slice(0, nData).join(", ")}`, rest);
  }
  const o: Record<string, unknown> = { ...(rest ?? {}) };
  for (let i = 0; i < nData; i++) {
    if (o[names[i]] !== undefined) {
      throw new OptionError(`${builder} ${names[i]}`, "given once: as an argument or as an option, not both", o[names[i]]);
    }
    o[names[i]] = args[i];
  }
  return o as O;
}
