export { FakeClock, SequentialIds } from "./fakes.js";
