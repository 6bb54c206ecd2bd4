// The session form, enhanced: a muscle narrows its trigger point menu to its own points and
// fills the needle sizes of its guidance; "Add" buttons append blank rows.
(function () {
  "use strict";
  const guidance = JSON.parse(document.getElementById("needle-guidance").textContent);

  function narrow(muscleSelect, fillNeedle) {
    const row = muscleSelect.closest(".needling-row");
    const info = guidance[muscleSelect.value];
    const points = row.querySelector("select[name$='-trigger_point']");
    const chosen = points.value;
    points.replaceChildren(new Option("Not recorded", ""));
    for (const [id, name] of info ? info.points : []) {
      points.add(new Option(name, id, false, id === chosen));
    }
    if (!fillNeedle || !info) return;
    const before = guidance[muscleSelect.dataset.previous || ""];
    for (const [field, key] of [["needle_length_mm", "length"], ["needle_gauge_mm", "gauge"]]) {
      const input = row.querySelector(`input[name$='-${field}']`);
      // Keep a size the clinician typed; replace a blank or the previous muscle's default.
      if (!input.value || (before && input.value === before[key])) input.value = info[key];
    }
  }

  function prepare(scope) {
    for (const select of scope.querySelectorAll("select[name$='-muscle']")) {
      if (select.value) narrow(select, false);
      select.dataset.previous = select.value;
    }
  }

  document.addEventListener("change", (event) => {
    const select = event.target.closest("select[name$='-muscle']");
    if (!select || !select.closest(".needling-row")) return;
    narrow(select, true);
    select.dataset.previous = select.value;
  });

  for (const button of document.querySelectorAll("[data-add]")) {
    const prefix = button.dataset.add;
    button.hidden = false;
    button.addEventListener("click", () => {
      const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
      const html = document.getElementById(`${prefix}-template`).innerHTML
        .replace(/__prefix__/g, total.value);
      const rows = document.querySelector(`[data-formset='${prefix}']`);
      rows.insertAdjacentHTML("beforeend", html);
      total.value = Number(total.value) + 1;
      const added = rows.lastElementChild;
      prepare(added);
      added.querySelector("select, input").focus();
    });
  }
  prepare(document);
})();
