// Starts Pagefind's search UI on the search page; a ?q= in the address runs that search,
// so a search can be shared as a link. Everything is served from this site.
(function () {
  "use strict";
  var el = document.getElementById("rn-search");
  if (!el || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#rn-search",
    bundlePath: el.getAttribute("data-bundle"),
    showImages: false,
    showSubResults: false,
    resetStyles: false
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
