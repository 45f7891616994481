// Behaviour every page shares: the crisis button and the navigation drawer on a phone.
(function () {
  "use strict";

  // The "Crisis help" button is for when the crisis bar has scrolled away: while the bar is on
  // screen the button is hidden, so it never covers the page for nothing. Without this script
  // the button simply stays on screen.
  var bar = document.getElementById("rn-crisis");
  var jump = document.querySelector(".rn-crisis__jump");
  if (bar && jump && typeof IntersectionObserver !== "undefined") {
    new IntersectionObserver(function (entries) {
      jump.hidden = entries[entries.length - 1].isIntersecting;
    }).observe(bar);
    jump.addEventListener("click", function () {
      // The bar takes the focus, so the next Tab reaches its first number.
      window.setTimeout(function () { bar.focus({ preventScroll: true }); }, 0);
    });
  }

  // Material's menu button is a <label> for a hidden checkbox, which Tab never reaches and which
  // may not take the role of a button. With scripts, a real button takes its place (the label
  // stays for pages without scripts), and the drawer's first link takes the focus on opening.
  // (navigator.css keeps the closed drawer's links out of the Tab order.)
  var toggle = document.getElementById("__drawer");
  var label = document.querySelector(".md-header label[for='__drawer']");
  var nav = document.querySelector(".md-nav--primary");
  if (!toggle || !label || !nav) return;
  var menu = document.createElement("button");
  menu.type = "button";
  menu.className = label.className + " rn-menu";
  menu.innerHTML = label.innerHTML; // Material's own icon (an inline SVG)
  menu.setAttribute("aria-label", nav.getAttribute("aria-label") || "Navigation");
  menu.setAttribute("aria-expanded", String(toggle.checked));
  label.parentNode.insertBefore(menu, label);
  label.hidden = true;
  toggle.addEventListener("change", function () { menu.setAttribute("aria-expanded", String(toggle.checked)); });
  menu.addEventListener("click", function () {
    toggle.click();
    var first = nav.querySelector("a[href]");
    if (toggle.checked && first) window.setTimeout(function () { first.focus(); }, 0);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) { toggle.click(); menu.focus(); }
  });
})();
