// While a report's PDF is being prepared, ask the server every two seconds and reload the
// page when it is ready or has failed. Without JavaScript the page offers a "Check again" link.
(function () {
  "use strict";
  var state = document.getElementById("report-state");
  if (!state || state.dataset.status !== "preparing" || !window.fetch) { return; }
  function check() {
    fetch(state.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (reply) {
        if (reply.status === "preparing") { setTimeout(check, 2000); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(check, 5000); });
  }
  setTimeout(check, 1500);
})();
