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
    resultsFor: "検索結果"
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

  /* Site-relative fragment URL -> link from this page. */
  function href(url) { return root + url; }

  function excerptNode(fragment, words) {
    var p = el("p", "search-excerpt");
    shiori.excerpt(fragment.text, words).forEach(function (piece) {
      p.appendChild(piece.match ? el("mark", null, piece.text) : document.createTextNode(piece.text));
    });
    return p;
  }

  /* Hits (sections, best first) grouped by note page, best note first. */
  function groupByNote(fragments) {
    var groups = [];
    var byPage = Object.create(null);
    fragments.forEach(function (f) {
      var page = f.url.split("#")[0];
      var group = byPage[page];
      if (!group) {
        group = byPage[page] = { page: page, title: f.title, tags: f.tags, sections: [] };
        groups.push(group);
      }
      group.sections.push(f);
    });
    return groups;
  }

  function headingLabel(f) {
    return f.headings.length ? f.headings.join(" › ") : f.title;
  }

  /* Renders grouped results into `container`; returns the result links.
     With `listbox` (the dropdown) the list is an ARIA listbox of options
     for the combobox; on the results page it is a plain list of links. */
  function renderGroups(container, groups, words, maxNotes, idPrefix, listbox) {
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
      link.href = href(best.url);
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
          a.href = href(s.url);
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

  /* Runs a query; resolves to {result, groups}. Hits are grouped by note
   * first, so fragments are loaded only for the notes that will be shown. */
  function run(query, tags, limit, maxNotes) {
    return shiori.search(query, { tags: tags, limit: limit }).then(function (result) {
      var docs = result.hits.map(function (h) { return h.doc; });
      return shiori.locate(docs).then(function (places) {
        var notes = [];
        var perNote = Object.create(null);
        var shown = [];
        places.forEach(function (p) {
          if (!perNote[p.note]) {
            if (notes.length >= maxNotes) return;
            perNote[p.note] = 0;
            notes.push(p.note);
          }
          if (perNote[p.note]++ <= HEADINGS_PER_NOTE) shown.push(p.doc);
        });
        return shiori.fragments(shown);
      }).then(function (fragments) {
        return { result: result, groups: groupByNote(fragments) };
      });
    });
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
    run(query, activeTags, 20, DROPDOWN_NOTES).then(function (answer) {
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
        message(box, strings.noResults);
      } else {
        if (answer.result.orFallback) message(box, strings.orFallback, "search-message search-fallback");
        options = renderGroups(box, answer.groups, answer.result.words, DROPDOWN_NOTES, "search-option-", true);
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
      run(query, pageTags, 100, PAGE_NOTES).then(function (answer) {
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
          message(page, strings.noResults);
          return;
        }
        if (answer.result.orFallback) message(page, strings.orFallback, "search-message search-fallback");
        renderGroups(page, answer.groups, answer.result.words, PAGE_NOTES, "search-page-option-", false);
      }, function (error) {
        page.textContent = "";
        message(page, String(error && error.message || error), "search-message search-error");
      });
    };
    renderPage();
  }
})();
