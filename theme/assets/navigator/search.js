// Starts Pagefind's search UI on the search page; a ?q= in the address runs that search,
// so a search can be shared as a link. Everything is served from this site.
(function () {
  "use strict";
  var el = document.getElementById("rn-search");
  if (!el || typeof PagefindUI === "undefined") return;
  // The site's root: the bundle lives in <root>pagefind/.
  var site = new URL(el.getAttribute("data-bundle") + "../", window.location.href);

  // Listings and regions are indexed from short documents that name their page's address,
  // relative to the site's root, in the result's metadata (generator/search.py). Only
  // addresses on this site are kept; anything else falls back to Pagefind's own address.
  function processResult(result) {
    var meta = result.meta || {};
    if (meta.url) {
      var target = new URL(meta.url, site);
      if (target.origin === site.origin) meta.url = target.pathname;
      else delete meta.url;
    }
    return result;
  }

  var ui = new PagefindUI({
    element: "#rn-search",
    bundlePath: el.getAttribute("data-bundle"),
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    processResult: processResult
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
