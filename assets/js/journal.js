// Journal grid: type into a cell, move like in a spreadsheet, each cell saved on its own with
// htmx; paste a column of marks; the lesson panel beside the grid. Active only on pages with a
// grid (table.jg). The grid is not inside a form, so app.js's unsaved-input guard ignores it.
(function () {
  "use strict";

  function gridOf(el) {
    return el && el.closest ? el.closest("table.jg") : null;
  }

  function isCellInput(el) {
    return el && el.tagName === "INPUT" && el.parentElement && el.parentElement.tagName === "TD" && gridOf(el);
  }

  // The value the server compares with: the one shown when the page (or the cell) was drawn.
  function was(input) {
    return input.dataset.w !== undefined ? input.dataset.w : input.defaultValue;
  }

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || "";
    } catch (e) {
      return "";
    }
  }

  function save(input) {
    var td = input.parentElement;
    var table = gridOf(td);
    var tr = td.parentElement;
    var th = table && table.tHead ? table.tHead.rows[0].cells[td.cellIndex] : null;
    if (!th || !tr.dataset.s || typeof htmx === "undefined") return;
    var value = input.value.trim();
    if (value === was(input).trim()) {
      // Back to what is stored: nothing to save, nothing wrong.
      td.classList.remove("bad");
      return;
    }
    if (input.dataset.sent === value) return;
    input.dataset.sent = value;
    var values = { student: tr.dataset.s, value: value, was: was(input) };
    var url;
    if (th.dataset.k) {
      url = table.dataset.fin;
      values.kind = th.dataset.k;
    } else {
      url = table.dataset.cell;
      values.lesson = th.dataset.l;
      values.a = th.dataset.a;
    }
    td.classList.add("busy");
    htmx.ajax("POST", url, {
      source: td,
      target: td,
      swap: "outerHTML",
      values: values,
      headers: { "X-CSRF-Token": csrf() }
    });
  }

  // The next input from `td` by rows (dr) or columns (dc), skipping cells without one.
  function neighbour(td, dr, dc) {
    var tr = td.parentElement;
    var rows = tr.parentElement.rows;
    var r = tr.sectionRowIndex;
    var c = td.cellIndex;
    for (;;) {
      r += dr;
      c += dc;
      var row = rows[r];
      if (!row) return null;
      var cell = row.cells[c];
      if (!cell) return null;
      var input = cell.querySelector("input");
      if (input) return input;
    }
  }

  function go(input, dr, dc) {
    var next = neighbour(input.parentElement, dr, dc);
    if (next) {
      next.focus();
      next.select();
    }
  }

  document.addEventListener("focusin", function (e) {
    if (isCellInput(e.target)) e.target.select();
  });

  document.addEventListener("change", function (e) {
    if (isCellInput(e.target)) save(e.target);
  });

  document.addEventListener("keydown", function (e) {
    var input = e.target;
    if (!isCellInput(input) || e.altKey || e.ctrlKey || e.metaKey) return;
    var atEnd = input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
    var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    switch (e.key) {
      case "Enter":
      case "ArrowDown":
        e.preventDefault();
        save(input);
        go(input, 1, 0);
        break;
      case "ArrowUp":
        e.preventDefault();
        save(input);
        go(input, -1, 0);
        break;
      case "ArrowRight":
        if (atEnd || input.value === "") {
          e.preventDefault();
          save(input);
          go(input, 0, 1);
        }
        break;
      case "ArrowLeft":
        if (atStart || input.value === "") {
          e.preventDefault();
          save(input);
          go(input, 0, -1);
        }
        break;
      case "Backspace":
        if (input.value === "") save(input);
        break;
      case "Escape":
        input.value = was(input);
        input.select();
        break;
    }
  });

  // A column pasted from a spreadsheet fills the cells downward, each saved.
  document.addEventListener("paste", function (e) {
    var input = e.target;
    if (!isCellInput(input)) return;
    var text = (e.clipboardData || window.clipboardData).getData("text") || "";
    var lines = text.replace(/\r/g, "").split("\n");
    if (lines.length && lines[lines.length - 1] === "") lines.pop();
    if (lines.length < 2) return;
    e.preventDefault();
    var current = input;
    for (var i = 0; i < lines.length && current; i++) {
      current.value = lines[i].split("\t")[0].trim();
      save(current);
      current = i < lines.length - 1 ? neighbour(current.parentElement, 1, 0) : null;
    }
  });

  // Refused (422) and changed-meanwhile (409) answers are drawn in place like successes.
  var refocus = null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail.target;
    var status = e.detail.xhr ? e.detail.xhr.status : 0;
    var ours = target && target.closest && (gridOf(target) || target.closest(".lesson-panel, #panel"));
    if (!ours) return;
    if (status === 409 || status === 422) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
    refocus = null;
    if (target.tagName === "TD" && target.contains(document.activeElement)) {
      refocus = { table: gridOf(target), r: target.parentElement.rowIndex, c: target.cellIndex };
    }
  });

  document.addEventListener("htmx:afterSwap", function () {
    if (!refocus) return;
    var row = refocus.table.rows[refocus.r];
    var input = row && row.cells[refocus.c] ? row.cells[refocus.c].querySelector("input") : null;
    refocus = null;
    if (input) {
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
  });

  // A cell whose save failed outright (no answer, 403): a red outline; typing again retries.
  document.addEventListener("htmx:responseError", function (e) {
    var td = e.detail.target;
    if (td && td.tagName === "TD" && gridOf(td)) {
      td.classList.remove("busy");
      td.classList.add("bad");
      var input = td.querySelector("input");
      if (input) delete input.dataset.sent;
    }
  });
  document.addEventListener("htmx:sendError", function (e) {
    var td = e.detail.target;
    if (td && td.tagName === "TD" && gridOf(td)) {
      td.classList.remove("busy");
      td.classList.add("bad");
      var input = td.querySelector("input");
      if (input) delete input.dataset.sent;
    }
  });

  // The lesson panel: «close» empties it when it sits beside the grid.
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-close]");
    var panel = document.getElementById("panel");
    if (link && panel && panel.contains(link)) {
      e.preventDefault();
      panel.innerHTML = "";
      showLesson();
    }
  });

  // An assignment type suggests its weight.
  function weights(root) {
    var selects = root.querySelectorAll ? root.querySelectorAll("select[data-weights]") : [];
    for (var i = 0; i < selects.length; i++) hint(selects[i]);
  }
  function hint(select) {
    var option = select.options[select.selectedIndex];
    var weight = select.form ? select.form.querySelector("input[name=weight]") : null;
    if (option && weight && option.dataset.w) weight.placeholder = option.dataset.w;
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-weights]")) hint(e.target);
  });
  // The grid shows the lesson whose panel is open: its column scrolled into view and marked.
  function showLesson() {
    var section = document.querySelector("#panel .lesson-panel");
    var marked = document.querySelectorAll("table.jg thead th.open");
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove("open");
    if (!section) return;
    var th = document.querySelector('table.jg thead th[data-l="' + section.dataset.l + '"]');
    if (!th) return;
    th.classList.add("open");
    var scroll = th.closest(".jscroll");
    if (scroll) {
      var left = th.offsetLeft - scroll.clientWidth / 2;
      scroll.scrollLeft = Math.max(0, left);
    }
  }

  document.addEventListener("htmx:load", function (e) {
    weights(e.detail.elt);
    if (e.detail.elt && e.detail.elt.closest && e.detail.elt.closest("#panel")) showLesson();
    var panel = document.getElementById("panel");
    if (panel && e.detail.elt && e.detail.elt.closest && e.detail.elt.closest("#panel") && window.innerWidth < 960) {
      panel.scrollIntoView({ block: "start" });
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    weights(document);
    showLesson();
  });
})();
