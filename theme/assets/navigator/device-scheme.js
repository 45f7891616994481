// A listing's own page has no colour-scheme switch (theme/navigator-listing.html). When the
// reader has not chosen a scheme elsewhere on the site (palette.js applied that choice), the
// page follows the device, as Material's switch does on a first visit: the tag's data-scheme
// holds the palette's other option as "media|scheme|primary|accent".
(function (tag) {
  var stored = typeof __md_get === "function" && __md_get("__palette");
  if (stored && stored.color) return;
  var option = (tag.getAttribute("data-scheme") || "").split("|");
  if (option.length !== 4 || !window.matchMedia(option[0]).matches) return;
  document.body.setAttribute("data-md-color-scheme", option[1]);
  document.body.setAttribute("data-md-color-primary", option[2]);
  document.body.setAttribute("data-md-color-accent", option[3]);
})(document.currentScript);
