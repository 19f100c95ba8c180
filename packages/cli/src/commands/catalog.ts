import type { Command } from "commander";

/** `pipguard catalog …` commands. */
export function registerCatalog(_program: Command): void {}
