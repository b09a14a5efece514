// detente dashboard: draws the pair chart with the bundled plotly.js (no network).
(function () {
  "use strict";
  var holder = document.getElementById("chart");
  var source = document.getElementById("chart-data");
  if (!holder || !source || typeof Plotly === "undefined") { return; }
  var figure = JSON.parse(source.textContent);
  Plotly.newPlot(holder, figure.data, figure.layout, { displaylogo: false, responsive: true })
    .then(function () {
      holder.setAttribute("data-rendered", "true");
      holder.on("plotly_click", function (ev) {
        // A click on a period's bar lists that period's events.
        var point = ev.points && ev.points[0];
        if (!point || !point.customdata || point.data.yaxis === "y3") { return; }
        var parts = window.location.pathname.split("/");
        var until = new Date(point.customdata[1]);
        until.setDate(until.getDate() - 1);
        var params = new URLSearchParams({
          kind: "events", a: parts[2], b: parts[3], since: point.customdata[0],
          until: until.toISOString().slice(0, 10), status: "actual"
        });
        window.location.href = "/search?" + params.toString();
      });
    });
})();
