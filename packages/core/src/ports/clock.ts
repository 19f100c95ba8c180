/** Time comes in through this port so rules stay testable. */
export interface Clock {
  now(): Date;
}

/** Sortable unique ids (UUIDv7 in production). */
export interface IdGenerator {
  next(): string;
}
