// Starts Pagefind's search UI on the search page; a ?q= in the address runs that search,
// so a search can be shared as a link. Everything is served from this site.
//
// A large directory's listings are searched one area (state) at a time, each area from a
// bundle of its own under pagefind/in/<area>/ (generator/search.py): the page then offers a
// choice of area, kept in the address as ?in=<area>, and without one it searches the main
// bundle (regions and hand-written pages).
(function () {
  "use strict";
  var el = document.getElementById("rn-search");
  if (!el || typeof PagefindUI === "undefined") return;
  // As a path from the host's root: Pagefind resolves a relative bundle path its own way, which
  // missed the bundle from a page two folders down (es/search/) on a site under a path.
  var main = new URL(el.getAttribute("data-bundle"), window.location.href).pathname;
  // The site's root: the main bundle lives in <root>pagefind/.
  var site = new URL(main + "../", window.location.href);
  var choice = document.getElementById("rn-search-in");

  // Regions are indexed from short documents that name their page's address, relative to the
  // site's root, in the result's metadata; a region's listings are headings inside it, each
  // heading's id its listing's address (generator/search.py). Only addresses on this site are
  // kept; anything else falls back to Pagefind's own address.
  function local(address) {
    var target = new URL(address, site);
    return target.origin === site.origin ? target.pathname : null;
  }

  function weight(sub) {
    var sum = 0;
    (sub.weighted_locations || []).forEach(function (w) { sum += w.balanced_score || 0; });
    return sum;
  }

  // How many different words of the document matched in this part. Pagefind finds a document
  // that has every word somewhere in it, so in a region's document the words of "Harbor House
  // Medicaid" may be spread over three listings: the listing with most of them leads, whatever
  // one word's weight. Locations count the words of the text as Pagefind splits it.
  function distinct(sub, words) {
    var seen = {};
    var count = 0;
    (sub.locations || []).forEach(function (at) {
      var word = (words[at] || "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
      if (word && !seen[word]) { seen[word] = true; count += 1; }
    });
    return count;
  }

  // A result is a region's document; the part that matched best leads it (a listing: its
  // name, its page and its excerpt) and the other matching listings follow as sub-results,
  // each linking to its own page. Pagefind's interface leaves out a first sub-result whose
  // address is the result's own, so the leading part goes first. Hand-written pages (no
  // address in their metadata) keep Pagefind's result and its headings' sub-results.
  function processResult(result) {
    var meta = result.meta || {};
    if (!meta.url) return result;
    var own = local(meta.url);
    if (own) meta.url = own; else delete meta.url;
    var words = (result.raw_content || result.content || "").split(/[\r\n\s]+/g);
    var subs = (result.sub_results || []).map(function (sub, i) {
      var page = sub.anchor ? local(sub.anchor.id || "") : meta.url;
      if (!page) return null;
      sub.url = page;
      return { sub: sub, words: distinct(sub, words), score: weight(sub), at: i };
    }).filter(Boolean);
    subs.sort(function (a, b) { return b.words - a.words || b.score - a.score || a.at - b.at; });
    if (subs.length) {
      var best = subs[0].sub;
      if (best.anchor) {
        meta.title = best.title;
        meta.url = best.url;
        result.excerpt = best.excerpt;
      }
      var rest = subs.slice(1).sort(function (a, b) { return a.at - b.at; });
      result.sub_results = [best].concat(rest.map(function (s) { return s.sub; }));
    } else {
      result.sub_results = [];
    }
    return result;
  }

  // One interface per area, each in a box of its own inside #rn-search, made when the area is
  // first chosen and kept: destroying one would end its search worker while results are still
  // loading (Pagefind then logs "worker terminated"), and coming back to an area is instant.
  var made = {};
  var shown = null;

  function show(area) {
    var key = area || "";
    if (!made[key]) {
      var holder = document.createElement("div");
      el.appendChild(holder);
      made[key] = {
        holder: holder,
        ui: new PagefindUI({
          element: holder,
          bundlePath: area ? main + "in/" + encodeURIComponent(area) + "/" : main,
          showImages: false,
          showSubResults: true,
          resetStyles: false,
          processResult: processResult
        })
      };
    }
    for (var other in made) made[other].holder.hidden = other !== key;
    shown = made[key];
    return shown;
  }

  function typed() {
    var input = shown && shown.holder.querySelector("input");
    return input ? input.value : "";
  }

  var params = new URLSearchParams(window.location.search);
  var area = "";
  if (choice) {
    var wanted = params.get("in") || "";
    // Only an area the page offers: anything else in the address searches the main bundle.
    for (var i = 0; i < choice.options.length; i++) {
      if (choice.options[i].value === wanted) area = wanted;
    }
    choice.value = area;
  }
  var q = params.get("q");
  show(area);
  if (q) shown.ui.triggerSearch(q);

  if (choice) {
    choice.addEventListener("change", function () {
      var words = typed();
      area = choice.value;
      show(area);
      if (words) shown.ui.triggerSearch(words);
      var next = new URLSearchParams(window.location.search);
      if (area) next.set("in", area); else next.delete("in");
      if (words) next.set("q", words);
      var query = next.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    });
  }
})();
