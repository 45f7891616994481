// find.js: which listings a filter state keeps, and what to relax when nothing is left.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const F = require("../../../theme/assets/navigator/find.js");

const detox = F.parseItem({ id: "detox", cat: "detox", lang: "en es", pay: "medicaid", att: "in-person", walk: "1",
  geo: "39.96000,-82.99000", h: "1,2,3,4,5|08:00|17:00", tz: "America/New_York" });
const women = F.parseItem({ id: "women-na", cat: "meeting", prog: "na", types: "C W", pop: "women", att: "in-person",
  geo: "39.95320,-83.08510", s: "3|18:30|19:30|", tz: "America/New_York" });
const online = F.parseItem({ id: "smart", cat: "meeting", prog: "smart", att: "online", lang: "es",
  s: "1|12:00||1,last", tz: "America/New_York" });
const items = [detox, women, online];
// Wednesday 2026-11-25 18:45 in New York.
// The time-of-day table from generator/schedule.py (passed in by tests/find/test_js.py).
const times = JSON.parse(process.env.RN_TIMES_OF_DAY);
const ctx = { now: Date.parse("2026-11-25T23:45:00Z"), times, origin: null, radiusKm: 0, text: (i) => i.id };
const keep = (state, c = ctx) => items.filter((i) => F.matches(i, { type: [], ...state }, c)).map((i) => i.id);

test("no filters keep everything", () => assert.deepEqual(keep({}), ["detox", "women-na", "smart"]));

test("category, program, payment and language", () => {
  assert.deepEqual(keep({ cat: "meeting" }), ["women-na", "smart"]);
  assert.deepEqual(keep({ prog: "na" }), ["women-na"]);
  assert.deepEqual(keep({ pay: "medicaid" }), ["detox"]);
  assert.deepEqual(keep({ lang: "es" }), ["detox", "smart"]);
});

test("meeting types must all be present", () => {
  assert.deepEqual(keep({ type: ["W"] }), ["women-na"]);
  assert.deepEqual(keep({ type: ["W", "O"] }), []);
});

test("attendance: in person includes hybrid; online includes online-only", () => {
  assert.deepEqual(keep({ att: "online" }), ["smart"]);
  assert.deepEqual(keep({ att: "in-person" }), ["detox", "women-na"]);
});

test("day and time of day read sessions and opening hours", () => {
  assert.deepEqual(keep({ day: "wednesday", tod: "evening" }), ["women-na"]);
  assert.deepEqual(keep({ day: "today" }), ["detox", "women-na"]);
  assert.deepEqual(keep({ day: "monday", tod: "midday" }), ["detox", "smart"]);
  assert.deepEqual(keep({ day: "saturday" }), []);
});

test("open now: the meeting starting within the hour; the detox closed at 18:45", () => {
  assert.deepEqual(keep({ now: "1" }), ["women-na"]);
});

test("radius keeps listings in range and online-only ones", () => {
  const near = { ...ctx, origin: [39.9612, -82.9988], radiusKm: 3 };
  assert.deepEqual(keep({}, near), ["detox", "smart"]);
});

test("walk-in and text search", () => {
  assert.deepEqual(keep({ walk: "1" }), ["detox"]);
  assert.deepEqual(keep({ q: "women" }), ["women-na"]);
});

test("relaxations say what each removal brings back, most first", () => {
  const state = { type: [], prog: "na", lang: "es" };
  assert.deepEqual(F.relaxations(items, state, () => ctx).map((o) => [o.key, o.count]), [["prog", 2], ["lang", 1]]);
  const stuck = { type: [], cat: "detox", now: "1", lang: "es" }; // only dropping "now" helps
  assert.deepEqual(F.relaxations(items, stuck, () => ctx).map((o) => [o.key, o.count]), [["now", 1]]);
});

test("count counts a listing once however many times it is shown", () => {
  const row2 = F.parseItem({ id: "women-na", cat: "meeting", s: "5|18:30|19:30|", tz: "America/New_York" });
  assert.equal(F.count([...items, row2], { type: [] }, ctx), 3);
});

test("quick choices: now, starting soon, tonight and the rest of today, in the listing's zone", () => {
  // 18:45 Wednesday: women-na (18:30-19:30) is in progress; smart meets on Mondays; the detox
  // closed at 17:00.
  assert.deepEqual(keep({ when: "now" }), ["women-na"]);
  assert.deepEqual(keep({ when: "soon" }), ["women-na"]);
  assert.deepEqual(keep({ when: "tonight" }), ["women-na"]);
  assert.deepEqual(keep({ when: "today" }), ["women-na"]);
  // 12:00 the same day: the 18:30 meeting is tonight and later today, not soon; the detox is open.
  const noon = { ...ctx, now: Date.parse("2026-11-25T17:00:00Z") };
  assert.deepEqual(keep({ when: "soon" }, noon), ["detox"]);
  assert.deepEqual(keep({ when: "tonight" }, noon), ["women-na"]);
  assert.deepEqual(keep({ when: "today" }, noon), ["detox", "women-na"]);
  // 20:00: the meeting is over and the detox closed, so the rest of today has neither.
  const late = { ...ctx, now: Date.parse("2026-11-26T01:00:00Z") };
  assert.deepEqual(keep({ when: "today" }, late), []);
});

test("a temporarily closed or inactive listing is never open now, soon, tonight or today", () => {
  const closed = F.parseItem({ id: "closed-detox", cat: "detox", att: "in-person", status: "temporarily-closed",
    h: "0,1,2,3,4,5,6|00:00|00:00", tz: "America/New_York" });
  const gone = F.parseItem({ id: "gone-na", cat: "meeting", prog: "na", att: "in-person", status: "inactive",
    s: "3|18:30|19:30|", tz: "America/New_York" });
  const always = F.parseItem({ id: "closed-line", cat: "hotline", status: "temporarily-closed", h: "always" });
  for (const item of [closed, gone, always]) {
    assert.equal(F.nowState(item, ctx.now).open, false, item.id);
    for (const when of ["now", "soon", "tonight", "today"]) {
      assert.equal(F.fitsWhen(item, when, ctx), false, `${item.id} ${when}`);
    }
    assert.equal(F.matches(item, { type: [], now: "1" }, ctx), false, item.id);
  }
});

test("a row reads what it leaves out from the nearest list that says it", () => {
  const list = { "data-tz": "America/New_York", "data-cat": "meeting" };
  const row = (dataset) => ({
    dataset,
    closest: (selector) => {
      const name = selector.slice(1, -1);
      return name in list ? { getAttribute: (n) => list[n] } : null;
    },
  });
  const own = F.readItem(row({ id: "a", s: "3|15:30|16:30|", tz: "America/Los_Angeles", att: "online" }));
  assert.equal(own.tz, "America/Los_Angeles");
  assert.equal(own.cat, "meeting");
  assert.equal(own.att, "online");
  const plain = F.readItem(row({ id: "b", s: "3|18:30|19:30|" }));
  assert.equal(plain.tz, "America/New_York");
  assert.equal(plain.att, "in-person");
});

test("what the reader chose before the script ran is kept where the address is silent", () => {
  const Sh = require("../../../theme/assets/navigator/share.js");
  const fromUrl = Sh.decode("?cat=outpatient&lang=en");
  const fromForm = { ...Sh.decode(""), near: "19125", lang: "es", type: ["W"] };
  assert.equal(Sh.encode(F.keepEarly(fromUrl, fromForm)), "?near=19125&cat=outpatient&type=W&lang=en");
  assert.deepEqual(F.keepEarly(fromUrl, Sh.decode("")), fromUrl);
});
