// The personal referral list: "Add to my list" buttons on listings, and the list page (list/)
// with a note and next steps, to print or to share as a link.
// Privacy: the list is kept in this browser's localStorage (written only when the reader adds
// something) and, on the list page, in the address after "#", which browsers never send to a
// server. Listings are shown from their own pages on this site. Text comes from #rn-list-strings (inline, or the shared script it loads).
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.RNList = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  var KEY = "rn-list";
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var MAX = 50, STEPS = 3, NOTE = 500, STEP = 120, WHEN = 40;

  // ------------------------------------------------------------ pure logic (tested in node)
  function empty() {
    var steps = [];
    for (var i = 0; i < STEPS; i++) steps.push(["", ""]);
    return { ids: [], note: "", steps: steps };
  }

  function cleanIds(ids) {
    var seen = {}, out = [];
    (Array.isArray(ids) ? ids : []).forEach(function (id) {
      id = String(id);
      if (id.length <= 80 && SLUG.test(id) && !seen[id] && out.length < MAX) { seen[id] = true; out.push(id); }
    });
    return out;
  }

  function clean(state) {
    var out = empty();
    if (!state || typeof state !== "object") return out;
    out.ids = cleanIds(state.ids);
    out.note = typeof state.note === "string" ? state.note.slice(0, NOTE) : "";
    var steps = Array.isArray(state.steps) ? state.steps : [];
    for (var i = 0; i < STEPS; i++) {
      var step = Array.isArray(steps[i]) ? steps[i] : [];
      out.steps[i] = [String(step[0] || "").slice(0, STEP), String(step[1] || "").slice(0, WHEN)];
    }
    return out;
  }

  // The list in an address's fragment: #ids=a,b&note=...&s1=...&w1=... (empties left out).
  function encode(state) {
    var parts = [];
    var add = function (key, value) {
      if (value) parts.push(key + "=" + encodeURIComponent(value).replace(/%2C/g, ","));
    };
    add("ids", state.ids.join(","));
    add("note", state.note);
    state.steps.forEach(function (step, i) { add("s" + (i + 1), step[0]); add("w" + (i + 1), step[1]); });
    return parts.length ? "#" + parts.join("&") : "";
  }

  function decode(hash) {
    var params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
    var state = { ids: (params.get("ids") || "").split(","), note: params.get("note") || "", steps: [] };
    for (var i = 1; i <= STEPS; i++) state.steps.push([params.get("s" + i) || "", params.get("w" + i) || ""]);
    return clean(state);
  }

  function toggle(state, id) {
    var next = clean(state);
    var at = next.ids.indexOf(id);
    if (at >= 0) next.ids.splice(at, 1);
    else if (next.ids.length < MAX) next.ids.push(id);
    return next;
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  // ------------------------------------------------------------ storage
  function load() {
    try { return clean(JSON.parse(window.localStorage.getItem(KEY) || "null")); } catch (e) { return empty(); }
  }

  function save(state) {
    try {
      if (!state.ids.length && !state.note && !state.steps.some(function (s) { return s[0] || s[1]; })) {
        window.localStorage.removeItem(KEY);
      } else {
        window.localStorage.setItem(KEY, JSON.stringify(state));
      }
    } catch (e) { /* storage off (private mode): the list lives in the address only */ }
  }

  // ------------------------------------------------------------ buttons on listings
  function targets(doc) {
    var out = [];
    Array.prototype.forEach.call(doc.querySelectorAll("article.rn-card[id^='r-']"), function (el) {
      var name = el.querySelector(".rn-card__name");
      out.push({ el: el, id: el.id.slice(2), name: name ? name.textContent.trim() : "" });
    });
    Array.prototype.forEach.call(doc.querySelectorAll("li.rn-meeting[data-id]"), function (el) {
      var name = el.querySelector(".rn-meeting__name");
      out.push({ el: el, id: el.getAttribute("data-id"), name: name ? name.textContent.trim() : "" });
    });
    // A listing's own page: the listing is the page's heading (a data-rn-list-name would say
    // the name again in each of up to 100,000 pages).
    var heading = doc.querySelector("h1");
    Array.prototype.forEach.call(doc.querySelectorAll("[data-rn-list-id]"), function (el) {
      var name = el.getAttribute("data-rn-list-name") || (heading ? heading.textContent.trim() : "");
      out.push({ el: el, id: el.getAttribute("data-rn-list-id"), name: name });
    });
    return out.filter(function (t) { return SLUG.test(t.id); });
  }

  function Buttons(doc, strings, listUrl) {
    this.doc = doc;
    this.strings = strings;
    this.listUrl = listUrl;
    this.buttons = [];
    this.link = null;
  }

  Buttons.prototype.start = function () {
    var self = this;
    targets(this.doc).forEach(function (t) {
      var button = self.doc.createElement("button");
      button.type = "button";
      button.className = "rn-listbtn";
      button.setAttribute("data-rn-id", t.id);
      button.setAttribute("data-rn-name", t.name);
      button.addEventListener("click", function () { self.toggle(t.id); });
      t.el.appendChild(button);
      self.buttons.push(button);
    });
    window.addEventListener("storage", function (e) { if (e.key === KEY) self.update(load()); });
    this.update(load());
  };

  Buttons.prototype.toggle = function (id) {
    var state = load();
    if (state.ids.indexOf(id) < 0 && state.ids.length >= MAX) {
      window.alert(format(this.strings.full, { max: MAX }));
      return;
    }
    state = toggle(state, id);
    save(state);
    this.update(state);
  };

  Buttons.prototype.update = function (state) {
    var st = this.strings;
    this.buttons.forEach(function (button) {
      var on = state.ids.indexOf(button.getAttribute("data-rn-id")) >= 0;
      var name = button.getAttribute("data-rn-name");
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? st.added : st.add;
      // The name starts with the words on the button (WCAG 2.5.3, for voice control); whether
      // the listing is on the list is aria-pressed's to say.
      if (name) button.setAttribute("aria-label", (on ? st.added : st.add) + ": " + name);
    });
    if (!this.link && state.ids.length) {
      this.link = this.doc.createElement("a");
      this.link.className = "rn-listlink";
      this.link.href = this.listUrl;
      this.doc.body.appendChild(this.link);
    }
    if (this.link) {
      this.link.hidden = !state.ids.length;
      this.link.textContent = format(st.myList, { count: state.ids.length });
    }
  };

  // ------------------------------------------------------------ the list page
  function ListPage(doc, strings, siteRoot, defaultRoot) {
    this.doc = doc;
    this.strings = strings;
    this.root = siteRoot;
    // The default language's root, on a page in another language: a listing with no page of
    // its own in this language (the site's other_language_listings) has that language's.
    this.defaultRoot = defaultRoot;
    this.items = doc.getElementById("rn-list-items");
    this.status = doc.getElementById("rn-list-status");
    this.cache = {};
  }

  ListPage.prototype.start = function () {
    var self = this, doc = this.doc;
    var fromLink = decode(window.location.hash);
    this.state = encode(fromLink) ? fromLink : load(); // a shared link wins over this browser's list
    this.writeAddress();
    this.fillInputs();
    this.render();
    var note = doc.getElementById("rn-list-note");
    note.addEventListener("input", function () { self.state.note = note.value.slice(0, NOTE); self.changed(); });
    for (var i = 0; i < STEPS; i++) {
      (function (i) {
        var what = doc.getElementById("rn-step-" + i), when = doc.getElementById("rn-when-" + i);
        what.addEventListener("input", function () { self.state.steps[i][0] = what.value.slice(0, STEP); self.changed(); });
        when.addEventListener("input", function () { self.state.steps[i][1] = when.value.slice(0, WHEN); self.changed(); });
      })(i);
    }
    var print = doc.getElementById("rn-list-print"), share = doc.getElementById("rn-list-share"),
        clear = doc.getElementById("rn-list-clear");
    [print, share, clear].forEach(function (b) { b.hidden = false; });
    print.addEventListener("click", function () { window.print(); });
    share.addEventListener("click", function () { self.share(); });
    clear.addEventListener("click", function () {
      if (!window.confirm(self.strings.confirmClear)) return;
      self.state = empty();
      self.changed();
      self.fillInputs();
      self.render();
      self.announce(self.strings.cleared);
    });
    window.addEventListener("hashchange", function () {
      var next = decode(window.location.hash);
      if (encode(next) === encode(self.state)) return;
      self.state = next;
      self.fillInputs();
      self.render();
    });
  };

  ListPage.prototype.announce = function (text) {
    var el = this.status;
    el.textContent = "";
    setTimeout(function () { el.textContent = text; }, 50);
  };

  ListPage.prototype.share = function () {
    var st = this.strings, url = window.location.href.split("#")[0] + encode(this.state);
    if (window.RNShare) {
      window.RNShare.share(url, st.shareTitle, this.status, { copied: st.copied, failed: st.copyFailed, shared: st.shared });
    } else {
      this.announce(st.copyFailed);
    }
  };

  // Any edit is kept (this browser) and written into the address (the link to share).
  ListPage.prototype.changed = function () {
    this.state = clean(this.state);
    save(this.state);
    this.writeAddress();
    this.fillPrintValues();
  };

  ListPage.prototype.writeAddress = function () {
    var url = window.location.pathname + window.location.search + encode(this.state);
    window.history.replaceState(null, "", url);
  };

  ListPage.prototype.fillInputs = function () {
    var doc = this.doc;
    doc.getElementById("rn-list-note").value = this.state.note;
    for (var i = 0; i < STEPS; i++) {
      doc.getElementById("rn-step-" + i).value = this.state.steps[i][0];
      doc.getElementById("rn-when-" + i).value = this.state.steps[i][1];
    }
    this.fillPrintValues();
  };

  // Paper shows text, not form fields: each field has a twin that print.css shows instead.
  ListPage.prototype.fillPrintValues = function () {
    var doc = this.doc;
    doc.getElementById("rn-list-note-print").textContent = this.state.note;
    for (var i = 0; i < STEPS; i++) {
      doc.getElementById("rn-step-" + i).nextElementSibling.textContent = this.state.steps[i][0];
      doc.getElementById("rn-when-" + i).nextElementSibling.textContent = this.state.steps[i][1];
    }
  };

  ListPage.prototype.render = function () {
    var self = this, doc = this.doc;
    while (this.items.firstChild) this.items.removeChild(this.items.firstChild);
    doc.getElementById("rn-list-empty").hidden = this.state.ids.length > 0;
    this.state.ids.forEach(function (id) {
      var item = doc.createElement("article");
      item.className = "rn-list__item";
      item.setAttribute("data-id", id);
      var waiting = doc.createElement("p");
      waiting.textContent = self.strings.loading;
      item.appendChild(waiting);
      self.items.appendChild(item);
      self.fetchListing(id).then(function (found) {
        self.fill(item, id, found.page, null, found.base);
      }, function (missing) {
        self.fill(item, id, null, missing === 404 ? "missing" : "offline");
      });
    });
  };

  // The listing's page as { page, base }: base is the root its address starts from.
  ListPage.prototype.fetchListing = function (id) {
    var self = this;
    function from(base) {
      return fetch(base + "resources/" + id + "/", { credentials: "omit" }).then(function (response) {
        if (!response.ok) throw response.status;
        return response.text();
      }).then(function (html) { return { page: new DOMParser().parseFromString(html, "text/html"), base: base }; });
    }
    if (!this.cache[id]) {
      this.cache[id] = from(this.root).catch(function (problem) {
        if (problem === 404 && self.defaultRoot) return from(self.defaultRoot);
        throw problem;
      });
    }
    return this.cache[id];
  };

  // One listing, from its own page: name, kind, the facts list and when it was verified.
  ListPage.prototype.fill = function (item, id, page, problem, base) {
    var doc = this.doc, self = this;
    while (item.firstChild) item.removeChild(item.firstChild);
    var heading = doc.createElement("h2");
    var h1 = page && page.querySelector("[data-pagefind-body] h1, h1");
    if (problem || !h1) {
      heading.textContent = id;
      item.appendChild(heading);
      var note = doc.createElement("p");
      note.textContent = format(problem === "offline" ? this.strings.offline : this.strings.missing, { id: id });
      item.appendChild(note);
    } else {
      var link = doc.createElement("a");
      link.href = (base || this.root) + "resources/" + id + "/";
      link.textContent = h1.textContent.trim();
      heading.appendChild(link);
      item.appendChild(heading);
      ["p.rn-kind", "dl.rn-details", "p.rn-verified"].forEach(function (selector) {
        var part = page.querySelector(selector);
        if (!part) return;
        part = doc.importNode(part, true);
        self.tidy(part);
        item.appendChild(part);
      });
    }
    var remove = doc.createElement("button");
    remove.type = "button";
    remove.className = "rn-listbtn";
    remove.textContent = this.strings.remove;
    remove.setAttribute("aria-label", format(this.strings.removeLabel, { name: heading.textContent }));
    remove.addEventListener("click", function () {
      self.state = toggle(self.state, id);
      self.changed();
      item.parentNode.removeChild(item);
      doc.getElementById("rn-list-empty").hidden = self.state.ids.length > 0;
    });
    item.appendChild(remove);
  };

  // Links were relative to the listing's page; the region list and map links are left out.
  ListPage.prototype.tidy = function (part) {
    var self = this;
    Array.prototype.forEach.call(part.querySelectorAll("dd"), function (dd) {
      if (dd.querySelector("a[href*='regions/']")) {
        var dt = dd.previousElementSibling;
        if (dt && dt.tagName === "DT") dt.parentNode.removeChild(dt);
        dd.parentNode.removeChild(dd);
      }
    });
    Array.prototype.forEach.call(part.querySelectorAll("a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (href.indexOf("https://www.openstreetmap.org/") === 0) {
        var br = a.previousElementSibling;
        if (br && br.tagName === "BR") br.parentNode.removeChild(br);
        a.parentNode.removeChild(a);
      } else if (href.indexOf("../../") === 0) {
        a.setAttribute("href", self.root + href.slice(6));
      } else if (a.textContent.trim() === href) {
        a.classList.add("rn-url"); // on paper the address is already the text
      }
    });
  };

  function init(doc) {
    var block = doc.getElementById("rn-list-strings");
    if (!block) return null;
    // Pages with list buttons load the strings as a shared script; the list page and sheets
    // carry them inline.
    var strings = block.src ? window.rnListStrings : JSON.parse(block.textContent);
    if (!strings) return null;
    var siteRoot = block.getAttribute("data-root") || "";
    var buttons = new Buttons(doc, strings, siteRoot + "list/");
    if (doc.getElementById("rn-list")) {
      var page = new ListPage(doc, strings, siteRoot, block.getAttribute("data-default-root") || "");
      page.start();
      return page;
    }
    buttons.start();
    return buttons;
  }

  var api = { empty: empty, clean: clean, cleanIds: cleanIds, encode: encode, decode: decode,
              toggle: toggle, format: format, init: init, KEY: KEY, MAX: MAX };
  if (typeof document !== "undefined" && typeof window !== "undefined") {
    var go = function () { api.page = init(document); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go);
    else go();
  }
  return api;
});
