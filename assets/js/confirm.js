// Forms with data-confirm ask before they are sent (deleting, unbinding).
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
}, true);
