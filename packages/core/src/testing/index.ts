export { FakeClock, SequentialIds } from "./fakes.js";
export { FakeHasher } from "./hasher.js";
