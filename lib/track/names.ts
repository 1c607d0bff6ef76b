/** Run names like MLflow's generated ones ("<adjective>-<noun>-<number>") for runs started without a name. */
import * as crypto from "crypto";

const ADJECTIVES = ["amber", "bold", "brave", "bright", "calm", "clever", "crisp", "curious", "daring", "eager", "fair",
  "gentle", "glad", "golden", "keen", "kind", "lively", "lucky", "merry", "nimble", "patient", "polite", "proud",
  "quick", "quiet", "rare", "sharp", "shy", "silent", "sleek", "smooth", "steady", "sunny", "swift", "tidy", "vivid",
  "warm", "wise", "witty", "zesty"];
const NOUNS = ["ant", "bass", "bear", "bee", "crane", "deer", "dove", "eagle", "eel", "elk", "finch", "fox", "frog",
  "gull", "hare", "hawk", "heron", "ibis", "jay", "koala", "lark", "lion", "lynx", "mole", "moth", "newt", "otter",
  "owl", "panda", "quail", "robin", "seal", "shrew", "snail", "stork", "swan", "trout", "vole", "wren", "yak"];

/**
 * A fresh random run name.
 * @example randomRunName(); // "swift-otter-417"
 */
export function randomRunName(): string {
  const pick = <T>(a: T[]) => a[crypto.randomInt(a.length)];
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${crypto.randomInt(1000)}`;
}
