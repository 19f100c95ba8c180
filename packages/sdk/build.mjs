// Builds the consent widget: an IIFE for a <script> tag and an ESM module, both minified.
import { build } from "esbuild";

const common = { entryPoints: ["src/index.ts"], bundle: true, minify: true, target: ["es2020"], legalComments: "none" };
await build({ ...common, format: "iife", globalName: "PipguardConsent", outfile: "dist/pipguard-consent.js" });
await build({ ...common, format: "esm", outfile: "dist/pipguard-consent.mjs" });
