// qr.js with the bundled encoder: the drawn path covers exactly the dark modules, level M, and a
// link too long for any QR code leaves the figure hidden.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const qrcode = require("../../../theme/assets/navigator/vendor/qrcode-generator.js");
const Qr = require("../../../theme/assets/navigator/qr.js");

// The modules a path made of "M x y h n v1 h-n z" runs paints, as "row,col" strings.
function painted(d, border) {
  const cells = new Set();
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    const [x, y, n] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let i = 0; i < n; i++) cells.add(`${y - border},${x - border + i}`);
  }
  return cells;
}

test("the path paints every dark module and nothing else", () => {
  const code = Qr.encode(qrcode, "https://find.example.org/r/abcdefgh/");
  const count = code.getModuleCount();
  const d = Qr.pathData(count, (r, c) => code.isDark(r, c), Qr.BORDER);
  assert.match(d, /^(M\d+ \d+h\d+v1h-\d+z)+$/);
  const dark = new Set();
  for (let r = 0; r < count; r++) for (let c = 0; c < count; c++) if (code.isDark(r, c)) dark.add(`${r},${c}`);
  assert.deepEqual(painted(d, Qr.BORDER), dark);
});

test("a short link is a small symbol with the finder pattern in the corner", () => {
  const code = Qr.encode(qrcode, "https://find.example.org/r/abcdefgh/");
  assert.equal(code.getModuleCount(), 29); // version 3, which holds up to 42 bytes at level M
  const d = Qr.pathData(code.getModuleCount(), (r, c) => code.isDark(r, c), 2);
  assert.ok(d.startsWith("M2 2h7v1h-7z"), d.slice(0, 40)); // top row of the finder, after the quiet zone
});

test("text outside ASCII is encoded as UTF-8", () => {
  const code = Qr.encode(qrcode, "https://example.org/ñ/");
  assert.ok(code.getModuleCount() >= 21);
});

test("a figure whose link cannot be encoded stays hidden", () => {
  const figure = { hidden: true, getAttribute: (name) => (name === "data-qr" ? "x".repeat(5000) : "") };
  assert.equal(Qr.draw(figure, qrcode), false);
  assert.equal(figure.hidden, true);
  assert.equal(Qr.draw({ hidden: true, getAttribute: () => "https://example.org/" }, null), false);
});

test("a short link that is not an absolute address gets no figure", () => {
  // No site_url: the page's short link is relative, and a code of it would open nothing.
  const body = { querySelector: () => null, appendChild: () => assert.fail("a figure was added") };
  const link = { textContent: " r/abcdefgh/ ", closest: () => body };
  assert.equal(Qr.makeFigure(link, { qrLabel: "QR code for {name}" }), null);
});
