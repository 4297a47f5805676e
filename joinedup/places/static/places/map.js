/* The partnership map of places (docs/map.md).
 *
 * Draws each area from the figures the page embeds (#places-map-data). Without a configured tile URL
 * there is no tile layer at all, so the map makes no network request: the areas sit on a plain
 * background. A withheld figure carries no number here, only its state, and is drawn hatched.
 */
(function () {
  "use strict";
  var holder = document.getElementById("places-map");
  var source = document.getElementById("places-map-data");
  if (!holder || !source || typeof L === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var measure = data.measure;
  var STATES = ["shown", "zero", "suppressed", "withheld", "not_applicable"];
  var LIGHT = [219, 232, 245], DARK = [11, 61, 117];  // the legend's #places-scale gradient

  var map = L.map(holder, {attributionControl: Boolean(data.tiles), zoomSnap: 0.25, scrollWheelZoom: false});
  if (data.tiles) {
    L.tileLayer(data.tiles.url, {attribution: data.tiles.attribution, maxZoom: 19}).addTo(map);
    map.attributionControl.setPrefix(false);
    holder.classList.add("places-map-tiles");
  }

  function shade(value, largest) {
    var t = largest > 0 ? Math.min(1, value / largest) : 1;
    var rgb = LIGHT.map(function (c, i) { return Math.round(c + (DARK[i] - c) * t); });
    return "rgb(" + rgb.join(",") + ")";
  }

  function style(feature) {
    var figure = feature.properties.figures[measure];
    var fill = figure.state === "shown" ? shade(figure.value, data.largest[measure]) : "#ffffff";
    return {color: "#0b0c0c", weight: 1.5, fillColor: fill, fillOpacity: figure.state === "zero" ? 1 : 0.85};
  }

  function label(feature) {
    var box = document.createElement("span");
    var name = document.createElement("span");
    name.className = "area-code";
    name.textContent = feature.properties.code;
    var figure = document.createElement("span");
    figure.className = "area-figure";
    figure.textContent = feature.properties.figures[measure].text;
    var gap = document.createElement("span");
    gap.className = "visually-hidden";
    gap.textContent = ": ";
    box.appendChild(name);
    box.appendChild(gap);
    box.appendChild(document.createElement("br"));
    box.appendChild(figure);
    box.title = feature.properties.name;
    box.setAttribute("data-area", feature.properties.code);
    return box;
  }

  function mark(layer) {
    var element = layer.getElement();
    if (!element) { return; }
    var figure = layer.feature.properties.figures[measure];
    STATES.forEach(function (state) { element.classList.remove("area-" + state); });
    element.classList.add("area", "area-" + figure.state);
    element.setAttribute("data-area", layer.feature.properties.code);
  }

  var few = data.areas.features.length <= 40;
  var areas = L.geoJSON(data.areas, {
    style: style,
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(label(feature), {permanent: few, direction: "center", className: "area-label",
                                         opacity: 1});
    }
  });
  map.fitBounds(areas.getBounds(), {padding: [12, 12]});  // the map draws its layers once it has a view
  areas.addTo(map);
  areas.eachLayer(mark);

  function redraw() {
    areas.eachLayer(function (layer) {
      layer.setStyle(style(layer.feature));
      layer.setTooltipContent(label(layer.feature));
      mark(layer);
    });
    var caption = document.getElementById("map-measure");
    if (caption) { caption.textContent = data.labels[measure]; }
    var largest = document.getElementById("legend-largest");
    if (largest) { largest.textContent = data.largest[measure] ? String(data.largest[measure]) : "none"; }
    holder.setAttribute("data-measure", measure);
  }

  // Choosing another figure redraws the map at once (the Show button also reloads the page with it).
  document.querySelectorAll("input[name='measure']").forEach(function (input) {
    input.addEventListener("change", function () {
      if (!input.checked || !(input.value in data.labels)) { return; }
      measure = input.value;
      redraw();
      var url = new URL(window.location.href);
      url.searchParams.set("measure", measure);
      window.history.replaceState(null, "", url);
    });
  });
}());
