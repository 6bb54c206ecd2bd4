// The differential page: every change to the drawing, movements or findings asks the server
// for the ranked trigger points and shows them; a candidate's pattern can be laid over the map.
(function () {
  "use strict";
  const root = document.querySelector("[data-differential]");
  if (!root) return;
  const url = root.dataset.url;
  const csrf = root.querySelector("[name=csrfmiddlewaretoken]").value;
  const map = root.querySelector("[data-bodymap]");
  const input = document.getElementById(map.dataset.input);
  const labels = new Map(Array.from(map.querySelectorAll("datalist option"), (o) => [o.dataset.region, o.value]));
  const out = (name) => root.querySelector(`[data-${name}]`);
  const movements = new Map(); // "id|side" -> {id, side}
  const findings = new Map(); // "trigger point|side" -> {trigger_point, side, result}
  let asked = 0;
  let shown = null;

  function evidence() {
    return {
      regions: JSON.parse(input.value || "[]"),
      movements: Array.from(movements.values()),
      findings: Array.from(findings.values()),
      top: 10,
    };
  }

  async function update() {
    const request = evidence();
    const mine = ++asked;
    out("placeholder").hidden = request.regions.length > 0;
    if (!request.regions.length) { clear(); return; }
    out("output").setAttribute("aria-busy", "true");
    let answer, ok;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
        body: JSON.stringify(request),
      });
      ok = response.ok;
      answer = await response.json();
    } catch (error) {
      ok = false;
      answer = {error: "The server could not be reached. Your drawing is kept; try again."};
    }
    if (mine !== asked) return; // a newer request is on its way
    out("output").setAttribute("aria-busy", "false");
    out("error").hidden = ok;
    if (!ok) { out("error").textContent = answer.error || "Something went wrong."; return; }
    show(answer);
  }

  function clear() {
    ["explanation", "candidates", "unexplained", "hints"].forEach((n) => out(n).replaceChildren());
    out("unexplained-box").hidden = true;
    overlay(null);
  }

  function label(id) { return labels.get(id) || id; }

  function show(answer) {
    out("explanation").replaceChildren(...answer.explanation.map((c) => {
      const li = el("li", "", `${c.muscle_name}, ${c.side}`);
      li.append(patternButton(c));
      return li;
    }));
    // The server lists only candidates that explain something drawn.
    out("candidates").replaceChildren(...answer.candidates.map(candidate));
    out("unexplained").replaceChildren(...answer.unexplained.map((id) => el("li", "", label(id))));
    out("unexplained-box").hidden = answer.unexplained.length === 0;
    out("hints").replaceChildren(...answer.hints.map(hint));
    if (shown) {
      const again = answer.candidates.find((c) => key(c) === shown);
      overlay(again || null);
    }
  }

  // A hint stands above the ranking: an organ to rule out first, a caution, another source.
  function hint(h) {
    const box = el("div", `hint hint-${h.kind}`);
    if (h.kind === "visceral") box.setAttribute("role", "alert");
    const text = el("p", "", "");
    const lead = {visceral: "Safety first. ", caution: "Caution. "}[h.kind];
    if (lead) text.append(el("strong", "", lead));
    text.append(h.message);
    box.append(text);
    if (h.sources.length) box.append(el("p", "source", "Source: " + h.sources.join("; ")));
    return box;
  }

  function key(c) { return `${c.trigger_point}|${c.side}`; }

  function candidate(c) {
    const li = el("li", "candidate");
    const head = el("div", "candidate-head");
    const name = el("strong", "", `${c.muscle_name}`);
    const detail = el("span", "muscle-tp", ` ${c.trigger_point_name} · ${c.side}`);
    const pct = Math.round(c.probability * 100);
    const bar = el("span", "prob");
    bar.setAttribute("role", "meter");
    bar.setAttribute("aria-valuenow", String(pct));
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", "100");
    bar.setAttribute("aria-label", `Probability ${pct}%`);
    bar.style.setProperty("--p", `${pct}%`);
    bar.textContent = `${pct}%`;
    head.append(name, detail, bar);
    const explains = el("p", "small", "Explains: " + (c.explains_zones.map((e) =>
      `${label(e.region)}${{spillover: " (spillover)", local: " (at the trigger point)"}[e.zone] || ""}`).join("; ") || "nothing drawn"));
    li.append(head, explains);
    if (c.predicts_not_drawn.length) {
      li.append(el("p", "small muted", "Would also be expected: " + c.predicts_not_drawn.map(label).join("; ")));
    }
    const actions = el("div", "actions");
    const found = findings.get(key(c));
    actions.append(
      patternButton(c),
      findingButton(c, "positive", "Palpated: TrP found", found),
      // Found, but not the patient's familiar pain: not the source of this drawing.
      findingButton(c, "latent", "Palpated: latent", found),
      findingButton(c, "negative", "Palpated: not found", found),
      link(`/reference/muscles/${c.muscle}/#${c.trigger_point}`, "Reference"),
    );
    li.append(actions);
    return li;
  }

  function patternButton(c) {
    const b = el("button", "small-button", "Show pattern");
    b.type = "button";
    b.setAttribute("aria-pressed", String(shown === key(c)));
    b.addEventListener("click", () => {
      const on = shown !== key(c);
      shown = on ? key(c) : null;
      overlay(on ? c : null);
      root.querySelectorAll('button[aria-pressed="true"]').forEach((x) => x.setAttribute("aria-pressed", "false"));
      root.querySelectorAll("button.small-button").forEach((x) => {
        if (x.textContent === "Show pattern" && x.closest("li") === b.closest("li")) x.setAttribute("aria-pressed", String(on));
      });
    });
    return b;
  }

  function findingButton(c, result, text, current) {
    const b = el("button", "small-button", text);
    b.type = "button";
    b.setAttribute("aria-pressed", String(current ? current.result === result : false));
    b.addEventListener("click", () => {
      const k = key(c);
      if (findings.has(k) && findings.get(k).result === result) findings.delete(k);
      else findings.set(k, {trigger_point: c.trigger_point, side: c.side, result});
      update();
    });
    return b;
  }

  // Outline the candidate's essential and spillover zones (and its site) on the drawing.
  function overlay(c) {
    map.querySelectorAll("path.region").forEach((p) => p.classList.remove("overlay-essential", "overlay-spillover", "overlay-site"));
    if (!c) return;
    Object.entries(c.overlay).forEach(([id, kinds]) => {
      map.querySelectorAll(`path.region[data-region="${id}"]`).forEach((p) => {
        kinds.split(" ").forEach((k) => p.classList.add(`overlay-${k}`));
      });
    });
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function link(href, text) { const a = el("a", "", text); a.href = href; return a; }

  // movements
  const select = root.querySelector("[data-movement]");
  const side = root.querySelector("[data-movement-side]");
  const list = root.querySelector("[data-movement-list]");
  function showMovements() {
    list.replaceChildren(...Array.from(movements.entries(), ([k, m]) => {
      const text = select.querySelector(`option[value="${m.id}"]`).textContent;
      const li = el("li", "", m.side ? `${text}, ${m.side}` : text);
      const remove = el("button", "small-button", "Remove");
      remove.type = "button";
      remove.setAttribute("aria-label", `Remove ${li.textContent}`);
      remove.addEventListener("click", () => { movements.delete(k); showMovements(); update(); });
      li.append(remove);
      return li;
    }));
  }
  root.querySelector("[data-movement-add]").addEventListener("click", () => {
    const axial = select.selectedOptions[0].dataset.axial === "1";
    const m = axial ? {id: select.value} : {id: select.value, side: side.value};
    movements.set(`${m.id}|${m.side || ""}`, m);
    showMovements();
    update();
  });

  let timer = null;
  map.addEventListener("bodymap:change", () => { clearTimeout(timer); timer = setTimeout(update, 120); });
  update();
})();
