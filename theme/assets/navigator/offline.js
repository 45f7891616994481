// Reading with no signal: registers the site's service worker (sw.js, written by the build:
// generator/offline.py), runs the "Save this region for offline" button on region pages and
// fills the offline page with what this device keeps. Where service workers are missing or
// blocked, none of this shows and every page works as before.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || typeof caches === "undefined" ||
      typeof MessageChannel === "undefined") return;
  // The site's root, from this script's own address (assets/navigator/offline.js, or a bundle
  // of scripts holding it, assets/navigator/shared/bundle-<hash>.js: generator/bundles.py), so
  // the worker's scope follows the base path the site is published under.
  var root = script.src.replace(/assets\/navigator\/(offline|shared\/bundle-\w+)\.js(\?.*)?$/, "");
  var LIST_KEY = "rn-list"; // list.js keeps the reader's list under this key

  var ready = navigator.serviceWorker.register(root + "sw.js", { scope: root }).then(function () {
    return navigator.serviceWorker.ready;
  });
  ready.catch(function () { /* blocked or refused: the site works without it */ });

  function strings() {
    var el = document.getElementById("rn-offline-strings");
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  // Sizes and counts as the page's language writes numbers: 2.3 MB in English, 2,3 MB in Spanish.
  function number(value, digits) {
    return Number(value).toLocaleString(document.documentElement.lang || undefined,
      { minimumFractionDigits: digits || 0, maximumFractionDigits: digits || 0 });
  }

  function size(bytes, st) {
    if (bytes >= 1000000) return format(st.mb, { n: number(bytes / 1000000, 1) });
    return format(st.kb, { n: number(Math.max(1, Math.round(bytes / 1000))) });
  }

  // One question to the worker; `onPart` hears progress before the answer.
  function ask(message, onPart) {
    return ready.then(function (registration) {
      var worker = registration.active;
      if (!worker) throw new Error("no worker");
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          if (event.data && event.data.progress) { if (onPart) onPart(event.data.progress); return; }
          resolve(event.data || {});
        };
        worker.postMessage(message, [channel.port2]);
      });
    });
  }

  function listIds() {
    try {
      var state = JSON.parse(window.localStorage.getItem(LIST_KEY) || "null");
      return state && Array.isArray(state.ids) ? state.ids.filter(function (id) { return /^[a-z0-9-]+$/.test(id); }) : [];
    } catch (e) { return []; }
  }

  // While there is signal: this page's language's shell (offline page, guides) and the
  // listings on the reader's list, in this language, kept.
  if (navigator.onLine) {
    ask({ type: "language", page: window.location.href }).catch(function () {});
    var ids = listIds();
    if (ids.length) ask({ type: "keep", ids: ids, page: window.location.href }).catch(function () {});
  }

  // ------------------------------------------------------------ the save button (region pages)
  function saveTool(box, st) {
    var button = box.querySelector("[data-rn-offline-save]");
    var remove = box.querySelector("[data-rn-offline-remove]");
    var status = box.querySelector("[data-rn-offline-status]");
    var id = box.getAttribute("data-rn-offline");
    var manifest = null;

    function show(saved) {
      button.hidden = saved;
      remove.hidden = !saved;
      button.disabled = false;
      if (manifest) button.textContent = format(st.save, { size: size(manifest.bytes, st) });
      status.textContent = saved && manifest ? format(st.saved, { size: size(manifest.bytes, st) }) : "";
    }

    function save(retried) {
      button.disabled = true;
      ask({ type: "save", region: id }, function (part) {
        status.textContent = format(st.saving, { done: number(part[0]), total: number(part[1]) });
      }).then(function (answer) {
        if (answer.error === "version" && !retried) {
          // A new build went up since this page's worker: let the new one take over, then save.
          status.textContent = st.updating;
          return ready.then(function (r) { return r.update(); }).then(waitForController).then(function () { save(true); });
        }
        if (answer.error) { button.disabled = false; status.textContent = st[answer.error] || st.failed; return; }
        show(true);
      }, function () { button.disabled = false; status.textContent = st.failed; });
    }

    button.addEventListener("click", function () { save(false); });
    remove.addEventListener("click", function () {
      ask({ type: "remove", region: id }).then(function () {
        show(false);
        status.textContent = st.removed;
        button.focus();
      });
    });

    fetch(box.getAttribute("data-rn-offline-manifest"), { credentials: "omit" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      if (!data) return null;
      manifest = data;
      return ask({ type: "status", region: id });
    }).then(function (answer) {
      if (!answer) return;
      box.hidden = false;
      show(answer.saved);
    }).catch(function () { /* offline before the manifest arrived: nothing to offer */ });
  }

  function waitForController() {
    return new Promise(function (resolve) {
      var done = false;
      var finish = function () { if (!done) { done = true; resolve(); } };
      navigator.serviceWorker.addEventListener("controllerchange", finish);
      window.setTimeout(finish, 15000);
    });
  }

  // ------------------------------------------------------------ the offline page
  function offlinePage(box, st) {
    var from = new URLSearchParams(window.location.search).get("from");
    var retry = document.getElementById("rn-offline-retry");
    if (retry && from && from.charAt(0) === "/" && from.charAt(1) !== "/") {
      retry.href = from;
      retry.hidden = false;
    }
    var count = listIds().length;
    var list = document.getElementById("rn-offline-list");
    if (list) list.textContent = count ? format(st.listCount, { count: number(count) }) : st.listEmpty;
    ask({ type: "saved" }).then(function (answer) {
      fillLinks(document.getElementById("rn-offline-regions"), (answer.regions || []).map(function (r) {
        return { url: r.url, text: r.name + " (" + size(r.bytes, st) + ")", hreflang: r.language };
      }), st);
      fillLinks(document.getElementById("rn-offline-pages"), (answer.pages || []).map(function (p) {
        // the title as the page wrote it, entities and all: read back as text
        return { url: p.url, text: new DOMParser().parseFromString(p.title, "text/html").body.textContent };
      }), st);
    }).catch(function () {});
  }

  function fillLinks(target, items, st) {
    if (!target) return;
    while (target.firstChild) target.removeChild(target.firstChild);
    if (!items.length) {
      var none = document.createElement("p");
      none.textContent = st.nothingSaved;
      target.appendChild(none);
      return;
    }
    var ul = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = item.url;
      if (item.hreflang && item.hreflang !== document.documentElement.lang) a.hreflang = item.hreflang;
      a.textContent = item.text;
      li.appendChild(a);
      ul.appendChild(li);
    });
    target.appendChild(ul);
  }

  var st = strings();
  if (!st) return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-rn-offline]"), function (box) { saveTool(box, st); });
  var page = document.getElementById("rn-offline-page");
  if (page) offlinePage(page, st);
})();
