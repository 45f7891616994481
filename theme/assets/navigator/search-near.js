// On the search page: offer to carry the words typed into the find page's filters, and, when
// they are a ZIP code or a town in the directory's area, to sort listings by distance from it.
(function () {
  "use strict";
  var box = document.getElementById("rn-search");
  var hint = document.getElementById("rn-search-find");
  if (!box || !hint || typeof RNNear === "undefined") return;
  var findUrl = hint.getAttribute("data-find");
  var places = null, loading = false;

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function update(value) {
    value = value.trim();
    hint.textContent = "";
    hint.hidden = !value;
    if (!value) return;
    if (!places && !loading && /[a-z]{3}/i.test(value)) load();
    var place = /^\d{5}(-\d{4})?$/.test(value) ? { label: value.slice(0, 5) } : RNNear.findPlace(value, places);
    if (place) {
      hint.appendChild(link(findUrl + "?near=" + encodeURIComponent(value) + "&sort=dist",
        hint.getAttribute("data-near").replace("{place}", place.label)));
      hint.appendChild(document.createTextNode(" · "));
    }
    hint.appendChild(link(findUrl + "?q=" + encodeURIComponent(value),
      hint.getAttribute("data-filter").replace("{text}", value)));
  }

  function load() {
    loading = true;
    fetch(hint.getAttribute("data-places"), { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { places = data; var input = box.querySelector("input"); if (input) update(input.value); },
            function () { /* offline: ZIP codes still work */ });
  }

  box.addEventListener("input", function (e) { if (e.target.tagName === "INPUT") update(e.target.value); });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) update(q);
})();
