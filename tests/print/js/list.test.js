// list.js: the referral list round-trips through the address's fragment and stays clean.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const L = require("../../../theme/assets/navigator/list.js");

test("an empty list has no fragment", () => {
  assert.equal(L.encode(L.empty()), "");
});

test("ids, note and steps round-trip, with symbols and non-ASCII text", () => {
  const state = L.empty();
  state.ids = ["franklin-detox", "online-smart"];
  state.note = "Call before noon & ask: ¿hay cita? 50% off #1";
  state.steps[0] = ["Call the detox line", "Monday 9am"];
  state.steps[2] = ["", "Friday"];
  const hash = L.encode(state);
  assert.ok(hash.startsWith("#ids=franklin-detox,online-smart&note="));
  assert.deepEqual(L.decode(hash), state);
});

test("decode drops ids that are not catalog ids, repeats, and anything past the limit", () => {
  const ids = ["ok-1", "OK", "../x", "ok-1", "a b", "javascript:alert(1)", "ok-2"];
  assert.deepEqual(L.decode("#ids=" + ids.map(encodeURIComponent).join(",")).ids, ["ok-1", "ok-2"]);
  const many = Array.from({ length: 80 }, (_, i) => "r" + i).join(",");
  assert.equal(L.decode("#ids=" + many).ids.length, L.MAX);
});

test("decode cuts an over-long note and steps to their limits", () => {
  const state = L.decode("#note=" + "x".repeat(900) + "&s1=" + "y".repeat(300) + "&w1=" + "z".repeat(90));
  assert.equal(state.note.length, 500);
  assert.equal(state.steps[0][0].length, 120);
  assert.equal(state.steps[0][1].length, 40);
});

test("toggle adds at the end and removes, without changing the old state", () => {
  const start = L.clean({ ids: ["a"] });
  const added = L.toggle(start, "b");
  assert.deepEqual(added.ids, ["a", "b"]);
  assert.deepEqual(start.ids, ["a"]);
  assert.deepEqual(L.toggle(added, "a").ids, ["b"]);
});

test("clean turns anything stored into a valid list", () => {
  assert.deepEqual(L.clean(null), L.empty());
  assert.deepEqual(L.clean({ ids: "franklin", note: 5, steps: "x" }), L.empty());
  assert.equal(L.clean({ note: 5 }).note, "");
});

test("format fills {name} and leaves unknown names", () => {
  assert.equal(L.format("Add {name} to my list", { name: "Scioto" }), "Add Scioto to my list");
  assert.equal(L.format("{x} stays", {}), "{x} stays");
});
