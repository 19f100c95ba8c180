#!/usr/bin/env node
import { buildProgram } from "./program.js";

if (process.env.NO_COLOR === undefined && !process.stdout.isTTY) process.env.NO_COLOR = "1";
await buildProgram().parseAsync(process.argv);
