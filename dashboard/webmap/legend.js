/*
 * The map's legend: what the markers, zones and lines drawn on the selected day mean.
 *
 * It lists only what the map shows: a layer switched off, or a line that does not exist yet
 * on the day (the line of 10 November before the statement), is left out. It folds away
 * (a native <details>, so keyboard and screen readers know it) and starts folded on maps
 * narrower than 900 px. Labels come from the project's style, never from data.
 */
(function () {
  "use strict";

  var el = KdTime.el;

  function swatch(style, shape) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "22");
    svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true");
    var node;
    if (shape === "dot") {
      node = document.createElementNS(ns, "circle");
      node.setAttribute("cx", "11");
      node.setAttribute("cy", "7");
      node.setAttribute("r", "5.5");
    } else if (shape === "line") {
      node = document.createElementNS(ns, "line");
      node.setAttribute("x1", "1");
      node.setAttribute("y1", "7");
      node.setAttribute("x2", "21");
      node.setAttribute("y2", "7");
    } else {
      node = document.createElementNS(ns, "rect");
      node.setAttribute("x", "1.5");
      node.setAttribute("y", "1.5");
      node.setAttribute("width", "19");
      node.setAttribute("height", "11");
    }
    node.setAttribute("stroke", style.color || "none");
    node.setAttribute("stroke-width", String(Math.min(style.weight || 1, 3)));
    if (style.dashArray) node.setAttribute("stroke-dasharray", style.dashArray);
    node.setAttribute("fill", shape === "line" ? "none" : (style.fillColor || "none"));
    node.setAttribute("fill-opacity", String(style.fillOpacity === undefined ? 1 : style.fillOpacity));
    svg.appendChild(node);
    return svg;
  }

  function item(style, shape, label) {
    var row = el("li", "kd-lg-item");
    row.appendChild(swatch(style, shape));
    row.appendChild(el("span", null, label));
    return row;
  }

  var KdLegend = L.Control.extend({
    options: {position: "topright"},

    initialize: function (engine, legend) {
      this.engine = engine;
      this.legend = legend;
    },

    onAdd: function (map) {
      var self = this;
      var root = el("details", "kd-legend");
      // Open where it leaves the map room to be read; folded on narrower maps.
      root.open = map.getSize().x >= 900;
      var summary = root.appendChild(el("summary", null, "Legend"));
      summary.setAttribute("aria-label", "Legend of the map");
      this.body = root.appendChild(el("div", "kd-lg-body"));
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
      this.engine.on("day", function () { self.update(); });
      map.on("overlayadd overlayremove layeradd layerremove", L.Util.throttle(function () {
        self.update();
      }, 100));
      this.update();
      return root;
    },

    update: function () {
      var engine = this.engine;
      var legend = this.legend;
      var day = engine.dayIso();
      var body = this.body;
      body.textContent = "";
      var shown = {};
      engine.visibleLayers().forEach(function (key) { shown[key] = true; });
      var eventsOn = engine.eventsLayer && engine.map.hasLayer(engine.eventsLayer);
      if (eventsOn) {
        body.appendChild(el("h5", null, "Events"));
        var kinds = body.appendChild(el("ul"));
        legend.kinds.forEach(function (kind) {
          kinds.appendChild(item({color: "#222", weight: 1, fillColor: kind.colour}, "dot", kind.label));
        });
        var statuses = body.appendChild(el("ul"));
        legend.statuses.forEach(function (status) {
          statuses.appendChild(item({
            color: "#222", weight: status.weight, dashArray: status.dash_array,
            fillColor: "#888", fillOpacity: status.fill_opacity,
          }, "dot", status.label));
        });
      }
      var layers = legend.layers.filter(function (layer) {
        return shown[layer.key] && (!layer.from || layer.from <= day) &&
          (!layer.to || day <= layer.to);
      });
      if (layers.length) {
        body.appendChild(el("h5", null, "Map"));
        var list = body.appendChild(el("ul"));
        layers.forEach(function (layer) {
          (layer.entries || [layer]).forEach(function (entry) {
            list.appendChild(item(entry.style, entry.shape, entry.label));
          });
        });
      }
    },
  });

  /* The title of a standalone map: what it shows and from which record. */
  var KdTitle = L.Control.extend({
    options: {position: "topleft"},
    initialize: function (title, subtitle) {
      this.title = title;
      this.subtitle = subtitle;
    },
    onAdd: function () {
      var root = el("div", "kd-title");
      root.appendChild(el("h1", null, this.title));
      if (this.subtitle) root.appendChild(el("p", null, this.subtitle));
      L.DomEvent.disableClickPropagation(root);
      return root;
    },
  });

  window.KdLegend = KdLegend;
  window.KdTitle = KdTitle;
})();
