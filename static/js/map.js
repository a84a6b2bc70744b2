// Quartierswerk: the quartier maps (Leaflet). No inline scripts (Content-Security-Policy):
// every map is a <div data-map-mode="…"> whose data comes from data- attributes and
// json_script blocks. Modes: "view" (boundary + facilities by category), "boundary" (draw
// the boundary with leaflet-draw, click the centre) and "point" (click a facility's position).
// Without a tile URL, or with the tiles unreachable, everything still shows on a plain background.
(function () {
  "use strict";

  // Keep in step with .map-cat-N in static/css/map.css.
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939"];
  var GERMANY = [51.16, 10.45];
  var BOUNDARY_STYLE = { color: "#06404d", weight: 3, fillColor: "#0b5a6b", fillOpacity: 0.08 };

  function readJson(id) {
    var el = id && document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function baseMap(el) {
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25 });
    var url = el.dataset.tileUrl;
    if (url) {
      L.tileLayer(url, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    map.attributionControl.setPrefix(false);
    return map;
  }

  function fit(map, bounds, centre) {
    if (bounds && bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    } else if (centre) {
      map.setView(centre, 15);
    } else {
      map.setView(GERMANY, 6);
    }
  }

  function text(parent, tag, content, className) {
    var node = L.DomUtil.create(tag, className || "", parent);
    node.textContent = content;
    return node;
  }

  function popupFor(props, labels) {
    var box = L.DomUtil.create("div", "map-popup");
    text(box, "strong", props.name);
    var list = L.DomUtil.create("dl", "", box);
    var barrierFree = props.barrier_free === true ? labels.yes : props.barrier_free === false ? labels.no : labels.unknown;
    [[labels.category, props.category_title], [labels.address, props.address || "–"],
      [labels.barrierFree, barrierFree], [labels.openingHours, props.opening_hours || "–"]].forEach(function (row) {
      text(list, "dt", row[0]);
      text(list, "dd", row[1]);
    });
    return box;
  }

  function escapeHtml(value) {
    var div = document.createElement("div");
    div.textContent = value;
    return div.innerHTML;
  }

  function viewMap(el) {
    var map = baseMap(el);
    var labels = {
      category: el.dataset.labelCategory, address: el.dataset.labelAddress,
      barrierFree: el.dataset.labelBarrierFree, openingHours: el.dataset.labelOpeningHours,
      yes: el.dataset.labelYes, no: el.dataset.labelNo, unknown: el.dataset.labelUnknown
    };
    var bounds = L.latLngBounds([]);
    var overlays = {};
    var boundary = readJson(el.dataset.boundaryId);
    if (boundary) {
      var area = L.geoJSON(boundary, { style: BOUNDARY_STYLE, interactive: false }).addTo(map);
      bounds.extend(area.getBounds());
      overlays[escapeHtml(el.dataset.labelBoundary || "Grenze")] = area;
    }
    var collection = readJson(el.dataset.facilitiesId) || { features: [] };
    var layers = {};
    var order = [];
    collection.features.forEach(function (feature) {
      var props = feature.properties;
      var key = props.category;
      if (!layers[key]) {
        layers[key] = { title: props.category_title, colour: order.length % PALETTE.length, group: L.featureGroup() };
        order.push(key);
      }
      var c = feature.geometry.coordinates;
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 7, weight: 2, color: "#212529", fillColor: PALETTE[layers[key].colour], fillOpacity: 0.9
      });
      marker.bindPopup(popupFor(props, labels));
      marker.bindTooltip(props.name);
      layers[key].group.addLayer(marker);
      bounds.extend(marker.getLatLng());
    });
    order.forEach(function (key) {
      var layer = layers[key];
      layer.group.addTo(map);
      var name = '<span class="map-swatch map-cat-' + layer.colour + '" aria-hidden="true"></span>' +
        escapeHtml(layer.title) + " (" + layer.group.getLayers().length + ")";
      overlays[name] = layer.group;
    });
    if (Object.keys(overlays).length) {
      L.control.layers(null, overlays, { collapsed: window.innerWidth < 576 }).addTo(map);
    }
    fit(map, bounds, null);
    return map;
  }

  function parseNumber(value) {
    var n = parseFloat(String(value || "").replace(",", "."));
    return isFinite(n) ? n : null;
  }

  function coordinateInputs(el) {
    return {
      lat: document.getElementById(el.dataset.latInput),
      lon: document.getElementById(el.dataset.lonInput)
    };
  }

  function readPoint(inputs) {
    if (!inputs.lat || !inputs.lon) { return null; }
    var lat = parseNumber(inputs.lat.value), lon = parseNumber(inputs.lon.value);
    if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) { return null; }
    return L.latLng(lat, lon);
  }

  function writePoint(inputs, latlng) {
    var wrapped = latlng.wrap();
    inputs.lat.value = wrapped.lat.toFixed(6);
    inputs.lon.value = wrapped.lng.toFixed(6);
  }

  // A marker that follows map clicks and the typed coordinates.
  function pointPicker(map, inputs, accept) {
    var marker = null;
    function place(latlng) {
      if (!latlng) { return; }
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.circleMarker(latlng, { radius: 8, weight: 3, color: "#212529", fillColor: "#ffd43b", fillOpacity: 1 }).addTo(map);
      }
    }
    place(readPoint(inputs));
    map.on("click", function (event) {
      if (accept && !accept()) { return; }
      writePoint(inputs, event.latlng);
      place(event.latlng);
    });
    [inputs.lat, inputs.lon].forEach(function (input) {
      if (input) { input.addEventListener("change", function () { place(readPoint(inputs)); }); }
    });
    return function () { return marker ? marker.getLatLng() : null; };
  }

  function pointMap(el) {
    var map = baseMap(el);
    var bounds = L.latLngBounds([]);
    var boundary = readJson(el.dataset.boundaryId);
    if (boundary) {
      bounds.extend(L.geoJSON(boundary, { style: BOUNDARY_STYLE, interactive: false }).addTo(map).getBounds());
    }
    var inputs = coordinateInputs(el);
    var current = pointPicker(map, inputs, null);
    var centre = el.dataset.centre ? el.dataset.centre.split(",").map(parseFloat) : null;
    if (current()) {
      map.setView(current(), 16);
    } else {
      fit(map, bounds, centre);
    }
  }

  function germanDrawTexts() {
    if (!L.drawLocal || (document.documentElement.lang || "").slice(0, 2) !== "de") { return; }
    var d = L.drawLocal.draw, e = L.drawLocal.edit;
    d.toolbar.buttons.polygon = "Grenze als Vieleck zeichnen";
    d.toolbar.buttons.rectangle = "Grenze als Rechteck zeichnen";
    d.toolbar.actions = { title: "Zeichnen abbrechen", text: "Abbrechen" };
    d.toolbar.finish = { title: "Zeichnen beenden", text: "Fertig" };
    d.toolbar.undo = { title: "Letzten Punkt löschen", text: "Letzten Punkt löschen" };
    d.handlers.polygon.tooltip = {
      start: "Klicken Sie, um die Grenze zu beginnen.",
      cont: "Klicken Sie, um die Grenze fortzusetzen.",
      end: "Klicken Sie auf den ersten Punkt, um die Grenze zu schließen."
    };
    d.handlers.polygon.error = "<strong>Fehler:</strong> Die Grenze darf sich nicht kreuzen.";
    d.handlers.rectangle.tooltip = { start: "Klicken und ziehen Sie, um ein Rechteck zu zeichnen." };
    d.handlers.simpleshape.tooltip = { end: "Maustaste loslassen, um das Zeichnen zu beenden." };
    e.toolbar.actions.save = { title: "Änderungen übernehmen", text: "Übernehmen" };
    e.toolbar.actions.cancel = { title: "Bearbeiten abbrechen, Änderungen verwerfen", text: "Abbrechen" };
    e.toolbar.actions.clearAll = { title: "Alle Flächen löschen", text: "Alle löschen" };
    e.toolbar.buttons = {
      edit: "Grenze bearbeiten", editDisabled: "Keine Grenze zum Bearbeiten",
      remove: "Grenze löschen", removeDisabled: "Keine Grenze zum Löschen"
    };
    e.handlers.edit.tooltip = { text: "Ziehen Sie die Eckpunkte, um die Grenze zu ändern.", subtext: "Abbrechen macht die Änderungen rückgängig." };
    e.handlers.remove.tooltip = { text: "Klicken Sie auf eine Fläche, um sie zu löschen." };
  }

  function boundaryMap(el) {
    germanDrawTexts();
    var map = baseMap(el);
    var field = document.getElementById(el.dataset.boundaryInput);
    var state = document.getElementById("boundary-state");
    var drawn = L.featureGroup().addTo(map);
    var initial = null;
    try { initial = field && field.value ? JSON.parse(field.value) : null; } catch (e) { initial = null; }
    if (initial) {
      L.geoJSON(initial, { style: BOUNDARY_STYLE }).eachLayer(function (layer) {
        // leaflet-draw edits plain polygons; a MultiPolygon becomes one polygon per part.
        if (layer instanceof L.Polygon) {
          var rings = layer.getLatLngs();
          if (L.LineUtil.isFlat(rings[0])) {
            drawn.addLayer(L.polygon(rings, BOUNDARY_STYLE));
          } else {
            rings.forEach(function (part) { drawn.addLayer(L.polygon(part, BOUNDARY_STYLE)); });
          }
        }
      });
    }
    var busy = false;
    map.addControl(new L.Control.Draw({
      position: "topright",
      draw: {
        polygon: { allowIntersection: false, showArea: false, shapeOptions: BOUNDARY_STYLE },
        rectangle: { shapeOptions: BOUNDARY_STYLE, showArea: false },
        polyline: false, circle: false, marker: false, circlemarker: false
      },
      edit: { featureGroup: drawn }
    }));
    function store() {
      var layers = drawn.getLayers();
      if (!layers.length) {
        field.value = "";
      } else {
        field.value = JSON.stringify(drawn.toGeoJSON());
      }
      if (state) { state.textContent = layers.length ? state.dataset.recorded : state.dataset.none; }
    }
    if (state) {
      state.dataset.recorded = el.dataset.labelRecorded || state.textContent;
      state.dataset.none = el.dataset.labelNone || state.textContent;
    }
    map.on(L.Draw.Event.CREATED, function (event) {
      event.layer.setStyle(BOUNDARY_STYLE);
      drawn.addLayer(event.layer);
      store();
    });
    map.on(L.Draw.Event.EDITED + " " + L.Draw.Event.DELETED, store);
    map.on("draw:drawstart draw:editstart draw:deletestart", function () { busy = true; });
    map.on("draw:drawstop draw:editstop draw:deletestop", function () {
      // The click that closes a shape reaches the map after drawstop: ignore it too.
      window.setTimeout(function () { busy = false; }, 0);
    });
    var centre = pointPicker(map, coordinateInputs(el), function () { return !busy; });
    fit(map, drawn.getBounds(), centre() || readJson(el.dataset.centreId));
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll("[data-map-mode]").forEach(function (el) {
      var mode = el.dataset.mapMode;
      if (mode === "view") { viewMap(el); }
      else if (mode === "point") { pointMap(el); }
      else if (mode === "boundary" && L.Control.Draw) { boundaryMap(el); }
    });
  });
}());
