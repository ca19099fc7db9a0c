// Follows a custody ingest run on its page: asks the API for the run every second and moves the
// progress bar; when the run has finished, reloads the page to show its counts and rejected rows.
// Without JavaScript the page says to refresh it. An external file: the CSP allows no inline script.
(function () {
  "use strict";

  var container = document.getElementById("ingest-run");
  if (!container || container.getAttribute("data-finished") === "true") {
    return;
  }
  var url = container.getAttribute("data-status-url");
  var bar = document.getElementById("ingest-progress");
  var text = document.getElementById("ingest-progress-text");
  var status = document.getElementById("ingest-status");
  var message = document.getElementById("ingest-message");
  var labels = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" };
  var colours = { queued: "grey", running: "blue", succeeded: "green", failed: "red" };
  var failures = 0;

  function show(run) {
    var progress = Math.max(0, Math.min(100, Number(run.progress) || 0));
    bar.value = progress;
    bar.textContent = progress + "%";
    text.textContent = progress + "%";
    var tag = document.createElement("strong");
    tag.className = "govuk-tag govuk-tag--" + (colours[run.status] || "grey");
    tag.textContent = labels[run.status] || run.status;
    status.replaceChildren(tag);
    if (run.message) {
      message.textContent = run.message;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (run) {
        failures = 0;
        show(run);
        if (run.status === "succeeded" || run.status === "failed") {
          // Let the full bar be seen before the page shows the results.
          window.setTimeout(function () { window.location.reload(); }, 600);
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        failures += 1;
        if (failures < 30) {
          window.setTimeout(poll, 2000);
        } else {
          message.textContent = "The page could not check the run. Refresh the page to see how it is going.";
        }
      });
  }

  poll();
})();
