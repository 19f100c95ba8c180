import type { Command } from "commander";

/** `pipguard calendar …` commands. */
export function registerCalendar(_program: Command): void {}
