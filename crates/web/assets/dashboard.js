// The dashboard's charts (uPlot) and live refresh (SSE). The page is complete without this file.
(function () {
  "use strict";
  var charts = [];
  function draw() {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    var holder = document.querySelector("[data-chart=trends]");
    var source = document.getElementById("trend-data");
    if (!holder || !source || !window.uPlot) return;
    var data = JSON.parse(source.textContent || "{}");
    if (!data.weeks || !data.weeks.length) return;
    var colours = ["#1f5fa8", "#c2572b", "#2f8a4c"];
    var series = [{}].concat(data.series.map(function (s, i) {
      return { label: s.name, stroke: colours[i % colours.length], width: 2, spanGaps: true };
    }));
    var options = {
      width: Math.max(280, holder.clientWidth || 600), height: 240, series: series,
      axes: [{}, { label: "%" }], scales: { x: { time: true } }
    };
    var values = [data.weeks].concat(data.series.map(function (s) { return s.values; }));
    charts.push(new window.uPlot(options, values, holder));
  }
  function start() {
    draw();
    var root = document.querySelector("[data-dashboard-live]");
    if (!root || !window.EventSource || !window.DOMParser) return;
    var live = new EventSource(root.getAttribute("data-dashboard-live"));
    live.addEventListener("facts", function () {
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("dashboard");
          if (!fresh) return;
          root.innerHTML = fresh.innerHTML;
          draw();
        });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
