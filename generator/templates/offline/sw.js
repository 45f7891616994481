// Recovery Navigator's service worker (copied into sw.js by generator/offline.py, after the
// line that sets MANIFEST: this build's version, the network timeout and, for each language of
// the site (the default first), its folder, its offline page and its precache list).
//
// Every cache is named for the build it holds ("rn-<version>-..."), and a file is stored only
// when its SHA-256 starts with this build's manifest digest, so the caches never hold two builds' files;
// a new worker fills its own caches (copying unchanged files from the old ones instead of
// downloading them again), takes over, and deletes the old caches.
//
// A reader keeps the shell (offline page, home, list, guides) of each language they read in:
// the languages of the site's open tabs when the worker installs, those whose shell an older
// build kept, and any other as soon as a page in it opens (offline.js asks).
"use strict";

var PREFIX = "rn-";
var OWN = PREFIX + MANIFEST.version + "-";
var SHELL = OWN + "shell-"; // + a language's code
var VISITED = OWN + "visited";
var REGION = OWN + "region-";
var MAX_VISITED = 300; // pages and files kept as visited, oldest dropped first
var HASH_HEADER = "X-RN-SHA256";
var SCOPE = self.registration.scope;

var LANGUAGES = MANIFEST.languages;

function abs(url) { return new URL(url, SCOPE).href; }

// The language whose folder holds this address (the default one's folder is the root).
function languageOf(url) {
  var found = LANGUAGES[0];
  LANGUAGES.forEach(function (language) {
    if (language.prefix && url.indexOf(abs(language.prefix)) === 0) found = language;
  });
  return found;
}

// A saved region's key is its language's folder and its id ("es/philadelphia"; "ohio" in the
// default language); its manifest is in that folder's offline/regions/. Null for anything else.
function manifestUrl(key) {
  var cut = String(key).lastIndexOf("/") + 1, prefix = String(key).slice(0, cut), id = String(key).slice(cut);
  var known = LANGUAGES.some(function (language) { return language.prefix === prefix; });
  if (!known || !/^[a-z0-9][a-z0-9-]*$/.test(id)) return null;
  return abs(prefix + "offline/regions/" + id + ".json");
}

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
    return ("0" + b.toString(16)).slice(-2);
  }).join("");
}

// ------------------------------------------------------------ storing this build's files
// One file into `cache`: from any cache that holds the same bytes, else from the network.
// A file is [address, bytes, digest], the digest being the start of its SHA-256 in hex; a
// downloaded file whose digest is not the manifest's belongs to another build: refused.
function store(cache, file) {
  var url = abs(file[0]), want = String(file[2]);
  return caches.match(url).then(function (old) {
    if (old && old.headers.get(HASH_HEADER) === want) return cache.put(url, old);
    return fetch(url, { cache: "no-cache", credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status + " for " + url);
      return response.arrayBuffer().then(function (body) {
        return crypto.subtle.digest("SHA-256", body).then(function (digest) {
          if (want.length < 16 || hex(digest).slice(0, want.length) !== want) {
            throw new Error("version: " + url + " is from another build");
          }
          var headers = new Headers(response.headers);
          headers.set(HASH_HEADER, want);
          return cache.put(url, new Response(body, { status: 200, headers: headers }));
        });
      });
    });
  });
}

// Files in parallel, a few at a time (a weak connection does no better with more).
function storeAll(cache, files, onProgress) {
  var next = 0, done = 0;
  function worker() {
    if (next >= files.length) return Promise.resolve();
    var file = files[next++];
    return store(cache, file).then(function () {
      done += 1;
      if (onProgress) onProgress(done, files.length);
      return worker();
    });
  }
  var lanes = [];
  for (var i = 0; i < 4; i++) lanes.push(worker());
  return Promise.all(lanes);
}

// One language's shell into its own cache; a cache left half filled is dropped.
function storeShell(language) {
  var name = SHELL + language.code;
  return caches.open(name).then(function (cache) {
    return storeAll(cache, language.precache);
  }).catch(function (error) {
    return caches.delete(name).then(function () { throw error; });
  });
}

// What caches of one kind ("shell", "region") are kept for, under any build: the part of
// their names after "rn-<version>-<kind>-", as a set.
function cachedFor(names, kind) {
  var found = {}, pattern = new RegExp("^rn-[0-9a-f]+-" + kind + "-(.+)$");
  names.forEach(function (name) {
    var m = pattern.exec(name);
    if (m) found[m[1]] = true;
  });
  return found;
}

// The languages to keep at install: of the site's open tabs, and of older builds' shells.
function languagesInUse(names) {
  var codes = cachedFor(names, "shell");
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (tabs) {
    tabs.forEach(function (tab) {
      if (tab.url.indexOf(SCOPE) === 0) codes[languageOf(tab.url).code] = true;
    });
    var found = LANGUAGES.filter(function (language) { return codes[language.code]; });
    return found.length ? found : [LANGUAGES[0]];
  });
}

function fetchManifest(key) {
  var url = manifestUrl(key);
  if (!url) return Promise.resolve(null);
  return fetch(url, { cache: "no-cache", credentials: "omit" })
    .then(function (response) {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    })
    .then(function (manifest) {
      if (manifest && manifest.version !== MANIFEST.version) throw new Error("version");
      return manifest;
    });
}

// Every file saving a region stores: its manifest's and, for a region made of areas, those of
// the areas' manifests (a region lists only what none of its areas does), each file once.
function regionFiles(key, manifest) {
  var prefix = String(key).slice(0, String(key).lastIndexOf("/") + 1);
  return Promise.all((manifest.parts || []).map(function (part) {
    return fetchManifest(prefix + part).then(function (area) {
      if (!area) throw new Error("gone");
      return regionFiles(prefix + part, area);
    });
  })).then(function (lists) {
    var seen = {}, files = [];
    [manifest.files].concat(lists).forEach(function (list) {
      list.forEach(function (file) {
        if (!seen[file[0]]) { seen[file[0]] = true; files.push(file); }
      });
    });
    return files;
  });
}

// A region into its own cache, with its manifest kept beside the files (for the offline page).
function saveRegion(id, onProgress) {
  return fetchManifest(id).then(function (manifest) {
    if (!manifest) throw new Error("gone");
    var name = REGION + id;
    return regionFiles(id, manifest).then(function (files) {
      return caches.open(name).then(function (cache) {
        return storeAll(cache, files, onProgress).then(function () {
          return cache.put(manifestUrl(id), new Response(JSON.stringify(manifest), {
            headers: { "Content-Type": "application/json" } }));
        }).then(function () { return manifest; }, function (error) {
          return caches.delete(name).then(function () { throw error; });
        });
      });
    });
  });
}

// Region keys saved under any build: a new build saves them again before it takes over.
function savedIds(names) {
  return Object.keys(cachedFor(names, "region"));
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return languagesInUse(names).then(function (languages) {
      return Promise.all(languages.map(storeShell));
    }).then(function () { return names; });
  }).then(function (names) {
    return Promise.all(savedIds(names).map(function (id) {
      return saveRegion(id).catch(function (error) {
        if (error.message !== "gone") throw error; // kept as it was until the next try
      });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name.indexOf(OWN) !== 0;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// ------------------------------------------------------------ answering requests
function ownCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(OWN) === 0; });
  });
}

// A page or file from this build's caches (a page's query string only filters it).
function cached(url, ignoreSearch) {
  return ownCaches().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (hit) {
        return hit || caches.open(name).then(function (c) { return c.match(url, { ignoreSearch: ignoreSearch }); });
      });
    }, Promise.resolve(undefined));
  });
}

// Kept as visited, unless a newer worker is on its way (its build's pages are not ours).
function keep(url, response) {
  if (self.registration.installing || self.registration.waiting) return Promise.resolve();
  if (!response.ok || response.type !== "basic") return Promise.resolve();
  return caches.open(VISITED).then(function (cache) {
    return cache.put(url, response).then(function () { return cache.keys(); }).then(function (keys) {
      return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_VISITED)).map(function (k) {
        return cache.delete(k);
      }));
    });
  });
}

function withoutSearch(url) {
  var u = new URL(url);
  u.search = "";
  u.hash = "";
  return u.href;
}

// Pages: the network first, so a reader online sees today's listings; after the timeout, or
// with no network, this build's copy; with neither, the offline page.
function page(event) {
  var request = event.request, key = withoutSearch(request.url);
  var network = fetch(request).then(function (response) {
    event.waitUntil(keep(key, response.clone()));
    return response;
  });
  event.waitUntil(network.catch(function () {}));
  return cached(key, true).then(function (copy) {
    var fallback = function (error) {
      if (copy) return copy;
      return offlinePage(request.url).then(function (target) {
        if (!target) throw error;
        var from = new URL(request.url);
        return Response.redirect(target + "?from=" + encodeURIComponent(from.pathname + from.search), 302);
      });
    };
    if (!copy) return network.catch(fallback);
    var timer;
    var late = new Promise(function (resolve) {
      timer = setTimeout(function () { resolve(copy); }, MANIFEST.timeout_ms);
    });
    return Promise.race([network.catch(fallback), late]).then(function (response) {
      clearTimeout(timer);
      return response;
    });
  });
}

// The offline page in the language of `url`, else in any language kept here; null if none is.
function offlinePage(url) {
  var first = languageOf(url);
  var order = [first].concat(LANGUAGES.filter(function (language) { return language !== first; }));
  return order.reduce(function (found, language) {
    return found.then(function (hit) {
      if (hit) return hit;
      return cached(abs(language.offline), true).then(function (copy) { return copy ? abs(language.offline) : null; });
    });
  }, Promise.resolve(null));
}

// Other files: this build's copy first (it matches the pages it was saved with), else the
// network, kept for next time. A static host answers the same file whatever the query string
// (Pagefind adds ?ts= to its entry file), so the copy is found without it.
function file(event) {
  var url = event.request.url;
  return cached(url, true).then(function (copy) {
    return copy || fetch(event.request).then(function (response) {
      event.waitUntil(keep(url, response.clone()));
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  if (request.url === abs("sw.js") || request.cache === "no-store") return;
  event.respondWith(request.mode === "navigate" ? page(event) : file(event));
});

// ------------------------------------------------------------ what pages ask (offline.js)
function savedRegions() {
  return ownCaches().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(REGION) === 0; }).map(function (name) {
      var url = manifestUrl(name.slice(REGION.length));
      return url && caches.open(name).then(function (c) {
        return c.match(url);
      }).then(function (r) { return r ? r.json() : null; });
    }));
  }).then(function (manifests) {
    return manifests.filter(Boolean).map(function (m) {
      return { id: m.region, name: m.name, url: abs(m.url), bytes: m.bytes, language: m.language || LANGUAGES[0].code };
    });
  });
}

function visitedPages() {
  return caches.open(VISITED).then(function (cache) {
    return cache.keys().then(function (keys) {
      return Promise.all(keys.map(function (k) {
        return cache.match(k).then(function (r) {
          if (!/text\/html/.test(r.headers.get("Content-Type") || "")) return null;
          return r.text().then(function (html) {
            var m = /<title>([^<]*)<\/title>/.exec(html);
            return { url: k.url, title: m ? m[1] : k.url };
          });
        });
      }));
    });
  }).then(function (pages) { return pages.filter(Boolean).reverse(); });
}

// Listings on the reader's list, in the language of the page asking, so the list page shows
// them with no signal.
function keepListings(ids, page) {
  var prefix = languageOf(String(page)).prefix;
  return Promise.all(ids.filter(function (id) { return /^[a-z0-9-]+$/.test(id); }).map(function (id) {
    return keepListing(abs(prefix + "resources/" + id + "/")).then(function (missing) {
      // A listing with no page in this language has the default language's (the site's
      // other_language_listings), which the list page then asks for.
      if (missing && prefix) return keepListing(abs("resources/" + id + "/"));
    });
  }));
}

// One listing's page kept, unless it is already; true when the site has no such page.
function keepListing(target) {
  if (target.indexOf(SCOPE) !== 0) return Promise.resolve(false);
  return cached(target, true).then(function (copy) {
    if (copy) return false;
    return fetch(target, { credentials: "omit" }).then(function (r) {
      return r.status === 404 ? true : keep(target, r).then(function () { return false; });
    }, function () { return false; });
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {}, port = event.ports && event.ports[0];
  if (!port) return;
  var reply = function (message) { port.postMessage(message); };
  var work;
  if (data.type === "status") {
    work = caches.has(REGION + data.region).then(function (saved) {
      reply({ saved: saved, version: MANIFEST.version });
    });
  } else if (data.type === "save") {
    work = saveRegion(data.region, function (done, total) { reply({ progress: [done, total] }); })
      .then(function (m) { reply({ saved: true, bytes: m.bytes }); }, function (error) {
        var quota = error && error.name === "QuotaExceededError";
        reply({ error: quota ? "full" : error.message === "version" ? "version" : "failed" });
      });
  } else if (data.type === "remove") {
    work = caches.delete(REGION + data.region).then(function () { reply({ saved: false }); });
  } else if (data.type === "saved") {
    work = Promise.all([savedRegions(), visitedPages()]).then(function (both) {
      reply({ regions: both[0], pages: both[1] });
    });
  } else if (data.type === "keep") {
    work = keepListings(data.ids || [], data.page).then(function () { reply({ kept: true }); });
  } else if (data.type === "language") {
    // A page in a language whose shell this device does not keep yet.
    var language = languageOf(String(data.page));
    work = caches.has(SHELL + language.code).then(function (kept) {
      return kept || storeShell(language);
    }).then(function () { reply({ kept: true }); }, function () { reply({ kept: false }); });
  } else {
    return;
  }
  event.waitUntil(work);
});
