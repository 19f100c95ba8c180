import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDomainError } from "@pipguard/core";
import { loadConfig } from "./config.js";
import { isWidgetOriginAllowed, parseWidgetOrigins } from "./widget-origins.js";

describe("PIPGUARD_WIDGET_ORIGINS", () => {
  it("allows origins for every app or per app, canonicalised", () => {
    const o = parseWidgetOrigins("https://all.example.cn, shop=https://Shop.Example.cn:443  shop=http://127.0.0.1:5500");
    assert.equal(isWidgetOriginAllowed(o, "blog", "https://all.example.cn"), true);
    assert.equal(isWidgetOriginAllowed(o, "shop", "https://shop.example.cn"), true);
    assert.equal(isWidgetOriginAllowed(o, "shop", "http://127.0.0.1:5500"), true);
    assert.equal(isWidgetOriginAllowed(o, "blog", "https://shop.example.cn"), false);
    assert.equal(isWidgetOriginAllowed(o, "shop", "https://evil.example"), false);
    assert.equal(loadConfig({}).widgetOrigins.any.size, 0, "unset: same-origin pages only");
  });

  it("rejects paths, other schemes and malformed entries at start-up, naming the variable", () => {
    for (const bad of ["https://shop.example.cn/page", "ftp://x.cn", "shop=", "not a url", "sh op=https://x.cn"]) {
      try {
        loadConfig({ PIPGUARD_WIDGET_ORIGINS: bad });
        assert.fail(`accepted ${bad}`);
      } catch (e) {
        assert.ok(isDomainError(e, "CONFIG_INVALID"), bad);
        assert.ok(
          ((e.details?.problems as string[] | undefined) ?? []).some((p) => p.startsWith("PIPGUARD_WIDGET_ORIGINS")),
          bad,
        );
      }
    }
  });
});
