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

  // Resource pages: buttons with data-share-url (relative to the page) become live. Their
  // messages come from the page's shared strings file (printing.list_strings, loaded by the
  // page's list tools) rather than from a copy in each of up to 100,000 pages; a button's own
  // data-copied, data-failed and data-shared win where given.
  function initButtons(doc) {
    var buttons = doc.querySelectorAll("button[data-share-url]");
    Array.prototype.forEach.call(buttons, function (button) {
      var status = button.closest("section, div").querySelector("[role=status]");
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = new URL(button.getAttribute("data-share-url"), doc.baseURI).href;
        var st = (typeof window !== "undefined" && window.rnListStrings) || {};
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
