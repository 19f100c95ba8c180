import type { Clock, IdGenerator } from "@pipguard/core";
import type { Db } from "../storage/db.js";

/** Working-day calendar: chinese-days data plus the overrides table. (Filled in by the calendar work.) */
export class CalendarService {
  constructor(readonly deps: { db: Db; clock: Clock; ids: IdGenerator }) {}
}
