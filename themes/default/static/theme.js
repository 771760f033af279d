// shiori: applies the colour scheme the reader chose (light or dark; none means
// the system setting) before the page is painted, so no page flashes the wrong
// one. Loaded as a classic script in <head>: the pages' CSP forbids inline code.
(function () {
  // Lets the stylesheet hide what reading.js will fold (the table of contents on
  // narrow screens) until it has, instead of showing it open for a moment.
  document.documentElement.classList.add("js");
  try {
    var choice = localStorage.getItem("shiori-theme");
    if (choice === "light" || choice === "dark") {
      document.documentElement.setAttribute("data-theme", choice);
    }
  } catch (e) {
    // Storage disabled (private mode, file:// in some browsers): follow the system.
  }
})();
