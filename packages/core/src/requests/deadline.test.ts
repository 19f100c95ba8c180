import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TableHolidayCalendar } from "../calendar/table-calendar.js";
import { isDomainError } from "../errors.js";
import { alertDue, deadlineState, defaultDeadlinePolicy, dueDateFor, extendDeadline, markAlertSent, reminderDates } from "./deadline.js";

// 2025 National Day: 1–8 October off, Sunday 28 September and Saturday 11 October worked (调休).
const days: [string, { kind: "holiday" | "adjusted_workday" }][] = [
  ["2025-09-28", { kind: "adjusted_workday" }],
  ["2025-10-11", { kind: "adjusted_workday" }],
];
for (let d = 1; d <= 8; d++) days.push([`2025-10-0${d}`, { kind: "holiday" }]);
const cal = new TableHolidayCalendar({ first: 2025, last: 2025 }, days);
const none = { reminder5: false, reminder2: false, overdue: false };

describe("rights-request deadline (15 working days, Shenzhen plan)", () => {
  it("skips the National Day holiday and counts the adjusted working Saturday", () => {
    // Received Sunday 28 Sep (a working day, not counted): Sep 29, 30, Oct 9, 10, 11 (Sat, worked), 13–17, 20–24.
    assert.deepEqual(dueDateFor(cal, { receivedOn: "2025-09-28", type: "access" }), { due: "2025-10-24", provisional: false });
  });

  it("says on which days the 5- and 2-working-days-left reminders go out", () => {
    // Due Fri 24 Oct: on Fri 17 Oct five working days are left (20–24), on Wed 22 Oct two (23, 24).
    assert.deepEqual(reminderDates(cal, "2025-09-28", "2025-10-24"), { fiveDaysLeft: "2025-10-17", twoDaysLeft: "2025-10-22" });
  });

  it("uses a shorter per-type deadline when the operator configures one", () => {
    const policy = defaultDeadlinePolicy({ deletion: 10 });
    assert.equal(dueDateFor(cal, { receivedOn: "2025-09-28", type: "deletion", policy }).due, "2025-10-17");
    assert.equal(dueDateFor(cal, { receivedOn: "2025-09-28", type: "access", policy }).due, "2025-10-24");
  });

  it("rejects a configured deadline longer than 15 working days", () => {
    assert.throws(
      () => defaultDeadlinePolicy({ copy: 16 }),
      (e) => isDomainError(e, "CONFIG_INVALID"),
    );
    assert.throws(
      () => defaultDeadlinePolicy({ copy: 0 }),
      (e) => isDomainError(e, "CONFIG_INVALID"),
    );
  });

  it("counts working days left and is overdue only after the due date", () => {
    assert.deepEqual(deadlineState(cal, "2025-10-17", "2025-10-24"), { due: "2025-10-24", workingDaysLeft: 5, isOverdue: false });
    assert.equal(deadlineState(cal, "2025-10-24", "2025-10-24").workingDaysLeft, 0);
    assert.equal(deadlineState(cal, "2025-10-24", "2025-10-24").isOverdue, false);
    assert.equal(deadlineState(cal, "2025-10-25", "2025-10-24").isOverdue, true);
    // Over the holiday nine calendar days hold only two working days.
    assert.equal(deadlineState(cal, "2025-09-30", "2025-10-10").workingDaysLeft, 2);
  });

  it("sends the 5-day reminder, then the 2-day one, then the overdue escalation, each once", () => {
    const due = "2025-10-24";
    assert.equal(alertDue(deadlineState(cal, "2025-10-16", due), none), undefined);
    assert.equal(alertDue(deadlineState(cal, "2025-10-17", due), none), "reminder_5");
    const after5 = markAlertSent(none, "reminder_5");
    assert.equal(alertDue(deadlineState(cal, "2025-10-20", due), after5), undefined);
    assert.equal(alertDue(deadlineState(cal, "2025-10-22", due), after5), "reminder_2");
    const after2 = markAlertSent(after5, "reminder_2");
    assert.equal(alertDue(deadlineState(cal, "2025-10-24", due), after2), undefined);
    assert.equal(alertDue(deadlineState(cal, "2025-10-27", due), after2), "overdue");
    assert.equal(alertDue(deadlineState(cal, "2025-10-28", due), markAlertSent(after2, "overdue")), undefined);
  });

  it("does not send a stale 5-day reminder when the job first runs with 2 days left", () => {
    const state = deadlineState(cal, "2025-10-22", "2025-10-24");
    assert.equal(alertDue(state, none), "reminder_2");
    assert.equal(alertDue(state, markAlertSent(none, "reminder_2")), undefined);
  });

  it("extends by working days with a reason, up to the total cap", () => {
    assert.equal(extendDeadline(cal, { due: "2025-10-24", workingDays: 5, reason: "data in 3 systems", extendedSoFar: 0 }).due, "2025-10-31");
    assert.throws(
      () => extendDeadline(cal, { due: "2025-10-24", workingDays: 6, reason: "x", extendedSoFar: 10 }),
      (e) => isDomainError(e, "EXTENSION_LIMIT_REACHED"),
    );
    assert.throws(
      () => extendDeadline(cal, { due: "2025-10-24", workingDays: 1, reason: "  ", extendedSoFar: 0 }),
      (e) => isDomainError(e, "VALIDATION_FAILED"),
    );
    assert.throws(
      () => extendDeadline(cal, { due: "2025-10-24", workingDays: 0, reason: "x", extendedSoFar: 0 }),
      (e) => isDomainError(e, "VALIDATION_FAILED"),
    );
  });
});
