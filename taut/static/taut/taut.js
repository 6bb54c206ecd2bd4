// Small behaviours shared by every page, kept out of the HTML so the Content-Security-Policy
// can forbid inline scripts: confirm before a destructive submit, print buttons, and selects
// that submit their form when changed.
(function () {
  "use strict";

  document.addEventListener("submit", (event) => {
    // unsaved.js asks its own, longer question on pages that guard unsaved input
    if (event.defaultPrevented || event.tautConfirmed) return;
    const form = event.target;
    const button = event.submitter;
    const question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });

  document.addEventListener("change", (event) => {
    const select = event.target.closest("select[data-autosubmit]");
    if (select) select.form.submit();
  });
})();
