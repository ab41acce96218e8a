// Follows an import job until the worker has finished it, then shows the outcome.
(function () {
  var job = document.getElementById("job");
  if (!job || job.dataset.finished === "1") return;
  function poll() {
    fetch(job.dataset.url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var state = document.getElementById("state");
        state.textContent = data.label;
        state.className = "state " + data.state;
        document.getElementById("message").textContent = data.message;
        if (data.resolution) {
          var link = document.createElement("a");
          link.id = "result";
          link.href = data.resolution;
          link.textContent = "Open the resolution";
          job.appendChild(link);
        }
        if (data.state !== "done" && data.state !== "failed") setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
