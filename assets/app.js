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
