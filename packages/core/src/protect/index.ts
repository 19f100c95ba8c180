/** Protection: purpose-bound views and grants for contractors, the access log chain, leak-trace marks. */
export * from "./access-chain.js";
export * from "./grant.js";
export * from "./leak.js";
export * from "./view.js";
