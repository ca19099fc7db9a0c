// Board report progress: polls the report API and reloads the page when the report is ready.
const panel = document.getElementById("report-progress");

if (panel) {
  const bar = document.getElementById("report-progress-bar");
  const message = document.getElementById("report-progress-message");
  const url = panel.dataset.statusUrl;

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const report = await response.json();
        bar.value = report.progress;
        bar.textContent = `${report.progress}%`;
        message.textContent = `${report.progress}%: ${report.message}`;
        panel.dataset.status = report.status;
        if (report.status === "succeeded") {
          const link = document.createElement("a");
          link.className = "govuk-button";
          link.href = report.url;
          link.id = "open-report";
          link.textContent = "Open the report";
          panel.appendChild(link);
          return;
        }
        if (report.status === "failed") {
          return;
        }
      }
    } catch (error) {
      // A network hiccup: try again on the next tick.
    }
    window.setTimeout(poll, 1000);
  };

  if (panel.dataset.status !== "failed") {
    window.setTimeout(poll, 500);
  }
}
