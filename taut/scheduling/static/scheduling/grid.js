// The calendar grid: drag an appointment to another slot (or clinician, or day) to move it,
// or drag its lower edge to change its length. The drop submits the page's ordinary move
// form, so the server's rules (no double booking, nothing in the past, no change since the
// page was drawn) decide, and a refusal shows on the move page with the reason. Without this script every free slot is still a
// booking link and every appointment has its Move form.

const grid = document.querySelector("[data-calendar]");
const form = document.getElementById("grid-move");
const CELL_MINUTES = 15;

function minutesOf(hhmm) {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

function hhmm(minutes) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function cellAt(x, y) {
  return document.elementsFromPoint(x, y).find((el) => el.classList.contains("cell")) || null;
}

function mark(cell, previous) {
  if (previous && previous !== cell) previous.classList.remove("drop");
  if (cell) cell.classList.add("drop");
  return cell;
}

function submit(appt, fields) {
  form.action = appt.dataset.move;
  for (const [name, value] of Object.entries(fields)) form.elements[name].value = value;
  form.elements.version.value = appt.dataset.version; // the version shown: a stale drop is refused
  form.elements.next.value = grid.dataset.return;
  form.submit();
}

function drop(drag, cell) {
  const appt = drag.appt;
  const start = minutesOf(appt.dataset.time);
  const length = Number(appt.dataset.length);
  if (drag.resize) {
    if (cell.dataset.date !== appt.dataset.date || cell.dataset.clinician !== appt.dataset.clinician) return;
    const minutes = minutesOf(cell.dataset.time) + CELL_MINUTES - start;
    if (minutes < CELL_MINUTES || minutes === length) return;
    submit(appt, { clinician: appt.dataset.clinician, date: appt.dataset.date, time: appt.dataset.time, minutes });
    return;
  }
  const shift = minutesOf(cell.dataset.time) - minutesOf(drag.grabbed.dataset.time);
  const moved = start + shift;
  if (moved < 0 || moved + length > 24 * 60) return;
  const same = cell.dataset.date === appt.dataset.date && cell.dataset.clinician === appt.dataset.clinician;
  if (same && moved === start) return;
  submit(appt, { clinician: cell.dataset.clinician, date: cell.dataset.date, time: hhmm(moved), minutes: length });
}

if (grid && form) {
  let drag = null;
  let suppressClick = false;

  grid.addEventListener("pointerdown", (event) => {
    const appt = event.target.closest(".appt[data-move]");
    if (!appt || event.button !== 0) return;
    const grabbed = cellAt(event.clientX, event.clientY);
    if (!grabbed) return;
    drag = { appt, grabbed, resize: event.target.classList.contains("resize"), x: event.clientX, y: event.clientY, moved: false, over: null };
    appt.setPointerCapture(event.pointerId);
  });

  grid.addEventListener("pointermove", (event) => {
    if (!drag) return;
    if (!drag.moved && Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < 6) return;
    drag.moved = true;
    drag.appt.classList.add("dragging");
    drag.over = mark(cellAt(event.clientX, event.clientY), drag.over);
  });

  const finish = (event) => {
    if (!drag) return;
    const current = drag;
    drag = null;
    current.appt.classList.remove("dragging");
    if (current.over) current.over.classList.remove("drop");
    if (!current.moved) return;
    suppressClick = true;
    const cell = event.type === "pointerup" ? cellAt(event.clientX, event.clientY) : null;
    if (cell) drop(current, cell);
  };
  grid.addEventListener("pointerup", finish);
  grid.addEventListener("pointercancel", finish);

  // The browser's own dragging of a link would cancel the pointer events.
  grid.addEventListener("dragstart", (event) => {
    if (event.target.closest && event.target.closest(".appt[data-move]")) event.preventDefault();
  });

  // A drag ends with a click on the appointment's link; it must not open the appointment.
  grid.addEventListener("click", (event) => {
    if (suppressClick) {
      event.preventDefault();
      suppressClick = false;
    }
  }, true);
}
