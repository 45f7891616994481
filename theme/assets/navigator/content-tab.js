// Material 9.8's tab opener (partials/javascripts/content.html), as a cached file instead of a
// copy in every page; the same code.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
