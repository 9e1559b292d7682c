// A small TopoJSON → GeoJSON converter (enough for world-atlas: Polygon / MultiPolygon /
// GeometryCollection, quantized delta-encoded arcs). Exposes window.datelineTopo.features.
(function () {
  "use strict";

  function decodeArcs(topology) {
    var t = topology.transform;
    return topology.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        if (!t) return [p[0], p[1]];
        x += p[0];
        y += p[1];
        return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
      });
    });
  }

  // A ring from arc indices; ~i means arc i reversed; shared end points are kept once.
  function ring(indices, arcs) {
    var points = [];
    indices.forEach(function (i, n) {
      var arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      points = points.concat(n === 0 ? arc : arc.slice(1));
    });
    if (points.length && (points[0][0] !== points[points.length - 1][0] || points[0][1] !== points[points.length - 1][1])) {
      points.push(points[0]);
    }
    return antimeridian(points);
  }

  // The outlines are unprojected, so a ring crossing the 180th meridian jumps from +180 to
  // -180, which a flat map draws as a line across the world. Unwrap such rings (Fiji,
  // Chukotka continue past 180); a ring that circles a pole (Antarctica) is instead sent
  // down to the pole at the jump.
  function antimeridian(points) {
    var offset = 0;
    var jumps = [];
    var out = points.map(function (p, i) {
      if (i > 0) {
        var d = p[0] - points[i - 1][0];
        if (d > 180) { offset -= 360; jumps.push(i); }
        else if (d < -180) { offset += 360; jumps.push(i); }
      }
      return [p[0] + offset, p[1]];
    });
    if (!jumps.length) return points;
    if (offset === 0) return out;
    var polar = points.slice();
    for (var k = jumps.length - 1; k >= 0; k--) {
      var i = jumps[k];
      var pole = points[i][1] < 0 ? -90 : 90;
      polar.splice(i, 0, [points[i - 1][0], pole], [points[i][0], pole]);
    }
    return polar;
  }

  function geometry(g, arcs) {
    if (g.type === "Polygon") {
      return { type: "Polygon", coordinates: g.arcs.map(function (r) { return ring(r, arcs); }) };
    }
    if (g.type === "MultiPolygon") {
      return {
        type: "MultiPolygon",
        coordinates: g.arcs.map(function (poly) { return poly.map(function (r) { return ring(r, arcs); }); })
      };
    }
    return null; // lines and points are not needed for country outlines
  }

  function features(topology, objectName) {
    var arcs = decodeArcs(topology);
    var obj = topology.objects[objectName];
    var geoms = obj.type === "GeometryCollection" ? obj.geometries : [obj];
    return {
      type: "FeatureCollection",
      features: geoms
        .map(function (g) {
          var geo = geometry(g, arcs);
          return geo && { type: "Feature", id: g.id, properties: g.properties || {}, geometry: geo };
        })
        .filter(Boolean)
    };
  }

  window.datelineTopo = { features: features };
})();
