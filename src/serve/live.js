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

  var source = new EventSource("/__shiori/events");
  source.addEventListener("reload", function () {
    location.reload();
  });
  source.addEventListener("failed", function (event) {
    showErrors(JSON.parse(event.data));
  });
  source.addEventListener("fixed", function () {
    clearOverlay();
    location.reload();
  });
})();
