// schedule.js against the cases generator/schedule.py is tested with.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const fs = require("node:fs");
const S = require("../../../theme/assets/navigator/schedule.js");

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "cases", "schedule.json"), "utf8"));
// The time-of-day table pages carry in data-times-of-day, as generator/schedule.py defines it
// (tests/find/test_js.py passes it in: the scripts keep no copy of their own).
const TIMES = JSON.parse(process.env.RN_TIMES_OF_DAY);
const hhmm = (m) => String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0");

for (const c of cases.meetings) {
  test(`meetingNow: ${c.name}`, () => {
    const text = c.slots.map(([d, s, e, w]) => `${d}|${s}|${e || ""}|${w.join(",")}`).join(";");
    const r = S.meetingNow(S.parseSlots(text), c.tz, Date.parse(c.now), c.valid_from || null, c.valid_to || null);
    assert.equal(r.state, c.state);
    assert.equal(r.minutes, c.minutes);
    assert.equal(r.start, c.start ? Date.parse(c.start) : null);
  });
}

for (const c of cases.hours) {
  test(`openNow: ${c.name}`, () => {
    const text = c.always ? "always" : c.hours.map(([days, o, cl]) => `${days.join(",")}|${o}|${cl}`).join(";");
    assert.equal(S.openNow(S.parseHours(text), c.tz, Date.parse(c.now)), c.open);
  });
}

test("timeOfDay buckets match the Python ones", () => {
  for (const [time, part] of cases.time_of_day) assert.equal(S.timeOfDay(S.minutes(time), TIMES), part, time);
});

test("parseSlots reads days, times, past-midnight ends and weeks", () => {
  assert.deepEqual(S.parseSlots("6|23:30|00:30|;1|12:00||1,last"), [
    { day: 6, start: 1410, end: 30, weeks: [] }, { day: 1, start: 720, end: null, weeks: ["1", "last"] }]);
  assert.equal(hhmm(S.parseSlots("0|07:05||")[0].start), "07:05");
});

test("wall clock of an instant in a zone, across a DST change", () => {
  assert.equal(new Date(S.wall(Date.parse("2026-03-08T06:59:00Z"), "America/New_York")).toISOString(), "2026-03-08T01:59:00.000Z");
  assert.equal(new Date(S.wall(Date.parse("2026-03-08T07:00:00Z"), "America/New_York")).toISOString(), "2026-03-08T03:00:00.000Z");
});

test("weekday is the meeting zone's day, not the reader's", () => {
  const now = Date.parse("2026-11-23T23:30:00Z"); // Monday in New York, Tuesday in Auckland
  assert.equal(S.weekday(now, "America/New_York"), 1);
  assert.equal(S.weekday(now, "Pacific/Auckland"), 2);
});
