// Never lose unsaved input: a form marked data-unsaved-warning asks before the page is left
// with changes in it (a link, a reload, another form's button such as a row's Remove). Its
// own buttons save everything in it, so submitting it is never warned about.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-unsaved-warning]");
  if (!forms.length) return;
  var snapshot = function (form) {
    return new URLSearchParams(new FormData(form)).toString();
  };
  var saving = false;
  var start = [];
  forms.forEach(function (form, i) {
    start[i] = snapshot(form);
    form.addEventListener("submit", function () { saving = true; });
  });
  var dirty = function () {
    var changed = false;
    forms.forEach(function (form, i) { if (snapshot(form) !== start[i]) changed = true; });
    return changed;
  };
  window.addEventListener("beforeunload", function (event) {
    if (!saving && dirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Forms of their own on the page (row removals): confirm, and say what would be lost.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var question = form.getAttribute("data-confirm");
      if (dirty()) {
        question += "\n\nThe page has changes that are not saved yet; they will be lost. " +
          "Save the page first to keep them.";
      }
      if (!window.confirm(question)) {
        event.preventDefault();
        return;
      }
      event.tautConfirmed = true; // taut.js asks nothing more
      saving = true;
    });
  });
})();
