#!/usr/bin/env node
"use strict";
// The `typelearn` command: a shim over the compiled CLI (run `npm run build` first).
const { main } = require("../dist/kernel/cli.js");

main(process.argv.slice(2)).then(
  (code) => {
    // null: a long-running command (the kernel) that ends itself on shutdown.
    if (code !== null && code !== undefined) process.exit(code);
  },
  (err) => {
    process.stderr.write(`typelearn: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
