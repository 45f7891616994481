// The QR code of a resource page's short link, drawn in the browser as inline SVG. Drawing it
// here instead of at build time keeps ~2.5 KB and ~2 ms of build time off each of up to 100,000
// resource pages. The figure is made here too, from the page's short link (a.rn-share__link)
// when its text is an absolute address (the site has a site_url), with its caption and
// accessible name from the page's shared strings (window.rnListStrings); a page may also carry
// its own figure with data-qr (the absolute link) and data-qr-label. The encoder is the bundled
// qrcode-generator (vendor/qrcode-generator.js, loaded first). A figure stays hidden when there
// is nothing to draw, so a page without scripts shows the short link alone, never an empty frame.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.RNQr = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var BORDER = 2; // quiet zone in modules; the page around it is white as well
  var SCALE = 3;  // screen pixels per module; print.css sets the printed size

  // Error level M survives a smudged print or a cracked screen, and a short link still fits in
  // a small symbol. Type 0 lets the encoder pick the smallest version; it also scores the masks.
  function encode(qrcode, text) {
    if (qrcode.stringToBytesFuncs && qrcode.stringToBytesFuncs["UTF-8"]) {
      qrcode.stringToBytes = qrcode.stringToBytesFuncs["UTF-8"]; // the default keeps only low bytes
    }
    var code = qrcode(0, "M");
    code.addData(text, "Byte");
    code.make();
    return code;
  }

  // One path for all dark modules, a rectangle per run in a row: a few hundred characters
  // where one square per module would be several thousand.
  function pathData(count, isDark, border) {
    var parts = [];
    for (var row = 0; row < count; row++) {
      var col = 0;
      while (col < count) {
        if (!isDark(row, col)) { col++; continue; }
        var start = col;
        while (col < count && isDark(row, col)) col++;
        var run = col - start;
        parts.push("M" + (start + border) + " " + (row + border) + "h" + run + "v1h-" + run + "z");
      }
    }
    return parts.join("");
  }

  function element(doc, name, attrs) {
    var el = doc.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { el.setAttribute(key, String(attrs[key])); });
    return el;
  }

  // Draw the code into ``figure``; false (and the figure left hidden) when it cannot be made.
  function draw(figure, qrcode) {
    var text = figure.getAttribute("data-qr");
    if (!text || typeof qrcode !== "function") return false;
    var code;
    try {
      code = encode(qrcode, text);
    } catch (err) {
      return false; // longer than a QR code holds: the short link above is still there
    }
    var count = code.getModuleCount();
    var size = count + 2 * BORDER;
    var doc = figure.ownerDocument;
    // crispEdges keeps module edges sharp when the code is scaled on screen or on paper.
    var svg = element(doc, "svg", {
      role: "img", "aria-label": figure.getAttribute("data-qr-label") || "", focusable: "false",
      "class": "rn-qr", width: size * SCALE, height: size * SCALE,
      viewBox: "0 0 " + size + " " + size, "shape-rendering": "crispEdges"
    });
    svg.appendChild(element(doc, "rect", { width: size, height: size, fill: "#fff" }));
    svg.appendChild(element(doc, "path", {
      d: pathData(count, function (r, c) { return code.isDark(r, c); }, BORDER), fill: "#000"
    }));
    figure.insertBefore(svg, figure.firstChild);
    figure.hidden = false;
    return true;
  }

  // The figure for a short link, after the share section's text; null when the link's text is
  // not an absolute address (no site_url: a code of a relative link would open nothing).
  function makeFigure(link, st) {
    var text = link.textContent.trim();
    var body = link.closest(".rn-share__body");
    if (!/^https?:\/\//.test(text) || !body || body.querySelector("figure[data-qr]")) return null;
    var doc = link.ownerDocument;
    var figure = doc.createElement("figure");
    figure.className = "rn-share__qr";
    figure.hidden = true;
    figure.setAttribute("data-qr", text);
    var h1 = doc.querySelector("h1");
    var name = h1 ? h1.textContent.trim() : "";
    figure.setAttribute("data-qr-label", String(st.qrLabel || "").replace("{name}", name));
    if (st.qrCaption) {
      var caption = doc.createElement("figcaption");
      caption.textContent = st.qrCaption;
      figure.appendChild(caption);
    }
    body.appendChild(figure);
    return figure;
  }

  function init(doc, qrcode) {
    var st = (typeof window !== "undefined" && window.rnListStrings) || {};
    if (typeof qrcode === "function") {
      Array.prototype.forEach.call(doc.querySelectorAll(".rn-share a.rn-share__link"), function (link) {
        makeFigure(link, st);
      });
    }
    Array.prototype.forEach.call(doc.querySelectorAll("figure[data-qr]"), function (figure) {
      draw(figure, qrcode);
    });
  }

  if (typeof document !== "undefined") {
    var lib = typeof qrcode === "function" ? qrcode : null; // the bundled encoder's global
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(document, lib); });
    else init(document, lib);
  }

  return { encode: encode, pathData: pathData, draw: draw, makeFigure: makeFigure, init: init,
           BORDER: BORDER, SCALE: SCALE };
});
