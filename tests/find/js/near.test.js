// near.js: geopy's great-circle distance, place lookup, display.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const fs = require("node:fs");
const N = require("../../../theme/assets/navigator/near.js");

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "cases", "schedule.json"), "utf8"));
const places = {
  z: { "43215": [39.9671, -83.0044], "19125": [39.9788, -75.1262] },
  t: { "columbus ga": [32.46, -84.98, "Columbus, GA"], "columbus oh": [39.98, -82.98, "Columbus, OH"],
       "elm park oh": [40.0, -83.0, "Elm Park, OH"] }
};

test("distances equal geopy's great circle", () => {
  for (const [a, b, km] of cases.distance_km) assert.ok(Math.abs(N.distanceKm(a, b) - km) < 1e-6, `${a} ${b}`);
});

test("a ZIP code, ZIP+4 and a shared location are found", () => {
  assert.deepEqual(N.findPlace("43215", places), { point: [39.9671, -83.0044], label: "43215", kind: "zip" });
  assert.equal(N.findPlace("43215-1234", places).label, "43215");
  assert.deepEqual(N.findPlace("@39.96,-83.00", null).point, [39.96, -83]);
  assert.equal(N.findPlace("99999", places), null);
});

test("a town with or without its state, in any case and punctuation", () => {
  assert.equal(N.findPlace("Columbus, OH", places).label, "Columbus, OH");
  assert.equal(N.findPlace("elm park", places).label, "Elm Park, OH");
  assert.equal(N.findPlace("COLUMBUS", places).label, "Columbus, GA"); // first by state
  assert.equal(N.findPlace("Atlantis", places), null);
});

test("looksLikePlace: ZIP codes always, towns only when known", () => {
  assert.ok(N.looksLikePlace("19125", null));
  assert.ok(N.looksLikePlace("columbus oh", places));
  assert.ok(!N.looksLikePlace("detox", places));
});

test("distances show in miles with one decimal under ten", () => {
  assert.equal(N.formatDistance(1.609344 * 2.25, "mi", "en-US"), "2.3");
  assert.equal(N.formatDistance(1.609344 * 12.4, "mi", "en-US"), "12");
  assert.equal(N.formatDistance(5, "km", "en-US"), "5.0");
});

test("a shared location is rounded to about a kilometre", () => {
  assert.equal(N.roundedLocation(39.961234, -82.998765), "@39.96,-83.00");
});
