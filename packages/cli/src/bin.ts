#!/usr/bin/env node
import { fail } from "./output.js";
import { buildProgram } from "./program.js";

if (process.env.NO_COLOR === undefined && !process.stdout.isTTY) process.env.NO_COLOR = "1";
try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  // Any error a command did not handle: one line with its code, no stack trace.
  fail(e, process.argv.includes("--json"));
}
