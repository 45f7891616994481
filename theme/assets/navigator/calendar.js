// "Add to calendar" on a meeting's page. The link is the calendar of the meeting's region, which
// is what a reader without scripts gets; with scripts, the meeting's own events are cut out of
// that calendar (with the time zones they use) into a file of their own, saved from memory.
// The region's file is written by the build (exporters/ics.py), so every line here is already
// valid iCalendar; nothing is rewritten, only chosen.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.RNCalendar = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  function unfold(text) { return text.replace(/\r\n[ \t]/g, ""); }

  function blocks(text, name) {
    return text.match(new RegExp("BEGIN:" + name + "\\r\\n[\\s\\S]*?END:" + name + "\\r\\n", "g")) || [];
  }

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // The calendar's own lines (before its first component), without the region's name.
  function head(text) {
    var end = text.search(/\r\nBEGIN:(?!VCALENDAR)/);
    var lines = text.slice(0, end + 2).split("\r\n");
    var kept = [], skipping = false;
    lines.forEach(function (line) {
      if (/^[ \t]/.test(line)) { if (!skipping) kept.push(line); return; }
      skipping = /^X-WR-CALNAME[:;]/.test(line);
      if (!skipping) kept.push(line);
    });
    return kept.join("\r\n");
  }

  // A calendar of one meeting's events (UIDs "<id>-<n>@host"), or null if it has none here.
  function single(text, id) {
    var uid = new RegExp("\\r\\nUID:" + escapeRegExp(id) + "-\\d+@");
    var events = blocks(text, "VEVENT").filter(function (e) { return uid.test(unfold(e)); });
    if (!events.length || text.indexOf("BEGIN:VCALENDAR\r\n") !== 0) return null;
    var used = unfold(events.join(""));
    var zones = blocks(text, "VTIMEZONE").filter(function (z) {
      var tzid = /\r\nTZID:([^\r\n]*)/.exec(unfold(z));
      return tzid && used.indexOf(";TZID=" + tzid[1] + ":") >= 0;
    });
    return head(text) + zones.join("") + events.join("") + "END:VCALENDAR\r\n";
  }

  function save(link) {
    var id = link.getAttribute("data-rn-calendar");
    fetch(link.href, { credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (text) {
      var ics = single(text, id);
      if (!ics) throw new Error("not in the region's calendar");
      var url = URL.createObjectURL(new Blob([ics], { type: "text/calendar" }));
      var a = document.createElement("a");
      a.href = url;
      a.download = id + ".ics";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    }).catch(function () {
      window.location.href = link.href; // the whole region's calendar is still the meeting's
    });
  }

  if (typeof document !== "undefined") {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-rn-calendar]");
      if (!link || typeof fetch === "undefined" || typeof Blob === "undefined") return;
      event.preventDefault();
      save(link);
    });
  }
  return { single: single };
});
