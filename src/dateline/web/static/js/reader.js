// Article reader: click (or Enter on) a highlight to see its facts; legend toggles layers.
(function () {
  "use strict";
  var index = JSON.parse(document.getElementById("fact-index").textContent || "{}");
  var text = document.getElementById("article-text");
  var panel = document.getElementById("fact-detail");

  // Offsets are for highlighting, not for reading.
  var HIDDEN = ["fact_kind", "start", "end", "cue_start", "cue_end"];

  function heading(f) {
    switch (f.fact_kind) {
      case "event": return "Event " + f.type + (f.mode ? "/" + f.mode : "");
      case "quote": {
        var who = f.speaker && (f.speaker.canonical || f.speaker.text);
        return "Quote (" + f.kind + ") by " + (who || "an unknown speaker");
      }
      case "entity": return "Actor " + f.canonical;
      case "time": return "Time “" + f.text + "” → " + (f.value || "?");
      case "place": return "Place " + (f.name || f.text);
      default: return f.fact_kind || "Fact";
    }
  }

  function show(value) {
    if (value === null || value === undefined || value === "") return null;
    if (Array.isArray(value)) {
      var parts = value.map(function (v) { return typeof v === "object" ? summary(v) : String(v); });
      return parts.filter(Boolean).join("; ") || null;
    }
    if (typeof value === "object") return summary(value);
    return String(value);
  }

  // One line for a nested object: its non-empty scalar fields, offsets left out.
  function summary(obj) {
    if (!obj) return "";
    return Object.keys(obj)
      .filter(function (k) { return ["start", "end", "cue_start", "cue_end"].indexOf(k) < 0; })
      .map(function (k) {
        var v = obj[k];
        if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) return "";
        if (typeof v === "object") v = show(v);
        return k + ": " + v;
      })
      .filter(Boolean)
      .join(", ");
  }

  // Built with textContent only: article text never becomes markup.
  function card(id) {
    var fact = index[id];
    var box = document.createElement("div");
    box.className = "fact";
    box.setAttribute("data-fact", id);
    var h = document.createElement("h3");
    h.textContent = heading(fact);
    box.appendChild(h);
    var dl = document.createElement("dl");
    Object.keys(fact).forEach(function (key) {
      if (HIDDEN.indexOf(key) >= 0) return;
      var value = show(fact[key]);
      if (value === null || value === "") return;
      var dt = document.createElement("dt");
      dt.textContent = key;
      var dd = document.createElement("dd");
      dd.textContent = value;
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    box.appendChild(dl);
    return box;
  }

  function select(ids) {
    panel.textContent = "";
    ids.filter(function (id) { return index[id]; }).forEach(function (id) { panel.appendChild(card(id)); });
    var chosen = {};
    ids.forEach(function (id) { chosen[id] = true; });
    Array.prototype.forEach.call(text.querySelectorAll(".hl"), function (el) {
      var on = (el.getAttribute("data-facts") || "").split(" ").some(function (f) { return chosen[f]; });
      el.classList.toggle("active", on);
    });
  }

  function onHighlight(ev) {
    var el = ev.target.closest(".hl");
    if (!el) return;
    if (ev.type === "keydown" && ev.key !== "Enter" && ev.key !== " ") return;
    ev.preventDefault();
    select((el.getAttribute("data-facts") || "").split(" ").filter(Boolean));
  }
  text.addEventListener("click", onHighlight);
  text.addEventListener("keydown", onHighlight);

  Array.prototype.forEach.call(document.querySelectorAll(".fact-btn"), function (btn) {
    btn.addEventListener("click", function () {
      var id = btn.getAttribute("data-fact");
      select([id]);
      var first = text.querySelector(".hl.active");
      if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("#legend input[data-kind]"), function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("off-" + box.getAttribute("data-kind"), !box.checked);
    });
  });
})();
