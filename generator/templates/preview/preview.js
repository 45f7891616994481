// The live preview's reload: the page asks the preview server (MkDocs' /livereload/ address)
// whether a newer build is ready, and reloads when one is. MkDocs' own reload script is inline,
// which the site's Content-Security-Policy blocks; this file comes from the site itself.
(function () {
  "use strict";
  var script = document.currentScript;
  var epoch = Number(script.getAttribute("data-epoch"));
  var id = Date.now();
  var request = null;
  var timer = null;

  function poll() {
    if (request) {
      return;
    }
    request = new XMLHttpRequest();
    request.onloadend = function () {
      var ok = this.status === 200;
      var newest = parseFloat(this.responseText);
      request = null;
      if (ok && newest > epoch) {
        location.reload();
      } else if (document.visibilityState === "visible") {
        timer = setTimeout(poll, ok ? 0 : 3000);
      }
    };
    request.open("GET", "/livereload/" + epoch + "/" + id);
    request.send();
  }

  function stop() {
    if (request) {
      request.abort();
      request = null;
    }
    clearTimeout(timer);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      poll();
    } else {
      stop();
    }
  });
  window.addEventListener("beforeunload", stop);
  if (document.visibilityState === "visible") {
    poll();
  }
})();
