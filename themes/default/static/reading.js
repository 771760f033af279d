// shiori reading aids: the menu button, the table of contents on narrow screens,
// the theme toggle, copy buttons on code blocks and previews of linked notes.
// A classic deferred script (no modules, no fetch): it works over http and from
// file:// alike, and every page works without it.
(function () {
  "use strict";
  var script = document.currentScript;
  var strings = {};
  try {
    strings = JSON.parse(script.getAttribute("data-i18n") || "{}");
  } catch (e) {
    strings = {};
  }
  // The site's root: reading.js sits at the top of the output.
  var root = new URL(".", script.src);

  // ---- Table of contents: folded where it sits above the note, open beside it.
  // First, as the stylesheet hides it on narrow screens until this has run. ----
  // One listener on the media query: `shiori serve` may swap in a new
  // table of contents (see the shiori:content event below).
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 72rem)") : null;
  function syncToc() {
    var toc = document.querySelector("details.toc");
    if (toc) toc.open = !narrow.matches;
  }
  function setUpToc() {
    var toc = document.querySelector("details.toc");
    if (!toc || !narrow || toc.classList.contains("is-ready")) return;
    toc.open = !narrow.matches;
    toc.classList.add("is-ready");
    toc.addEventListener("toggle", function () {
      if (!narrow.matches && !toc.open) toc.open = true;
    });
  }
  if (narrow && narrow.addEventListener) narrow.addEventListener("change", syncToc);
  setUpToc();

  // ---- Theme toggle: system → light → dark, remembered per browser. ----
  var THEME_KEY = "shiori-theme";
  var CHOICES = ["system", "light", "dark"];
  function storedTheme() {
    try {
      var value = localStorage.getItem(THEME_KEY);
      return value === "light" || value === "dark" ? value : "system";
    } catch (e) {
      return "system";
    }
  }
  function applyTheme(choice, button) {
    if (choice === "system") document.documentElement.removeAttribute("data-theme");
    else document.documentElement.setAttribute("data-theme", choice);
    if (!button) return;
    var labels = {};
    try {
      labels = JSON.parse(button.getAttribute("data-labels") || "{}");
    } catch (e) {
      labels = {};
    }
    var label = (strings.theme || "Theme") + ": " + (labels[choice] || choice);
    button.setAttribute("data-choice", choice);
    button.setAttribute("aria-label", label);
    button.title = label;
  }
  var themeButton = document.querySelector(".theme-toggle");
  if (themeButton) {
    themeButton.hidden = false;
    applyTheme(storedTheme(), themeButton);
    themeButton.addEventListener("click", function () {
      var next = CHOICES[(CHOICES.indexOf(storedTheme()) + 1) % CHOICES.length];
      try {
        if (next === "system") localStorage.removeItem(THEME_KEY);
        else localStorage.setItem(THEME_KEY, next);
      } catch (e) {
        // Not remembered, but applied to this page.
      }
      applyTheme(next, themeButton);
    });
    // Another tab changed it: follow.
    window.addEventListener("storage", function (event) {
      if (event.key === THEME_KEY) applyTheme(storedTheme(), themeButton);
    });
  }

  // ---- Menu: the header's link to #site-nav becomes a button opening the sidebar. ----
  var menuButton = document.querySelector(".menu-button");
  var nav = document.getElementById("site-nav");
  if (menuButton && nav) {
    menuButton.setAttribute("role", "button");
    menuButton.setAttribute("aria-expanded", "false");
    var isOpen = function () {
      return nav.classList.contains("is-open");
    };
    var openMenu = function () {
      nav.classList.add("is-open");
      menuButton.setAttribute("aria-expanded", "true");
      var first = nav.querySelector("a[aria-current=page]") || nav.querySelector(".nav-pages a, a");
      if (first) first.focus();
    };
    var closeMenu = function (refocus) {
      if (!isOpen()) return;
      nav.classList.remove("is-open");
      menuButton.setAttribute("aria-expanded", "false");
      if (refocus) menuButton.focus();
    };
    menuButton.addEventListener("click", function (event) {
      event.preventDefault();
      if (isOpen()) closeMenu(true);
      else openMenu();
    });
    menuButton.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        menuButton.click();
      }
    });
    var close = nav.querySelector(".menu-close");
    if (close) {
      close.setAttribute("role", "button");
      close.addEventListener("click", function (event) {
        event.preventDefault();
        closeMenu(true);
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) closeMenu(true);
    });
    // A click on the shaded page beside the open menu, or focus leaving it, closes it.
    document.addEventListener("click", function (event) {
      if (isOpen() && !nav.contains(event.target) && !menuButton.contains(event.target)) closeMenu(false);
    });
    nav.addEventListener("focusout", function (event) {
      if (isOpen() && event.relatedTarget && !nav.contains(event.relatedTarget) && event.relatedTarget !== menuButton) {
        closeMenu(false);
      }
    });
  }

  // ---- Knowledge maps: drawn for 13 px labels. Where the column is narrower,
  // let them shrink down to 12 px labels, no further (the figure scrolls
  // beyond that), and show a note's map centred on the note itself. ----
  function fitMaps() {
    Array.prototype.forEach.call(document.querySelectorAll(".knowledge-map > svg.map"), fitMap);
  }
  function fitMap(svg) {
    var drawn = svg.viewBox && svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0;
    var font = parseFloat(svg.getAttribute("font-size")) || 13;
    if (!drawn || font <= 12) return;
    svg.style.setProperty("width", "100%");
    svg.style.setProperty("max-width", drawn + "px");
    svg.style.setProperty("min-width", Math.ceil((drawn * 12) / font) + "px");
    var figure = svg.parentNode;
    var current = svg.querySelector(".map-current");
    if (current && figure.scrollWidth > figure.clientWidth) {
      var node = current.getBoundingClientRect();
      var box = figure.getBoundingClientRect();
      figure.scrollLeft = node.left + node.width / 2 - box.left - figure.clientWidth / 2;
    }
  }
  fitMaps();

  // ---- Copy buttons on code blocks. ----
  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain http on a remote host has no clipboard API: copy a selection instead.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      document.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error("copy refused"));
    });
  }
  // A code block, table, diagram or formula wider than the screen scrolls:
  // keyboard users reach it with Tab and scroll it with the arrow keys.
  function focusableWhenScrolling() {
    var scrollers = document.querySelectorAll(
      "pre.code, main table, main figure.diagram, main math[display=block]"
    );
    Array.prototype.forEach.call(scrollers, function (pre) {
      if (pre.scrollWidth > pre.clientWidth) pre.setAttribute("tabindex", "0");
      else pre.removeAttribute("tabindex");
    });
  }
  focusableWhenScrolling();
  var resizing = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(focusableWhenScrolling, 150);
  });
  function addCopyButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("pre.code"), addCopyButton);
  }
  function addCopyButton(pre) {
    if (pre.parentNode.classList.contains("code-block")) return;
    var wrapper = document.createElement("div");
    wrapper.className = "code-block";
    pre.parentNode.insertBefore(wrapper, pre);
    wrapper.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    var label = strings.copy || "Copy";
    button.textContent = label;
    wrapper.appendChild(button);
    var timer = 0;
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      copyText(code.textContent.replace(/\n$/, "")).then(
        function () {
          button.textContent = strings.copied || "Copied";
          button.classList.add("is-done");
          status.textContent = strings.copied || "Copied";
        },
        function () {
          button.textContent = strings.copyFailed || "Copy failed";
          status.textContent = strings.copyFailed || "Copy failed";
        },
      );
      clearTimeout(timer);
      timer = setTimeout(function () {
        button.textContent = label;
        button.classList.remove("is-done");
        status.textContent = "";
      }, 2000);
    });
  }
  addCopyButtons();

  // `shiori serve` patches a changed page in place instead of reloading it
  // (see live.js) and says so with this event: the new content gets the
  // same aids.
  document.addEventListener("shiori:content", function () {
    setUpToc();
    fitMaps();
    addCopyButtons();
    focusableWhenScrolling();
  });

  // ---- Previews of linked notes, on hover and keyboard focus. ----
  // The previews are packed into 1,024 small classic scripts,
  // previews/<bucket>.js, each calling shioriPreviews({path: data, ...});
  // a note's bucket is FNV-1a of its output path (as the build computes
  // it), so the file is known from the link alone. A bucket is loaded the
  // first time a link to one of its notes is hovered or focused. Not on
  // devices that cannot hover (touch only): there a tap simply follows the
  // link.
  var main = document.getElementById("main");
  var canHover = window.matchMedia && window.matchMedia("(any-hover: hover)").matches;
  if (!main || !canHover) return;
  var SITE_PAGE = /^(index(-\d+)?|map|official-docs|print(-\d+)?|search|404)\.html$/;
  var BUCKETS = 1024;
  var cache = {};
  var buckets = {};
  window.shioriPreviews = function (previews) {
    Object.keys(previews).forEach(function (path) {
      cache[path] = previews[path];
    });
  };
  function bucketOf(path) {
    var bytes = new TextEncoder().encode(path);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    }
    return ("00" + (hash % BUCKETS).toString(16)).slice(-3);
  }
  function notePath(link) {
    if (!(link instanceof HTMLAnchorElement) || link.closest(".pagination, .breadcrumbs")) return null;
    var url = new URL(link.href, location.href);
    if (url.protocol !== root.protocol || url.host !== root.host) return null;
    if (url.pathname.indexOf(root.pathname) !== 0 || url.pathname === location.pathname) return null;
    var rel = url.pathname.slice(root.pathname.length);
    if (!/\.html$/.test(rel) || SITE_PAGE.test(rel) || /^(tags|search|previews)\//.test(rel)) return null;
    try {
      return { path: decodeURIComponent(rel), hash: decodeURIComponent(url.hash.slice(1)) };
    } catch (e) {
      return null;
    }
  }
  // Calls done(data) with the preview of target, or null when it has none.
  function load(target, done) {
    if (cache[target.path] !== undefined) return done(cache[target.path]);
    var name = bucketOf(target.path);
    var bucket = buckets[name];
    var settle = function () {
      if (cache[target.path] === undefined) cache[target.path] = null;
      done(cache[target.path]);
    };
    if (bucket === true) return settle();
    if (bucket) return bucket.push(settle);
    buckets[name] = [settle];
    var tag = document.createElement("script");
    tag.src = new URL("previews/" + name + ".js", root).href;
    tag.onload = tag.onerror = function () {
      var waiting = buckets[name];
      buckets[name] = true;
      waiting.forEach(function (finish) {
        finish();
      });
    };
    document.head.appendChild(tag);
  }
  var card = document.createElement("div");
  card.className = "link-preview";
  card.id = "link-preview";
  card.setAttribute("role", "tooltip");
  card.hidden = true;
  document.body.appendChild(card);
  var current = null;
  var showTimer = 0;
  var hideTimer = 0;
  function paragraph(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }
  function fill(data, hash) {
    card.textContent = "";
    card.appendChild(paragraph("link-preview-title", data.t));
    var sections = data.h || [];
    var section = null;
    for (var i = 0; hash && i < sections.length; i++) {
      if (sections[i][0] === hash) section = sections[i];
    }
    if (section) {
      card.appendChild(paragraph("link-preview-section", section[1]));
      if (section[2]) card.appendChild(paragraph("link-preview-text", section[2]));
      return;
    }
    if (data.s) card.appendChild(paragraph("link-preview-summary", data.s));
    var first = sections[0];
    if (first && first[2] && first[2].indexOf(data.s || "\u0000") !== 0) {
      card.appendChild(paragraph("link-preview-text", first[2]));
    }
  }
  function place(link) {
    var box = link.getBoundingClientRect();
    card.style.setProperty("left", "0px");
    var width = card.offsetWidth;
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    var below = box.bottom + 6;
    var top = below + card.offsetHeight > window.innerHeight && box.top - card.offsetHeight - 6 > 0
      ? box.top - card.offsetHeight - 6
      : below;
    card.style.setProperty("left", left + window.scrollX + "px");
    card.style.setProperty("top", top + window.scrollY + "px");
  }
  function show(link) {
    var target = notePath(link);
    if (!target) return;
    load(target, function (data) {
      if (!data || current !== link) return;
      fill(data, target.hash);
      card.hidden = false;
      place(link);
      link.setAttribute("aria-describedby", card.id);
    });
  }
  function hide() {
    clearTimeout(showTimer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    card.hidden = true;
  }
  function intend(link, delay) {
    clearTimeout(hideTimer);
    if (current === link) return;
    hide();
    current = link;
    showTimer = setTimeout(function () {
      show(link);
    }, delay);
  }
  function leave() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }
  main.addEventListener("mouseover", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link && notePath(link)) intend(link, 300);
  });
  main.addEventListener("mouseout", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link && link === current && !link.contains(event.relatedTarget)) leave();
  });
  main.addEventListener("focusin", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link && notePath(link)) intend(link, 0);
  });
  main.addEventListener("focusout", function () {
    if (current) hide();
  });
  card.addEventListener("mouseenter", function () {
    clearTimeout(hideTimer);
  });
  card.addEventListener("mouseleave", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !card.hidden) hide();
  });
})();
