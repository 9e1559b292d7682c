// Map of events: Leaflet with country outlines from world-atlas (no tiles, works offline).
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") return; // no Leaflet: the coordinate table stays
  var events = JSON.parse(document.getElementById("map-data").textContent || "[]");
  var map = L.map(el, { worldCopyJump: true, attributionControl: false }).setView([20, 20], 2);
  el.setAttribute("data-ready", "1");

  var outlines = el.getAttribute("data-outlines");
  if (outlines && window.datelineTopo) {
    fetch(outlines)
      .then(function (r) { return r.json(); })
      .then(function (topo) {
        var geo = window.datelineTopo.features(topo, "countries");
        L.geoJSON(geo, {
          interactive: false,
          style: { color: "#8a99a8", weight: 0.7, fillColor: "#f7f4ec", fillOpacity: 1 }
        }).addTo(map).bringToBack();
        el.setAttribute("data-outlines-ready", "1");
      })
      .catch(function () { el.setAttribute("data-outlines-ready", "failed"); });
  }

  function popup(e) {
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = "/events/" + encodeURIComponent(e.id);
    a.textContent = e.type + (e.mode ? "/" + e.mode : "");
    box.appendChild(a);
    var p = document.createElement("div");
    p.textContent = (e.date || "undated") + " · " + (e.place || "") + (e.country ? " (" + e.country + ")" : "") +
      " · " + e.n_reports + " report" + (e.n_reports === 1 ? "" : "s");
    box.appendChild(p);
    return box;
  }

  var markers = events.map(function (e) {
    return L.circleMarker([e.lat, e.lon], {
      radius: 5 + Math.min(10, 2 * (e.n_reports || 1)),
      color: "#8e1b10", weight: 1, fillColor: "#c0392b", fillOpacity: 0.75,
      className: "event-marker"
    }).bindPopup(popup(e)).addTo(map);
  });
  if (markers.length) {
    var bounds = L.featureGroup(markers).getBounds().pad(0.3);
    map.fitBounds(bounds, { maxZoom: 6 });
  }
})();
