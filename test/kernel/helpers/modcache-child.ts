/**
 * A child process for the module code-cache tests: install the cache for the folder argv[2], require its `a.js`,
 * save the cache, print what `a.js` exported and the cache's counts as one JSON line.
 */
import * as path from "path";
import { installModuleCodeCache, moduleCacheFile, moduleCacheStats, saveModuleCodeCache } from "../../../kernel/compile_cache";

const root = process.argv[2];
installModuleCodeCache(root);
// eslint-disable-next-line @typescript-eslint/no-var-requires
const a = require(path.join(root, "a.js"));
saveModuleCodeCache();
process.stdout.write(JSON.stringify({ a, stats: moduleCacheStats, file: moduleCacheFile() }) + "\n");
