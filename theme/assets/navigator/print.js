// Print tools: print buttons, the date a page is printed, links to a resource sheet that keep
// the region page's filters, those filters applied on the sheet, and a region's local numbers
// in printable guides (guides/.../?region=<id>, loaded from that region's sheet on this site).
// Interface text comes from data-* attributes rendered by the site's templates.
(function () {
  "use strict";
  if (typeof window === "undefined" || window.RNPrint) return; // included more than once
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

  function each(doc, selector, fn) { Array.prototype.forEach.call(doc.querySelectorAll(selector), fn); }

  function printButtons(doc) {
    each(doc, "[data-rn-print]", function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function printedDate(doc) {
    var text;
    try {
      text = new Date().toLocaleDateString(doc.documentElement.lang || undefined,
                                           { year: "numeric", month: "long", day: "numeric" });
    } catch (e) { text = new Date().toDateString(); }
    each(doc, "[data-rn-printed]", function (el) {
      el.textContent = el.getAttribute("data-label").replace("{date}", text);
    });
  }

  // The region page's filters live in its query string; the sheet link takes them along.
  function keepQuery(doc) {
    each(doc, "a[data-rn-keep-query]", function (a) {
      var update = function () { a.setAttribute("href", a.getAttribute("href").split("?")[0] + window.location.search); };
      a.addEventListener("click", update);
      a.addEventListener("contextmenu", update);
      a.addEventListener("focus", update);
    });
  }

  // On a sheet, show only the rows the region page's filters would show (find.js's rules).
  function filterSheet(doc) {
    var sheet = doc.querySelector("[data-rn-sheet]");
    if (!sheet || !window.RNFind || !window.RNShare || !window.location.search) return;
    var state = window.RNShare.decode(window.location.search);
    // Distance needs the region page's place lookup, and a sheet's rows carry no coordinates.
    state.near = ""; state.r = ""; state.sort = "";
    if (!window.RNFind.active(state).length) return;
    var normalise = window.RNNear ? window.RNNear.normalise : function (s) { return s.toLowerCase(); };
    var ctx = { now: Date.now(), origin: null, radiusKm: 0, text: function (item) { return item.text; } };
    each(sheet, "li[data-id]", function (el) {
      var item = window.RNFind.readItem(el);
      item.text = normalise(el.textContent);
      el.hidden = !window.RNFind.matches(item, state, ctx);
    });
    each(sheet, ".rn-sheet__group, .rn-sheet__day, section[aria-labelledby=sheet-services], section[aria-labelledby=sheet-meetings]", function (section) {
      section.hidden = !section.querySelector("li[data-id]:not([hidden])");
    });
    var label = doc.getElementById("rn-sheet-filter");
    if (label) label.textContent = sheet.getAttribute("data-rn-filtered");
  }

  // Links in a sheet's fragments are relative to the sheet; make them relative to this page.
  function rebase(fragment, fromRoot, toRoot) {
    Array.prototype.forEach.call(fragment.querySelectorAll("[href]"), function (el) {
      var href = el.getAttribute("href");
      if (href.indexOf(fromRoot) === 0) el.setAttribute("href", toRoot + href.slice(fromRoot.length));
    });
  }

  function localNumbers(doc) {
    var tools = doc.querySelector("[data-rn-root]");
    var slots = doc.querySelectorAll("[data-rn-local]:not([data-rn-region])");
    if (!tools || !slots.length || typeof fetch === "undefined") return;
    var id = new URLSearchParams(window.location.search).get("region") || "";
    if (!SLUG.test(id) || id.length > 80) return;
    var status = tools.querySelector(".rn-printtools__local");
    var root = tools.getAttribute("data-rn-root");
    fetch(root + "sheets/" + id + "/", { credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var sheet = new DOMParser().parseFromString(html, "text/html");
      var meta = sheet.querySelector("[data-rn-region-name]");
      var strings = sheet.getElementById("rn-list-strings");
      if (!meta || !strings) throw new Error("not a sheet");
      Array.prototype.forEach.call(slots, function (slot) {
        var source = sheet.getElementById("rn-local-" + slot.getAttribute("data-rn-local"));
        if (!source || !source.content) return;
        var fresh = doc.importNode(source.content, true);
        rebase(fresh, strings.getAttribute("data-root"), root);
        slot.parentNode.replaceChild(fresh, slot);
      });
      if (status) {
        status.textContent = tools.getAttribute("data-rn-local-label").replace("{region}", meta.getAttribute("data-rn-region-name")) + " ";
        var reset = doc.createElement("a");
        reset.href = window.location.pathname;
        reset.textContent = tools.getAttribute("data-rn-local-reset");
        status.appendChild(reset);
      }
    }).catch(function () {
      if (status) status.textContent = tools.getAttribute("data-rn-local-failed");
    });
  }

  function start() {
    printButtons(document);
    printedDate(document);
    keepQuery(document);
    filterSheet(document);
    localNumbers(document);
  }

  window.RNPrint = { rebase: rebase };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
