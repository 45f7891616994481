// Distances and place lookup for "near me". The distance is geopy's great circle (the formula
// generator/geo.py uses), so the browser and the build agree. Places come from the site's own
// places.json (ZIP code and town centroids): nothing is asked of another host.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.RNNear = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  var RADIUS_KM = 6371.009; // geopy.distance.EARTH_RADIUS
  var KM_PER_MILE = 1.609344;

  function rad(deg) { return deg * Math.PI / 180; }

  function distanceKm(a, b) {
    var lat1 = rad(a[0]), lat2 = rad(b[0]), dLng = rad(b[1]) - rad(a[1]);
    var sin1 = Math.sin(lat1), cos1 = Math.cos(lat1), sin2 = Math.sin(lat2), cos2 = Math.cos(lat2);
    var cosD = Math.cos(dLng), sinD = Math.sin(dLng);
    var d = Math.atan2(Math.sqrt(Math.pow(cos2 * sinD, 2) + Math.pow(cos1 * sin2 - sin1 * cos2 * cosD, 2)),
                       sin1 * sin2 + cos1 * cos2 * cosD);
    return RADIUS_KM * d;
  }

  function toUnit(km, unit) { return unit === "mi" ? km / KM_PER_MILE : km; }
  function fromUnit(n, unit) { return unit === "mi" ? n * KM_PER_MILE : n; }

  var numberFormats = {};

  function formatDistance(km, unit, locale) {
    var n = toUnit(km, unit);
    var digits = n < 10 ? 1 : 0;
    var key = (locale || "") + digits;
    var nf = numberFormats[key] || (numberFormats[key] = new Intl.NumberFormat(locale || undefined, {
      maximumFractionDigits: digits, minimumFractionDigits: digits }));
    return nf.format(n);
  }

  function normalise(text) {
    return String(text || "").toLowerCase().replace(/[.,;:()'"]/g, " ").replace(/\s+/g, " ").trim();
  }

  // "@39.96,-83.00" (a shared location), a ZIP code, "town st" or a town name alone.
  // Returns {point: [lat, lon], label, kind} or null.
  function findPlace(text, places) {
    var raw = String(text || "").trim();
    var at = /^@(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/.exec(raw);
    if (at) return { point: [+at[1], +at[2]], label: null, kind: "location" };
    if (!places) return null;
    var zip = /^(\d{5})(?:-\d{4})?$/.exec(raw);
    if (zip) {
      var z = places.z && places.z[zip[1]];
      return z ? { point: [z[0], z[1]], label: zip[1], kind: "zip" } : null;
    }
    var key = normalise(raw);
    if (!key) return null;
    var towns = places.t || {};
    var hit = towns[key];
    if (!hit) {
      // A town name without its state: the match with that name (the first, alphabetically by state).
      var keys = Object.keys(towns).sort();
      for (var i = 0; i < keys.length; i++) {
        if (keys[i].slice(0, keys[i].lastIndexOf(" ")) === key) { hit = towns[keys[i]]; break; }
      }
    }
    return hit ? { point: [hit[0], hit[1]], label: hit[2], kind: "town" } : null;
  }

  // Whether ``text`` looks like a place someone typed into a search box (for the search page).
  function looksLikePlace(text, places) {
    var raw = String(text || "").trim();
    if (/^\d{5}(-\d{4})?$/.test(raw)) return true;
    return !!(places && findPlace(raw, places));
  }

  function roundedLocation(lat, lon) {
    // Two decimals (about a kilometre): enough to sort by distance, vague enough to share.
    return "@" + lat.toFixed(2) + "," + lon.toFixed(2);
  }

  return { distanceKm: distanceKm, formatDistance: formatDistance, findPlace: findPlace,
           looksLikePlace: looksLikePlace, roundedLocation: roundedLocation, toUnit: toUnit,
           fromUnit: fromUnit, normalise: normalise };
});
