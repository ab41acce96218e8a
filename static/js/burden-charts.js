// Draws the Reporting burden page's charts with Chart.js (static/vendor/chartjs), from the
// numbers each figure carries as JSON beside its table. No animation: the page prints as shown.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var palette = ["#1f5fa8", "#d9822b", "#3a8f5c", "#b23a48", "#6b4fa3", "#7a7a7a", "#c9a227"];
  Chart.defaults.animation = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  document.querySelectorAll("canvas[id^='chart-']").forEach(function (canvas) {
    var name = canvas.id.slice("chart-".length);
    var source = document.getElementById("data-" + name);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var stacked = data.type === "stacked";
    var horizontal = data.type === "horizontal";
    // Counts only: a share in per cent is not stacked on counts, and words (a cadence) are no bars;
    // the table beside the chart shows both.
    var datasets = data.datasets.filter(function (d) {
      return d.label.indexOf("%") === -1 && d.data.every(function (v) { return typeof v === "number"; });
    });
    datasets.forEach(function (d, i) { d.backgroundColor = palette[i % palette.length]; });
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked: stacked, beginAtZero: true }, y: { stacked: stacked, beginAtZero: true } },
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } }
      }
    });
  });
  // Printing: each chart redrawn at the paper's width.
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  });
}());
