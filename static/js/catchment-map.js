// Catchment map: the quartier boundary and one coverage layer per kind of facility.
// Data comes from the page's GeoJSON URL (data-geojson-url); no inline script (CSP).
// Without a tile URL the map keeps a plain background: the boundary and layers still show.
(function () {
  "use strict";

  var COLOURS = ["#1864ab", "#2b8a3e", "#c2255c", "#e8590c", "#5f3dc4", "#0b7285", "#862e9c", "#5c940d", "#a61e4d", "#364fc7", "#d9480f"];

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function formatPercent(value) {
    return Number(value).toLocaleString(document.documentElement.lang || "de", {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
  }

  function draw(element, data) {
    var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25 });
    var tileUrl = element.getAttribute("data-tile-url");
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 19,
        attribution: escapeHtml(element.getAttribute("data-tile-attribution") || ""),
      }).addTo(map);
    }
    var boundary = null;
    var overlays = {};
    var first = true;
    var colourIndex = 0;
    (data.features || []).forEach(function (feature) {
      var props = feature.properties || {};
      if (props.kind === "boundary") {
        boundary = L.geoJSON(feature, {
          style: { color: "#212529", weight: 3, fill: false, dashArray: "6 4" },
          interactive: false,
        }).addTo(map);
        overlays[escapeHtml(element.getAttribute("data-boundary-label") || "")] = boundary;
        return;
      }
      var colour = COLOURS[colourIndex++ % COLOURS.length];
      var layer = L.geoJSON(feature, {
        style: { color: colour, weight: 1, fillColor: colour, fillOpacity: 0.35 },
        interactive: false,
      });
      overlays[escapeHtml(props.title) + " (" + formatPercent(props.percent) + " %)"] = layer;
      if (first) {
        layer.addTo(map);
        first = false;
      }
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    if (boundary) {
      map.fitBounds(boundary.getBounds(), { padding: [12, 12] });
    } else {
      map.setView([51.16, 10.45], 6);
    }
    if (boundary) {
      boundary.bringToFront();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("catchment-map");
    if (!element || typeof L === "undefined") {
      return;
    }
    fetch(element.getAttribute("data-geojson-url"), { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        draw(element, data);
        element.setAttribute("data-ready", "1");
      })
      .catch(function () {
        element.setAttribute("data-ready", "error");
      });
  });
})();
