/** Polls `check` until it returns true; fails after `timeoutMs` naming what it waited for (tests). */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves after `ms` milliseconds of real time (tests). */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
