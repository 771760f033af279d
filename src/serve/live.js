// shiori serve: reloads the page when the site is rebuilt and shows build
// errors over the page. Injected by `shiori serve` only; never in a build.
(function () {
  "use strict";
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/__shiori/live.css";
  document.head.appendChild(style);

  var overlay = null;
  function clearOverlay() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }
  function showErrors(diagnostics) {
    clearOverlay();
    overlay = document.createElement("div");
    overlay.id = "shiori-overlay";
    overlay.setAttribute("role", "alert");
    var title = document.createElement("h2");
    title.textContent = "Build failed — the last good version of the site is shown";
    overlay.appendChild(title);
    var list = document.createElement("ul");
    diagnostics.forEach(function (d) {
      var item = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = d.file + (d.line ? ":" + d.line + ":" + d.column : "");
      item.appendChild(where);
      item.appendChild(document.createTextNode(" " + d.severity + ": " + d.message));
      if (d.help) {
        var help = document.createElement("div");
        help.className = "help";
        help.textContent = d.help;
        item.appendChild(help);
      }
      list.appendChild(item);
    });
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }

  function handle(type, data) {
    if (type === "reload") {
      location.reload();
    } else if (type === "failed") {
      showErrors(JSON.parse(data));
    } else if (type === "fixed") {
      clearOverlay();
      location.reload();
    }
  }

  // One stream for all tabs (see live-worker.js); a stream of its own
  // where shared workers are missing.
  if (typeof SharedWorker === "function") {
    try {
      var worker = new SharedWorker("/__shiori/live-worker.js");
      worker.port.onmessage = function (event) {
        handle(event.data.type, event.data.data);
      };
      worker.port.start();
      return;
    } catch (e) {
      // fall through to a stream of this page's own
    }
  }
  var source = new EventSource("/__shiori/events");
  ["reload", "failed", "fixed"].forEach(function (type) {
    source.addEventListener(type, function (event) {
      handle(type, event.data);
    });
  });
})();
