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
    if (!data.x || !data.x.length) return;
    var colours = ["#1f5fa8", "#c2572b", "#2f8a4c"];
    var series = [{ value: function (u, v) { return v == null ? "–" : day(v); } }].concat(data.series.map(function (s, i) {
      return { label: s.name, stroke: colours[i % colours.length], width: 2, spanGaps: true, value: figure };
    }));
    // The legend's figures with the language's decimal mark.
    function figure(u, v) {
      if (v == null) return "–";
      var text = v.toFixed(1);
      return data.lang === "en" ? text : text.replace(".", ",");
    }
    // Dates on the axis as the page's language writes them: 21-11 (nl), 21 Nov (en).
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    function day(seconds) {
      var d = new Date(seconds * 1000);
      if (data.lang === "en") return d.getDate() + " " + months[d.getMonth()];
      return ("0" + d.getDate()).slice(-2) + "-" + ("0" + (d.getMonth() + 1)).slice(-2);
    }
    var options = {
      width: Math.max(280, holder.clientWidth || 600), height: 240, series: series,
      axes: [{ values: function (u, splits) { return splits.map(day); } }, { label: data.y }],
      scales: { x: { time: true } }
    };
    var values = [data.x].concat(data.series.map(function (s) { return s.values; }));
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
