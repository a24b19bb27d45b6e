// "Utiliser ma position": offered only when the browser can tell it. The position fills the hidden
// lat/lon fields and the search runs; the commune field stays the way that works everywhere.
(function () {
  "use strict";
  var button = document.querySelector("[data-use-position]");
  if (!button || !("geolocation" in navigator)) return;
  var form = button.form;
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    button.textContent = "Recherche de votre position…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(5);
        form.elements.lon.value = position.coords.longitude.toFixed(5);
        form.elements.commune.value = "";
        form.submit();
      },
      function () {
        button.disabled = false;
        button.textContent = "Position indisponible : indiquez votre commune";
      },
      { timeout: 10000, maximumAge: 600000 }
    );
  });
})();
