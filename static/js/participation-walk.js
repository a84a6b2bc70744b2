// Quartierswerk: the map of a neighbourhood walk (Leaflet). No inline scripts (CSP): the data
// comes from data- attributes and json_script blocks. Shows the quartier boundary and the
// numbered problem points; a click fills in the latitude and longitude fields of a new point.
// Without JavaScript the list and the plain number fields do the same.
(function () {
  "use strict";

  var GERMANY = [51.16, 10.45];
  var BOUNDARY_STYLE = { color: "#06404d", weight: 3, fillColor: "#0b5a6b", fillOpacity: 0.08 };

  function readJson(id) {
    var el = id && document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function parseNumber(value) {
    var n = parseFloat(String(value || "").replace(",", "."));
    return isFinite(n) ? n : null;
  }

  function init(el) {
    if (typeof L === "undefined") { return; }
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25 });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    map.attributionControl.setPrefix(false);
    var bounds = L.latLngBounds([]);
    var boundary = readJson(el.dataset.boundaryId);
    if (boundary) {
      bounds.extend(L.geoJSON(boundary, { style: BOUNDARY_STYLE, interactive: false }).addTo(map).getBounds());
    }
    (readJson(el.dataset.pointsId) || []).forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], {
        icon: L.divIcon({ className: "walk-point-icon", html: String(p.number), iconSize: [28, 28] }),
        title: p.number + ". " + p.text, alt: p.number + ". " + p.text, keyboard: false
      }).addTo(map);
      marker.bindTooltip(p.number + ". " + p.text);
      bounds.extend(marker.getLatLng());
    });
    var lat = document.getElementById(el.dataset.latInput || "");
    var lon = document.getElementById(el.dataset.lonInput || "");
    var picked = null;
    function place(latlng) {
      if (!latlng) { return; }
      if (picked) { picked.setLatLng(latlng); } else {
        picked = L.circleMarker(latlng, { radius: 8, weight: 3, color: "#212529", fillColor: "#ffd43b", fillOpacity: 1 }).addTo(map);
      }
    }
    if (lat && lon) {
      map.on("click", function (event) {
        var w = event.latlng.wrap();
        lat.value = w.lat.toFixed(6).replace(".", ",");
        lon.value = w.lng.toFixed(6).replace(".", ",");
        place(w);
      });
      [lat, lon].forEach(function (input) {
        input.addEventListener("change", function () {
          var a = parseNumber(lat.value), b = parseNumber(lon.value);
          if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) { place(L.latLng(a, b)); }
        });
      });
    }
    var centre = el.dataset.centre ? el.dataset.centre.split(",").map(parseFloat) : null;
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    } else if (centre) {
      map.setView(centre, 15);
    } else {
      map.setView(GERMANY, 6);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("walk-map");
    if (el) { init(el); }
  });
})();
