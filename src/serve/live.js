// shiori serve: keeps the open page at the latest build and shows build
// errors over it. Injected by `shiori serve` only; never in a build.
//
// The server numbers its builds and serves this script with the number the
// page's HTML is at (data-version) and the number of the search bundle it
// loads (data-index). Events say which build wrote which pages; whenever the
// event stream (re)connects, and once this script starts, the page asks for
// its current numbers. So an edit saved while the page was reloading, or
// while the stream was down, still reaches it: events are hints, the
// numbers are the truth.
(function () {
  "use strict";
  var me = document.currentScript;
  var page = (me && me.getAttribute("data-page")) || "";
  var version = numberOf(me, "data-version");
  var index = numberOf(me, "data-index");
  function numberOf(script, name) {
    return Number(script && script.getAttribute(name)) || 0;
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/__shiori/live.css";
  document.head.appendChild(style);

  var STRINGS = {
    ja: {
      title: "ビルドに失敗しました。最後に成功した版を表示しています",
      error: "エラー",
      warning: "警告",
      hint: "ヒント"
    },
    en: {
      title: "Build failed — the last good version of the site is shown",
      error: "error",
      warning: "warning",
      hint: "help"
    }
  };
  var lang = (document.documentElement.lang || "").toLowerCase().indexOf("ja") === 0 ? "ja" : "en";
  var t = STRINGS[lang];

  var overlay = null;
  function clearOverlay() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }
  // The diagnostics come from the server in the order to show them:
  // errors, then warnings, stale notes last.
  function showErrors(diagnostics) {
    clearOverlay();
    overlay = document.createElement("div");
    overlay.id = "shiori-overlay";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("lang", lang);
    var title = document.createElement("h2");
    title.textContent = t.title;
    overlay.appendChild(title);
    var list = document.createElement("ul");
    diagnostics.forEach(function (d) {
      var item = document.createElement("li");
      item.className = d.severity === "error" ? "error" : "warning";
      var severity = document.createElement("span");
      severity.className = "severity";
      severity.textContent = (d.severity === "error" ? t.error : t.warning) + (d.code ? "[" + d.code + "]" : "");
      item.appendChild(severity);
      item.appendChild(document.createTextNode(" "));
      var where = document.createElement("code");
      where.textContent = d.file + (d.line ? ":" + d.line + ":" + d.column : "");
      item.appendChild(where);
      var message = document.createElement("div");
      message.className = "message";
      message.textContent = d.message;
      item.appendChild(message);
      if (d.help) {
        var help = document.createElement("div");
        help.className = "help";
        help.textContent = t.hint + ": " + d.help;
        item.appendChild(help);
      }
      list.appendChild(item);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }

  // A newer build of this page: fetch it and swap the parts that changed
  // (the note and its table of contents) into the open page, which keeps
  // the scroll position, the open menus and the loaded scripts, and is
  // several times faster than a reload. Anything else changed (the header,
  // the sidebar, the stylesheets), or anything odd: a plain reload.
  var reloading = false;
  var patching = false;
  function reachVersion(latest) {
    if (latest <= version || reloading || patching) return;
    patching = true;
    fetch(location.pathname + location.search, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        var at = numberOf(next.querySelector('script[src="/__shiori/live.js"]'), "data-version");
        if (!at || !swapContent(next)) throw new Error("not patchable");
        version = Math.max(version, at);
        patching = false;
        document.dispatchEvent(new CustomEvent("shiori:content"));
        // An edit saved while this one was fetched: catch up with it too.
        catchUp();
      })
      .catch(function () {
        reloading = true;
        location.reload();
      });
  }

  // The page outside its content: every element of <head> and <body> but
  // the content of .layout, which holds <main> and the note's aside, and
  // serve's own script (with its build number) and stylesheet.
  function frame(doc) {
    var layout = doc.querySelector("body > .layout");
    var nav = layout && layout.querySelector(":scope > #site-nav");
    var parts = [doc.title];
    Array.prototype.forEach.call(doc.head.children, function (node) {
      if (!/^\/__shiori\//.test(node.getAttribute("href") || "")) parts.push(node.outerHTML);
    });
    Array.prototype.forEach.call(doc.body.children, function (node) {
      if (node === layout) parts.push(nav ? nav.outerHTML : "");
      else if (!(node.matches("script") && node.getAttribute("src") === "/__shiori/live.js")) {
        parts.push(node.outerHTML);
      }
    });
    return layout ? parts.join("\n") : null;
  }

  // This page's frame as served: this script is not deferred and sits at
  // the end of <body>, so it runs before the theme's deferred scripts
  // change the page.
  var servedFrame = frame(document);

  // Swaps the new page's content into this one when its frame is the one
  // this page was served with; false when not (the caller reloads). The
  // children of .layout are laid out as the new page has them: its <main>
  // element and the sidebar stay (the page's scripts listen on them), <main>
  // takes the new children, and the rest (the table of contents) is new.
  function swapContent(next) {
    // Equal frames: both pages have a .layout.
    if (servedFrame === null || frame(next) !== servedFrame) return false;
    var layout = document.querySelector("body > .layout");
    var nextLayout = next.querySelector("body > .layout");
    var main = layout.querySelector(":scope > main");
    var nav = layout.querySelector(":scope > #site-nav");
    var nextMain = nextLayout.querySelector(":scope > main");
    if (!main || !nextMain) return false;
    var children = Array.prototype.map.call(nextLayout.children, function (node) {
      if (node === nextMain) return main;
      if (nav && node.id === "site-nav") return nav;
      return document.importNode(node, true);
    });
    main.replaceChildren.apply(
      main,
      Array.prototype.map.call(nextMain.childNodes, function (node) {
        return document.importNode(node, true);
      })
    );
    layout.replaceChildren.apply(layout, children);
    document.title = next.title;
    return true;
  }

  // A new search bundle: the search runtime forgets its manifest and loads
  // the new one, so the next query sees the new text.
  function reachIndex(latest) {
    if (latest <= index) return;
    index = latest;
    var manifest = document.querySelector('script[src$="search/manifest.js"]');
    var shiori = window.shiori;
    if (manifest && shiori && typeof shiori.reloadManifest === "function") {
      shiori.reloadManifest(manifest.src);
    }
  }

  function catchUp() {
    fetch("/__shiori/state?page=" + encodeURIComponent(page), { cache: "no-store" })
      .then(function (response) {
        return response.json();
      })
      .then(function (state) {
        if (state.failure) showErrors(state.failure);
        else clearOverlay();
        reachVersion(state.version);
        reachIndex(state.index);
      })
      .catch(function () {
        // The server is gone or restarting: the next `open` asks again.
      });
  }

  function handle(type, data) {
    if (type === "open") {
      catchUp();
      return;
    }
    var event = JSON.parse(data);
    if (type === "reload") {
      if (event.all || event.pages.indexOf(page) >= 0) reachVersion(event.build);
    } else if (type === "index") {
      reachIndex(event.index);
    } else if (type === "failed") {
      showErrors(event);
    } else if (type === "fixed") {
      clearOverlay();
    }
  }

  // One stream for all tabs (see live-worker.js); a stream of its own
  // where shared workers are missing.
  var TYPES = ["reload", "index", "failed", "fixed"];
  if (typeof SharedWorker === "function") {
    try {
      var worker = new SharedWorker("/__shiori/live-worker.js");
      worker.port.onmessage = function (event) {
        handle(event.data.type, event.data.data);
      };
      worker.port.start();
      catchUp();
      return;
    } catch (e) {
      // fall through to a stream of this page's own
    }
  }
  var source = new EventSource("/__shiori/events");
  source.onopen = catchUp;
  TYPES.forEach(function (type) {
    source.addEventListener(type, function (event) {
      handle(type, event.data);
    });
  });
})();
