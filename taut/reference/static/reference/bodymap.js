// Taut body map: mark pain regions with an intensity, by pointer or keyboard.
// State lives in a hidden input as JSON [{id, intensity, quality?}]; every change fires
// "bodymap:change" with that list as its detail.
(function () {
  "use strict";

  function setup(root) {
    const input = document.getElementById(root.dataset.input);
    const slider = root.querySelector("[data-intensity]");
    const sliderOut = root.querySelector("[data-intensity-out]");
    const target = root.querySelector("[data-intensity-target]");
    const find = root.querySelector("[data-find]");
    const quality = root.querySelector("[data-quality]");
    const list = root.querySelector("[data-list]");
    const empty = root.querySelector("[data-empty]");
    const status = root.querySelector("[data-announce]");
    const paths = Array.from(root.querySelectorAll("path.region[data-region]"));
    const byId = new Map();
    const marks = new Map();
    let current = null;

    paths.forEach((path) => {
      const id = path.dataset.region;
      if (!byId.has(id)) byId.set(id, []);
      byId.get(id).push(path);
      const title = path.querySelector("title");
      // The region's name with its side ("Jaw joint (TMJ), right"), kept whole: the state is
      // added after it, never parsed back out of it.
      path.dataset.label = title ? title.textContent : id;
      path.setAttribute("role", "checkbox");
      path.setAttribute("aria-label", path.dataset.label);
      path.setAttribute("tabindex", "-1");
      path.addEventListener("click", () => { focus(path); toggle(id); });
      path.addEventListener("keydown", (event) => onKey(event, path));
      path.addEventListener("focus", () => { current = id; describeTarget(); });
    });
    // One tab stop per figure (roving tabindex); arrow keys move within it.
    root.querySelectorAll("svg").forEach((svg) => {
      const first = svg.querySelector("path.region[data-region]");
      if (first) first.setAttribute("tabindex", "0");
    });

    function label(id) {
      const path = (byId.get(id) || [])[0];
      return path ? path.dataset.label : id;
    }

    // Screen readers hear what changed, once, not the whole list again.
    function announce(text) {
      if (!status) return;
      status.textContent = "";
      window.setTimeout(() => { status.textContent = text; }, 50);
    }

    function describe(id, before, after) {
      if (!after) return before ? `${label(id)}: cleared` : "";
      const kind = after.quality ? `, ${qualityName(after.quality)}` : "";
      if (!before) return `${label(id)}: marked, pain ${after.intensity} of 10${kind}`;
      return `${label(id)}: pain ${after.intensity} of 10${kind}`;
    }

    function qualityName(value) {
      const option = quality.querySelector(`option[value="${value}"]`);
      return option ? option.textContent.toLowerCase() : value;
    }

    function focus(path) {
      const svg = path.ownerSVGElement;
      svg.querySelectorAll('path.region[tabindex="0"]').forEach((p) => p.setAttribute("tabindex", "-1"));
      path.setAttribute("tabindex", "0");
      path.focus();
    }

    // A mark is {intensity, quality}; quality "" means not stated.
    function set(id, intensity, kind) {
      if (!byId.has(id)) return;
      const before = marks.get(id);
      change(id, intensity, kind);
      const said = describe(id, before, marks.get(id));
      if (said) announce(said);
    }

    function change(id, intensity, kind) {
      if (intensity <= 0) {
        marks.delete(id);
      } else {
        const previous = marks.get(id);
        const q = kind !== undefined ? kind : (previous ? previous.quality : quality.value);
        marks.set(id, {intensity: Math.min(10, intensity), quality: q});
      }
      current = id;
      render();
    }

    function toggle(id) {
      set(id, marks.has(id) ? 0 : Number(slider.value), quality.value);
    }

    function onKey(event, path) {
      const id = path.dataset.region;
      const key = event.key;
      if (key === " " || key === "Enter") { toggle(id); }
      else if (/^[0-9]$/.test(key)) { set(id, key === "0" ? 10 : Number(key)); }
      else if (key === "Delete" || key === "Backspace") { set(id, 0); }
      else if (key.startsWith("Arrow")) {
        const next = neighbour(path, key);
        if (next) focus(next);
      } else { return; }
      event.preventDefault();
    }

    // The nearest region of the same figure in the arrow's direction, by centre points.
    function neighbour(path, key) {
      const here = centre(path);
      const dir = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1]}[key];
      let best = null, bestScore = Infinity;
      path.ownerSVGElement.querySelectorAll("path.region[data-region]").forEach((other) => {
        if (other === path) return;
        const c = centre(other);
        const dx = c.x - here.x, dy = c.y - here.y;
        const along = dx * dir[0] + dy * dir[1];
        if (along <= 0) return;
        const across = Math.abs(dx * dir[1]) + Math.abs(dy * dir[0]);
        const score = along + 2 * across;
        if (score < bestScore) { best = other; bestScore = score; }
      });
      return best;
    }

    function centre(path) {
      const box = path.getBBox();
      const m = path.getCTM();
      const x = box.x + box.width / 2, y = box.y + box.height / 2;
      return m ? {x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f} : {x, y};
    }

    // The slider says which region it changes: the one last marked, while it is marked.
    function describeTarget() {
      if (!target) return;
      target.textContent = current && marks.has(current)
        ? `Applies to ${label(current)} (last marked) and to new marks.`
        : "Applies to new marks.";
    }

    function render() {
      describeTarget();
      byId.forEach((group, id) => {
        const level = marks.has(id) ? marks.get(id).intensity : 0;
        group.forEach((path) => {
          path.classList.remove(...Array.from(path.classList).filter((c) => c.startsWith("pain-")));
          path.classList.toggle("marked", level > 0);
          if (level > 0) path.classList.add("pain-" + level);
          path.setAttribute("aria-checked", level > 0 ? "true" : "false");
          const name = path.dataset.label;
          path.setAttribute("aria-label", level > 0 ? `${name}: pain ${level} of 10` : name);
        });
      });
      list.replaceChildren(...Array.from(marks, ([id, mark]) => row(id, mark)));
      empty.hidden = marks.size > 0;
      const value = Array.from(marks, ([id, mark]) =>
        mark.quality ? {id, intensity: mark.intensity, quality: mark.quality} : {id, intensity: mark.intensity});
      input.value = JSON.stringify(value);
      root.dispatchEvent(new CustomEvent("bodymap:change", {detail: value, bubbles: true}));
    }

    function row(id, mark) {
      const level = mark.intensity;
      const li = document.createElement("li");
      li.dataset.region = id;
      const name = document.createElement("span");
      const kind = mark.quality ? `, ${qualityName(mark.quality)}` : "";
      name.textContent = `${label(id)}: ${level}/10${kind}`;
      const less = button("−", `Less intense: ${label(id)}`, () => set(id, level - 1));
      const more = button("+", `More intense: ${label(id)}`, () => set(id, level + 1));
      const remove = button("Remove", `Remove ${label(id)}`, () => set(id, 0));
      li.append(name, less, more, remove);
      return li;
    }

    function button(text, aria, onClick) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", aria);
      b.addEventListener("click", onClick);
      return b;
    }

    slider.addEventListener("input", () => {
      sliderOut.textContent = slider.value;
      if (current && marks.has(current)) set(current, Number(slider.value));
    });
    quality.addEventListener("change", () => {
      if (current && marks.has(current)) set(current, marks.get(current).intensity, quality.value);
    });
    // The region named in the search box: the option typed in full, or the only one that
    // starts with what was typed.
    function found() {
      const text = find.value.trim().toLowerCase();
      if (!text) return null;
      const options = Array.from(find.list.options);
      const exact = options.find((o) => o.value.toLowerCase() === text);
      if (exact) return exact;
      const starting = options.filter((o) => o.value.toLowerCase().startsWith(text));
      return starting.length === 1 ? starting[0] : null;
    }
    function addFound() {
      const option = found();
      if (option) { set(option.dataset.region, Number(slider.value), quality.value); find.value = ""; }
    }
    find.addEventListener("change", addFound);
    // Enter in the search box adds the region; it never submits the form around the map.
    find.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); addFound(); }
    });
    root.querySelector("[data-clear]").addEventListener("click", () => {
      const had = marks.size;
      marks.clear();
      render();
      if (had) announce("All marks cleared");
    });

    // Zoom: a figure shows one of its parts (the option's value is an SVG viewBox), full
    // width, so that small regions are large enough to tap on a tablet.
    root.querySelectorAll("[data-zoom-tools]").forEach((tools) => {
      const figure = tools.closest("[data-figure]");
      const svg = figure.querySelector("svg");
      const whole = svg.getAttribute("viewBox");
      const select = tools.querySelector("[data-zoom]");
      tools.hidden = false;
      select.addEventListener("change", () => {
        const box = select.value;
        svg.setAttribute("viewBox", box || whole);
        figure.classList.toggle("zoomed", Boolean(box));
        const part = select.options[select.selectedIndex].textContent;
        announce(box ? `${part}: zoomed in` : `${part}: whole figure`);
      });
    });

    try {
      JSON.parse(input.value || "[]").forEach((m) => {
        if (byId.has(m.id)) marks.set(m.id, {intensity: Number(m.intensity) || 5, quality: m.quality || ""});
      });
    } catch (error) { /* a malformed value starts an empty drawing */ }
    render();
    root.bodymap = {marks, set, toggle};
  }

  document.querySelectorAll("[data-bodymap]").forEach(setup);
})();
