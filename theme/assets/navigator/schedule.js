// When meetings happen and services are open, in their own time zone: the browser's copy of
// generator/schedule.py, tested against the same cases (tests/find/cases/schedule.json).
// Local dates are handled as "wall clock as if UTC" millisecond counts; instants as real ones.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.RNSchedule = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  var MINUTE = 60000, DAY = 86400000, SOON = 60, LOOK_AHEAD_DAYS = 70, DEFAULT_LENGTH = 60;
  var formatters = {};

  function formatter(tz) {
    if (!formatters[tz]) {
      formatters[tz] = new Intl.DateTimeFormat("en-US", {
        timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric"
      });
    }
    return formatters[tz];
  }

  var QUARTER = 15 * MINUTE, offsets = {};

  function rawOffset(ms, tz) {
    var v = {};
    formatter(tz).formatToParts(new Date(ms)).forEach(function (p) { v[p.type] = p.value; });
    return Date.UTC(+v.year, +v.month - 1, +v.day, +v.hour % 24, +v.minute, +v.second) - ms;
  }

  // The zone's offset at instant ``ms``. Zone changes fall on quarter hours, so one lookup per
  // quarter hour is exact, and cached: Intl formatting is the slow part of filtering by time.
  function offset(ms, tz) {
    var bucket = Math.floor(ms / QUARTER);
    var cache = offsets[tz] || (offsets[tz] = {});
    var value = cache[bucket];
    if (value === undefined) value = cache[bucket] = rawOffset(bucket * QUARTER, tz);
    return value;
  }

  // The wall clock in ``tz`` at instant ``ms``, as a UTC millisecond count.
  function wall(ms, tz) { return ms + offset(ms, tz); }

  // The instant of wall-clock ``localMs`` in ``tz``. Times a DST change skips or repeats use
  // the offset in force before the change, as Python's fold=0 does.
  function instant(localMs, tz) {
    var before = offset(localMs - DAY, tz);
    var t = localMs - before;
    if (offset(t, tz) === before) return t;
    var after = offset(localMs + DAY, tz);
    var t2 = localMs - after;
    return offset(t2, tz) === after ? t2 : t;
  }

  function minutes(hhmm) {
    var p = hhmm.split(":");
    return +p[0] * 60 + +p[1];
  }

  function dayOf(localMs) { return localMs - (((localMs % DAY) + DAY) % DAY); }
  function isoDay(localDay) { return new Date(localDay).toISOString().slice(0, 10); }

  function inWeek(localDay, weeks) {
    if (!weeks || !weeks.length) return true;
    var d = new Date(localDay);
    var date = d.getUTCDate();
    var nth = Math.floor((date - 1) / 7) + 1;
    var length = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    var last = date + 7 > length;
    return weeks.some(function (w) { return w === String(nth) || (w === "last" && last); });
  }

  function occurs(slot, localDay, validFrom, validTo) {
    if (new Date(localDay).getUTCDay() !== slot.day || !inWeek(localDay, slot.weeks)) return false;
    var iso = isoDay(localDay);
    return !((validFrom && iso < validFrom) || (validTo && iso > validTo));
  }

  function occurrence(slot, localDay, tz) {
    var start = instant(localDay + slot.start * MINUTE, tz);
    if (slot.end === null) return { start: start, end: start + DEFAULT_LENGTH * MINUTE };
    var endDay = slot.end <= slot.start ? localDay + DAY : localDay;
    return { start: start, end: instant(endDay + slot.end * MINUTE, tz) };
  }

  // "1|12:00||1,last;2|19:30|20:30|" -> slots (Sunday = 0).
  function parseSlots(text) {
    if (!text) return [];
    return text.split(";").map(function (part) {
      var f = part.split("|");
      return { day: +f[0], start: minutes(f[1]), end: f[2] ? minutes(f[2]) : null,
               weeks: f[3] ? f[3].split(",") : [] };
    });
  }

  // "1,2,3|08:00|17:00;6|10:00|14:00" -> [{days, open, close}]; "always" -> "always".
  function parseHours(text) {
    if (!text) return [];
    if (text === "always") return "always";
    return text.split(";").map(function (part) {
      var f = part.split("|");
      return { days: f[0].split(",").map(Number), open: minutes(f[1]), close: minutes(f[2]) };
    });
  }

  // {state: "in-progress" | "soon" | null, start, end, minutes} for ``nowMs``.
  function meetingNow(slots, tz, nowMs, validFrom, validTo) {
    var today = dayOf(wall(nowMs, tz));
    for (var i = -1; i < LOOK_AHEAD_DAYS; i++) {
      var day = today + i * DAY;
      var found = [];
      for (var j = 0; j < slots.length; j++) {
        if (occurs(slots[j], day, validFrom, validTo)) found.push(occurrence(slots[j], day, tz));
      }
      found.sort(function (a, b) { return a.start - b.start; });
      for (var k = 0; k < found.length; k++) {
        var occ = found[k];
        if (occ.end <= nowMs) continue;
        if (occ.start <= nowMs) {
          return { state: "in-progress", start: occ.start, end: occ.end, minutes: Math.ceil((occ.end - nowMs) / MINUTE) };
        }
        var wait = Math.ceil((occ.start - nowMs) / MINUTE);
        return { state: wait <= SOON ? "soon" : null, start: occ.start, end: occ.end, minutes: wait };
      }
    }
    return { state: null, start: null, end: null, minutes: null };
  }

  // true / false, or null when no hours are known.
  function openNow(hours, tz, nowMs) {
    if (hours === "always") return true;
    if (!hours || !hours.length) return null;
    var today = dayOf(wall(nowMs, tz));
    for (var b = 0; b < hours.length; b++) {
      var block = hours[b];
      for (var i = -1; i <= 0; i++) {
        var day = today + i * DAY;
        if (block.days.indexOf(new Date(day).getUTCDay()) < 0) continue;
        var opens = instant(day + block.open * MINUTE, tz);
        var closeDay = block.close <= block.open ? day + DAY : day;
        var closes = instant(closeDay + block.close * MINUTE, tz);
        if (opens <= nowMs && nowMs < closes) return true;
      }
    }
    return false;
  }

  // ``table``: {name: [from, to)} in minutes, as the page's data-times-of-day gives it
  // (generator/schedule.py TIMES_OF_DAY); ``to`` at or before ``from`` wraps past midnight.
  function timeOfDay(startMinutes, table) {
    for (var name in table) {
      var r = table[name];
      if (r[0] < r[1] ? (startMinutes >= r[0] && startMinutes < r[1]) : (startMinutes >= r[0] || startMinutes < r[1])) return name;
    }
    return null;
  }

  // Sunday = 0 ... of the wall-clock day in ``tz`` at ``nowMs`` (for "today").
  function weekday(nowMs, tz) { return new Date(wall(nowMs, tz)).getUTCDay(); }

  return { parseSlots: parseSlots, parseHours: parseHours, meetingNow: meetingNow, openNow: openNow,
           timeOfDay: timeOfDay, weekday: weekday, instant: instant, wall: wall, minutes: minutes,
           inWeek: inWeek };
});
