// The "Crisis help" button is for when the crisis bar has scrolled away: while the bar is on
// screen the button is hidden, so it never covers the page for nothing. Without this script
// the button simply stays on screen.
(function () {
  "use strict";
  var bar = document.getElementById("rn-crisis");
  var jump = document.querySelector(".rn-crisis__jump");
  if (!bar || !jump || typeof IntersectionObserver === "undefined") return;
  new IntersectionObserver(function (entries) {
    jump.hidden = entries[entries.length - 1].isIntersecting;
  }).observe(bar);
  jump.addEventListener("click", function () {
    // The bar takes the focus, so the next Tab reaches its first number.
    window.setTimeout(function () { bar.focus({ preventScroll: true }); }, 0);
  });
})();
