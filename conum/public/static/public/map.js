// The map beside the list of places: built only when Leaflet loaded and a tile URL is configured.
// The list stays the reference (same places, same order); each marker links to the place's page.
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("carte");
    if (!element || typeof L === "undefined") return;
    var markers = Array.prototype.slice.call(document.querySelectorAll("[data-map-marker]"));
    if (!markers.length) return;
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution }).addTo(map);
    var bounds = [];
    markers.forEach(function (item) {
      var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
      if (isNaN(point[0]) || isNaN(point[1])) return;
      var link = document.createElement("a");
      link.href = item.dataset.url;
      link.textContent = item.dataset.name;
      L.marker(point, { title: item.dataset.name, alt: item.dataset.name }).addTo(map).bindPopup(link);
      bounds.push(point);
    });
    if (bounds.length === 1) map.setView(bounds[0], 15);
    else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
