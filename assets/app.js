// Parta: the little behaviour pages need beyond htmx. No inline script anywhere (CSP).
// Forms marked data-guard ask before the page is left with unsaved input.
(function () {
  "use strict";
  var dirty = new Set();
  document.addEventListener("input", function (e) {
    var form = e.target.closest && e.target.closest("form[data-guard]");
    if (form) dirty.add(form);
  });
  document.addEventListener("submit", function (e) {
    dirty.delete(e.target);
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty.size > 0) {
      e.preventDefault();
      e.returnValue = "";
    }
  });
})();

// Buttons marked data-print open the browser's print dialog (reports, letters).
document.addEventListener("click", function (e) {
  var b = e.target.closest && e.target.closest("[data-print]");
  if (b) {
    e.preventDefault();
    window.print();
  }
});

// On a phone the header folds into a bar with a menu button (app.css decides the width;
// without this script the whole header shows, as on a wide screen).
(function () {
  "use strict";
  var header = document.querySelector("header.top");
  var button = header && header.querySelector(".menu-toggle");
  if (!button) return;
  header.classList.add("js-menu");
  button.hidden = false;
  function set(open) {
    header.classList.toggle("open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () {
    set(!header.classList.contains("open"));
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && header.classList.contains("open")) {
      set(false);
      button.focus();
    }
  });
})();

// «Управление» in the header (a details element) closes on a click elsewhere and on Escape.
document.addEventListener("click", function (e) {
  document.querySelectorAll("header.top details[open]").forEach(function (d) {
    if (!d.contains(e.target)) d.open = false;
  });
});
document.addEventListener("keydown", function (e) {
  if (e.key !== "Escape") return;
  document.querySelectorAll("header.top details[open]").forEach(function (d) {
    d.open = false;
    d.querySelector("summary").focus();
  });
});
