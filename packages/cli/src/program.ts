import { Command, type CommanderError } from "commander";
import { registerCommands } from "./commands/index.js";

/** Builds the `pipguard` program; exits 2 on usage errors. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name("pipguard")
    .description("pipguard — 个人信息保护平台 / personal-information protection for PIPL compliance")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride((err: CommanderError) => {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") process.exit(0);
      process.exit(2);
    });
  registerCommands(program);
  return program;
}
