// Share a view: filter state <-> the address's query string, and a share button that uses the
// Web Share API where there is one and copies the link otherwise. Messages come from the page.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.RNShare = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  // Fixed order, so the same view always gives the same link.
  var KEYS = ["q", "near", "r", "sort", "cat", "prog", "type", "day", "tod", "att", "lang", "pay",
              "pop", "acc", "walk", "new", "now", "when"];
  var MULTI = { type: true };

  function encode(state) {
    var parts = [];
    KEYS.forEach(function (key) {
      var value = state[key];
      if (MULTI[key]) value = (value || []).slice().sort().join(",");
      if (value) parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value).replace(/%2C/g, ","));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function decode(search) {
    var params = new URLSearchParams(search || "");
    var state = {};
    KEYS.forEach(function (key) {
      var value = params.get(key);
      if (MULTI[key]) state[key] = value ? value.split(",").filter(Boolean) : [];
      else state[key] = value || "";
    });
    return state;
  }

  function announce(el, text) {
    if (!el) return;
    el.textContent = "";
    setTimeout(function () { el.textContent = text; }, 50); // re-announced even when unchanged
  }

  // Share ``url``: the system share sheet, else the clipboard; ``messages`` has copied, failed, shared.
  function share(url, title, statusEl, messages) {
    var nav = typeof navigator !== "undefined" ? navigator : {};
    if (nav.share) {
      return nav.share({ title: title, url: url }).then(function () {
        announce(statusEl, messages.shared);
      }, function (err) {
        if (err && err.name === "AbortError") return;
        return copy(url, statusEl, messages);
      });
    }
    return copy(url, statusEl, messages);
  }

  function copy(url, statusEl, messages) {
    var nav = typeof navigator !== "undefined" ? navigator : {};
    if (nav.clipboard && nav.clipboard.writeText) {
      return nav.clipboard.writeText(url).then(function () {
        announce(statusEl, messages.copied);
      }, function () { announce(statusEl, messages.failed); });
    }
    announce(statusEl, messages.failed);
    return Promise.resolve();
  }

  // Resource pages: the share button and its status line are made here, next to the page's
  // short link (a.rn-share__link), which is all a page without scripts shows; carrying them in
  // each of up to 100,000 pages would repeat the link for nothing. Their text comes from the
  // page's shared strings file (printing.list_strings, loaded before this script). Buttons a
  // page does carry (data-share-url, relative to the page) work as well, their own
  // data-copied, data-failed and data-shared winning over the shared strings.
  function makeButton(link, st) {
    var doc = link.ownerDocument;
    var line = link.closest("p");
    if (!line || !st.share || line.parentNode.querySelector("button[data-share-url]")) return;
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "rn-button rn-share__button";
    button.setAttribute("data-share-url", link.getAttribute("href"));
    var h1 = doc.querySelector("h1");
    if (h1) button.setAttribute("data-share-title", h1.textContent.trim());
    button.textContent = st.share;
    var holder = doc.createElement("p");
    holder.appendChild(button);
    var status = doc.createElement("p");
    status.className = "rn-share__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    line.parentNode.insertBefore(status, line.nextSibling);
    line.parentNode.insertBefore(holder, status);
  }

  function initButtons(doc) {
    var st = (typeof window !== "undefined" && window.rnListStrings) || {};
    Array.prototype.forEach.call(doc.querySelectorAll(".rn-share a.rn-share__link"), function (link) {
      makeButton(link, st);
    });
    var buttons = doc.querySelectorAll("button[data-share-url]");
    Array.prototype.forEach.call(buttons, function (button) {
      var status = button.closest("section, div").querySelector("[role=status]");
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = new URL(button.getAttribute("data-share-url"), doc.baseURI).href;
        share(url, button.getAttribute("data-share-title"), status, {
          copied: button.getAttribute("data-copied") || st.copied,
          failed: button.getAttribute("data-failed") || st.shareFailed,
          shared: button.getAttribute("data-shared") || st.shared
        });
      });
    });
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { initButtons(document); });
    else initButtons(document);
  }

  return { encode: encode, decode: decode, share: share, copy: copy, announce: announce, KEYS: KEYS };
});
