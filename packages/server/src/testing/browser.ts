// Real Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core.
// playwright cannot download its own browser here; .ci/run installs Debian's chromium package.
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium } from "playwright-core";

export const chromiumPath = process.env.PIPGUARD_CHROMIUM ?? "/usr/bin/chromium";

/** Playwright gives each launch a fresh temporary profile. Flags that keep headless Chromium off the (closed) network and quiet, as root in CI. */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (cookies, storage) per scenario; closed with the browser. */
  newContext(opts?: { locale?: string; javaScriptEnabled?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Launches Debian's Chromium; fails with a clear message when it is not installed (never skips). */
export async function launchChromium(): Promise<TestBrowser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install Debian's chromium package (apt-get install chromium) or set PIPGUARD_CHROMIUM`);
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: FLAGS });
  return {
    browser,
    newContext: (opts = {}) => browser.newContext({ locale: opts.locale ?? "zh-CN", javaScriptEnabled: opts.javaScriptEnabled ?? true }),
    close: () => browser.close(),
  };
}
