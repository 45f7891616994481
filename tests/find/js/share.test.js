// share.js: the filter state round-trips through the address in a fixed order.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Sh = require("../../../theme/assets/navigator/share.js");

test("encode writes set filters only, in a fixed order", () => {
  assert.equal(Sh.encode({ pay: "medicaid", cat: "detox", q: "", type: [] }), "?cat=detox&pay=medicaid");
  assert.equal(Sh.encode({}), "");
});

test("meeting types are sorted so one view has one link", () => {
  assert.equal(Sh.encode({ type: ["W", "C"] }), Sh.encode({ type: ["C", "W"] }));
  assert.equal(Sh.encode({ type: ["W", "C"] }), "?type=C,W");
});

test("decode reverses encode, including text with spaces and symbols", () => {
  const state = { q: "women & spanish", near: "Columbus, OH", r: "10", sort: "dist", type: ["O", "W"], now: "1" };
  const back = Sh.decode(Sh.encode(state));
  for (const key of Object.keys(state)) assert.deepEqual(back[key], state[key]);
  assert.equal(back.cat, "");
});

test("copy falls back to a message when there is no clipboard", async () => {
  const el = { textContent: "" };
  await Sh.copy("https://example.org/", el, { copied: "copied", failed: "failed" });
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(el.textContent, "failed");
});
