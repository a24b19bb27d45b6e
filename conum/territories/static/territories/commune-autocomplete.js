// Progressive enhancement of commune fields: fills the input's <datalist> with
// suggestions from the JSON endpoint. Without JavaScript the server resolves the text.
(function () {
  "use strict";
  function enhance(input) {
    if (input.dataset.communeReady) return;
    input.dataset.communeReady = "1";
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var lastQuery = "";
    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (query.length < 2 || query === lastQuery || /\(\d{5}\)$/.test(query)) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        lastQuery = query;
        var url = input.dataset.communeAutocomplete + "?q=" + encodeURIComponent(query) + "&limit=10";
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (communes) {
            list.replaceChildren.apply(list, communes.map(function (commune) {
              var option = document.createElement("option");
              option.value = commune.label;
              option.textContent = commune.departement_name;
              return option;
            }));
          })
          .catch(function () { /* suggestions are a convenience: typing still works */ });
      }, 200);
    });
  }
  function enhanceAll() {
    document.querySelectorAll("input[data-commune-autocomplete]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
