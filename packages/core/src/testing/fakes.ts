import type { Clock, IdGenerator } from "../ports/clock.js";

/** A clock that stands still until told to move. */
export class FakeClock implements Clock {
  private current: Date;
  constructor(iso = "2025-01-01T00:00:00.000Z") {
    this.current = new Date(iso);
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Ids `prefix-000001`, `prefix-000002`, … in order. */
export class SequentialIds implements IdGenerator {
  private n = 0;
  constructor(private readonly prefix = "id") {}
  next(): string {
    this.n += 1;
    return `${this.prefix}-${String(this.n).padStart(6, "0")}`;
  }
}
