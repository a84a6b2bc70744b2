// Quartierswerk: the public idea form – the live character count and the optional place on the
// map (Leaflet). Without JavaScript the page says the limit, the browser's maxlength stops
// typing and the map block stays hidden: the place is optional. No inline scripts (CSP): the
// map's data comes from data- attributes and json_script blocks. The staff idea page uses the
// same map read-only.
(function () {
  "use strict";

  var GERMANY = [51.16, 10.45];
  var BOUNDARY_STYLE = { color: "#06404d", weight: 3, fillColor: "#0b5a6b", fillOpacity: 0.08 };
  var PICKED_STYLE = { radius: 9, weight: 3, color: "#212529", fillColor: "#ffd43b", fillOpacity: 1, interactive: false };

  function counter() {
    var field = document.querySelector("textarea[data-public-counter]");
    var counter = document.getElementById("text-counter");
    if (!field || !counter) { return; }
    var max = parseInt(field.getAttribute("maxlength"), 10);
    var lang = document.documentElement.lang || undefined;
    function update() {
      var left = max - field.value.length;
      var template = left < 0 ? counter.dataset.over : counter.dataset.left;
      counter.textContent = template.replace("{n}", Math.abs(left).toLocaleString(lang));
      counter.setAttribute("aria-live", left <= 50 ? "polite" : "off");
    }
    field.addEventListener("input", update);
    update();
  }

  function readJson(id) {
    var el = id && document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function parseNumber(value) {
    var n = parseFloat(String(value || "").replace(",", "."));
    return isFinite(n) ? n : null;
  }

  function readPoint(a, b) {
    var lat = parseNumber(a), lon = parseNumber(b);
    if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) { return null; }
    return L.latLng(lat, lon);
  }

  // A Leaflet map in el: tiles, the quartier's boundary, centred on the boundary or the centre.
  // The map takes no keyboard focus of its own (keyboard: false): Tab moves past it.
  function makeMap(el, point) {
    var map = L.map(el, { scrollWheelZoom: false, keyboard: false, zoomSnap: 0.25 });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    map.attributionControl.setPrefix(false);
    var bounds = L.latLngBounds([]);
    var boundary = readJson(el.dataset.boundaryId);
    if (boundary) {
      bounds.extend(L.geoJSON(boundary, { style: BOUNDARY_STYLE, interactive: false }).addTo(map).getBounds());
    }
    var centre = el.dataset.centre ? readPoint.apply(null, el.dataset.centre.split(",")) : null;
    if (point) { bounds.extend(point); }
    if (bounds.isValid() && boundary) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    } else if (point || centre) {
      map.setView(point || centre, point ? 16 : 15);
    } else {
      map.setView(GERMANY, 6);
    }
    return map;
  }

  function picker(block) {
    var el = document.getElementById("idea-map");
    var lat = document.getElementById("id_lat");
    var lon = document.getElementById("id_lon");
    var remove = document.getElementById("idea-map-remove");
    var status = document.getElementById("idea-map-status");
    if (!el || !lat || !lon || !remove || !status) { return; }
    block.hidden = false;
    el.hidden = false;
    var point = readPoint(lat.value, lon.value);
    var map = makeMap(el, null);
    var marker = null;
    function show(latlng) {
      if (latlng) {
        if (marker) { marker.setLatLng(latlng); } else { marker = L.circleMarker(latlng, PICKED_STYLE).addTo(map); }
        status.textContent = status.dataset.set;
        remove.hidden = false;
      } else {
        if (marker) { map.removeLayer(marker); marker = null; }
        status.textContent = status.dataset.none;
        remove.hidden = true;
      }
    }
    map.on("click", function (event) {
      var w = event.latlng.wrap();
      lat.value = w.lat.toFixed(6);
      lon.value = w.lng.toFixed(6);
      show(w);
    });
    remove.addEventListener("click", function () {
      lat.value = "";
      lon.value = "";
      show(null);
    });
    show(point);
  }

  function viewer(el) {
    var point = readPoint(el.dataset.lat, el.dataset.lon);
    var map = makeMap(el, point);
    if (point) { L.circleMarker(point, PICKED_STYLE).addTo(map); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    counter();
    if (typeof L === "undefined") { return; }
    var block = document.getElementById("ort");
    if (block) { picker(block); }
    var staff = document.getElementById("idea-place-map");
    if (staff) { viewer(staff); }
  });
})();
