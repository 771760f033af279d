/*
 * shiori search UI: the search box in every page header (results as you
 * type, grouped by note, best heading as a deep link, excerpts with <mark>,
 * tag chips, arrow keys + Enter, "/" to focus, Escape to close) and the
 * search.html?q=...&tag=... page. Every piece of result text is inserted as
 * text (textContent / createTextNode), never as HTML. No inline styles.
 */
(function () {
  "use strict";

  var shiori = window.shiori;
  var form = document.querySelector("form.site-search");
  if (!shiori || !form) return;

  var root = form.getAttribute("data-search-root") || "";
  var strings = {
    placeholder: "検索 (/)",
    noResults: "見つかりませんでした",
    orFallback: "すべての語を含むページはありません。いずれかの語を含むページ:",
    loading: "読み込み中…",
    resultsFor: "検索結果",
    count: "{n} 件のページ",
    countMore: "{n} 件以上のページ",
    allResults: "すべての結果を見る",
    loosened: "書かれたとおりの語を含むページはありません。文字が離れて現れるページ:",
    didYouMean: "もしかして:",
    noResultsHint: ""
  };
  try {
    var i18n = JSON.parse(form.getAttribute("data-i18n") || "{}");
    Object.keys(i18n).forEach(function (k) { if (i18n[k]) strings[k] = i18n[k]; });
  } catch (e) { /* keep the defaults */ }

  var input = form.querySelector("#search-input");
  var box = form.querySelector("#search-results");
  if (!input || !box) return;

  // The dropdown's listbox is named like the search box.
  var boxLabel = form.querySelector("label[for=search-input]");
  var listboxName = boxLabel ? boxLabel.textContent : strings.resultsFor;

  var DROPDOWN_NOTES = 8;
  var PAGE_NOTES = 30;
  var HEADINGS_PER_NOTE = 3;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* Site-relative fragment URL -> link from this page; with a query, the
   * link carries it (?highlight=) so the page marks the words. */
  function href(url, query) {
    if (!query || !query.trim()) return root + url;
    var hash = url.indexOf("#");
    var page = hash < 0 ? url : url.slice(0, hash);
    var anchor = hash < 0 ? "" : url.slice(hash);
    return root + page + "?highlight=" + encodeURIComponent(query.trim()) + anchor;
  }

  function excerptNode(fragment, words) {
    var p = el("p", "search-excerpt");
    shiori.excerpt(fragment.text, words).forEach(function (piece) {
      p.appendChild(piece.match ? el("mark", null, piece.text) : document.createTextNode(piece.text));
    });
    return p;
  }


  function headingLabel(f) {
    return f.headings.length ? f.headings.join(" › ") : f.title;
  }

  /* Renders grouped results into `container`; returns the result links.
     With `listbox` (the dropdown) the list is an ARIA listbox of options
     for the combobox; on the results page it is a plain list of links. */
  function renderGroups(container, groups, words, maxNotes, idPrefix, listbox, query) {
    var options = [];
    var list = el("ul", "search-groups");
    var role = function (node, name) { if (listbox) node.setAttribute("role", name); };
    role(list, "listbox");
    if (listbox) list.setAttribute("aria-label", listboxName);
    groups.slice(0, maxNotes).forEach(function (group) {
      var item = el("li", "search-group");
      role(item, "none");
      var best = group.sections[0];
      var link = el("a", "search-hit", null);
      link.href = href(best.url, query);
      role(link, "option");
      link.id = idPrefix + options.length;
      link.appendChild(el("span", "search-hit-title", group.title));
      if (best.headings.length) link.appendChild(el("span", "search-hit-heading", headingLabel(best)));
      link.appendChild(excerptNode(best, words));
      item.appendChild(link);
      options.push(link);
      var more = group.sections.slice(1, HEADINGS_PER_NOTE + 1).filter(function (s) { return s.url !== best.url; });
      if (more.length) {
        var sub = el("ul", "search-subhits");
        role(sub, "group");
        if (listbox) sub.setAttribute("aria-labelledby", link.id);
        more.forEach(function (s) {
          var li = el("li");
          role(li, "none");
          var a = el("a", "search-subhit", headingLabel(s));
          a.href = href(s.url, query);
          role(a, "option");
          a.id = idPrefix + options.length;
          li.appendChild(a);
          sub.appendChild(li);
          options.push(a);
        });
        item.appendChild(sub);
      }
      list.appendChild(item);
    });
    container.appendChild(list);
    return options;
  }

  function renderChips(container, groups, activeTags, onToggle) {
    var tags = [];
    activeTags.forEach(function (t) { tags.push(t); });
    groups.forEach(function (g) {
      g.tags.forEach(function (t) { if (tags.indexOf(t) < 0) tags.push(t); });
    });
    if (!tags.length) return;
    var chips = el("div", "search-chips");
    tags.slice(0, 12).forEach(function (tag) {
      var chip = el("button", "search-chip", "#" + tag);
      chip.type = "button";
      var on = activeTags.indexOf(tag) >= 0;
      chip.setAttribute("aria-pressed", on ? "true" : "false");
      chip.addEventListener("mousedown", function (e) { e.preventDefault(); });
      chip.addEventListener("click", function () { onToggle(tag); });
      chips.appendChild(chip);
    });
    container.appendChild(chips);
  }

  /* Runs a query page by page; resolves to {result, groups}: each page
   * with its sub-results' fragments, best first. Fragments are loaded only
   * for the pages shown. */
  function run(query, tags, limit) {
    return shiori.searchPages(query, { tags: tags, limit: limit }).then(function (result) {
      var docs = [];
      result.pages.forEach(function (p) {
        p.sections.forEach(function (s) { docs.push(s.doc); });
      });
      return shiori.fragmentsFor(docs, result.words).then(function (fragments) {
        var byDoc = Object.create(null);
        fragments.forEach(function (f) { byDoc[f.doc] = f; });
        var groups = result.pages.map(function (p) {
          var sections = p.sections.map(function (s) { return byDoc[s.doc]; });
          return { page: sections[0].url.split("#")[0], title: sections[0].title, tags: sections[0].tags, sections: sections };
        });
        return { result: result, groups: groups };
      });
    });
  }

  /* Above the results: the suggestion that was searched instead, and
   * whether the words were loosened or only some matched. */
  function notices(container, result) {
    if (result.suggestion) {
      var p = el("p", "search-message search-suggestion", strings.didYouMean + " ");
      p.appendChild(el("strong", null, result.suggestion));
      container.appendChild(p);
    }
    if (result.orFallback) message(container, strings.orFallback, "search-message search-fallback");
    else if (result.loosened) message(container, strings.loosened, "search-message search-loosened");
  }

  function countText(result) {
    var template = result.totalExact ? strings.count : strings.countMore;
    return template.replace("{n}", String(result.total));
  }

  function noResults(container) {
    message(container, strings.noResults);
    if (strings.noResultsHint) message(container, strings.noResultsHint, "search-message search-hint");
  }

  /* ---------------- the dropdown ---------------- */

  var activeTags = [];
  var options = [];
  var active = -1;
  var sequence = 0;
  var timer = null;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-controls", "search-results");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-autocomplete", "list");

  function close() {
    box.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function open() {
    box.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function setActive(i) {
    if (active >= 0 && options[active]) options[active].classList.remove("is-active");
    active = i;
    if (active >= 0 && options[active]) {
      options[active].classList.add("is-active");
      options[active].scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-activedescendant", options[active].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function message(container, text, className) {
    container.appendChild(el("p", className || "search-message", text));
  }

  function update() {
    var query = input.value;
    var mine = ++sequence;
    if (!query.trim() && !activeTags.length) {
      box.textContent = "";
      close();
      return;
    }
    if (box.hidden || !box.firstChild) {
      box.textContent = "";
      message(box, strings.loading);
      open();
    }
    run(query, activeTags, DROPDOWN_NOTES).then(function (answer) {
      if (mine !== sequence) return;
      box.textContent = "";
      options = [];
      active = -1;
      renderChips(box, answer.groups, activeTags, function (tag) {
        var i = activeTags.indexOf(tag);
        if (i >= 0) activeTags.splice(i, 1); else activeTags.push(tag);
        update();
        input.focus();
      });
      if (!answer.groups.length) {
        noResults(box);
      } else {
        notices(box, answer.result);
        options = renderGroups(box, answer.groups, answer.result.words, DROPDOWN_NOTES, "search-option-", true, query);
        // The count, and every result on the search page.
        var footer = el("p", "search-footer");
        footer.appendChild(el("span", "search-count", countText(answer.result)));
        var all = el("a", "search-all", strings.allResults);
        var params = new URLSearchParams();
        params.set("q", query);
        activeTags.forEach(function (t) { params.append("tag", t); });
        all.href = root + "search.html?" + params.toString();
        footer.appendChild(all);
        box.appendChild(footer);
      }
      open();
    }, function (error) {
      if (mine !== sequence) return;
      box.textContent = "";
      message(box, String(error && error.message || error), "search-message search-error");
      open();
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 60);
  });
  input.addEventListener("focus", function () {
    if (input.value.trim() && box.firstChild) open();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (box.hidden || !options.length) return;
      e.preventDefault();
      var next = e.key === "ArrowDown" ? active + 1 : active - 1;
      if (next < -1) next = options.length - 1;
      if (next >= options.length) next = -1;
      setActive(next);
    } else if (e.key === "Enter") {
      if (active >= 0 && options[active] && !box.hidden) {
        e.preventDefault();
        window.location.href = options[active].href;
      }
      // Otherwise the form submits to search.html?q=...
    } else if (e.key === "Escape") {
      if (!box.hidden) {
        e.preventDefault();
        close();
      } else {
        input.blur();
      }
    }
  });
  form.addEventListener("submit", function () {
    // Carry the chosen tag chips to the results page.
    form.querySelectorAll("input[name=tag]").forEach(function (n) { n.remove(); });
    activeTags.forEach(function (tag) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "tag";
      hidden.value = tag;
      form.appendChild(hidden);
    });
  });
  document.addEventListener("mousedown", function (e) {
    if (!form.contains(e.target)) close();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (typing) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  /* ---------------- marks on the page a result led to ---------------- */

  /* Wraps every match of `words` in the text under `scope` in
   * <mark class="search-mark">; returns the marks in document order. A
   * match split across elements (a word half in <code>) is not marked. */
  function markWords(scope, words) {
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentNode;
        if (!parent || parent.closest("script, style, mark, .site-search, nav, .search-slot")) return NodeFilter.FILTER_REJECT;
        return node.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = [];
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var ranges = shiori.matchRanges(text, words);
      if (!ranges.length) return;
      var pieces = document.createDocumentFragment();
      var at = 0;
      ranges.forEach(function (r) {
        if (r[0] > at) pieces.appendChild(document.createTextNode(text.slice(at, r[0])));
        var mark = el("mark", "search-mark", text.slice(r[0], r[1]));
        pieces.appendChild(mark);
        marks.push(mark);
        at = r[1];
      });
      if (at < text.length) pieces.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(pieces, node);
    });
    return marks;
  }

  function clearMarks(marks) {
    marks.forEach(function (mark) {
      var parent = mark.parentNode;
      if (!parent) return;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    });
  }

  /* ?highlight=query (from a result link): mark the words as the search
   * matched them — the strict words first, loosened ones if those mark
   * nothing — and scroll to the first mark at or after the linked heading.
   * Escape clears the marks. */
  (function highlightFromLink() {
    var wanted = new URLSearchParams(window.location.search).get("highlight");
    var scope = document.querySelector("main article") || document.querySelector("main");
    if (!wanted || !scope || scope.id === "search-page") return;
    var marks = [];
    var cascade = shiori.plans(shiori.parseQuery(wanted));
    for (var i = 0; i < cascade.length && !marks.length; i++) marks = markWords(scope, cascade[i].words);
    if (!marks.length) return;
    var target = null;
    try {
      target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
    } catch (e) { /* a malformed anchor: scroll to the first mark */ }
    var first = marks[0];
    if (target) {
      for (var k = 0; k < marks.length; k++) {
        if (target.compareDocumentPosition(marks[k]) & Node.DOCUMENT_POSITION_FOLLOWING) { first = marks[k]; break; }
      }
    }
    first.classList.add("search-mark-first");
    first.scrollIntoView({ block: "center" });
    document.addEventListener("keydown", function onEscape(e) {
      var t = e.target;
      if (e.key !== "Escape" || (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      clearMarks(marks);
      marks = [];
      document.removeEventListener("keydown", onEscape);
      try {
        // Reloading or sharing the page no longer marks the words.
        window.history.replaceState(null, "", window.location.pathname + window.location.hash);
      } catch (err) { /* file:// may refuse: the marks are gone anyway */ }
    });
  })();

  /* ---------------- search.html ---------------- */

  var page = document.getElementById("search-page-results");
  if (page) {
    var params = new URLSearchParams(window.location.search);
    var query = params.get("q") || "";
    var pageTags = params.getAll("tag").filter(Boolean);
    input.value = query;
    var heading = document.querySelector("#search-page h1");
    if (heading && (query || pageTags.length)) {
      heading.textContent = strings.resultsFor + ": " + [query].concat(pageTags.map(function (t) { return "tag:" + t; })).join(" ").trim();
    }
    var renderPage = function () {
      page.textContent = "";
      if (!query.trim() && !pageTags.length) return;
      message(page, strings.loading);
      run(query, pageTags, PAGE_NOTES).then(function (answer) {
        page.textContent = "";
        renderChips(page, answer.groups, pageTags, function (tag) {
          var i = pageTags.indexOf(tag);
          if (i >= 0) pageTags.splice(i, 1); else pageTags.push(tag);
          var next = new URLSearchParams();
          if (query) next.set("q", query);
          pageTags.forEach(function (t) { next.append("tag", t); });
          window.history.replaceState(null, "", "?" + next.toString());
          renderPage();
        });
        if (!answer.groups.length) {
          noResults(page);
          return;
        }
        notices(page, answer.result);
        message(page, countText(answer.result), "search-message search-count");
        renderGroups(page, answer.groups, answer.result.words, PAGE_NOTES, "search-page-option-", false, query);
      }, function (error) {
        page.textContent = "";
        message(page, String(error && error.message || error), "search-message search-error");
      });
    };
    renderPage();
  }
})();
