/* Audience measurement with Matomo, only once the visitor accepts (conum/core/audience.py says what is sent).
   Its settings come from this script's own tag: no inline script, so the page stays within the CSP and cacheable.
   The choice is kept six months in the cookie conum_mesure_audience ("oui" or "non"); Matomo itself sets none. */
(function () {
  "use strict";
  var tag = document.getElementById("mesure-audience-script");
  var banner = document.getElementById("mesure-audience");
  if (!tag || !banner) {
    return;
  }
  var NAME = "conum_mesure_audience";
  var SIX_MONTHS = 60 * 60 * 24 * 182;
  var started = false;

  function stored() {
    var found = document.cookie.match(new RegExp("(?:^|; )" + NAME + "=(oui|non)(?:;|$)"));
    return found ? found[1] : "";
  }

  function remember(choice) {
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = NAME + "=" + choice + "; Max-Age=" + SIX_MONTHS + "; Path=/; SameSite=Lax" + secure;
  }

  // Another site's origin only: the address of a page of this site may carry a secret (a cancellation link).
  function referrer() {
    try {
      var from = new URL(document.referrer);
      return from.origin === window.location.origin ? "" : from.origin + "/";
    } catch (error) {
      return "";
    }
  }

  function track() {
    if (started || !tag.dataset.path) {
      return;
    }
    started = true;
    var base = tag.dataset.matomoUrl;
    var queue = (window._paq = window._paq || []);
    queue.push(["setTrackerUrl", base + "matomo.php"]);
    queue.push(["setSiteId", tag.dataset.siteId]);
    queue.push(["disableCookies"]);
    queue.push(["setCustomUrl", window.location.origin + tag.dataset.path]);
    queue.push(["setReferrerUrl", referrer()]);
    queue.push(["setDocumentTitle", tag.dataset.title]);
    queue.push(["trackPageView"]);
    var script = document.createElement("script");
    script.async = true;
    script.src = base + "matomo.js";
    document.head.appendChild(script);
  }

  function choose(choice) {
    remember(choice);
    banner.hidden = true;
    if (choice === "oui") {
      track();
    }
  }

  banner.addEventListener("click", function (event) {
    var button = event.target.closest("[data-audience-choice]");
    if (button) {
      choose(button.getAttribute("data-audience-choice"));
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-audience-reopen]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      banner.hidden = false;
      banner.querySelector("button").focus();
    });
  });

  var choice = stored();
  if (choice === "oui") {
    track();
  } else if (choice !== "non") {
    banner.hidden = false;
  }
})();
