// Filters, "now", near-me sorting and shareable views on region, find and meetings pages.
// Progressive enhancement: every listing is in the HTML; this script only hides, sorts and
// labels them. Each listing carries compact data-* attributes (generator/find.py); interface text
// comes from the page's #rn-strings block.
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./schedule.js"), require("./near.js"), require("./share.js"));
  } else {
    root.RNFind = factory(root.RNSchedule, root.RNNear, root.RNShare);
  }
})(typeof self !== "undefined" ? self : this, function (S, N, Sh) {
  "use strict";
  var LISTS = ["lang", "pay", "pop", "acc", "types"];
  var DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

  // What a row leaves to its list (generator/find.py INHERITED): the nearest ancestor's.
  var INHERITED = ["cat", "tz"];

  // ------------------------------------------------------------ pure logic (tested in node)
  // ``data``: a row's data-* attributes. A row without data-att is attended in person.
  function parseItem(data) {
    var item = { id: data.id, cat: data.cat || "", prog: data.prog || "", att: data.att || "in-person",
                 walk: data.walk || "", "new": data["new"] || "", tz: data.tz || "UTC",
                 from: data.from || "", to: data.to || "", status: data.status || "",
                 slots: S.parseSlots(data.s), hours: S.parseHours(data.h), geo: null };
    LISTS.forEach(function (key) { item[key] = data[key] ? data[key].split(" ") : []; });
    if (data.geo) item.geo = data.geo.split(",").map(Number);
    return item;
  }

  // A row's item, with what it leaves to its list read from the list (the one place that does).
  function readItem(el) {
    var data = {}, key;
    for (key in el.dataset) data[key] = el.dataset[key];
    INHERITED.forEach(function (name) {
      var list = data[name] === undefined && el.closest("[data-" + name + "]");
      if (list) data[name] = list.getAttribute("data-" + name);
    });
    return parseItem(data);
  }

  function inRange(minute, range) {
    var m = minute < range[0] ? minute + 1440 : minute;
    return m >= range[0] && m < range[1];
  }

  // Does a block of opening hours (or one meeting slot) fall on ``day`` / in time of day ``tod``?
  // ``times``: the page's time-of-day table (see schedule.js timeOfDay).
  function slotFits(slot, day, tod, times) {
    return (day === null || slot.day === day) && (!tod || S.timeOfDay(slot.start, times) === tod);
  }

  function hoursFit(block, day, tod, times) {
    if (day !== null && block.days.indexOf(day) < 0) return false;
    if (!tod) return true;
    var close = block.close <= block.open ? block.close + 1440 : block.close;
    var r = times[tod], range = [r[0], r[1] <= r[0] ? r[1] + 1440 : r[1]];
    for (var m = block.open; m < close; m += 30) if (inRange(m % 1440, range)) return true;
    return false;
  }

  function fitsTime(item, state, ctx) {
    if (!state.day && !state.tod) return true;
    var day = state.day === "today" ? S.weekday(ctx.now, item.tz) :
      state.day ? DAYS.indexOf(state.day) : null;
    if (item.slots.length) return item.slots.some(function (s) { return slotFits(s, day, state.tod, ctx.times); });
    if (item.hours === "always") return true;
    return item.hours.some(function (b) { return hoursFit(b, day, state.tod, ctx.times); });
  }

  // "now": a meeting in progress or starting within the hour; a service open now. A listing
  // marked temporarily closed or inactive keeps its usual hours in the data, so its status decides.
  function nowState(item, nowMs) {
    if (item.status) return { open: false, meeting: item.slots.length ? { state: null, start: null } : null };
    if (item.slots.length) {
      var m = S.meetingNow(item.slots, item.tz, nowMs, item.from || null, item.to || null);
      return { open: m.state !== null, meeting: m };
    }
    return { open: S.openNow(item.hours, item.tz, nowMs) === true, meeting: null };
  }

  // Quick choices. A meeting's next occurrence (not over yet) decides: "now" is in progress or
  // within the hour, "soon" starts within two hours, "tonight" and "today" fall on today in the
  // meeting's own zone, tonight from the start of the evening in the page's time-of-day table.
  // A service counts when its hours allow the same.
  var SOON_MS = 2 * 3600000, DAY_MS = 86400000;
  function fitsWhen(item, when, ctx) {
    if (item.status) return false;
    var state = ctx.nowOf ? ctx.nowOf(item) : nowState(item, ctx.now);
    if (when === "now") return state.open;
    if (!item.slots.length) {
      if (item.hours === "always") return true;
      if (when === "soon") return state.open;
      // Open today and not closed yet (tonight: open for part of the evening).
      var minute = (S.wall(ctx.now, item.tz) % DAY_MS) / 60000, day = S.weekday(ctx.now, item.tz);
      return item.hours.some(function (b) {
        var close = b.close <= b.open ? b.close + 1440 : b.close;
        return b.days.indexOf(day) >= 0 && close > minute && (when === "today" || hoursFit(b, day, "evening", ctx.times));
      });
    }
    var m = state.meeting;
    if (!m || !m.start) return false;
    if (when === "soon") return m.start - ctx.now <= SOON_MS;
    var start = S.wall(m.start, item.tz), today = S.wall(ctx.now, item.tz);
    if (Math.floor(start / DAY_MS) !== Math.floor(today / DAY_MS)) return false;
    return when === "today" || (start % DAY_MS) / 60000 >= ctx.times.evening[0];
  }

  function attendanceFits(att, wanted) {
    if (wanted === "in-person") return att === "in-person" || att === "hybrid";
    if (wanted === "online") return att === "online" || att === "hybrid";
    return att === wanted;
  }

  // ctx: {now, times (time-of-day table), origin: [lat, lon] | null, radiusKm, text(item) -> lower-case text, nowOf(item)}
  function matches(item, state, ctx) {
    if (state.cat && item.cat !== state.cat) return false;
    if (state.prog && item.prog !== state.prog) return false;
    if (state.att && !attendanceFits(item.att, state.att)) return false;
    if (state.lang && item.lang.indexOf(state.lang) < 0) return false;
    if (state.pay && item.pay.indexOf(state.pay) < 0) return false;
    if (state.pop && item.pop.indexOf(state.pop) < 0) return false;
    if (state.acc && item.acc.indexOf(state.acc) < 0) return false;
    if (state.walk && item.walk !== "1") return false;
    if (state["new"] && item["new"] !== "1") return false;
    if (state.type && state.type.length) {
      for (var i = 0; i < state.type.length; i++) if (item.types.indexOf(state.type[i]) < 0) return false;
    }
    if (!fitsTime(item, state, ctx)) return false;
    if (state.now && !(ctx.nowOf ? ctx.nowOf(item) : nowState(item, ctx.now)).open) return false;
    if (state.when && !fitsWhen(item, state.when, ctx)) return false;
    if (ctx.origin && ctx.radiusKm) {
      if (item.geo) {
        if ((ctx.km ? ctx.km(item) : N.distanceKm(ctx.origin, item.geo)) > ctx.radiusKm) return false;
      } else if (item.att !== "online") {
        return false; // no location to measure; online-only listings reach everyone
      }
    }
    if (state.q) {
      var text = ctx.text ? ctx.text(item) : "";
      var words = N.normalise(state.q).split(" ");
      for (var w = 0; w < words.length; w++) if (words[w] && text.indexOf(words[w]) < 0) return false;
    }
    return true;
  }

  function count(items, state, ctx) {
    var seen = {}, n = 0;
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      if (!seen[it.id] && matches(it, state, ctx)) { seen[it.id] = true; n++; }
    }
    return n;
  }

  // The filters in force, one entry per value that could be removed on its own.
  function active(state) {
    var out = [];
    Sh.KEYS.forEach(function (key) {
      if (key === "sort" || key === "r") return;
      if (key === "type") (state.type || []).forEach(function (v) { out.push({ key: key, value: v }); });
      else if (state[key]) out.push({ key: key, value: state[key] });
    });
    return out;
  }

  function without(state, filter) {
    var next = {};
    for (var k in state) next[k] = Array.isArray(state[k]) ? state[k].slice() : state[k];
    if (filter.key === "type") next.type = next.type.filter(function (v) { return v !== filter.value; });
    else next[filter.key] = "";
    if (filter.key === "near") next.r = "";
    return next;
  }

  // The state to start from: the address's, and for each key it leaves empty, the form's (what
  // the reader typed or chose before this script ran).
  function keepEarly(fromUrl, fromForm) {
    var state = {};
    Sh.KEYS.forEach(function (key) {
      var url = fromUrl[key], empty = Array.isArray(url) ? !url.length : !url;
      state[key] = empty && fromForm[key] !== undefined ? fromForm[key] : url;
    });
    return state;
  }

  // For an empty result: how many listings each single removal would bring back, most first.
  function relaxations(items, state, ctxFor) {
    return active(state).map(function (f) {
      var next = without(state, f);
      return { key: f.key, value: f.value, count: count(items, next, ctxFor(next)) };
    }).filter(function (r) { return r.count > 0; })
      .sort(function (a, b) { return b.count - a.count; });
  }

  // ------------------------------------------------------------ the page
  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function Page(doc, win) {
    this.doc = doc;
    this.win = win;
    this.panel = doc.getElementById("rn-find");
    this.results = doc.getElementById("rn-results");
    this.form = this.panel.querySelector("form");
    this.strings = JSON.parse(doc.getElementById("rn-strings").textContent);
    this.unit = this.panel.getAttribute("data-unit") || "km";
    this.times = JSON.parse(this.panel.getAttribute("data-times-of-day"));
    this.locale = this.panel.getAttribute("data-locale") || undefined;
    this.places = null;
    this.origin = null;
    this.nowCache = {};
    this.lastApplyMs = 0;
    var readerZone = "";
    try { readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { /* old browser */ }
    this.readerZone = readerZone;
    this.items = Array.prototype.map.call(this.results.querySelectorAll("[data-id]"), function (el, index) {
      var item = readItem(el);
      item.el = el;
      item.index = index;
      var titles = Array.prototype.map.call(el.querySelectorAll("abbr[title]"), function (a) { return a.title; });
      item.text = N.normalise(el.textContent + " " + titles.join(" "));
      return item;
    });
    this.total = count(this.items, {}, { now: 0 });
    this.sections = this.results.querySelectorAll(".rn-group, .rn-day");
  }

  Page.prototype.control = function (name) { return this.form.elements[name]; };

  Page.prototype.read = function () {
    var state = {}, form = this.form;
    Sh.KEYS.forEach(function (key) {
      var el = form.elements[key];
      if (key === "type") {
        state.type = Array.prototype.filter.call(form.querySelectorAll("input[name=type]"), function (c) { return c.checked; })
          .map(function (c) { return c.value; });
      } else if (!el) {
        state[key] = "";
      } else if (el.type === "checkbox") {
        state[key] = el.checked ? "1" : "";
      } else {
        state[key] = el.value.trim();
      }
    });
    return state;
  };

  Page.prototype.write = function (state) {
    var form = this.form;
    Sh.KEYS.forEach(function (key) {
      if (key === "type") {
        Array.prototype.forEach.call(form.querySelectorAll("input[name=type]"), function (c) {
          c.checked = (state.type || []).indexOf(c.value) >= 0;
        });
        return;
      }
      var el = form.elements[key];
      if (!el) return;
      if (el.type === "checkbox") el.checked = !!state[key];
      else if (el.tagName === "SELECT") {
        el.value = state[key] || "";
        if (el.value !== (state[key] || "")) el.value = ""; // a value this page does not offer
      } else el.value = state[key] || "";
    });
  };

  Page.prototype.context = function (state) {
    var self = this;
    var origin = state.near ? this.resolve(state.near) : null;
    var radius = origin && state.r ? N.fromUnit(+state.r, this.unit) : 0;
    var point = origin ? origin.point : null, key = point ? point.join(",") : "";
    return {
      now: this.now, times: this.times, origin: point, radiusKm: radius,
      // Each listing's distance is worked out once per origin, whatever asks for it.
      km: function (item) {
        if (item.kmFrom !== key) { item.kmFrom = key; item.km = N.distanceKm(point, item.geo); }
        return item.km;
      },
      text: function (item) { return item.text; },
      nowOf: function (item) { return self.nowOf(item); }
    };
  };

  Page.prototype.resolve = function (text) {
    return N.findPlace(text, this.places);
  };

  Page.prototype.nowOf = function (item) {
    var cached = this.nowCache[item.index];
    if (!cached) cached = this.nowCache[item.index] = nowState(item, this.now);
    return cached;
  };

  Page.prototype.tick = function () {
    this.now = Date.now();
    this.nowCache = {};
  };

  Page.prototype.apply = function (state, updateUrl) {
    var started = (this.win.performance || Date).now();
    state = state || this.read();
    var ctx = this.context(state);
    var seen = {}, shown = 0;
    // From the reader's first change on, listings off screen are laid out only when scrolled to
    // (navigator.css, .rn-filtered): showing 300 again after a filter costs ~35 ms instead of
    // ~220 ms on a phone-speed CPU (bench/filters.py). Not before: the page as loaded stays fully
    // drawn, which is what accessibility checkers and a first paint need.
    if (updateUrl && this.results) this.results.classList.add("rn-filtered");
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i];
      var ok = matches(item, state, ctx);
      if (item.el.hidden === ok) item.el.hidden = !ok;
      if (ok && !seen[item.id]) { seen[item.id] = true; shown++; }
    }
    this.sort(state, ctx);
    this.label(ctx);
    for (var s = 0; s < this.sections.length; s++) {
      var section = this.sections[s];
      var any = section.querySelector("[data-id]:not([hidden])") !== null;
      if (section.hidden === any) section.hidden = !any;
    }
    this.report(state, shown, ctx);
    if (updateUrl) this.saveUrl(state);
    this.lastApplyMs = (this.win.performance || Date).now() - started;
    return shown;
  };

  Page.prototype.url = function (state) {
    var loc = this.win.location;
    return loc.pathname + Sh.encode(state || this.read()) + loc.hash;
  };

  // Writing the address costs more than filtering (tens of ms on a slow phone), so it waits
  // until the reader pauses; sharing reads the state directly and never waits for it.
  Page.prototype.saveUrl = function (state) {
    var self = this, url = this.url(state);
    if (this.urlTimer) this.win.clearTimeout(this.urlTimer);
    this.urlTimer = this.win.setTimeout(function () {
      self.urlTimer = null;
      self.win.history.replaceState(null, "", url);
    }, 250);
  };

  // Reorders each list (cards of a kind, meetings of a day) by distance or by next start; the
  // DOM is touched only for lists whose order changes.
  Page.prototype.sort = function (state, ctx) {
    var key = state.sort === "dist" && ctx.origin ? "dist" : state.sort === "time" ? "time" : "";
    if (!key && !this.sorted) return;
    var self = this;
    if (!this.lists) {
      this.lists = [];
      this.items.forEach(function (item) {
        var list = item.el.parentNode, entry = null;
        for (var i = 0; i < self.lists.length; i++) if (self.lists[i].el === list) entry = self.lists[i];
        if (!entry) self.lists.push(entry = { el: list, items: [] });
        entry.items.push(item);
      });
    }
    this.items.forEach(function (item) {
      if (key === "dist") item.key = item.geo ? ctx.km(item) : item.att === "online" ? 1e9 : 1e10;
      else if (key === "time") {
        var now = self.nowOf(item);
        item.key = now.meeting ? (now.meeting.state === "in-progress" ? 0 : now.meeting.start || 1e15) : now.open ? 0 : 1e15;
      } else item.key = 0;
    });
    this.lists.forEach(function (list) {
      var before = list.items.slice();
      list.items.sort(function (a, b) { return (a.key - b.key) || (a.index - b.index); });
      for (var i = 0; i < before.length; i++) {
        if (before[i] !== list.items[i]) {
          var fragment = self.doc.createDocumentFragment();
          list.items.forEach(function (it) { fragment.appendChild(it.el); });
          list.el.appendChild(fragment);
          break;
        }
      }
    });
    this.sorted = !!key;
  };

  // Sets a listing's label (distance, "now", reader's time), creating its span on first use and
  // touching the DOM only when the text changes: this runs for every listing on every change.
  function setLabel(item, cls, text, state) {
    var key = "_" + cls;
    var span = item[key];
    if (!span) {
      if (!text) return;
      span = item[key] = item.el.ownerDocument.createElement("span");
      span.className = cls;
      var anchor = item.el.querySelector(".rn-meeting__meta, .rn-card__name");
      if (anchor && anchor.nextSibling) item.el.insertBefore(span, anchor.nextSibling);
      else item.el.appendChild(span);
    }
    if (span.textContent !== text) span.textContent = text;
    if (state !== undefined && span.getAttribute("data-state") !== state) span.setAttribute("data-state", state);
  }

  // Distances, "in progress" / "starts in" and the reader's own time, on every shown listing.
  Page.prototype.label = function (ctx) {
    var st = this.strings, zone = this.readerZone;
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i];
      if (item.el.hidden) continue;
      if (item.geo) {
        setLabel(item, "rn-dist", ctx.origin ? format(st.distance, {
          n: N.formatDistance(ctx.km(item), this.unit, this.locale) }) : "");
      }
      if (!item.slots.length) continue;
      var now = this.nowOf(item).meeting;
      setLabel(item, "rn-now", now.state === "in-progress" ? format(st.inProgress, { min: now.minutes }) :
        now.state === "soon" ? format(st.soon, { min: now.minutes }) : "", now.state || "");
      if (item.slots.length === 1 && now.start && zone && zone !== item.tz &&
          S.wall(now.start, zone) !== S.wall(now.start, item.tz)) {
        this.timeFormat = this.timeFormat || new Intl.DateTimeFormat(this.locale, {
          weekday: "short", hour: "numeric", minute: "2-digit" });
        setLabel(item, "rn-yourtime", format(st.yourTime, { time: this.timeFormat.format(new Date(now.start)) }));
      }
    }
  };

  Page.prototype.describe = function (filter) {
    if (filter.key === "q") return "“" + filter.value + "”";
    if (filter.key === "near") return this.placeLabel(filter.value);
    if (filter.key === "when") {
      var chip = this.panel.querySelector(".rn-chip[data-key=when][data-value='" + filter.value.replace(/'/g, "") + "']");
      return chip ? chip.textContent : filter.value;
    }
    if (filter.key === "type") {
      var box = this.form.querySelector("input[name=type][value='" + filter.value.replace(/'/g, "") + "']");
      return box ? box.labels[0].textContent : filter.value;
    }
    var el = this.form.elements[filter.key];
    if (!el) return filter.value;
    var label = el.labels && el.labels[0] ? el.labels[0].textContent : filter.key;
    if (el.tagName === "SELECT") return label + ": " + el.options[el.selectedIndex].textContent;
    return label;
  };

  Page.prototype.placeLabel = function (near) {
    var place = this.resolve(near);
    if (!place) return near;
    return place.kind === "location" ? this.strings.nearMe : format(this.strings.near, { place: place.label });
  };

  Page.prototype.report = function (state, shown, ctx) {
    var st = this.strings, doc = this.doc, self = this;
    var countEl = doc.getElementById("rn-f-count");
    // The page's language decides the plural (CLDR's categories, as the catalogue's forms were
    // picked for) and how numbers are written.
    this.plurals = this.plurals || new Intl.PluralRules(this.locale);
    var counts = st.count || {};
    var numbers = { shown: shown.toLocaleString(this.locale), total: this.total.toLocaleString(this.locale) };
    var text = shown === this.total && !active(state).length ? format(st.all, numbers) :
      format(counts[this.plurals.select(this.total)] || counts.other, numbers);
    if (countEl.textContent !== text) countEl.textContent = text;
    var placeEl = doc.getElementById("rn-f-place");
    var placeText = "";
    if (state.near) {
      var place = this.resolve(state.near);
      placeText = place ? this.placeLabel(state.near) :
        this.places || /^@/.test(state.near) ? format(st.unknownPlace, { text: state.near }) : "";
    }
    if (placeEl.textContent !== placeText) placeEl.textContent = placeText;
    this.summarise(state);
    var empty = doc.getElementById("rn-f-empty");
    empty.hidden = shown > 0;
    empty.textContent = "";
    if (shown > 0) return;
    var options = relaxations(this.items, state, function (s) { return self.context(s); });
    var p = doc.createElement("p");
    p.textContent = options.length ? st.relax : st.none;
    empty.appendChild(p);
    var list = doc.createElement("ul");
    options.forEach(function (r) {
      var li = doc.createElement("li");
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "rn-button rn-button--quiet";
      button.textContent = format(st.remove, { filter: self.describe(r), count: r.count });
      button.addEventListener("click", function () {
        self.write(without(self.read(), r));
        self.apply(null, true);
        self.doc.getElementById("rn-f-count").focus(); // the button is gone; keep the reader's place
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    var clear = doc.createElement("li");
    var all = doc.createElement("button");
    all.type = "button";
    all.className = "rn-button rn-button--quiet";
    all.textContent = st.clear;
    all.addEventListener("click", function () { self.clear(); self.doc.getElementById("rn-f-count").focus(); });
    clear.appendChild(all);
    list.appendChild(clear);
    empty.appendChild(list);
  };

  // The sheet's summary names what is on (it stays readable when the sheet is closed), and the
  // quick choices show which one is pressed.
  Page.prototype.summarise = function (state) {
    var self = this, st = this.strings;
    var on = active(state).filter(function (f) { return f.key !== "q" && f.key !== "near" && f.key !== "when"; });
    if (state.r && state.near) on.push({ key: "r", value: state.r });
    var text = on.length ? on.map(function (f) { return self.describe(f); }).join(", ") : st.noFilters;
    var summary = this.doc.getElementById("rn-f-summary");
    if (summary && summary.textContent !== text) summary.textContent = text;
    Array.prototype.forEach.call(this.panel.querySelectorAll(".rn-chip"), function (chip) {
      var pressed = String(state[chip.getAttribute("data-key")] === chip.getAttribute("data-value"));
      if (chip.getAttribute("aria-pressed") !== pressed) chip.setAttribute("aria-pressed", pressed);
    });
  };

  // After a quick choice or "Show results": the count (read out by its live region) takes the
  // focus, and the first results come into view under it.
  Page.prototype.showResults = function () {
    var sheet = this.doc.getElementById("rn-f-sheet");
    if (sheet && !this.wide()) sheet.open = false;
    var count = this.doc.getElementById("rn-f-count");
    count.focus({ preventScroll: true });
    count.scrollIntoView({ block: "start" });
  };

  Page.prototype.wide = function () {
    return !!(this.win.matchMedia && this.win.matchMedia("(min-width: 60em)").matches);
  };

  // A place without a distance gets a sensible one (and nearest first), until the reader
  // chooses otherwise.
  Page.prototype.placeDefaults = function () {
    var r = this.control("r"), sort = this.control("sort");
    if (r && !r.value && !this.radiusChosen && this.read().near) r.value = r.getAttribute("data-default") || "";
    if (sort && !sort.value && !this.sortChosen && this.read().near) sort.value = "dist";
  };

  Page.prototype.clear = function () {
    this.write({});
    this.apply({ type: [] }, true);
  };

  Page.prototype.locate = function () {
    var self = this, st = this.strings, placeEl = this.doc.getElementById("rn-f-place");
    var geo = this.win.navigator.geolocation;
    if (!geo) { placeEl.textContent = st.noLocation; return; }
    placeEl.textContent = st.locating;
    geo.getCurrentPosition(function (pos) {
      var near = self.control("near");
      near.value = N.roundedLocation(pos.coords.latitude, pos.coords.longitude);
      self.placeDefaults();
      self.apply(null, true);
    }, function () { placeEl.textContent = st.noLocation; }, { maximumAge: 600000, timeout: 15000 });
  };

  Page.prototype.loadPlaces = function () {
    var self = this, url = this.panel.getAttribute("data-places");
    if (!url || typeof fetch === "undefined") return;
    fetch(url, { credentials: "omit" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      self.places = data;
      if (self.read().near) self.apply(null, false);
    }, function () { /* offline before the list arrived: near-me by location still works */ });
  };

  Page.prototype.start = function () {
    var self = this, win = this.win;
    this.tick();
    // What the reader typed or chose while the page was still loading counts, where the
    // address does not say otherwise.
    var fromUrl = Sh.decode(win.location.search), state = keepEarly(fromUrl, this.read());
    var early = Sh.encode(state) !== Sh.encode(fromUrl);
    this.write(state);
    if (state.near && !fromUrl.near) { this.placeDefaults(); state = this.read(); }
    var more = this.doc.getElementById("rn-f-more");
    var inMore = ["prog", "day", "tod", "att", "pop", "acc", "walk", "new", "now"];
    if (more && (inMore.some(function (k) { return state[k]; }) || (state.type || []).length)) more.open = true;
    var sheet = this.doc.getElementById("rn-f-sheet");
    if (sheet && this.wide()) sheet.open = true;  // a phone keeps it shut: the results come first
    this.panel.hidden = false;
    Array.prototype.forEach.call(this.panel.querySelectorAll(".rn-chip"), function (chip) {
      chip.addEventListener("click", function () {
        var control = self.control(chip.getAttribute("data-key")), value = chip.getAttribute("data-value");
        control.value = control.value === value ? "" : value;
        self.apply(null, true);
        self.showResults();
      });
    });
    var show = this.doc.getElementById("rn-f-show");
    if (show) show.addEventListener("click", function () { self.showResults(); });
    if (this.control("r")) this.control("r").addEventListener("change", function () { self.radiusChosen = true; });
    if (this.control("sort")) this.control("sort").addEventListener("change", function () { self.sortChosen = true; });
    this.form.addEventListener("submit", function (e) { e.preventDefault(); self.placeDefaults(); self.apply(null, true); self.showResults(); });
    this.form.addEventListener("change", function (e) {
      if (e.target.name === "near") self.placeDefaults();
      self.apply(null, true);
    });
    this.form.addEventListener("input", function (e) {
      var zip = e.target.name === "near" && /^\d{5}$/.test(e.target.value.trim());
      if (zip) self.placeDefaults();
      if (e.target.name === "q" || zip) self.apply(null, true);
    });
    var locate = this.doc.getElementById("rn-f-locate");
    if (locate) locate.addEventListener("click", function () { self.locate(); });
    this.doc.getElementById("rn-f-clear").addEventListener("click", function () { self.clear(); });
    var shareButton = this.doc.getElementById("rn-f-share");
    shareButton.addEventListener("click", function () {
      var st = self.strings;
      Sh.share(new URL(self.url(), win.location.href).href, shareButton.getAttribute("data-share-title") || self.doc.title,
               self.doc.getElementById("rn-f-status"), { copied: st.copied, failed: st.copyFailed, shared: st.shared });
    });
    // The buttons only this script can work are off in the HTML, so a tap before it ran is
    // not silently lost (navigator.css dims them meanwhile).
    Array.prototype.forEach.call(this.form.querySelectorAll("button[disabled]"), function (b) { b.disabled = false; });
    this.apply(state, early);
    this.loadPlaces();
    win.setInterval(function () { self.tick(); self.apply(null, false); }, 60000);
  };

  function init(doc, win) {
    if (!doc.getElementById("rn-find") || !doc.getElementById("rn-results")) return null;
    var page = new Page(doc, win);
    page.start();
    return page;
  }

  var api = { parseItem: parseItem, readItem: readItem, matches: matches, count: count,
              relaxations: relaxations, active: active, without: without, keepEarly: keepEarly, nowState: nowState,
              fitsWhen: fitsWhen, format: format, init: init };
  if (typeof document !== "undefined" && typeof window !== "undefined") {
    var go = function () { api.page = init(document, window); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go);
    else go();
  }
  return api;
});
