/*
 * Place names on the map (the PlaceLabels element): countries and regions first, then
 * cities, towns and villages, each put where it overlaps no label already placed.
 *
 * Placement runs on every zoom and pan, in screen pixels: a label tries the right of its
 * place, then the left, above and below, and is left out if all four collide (with a label
 * or with one of the map's controls) or it is below its least zoom. So the zoomed-out map names the countries and the main towns, and
 * each zoom step adds more. The names follow the engine's `names` setting ("common", "hy",
 * "az"): kdTime.configure({names: "az"}) puts the Azerbaijani forms first, no reload.
 *
 * Text is written with textContent; the labels' pane takes no pointer events, so a label
 * never stands between the reader and a marker.
 */
(function () {
  "use strict";

  var GAP = 5;          // pixels between a place's dot and its name
  var PAD = 2;          // pixels kept clear around every label
  var EDGE = 4;         // a label must fit this far inside the map

  function KdPlaceLabels(engine, labels, names) {
    this.engine = engine;
    this.labels = labels;
    this.names = (engine && engine.names) || names || "common";
    this.map = null;
    this.items = [];
    this.placed = [];
  }

  KdPlaceLabels.prototype = {
    addTo: function (map) {
      this.map = map;
      var pane = map.getPane("kd-labels") || map.createPane("kd-labels");
      pane.style.zIndex = 450;  // above the layers and the events (400), below tooltips
      pane.style.pointerEvents = "none";
      this.pane = pane;
      this.root = L.DomUtil.create("div", "kd-labels leaflet-zoom-hide", pane);
      var self = this;
      this.items = this.labels.map(function (label) {
        var item = {label: label, dot: null, box: null, size: null};
        item.node = L.DomUtil.create("div", "kd-label kd-label-" + label.rank, self.root);
        // The page hosting the map may size its divs: a label is as wide as its text.
        item.node.style.width = "max-content";
        item.node.setAttribute("data-label-id", label.id);
        item.node.setAttribute("data-rank", label.rank);
        if (label.rank !== "country" && label.rank !== "region") {
          item.dot = L.DomUtil.create("div", "kd-label-dot", self.root);
        }
        return item;
      });
      this._writeNames();
      this._update = function () { self.update(); };
      map.on("zoomend moveend resize", this._update);
      if (this.engine && this.engine.on) {
        this.engine.on("names", function (order) { self.setNames(order); });
      }
      window.kdLabels = this;
      this.update();
      return this;
    },

    /** Put another name first ("common", "hy" or "az") and place the labels again. */
    setNames: function (order) {
      if (!order || order === this.names) return;
      this.names = order;
      this._writeNames();
      this.update();
    },

    _writeNames: function () {
      var order = this.names;
      this.items.forEach(function (item) {
        var text = item.label.text;
        item.node.textContent = text[order] || text.common;
        item.size = null;  // measured again when next placed
      });
    },

    /**
     * Measure the labels not measured yet, all in one layout: shown hidden together, read,
     * hidden again. One at a time, each reading forced a layout of the whole map (every
     * path of the boundaries), a few hundred ms on a loaded machine when the map opens.
     */
    _measure: function (items) {
      var fresh = items.filter(function (item) { return !item.size; });
      fresh.forEach(function (item) {
        item.node.style.display = "block";
        item.node.style.visibility = "hidden";
      });
      fresh.forEach(function (item) {
        // The exact box rounded up (offsetWidth would round a 14.4 px label down to 14, and
        // two labels placed edge to edge would overlap by the fraction).
        var rect = item.node.getBoundingClientRect();
        item.size = {w: Math.ceil(rect.width), h: Math.ceil(rect.height)};
      });
      fresh.forEach(function (item) {
        item.node.style.display = "none";
        item.node.style.visibility = "";
      });
    },

    _candidates: function (item, x, y) {
      var w = item.size.w, h = item.size.h;
      if (!item.dot) return [{x: x - w / 2, y: y - h / 2}];
      return [
        {x: x + GAP, y: y - h / 2},
        {x: x - GAP - w, y: y - h / 2},
        {x: x - w / 2, y: y - GAP - h},
        {x: x - w / 2, y: y + GAP},
      ];
    },

    /** Place every label that fits, most important first; hide the rest. */
    update: function () {
      var map = this.map;
      if (!map) return;
      var zoom = map.getZoom();
      var size = map.getSize();
      var placed = this._controlBoxes();
      var self = this;
      var inView = [];
      this.items.forEach(function (item) {
        var label = item.label;
        if (zoom < label.min_zoom) return;
        var point = map.latLngToContainerPoint([label.lat, label.lon]);
        if (point.x < 0 || point.y < 0 || point.x > size.x || point.y > size.y) return;
        inView.push({item: item, point: point});
      });
      this._measure(inView.map(function (entry) { return entry.item; }));
      this.items.forEach(function (item) { self._hide(item); });
      inView.forEach(function (entry) {
        var item = entry.item, point = entry.point;
        var candidates = self._candidates(item, point.x, point.y);
        for (var i = 0; i < candidates.length; i++) {
          var box = {
            x0: candidates[i].x, y0: candidates[i].y,
            x1: candidates[i].x + item.size.w, y1: candidates[i].y + item.size.h,
          };
          if (box.x0 < EDGE || box.y0 < EDGE || box.x1 > size.x - EDGE ||
              box.y1 > size.y - EDGE) continue;
          if (placed.some(function (other) { return overlaps(box, other); })) continue;
          if (item.dot && placed.some(function (other) {
            return overlaps({x0: point.x - 3, y0: point.y - 3, x1: point.x + 3, y1: point.y + 3}, other);
          })) break;
          placed.push(box);
          if (item.dot) {
            placed.push({x0: point.x - 3, y0: point.y - 3, x1: point.x + 3, y1: point.y + 3});
          }
          self._show(item, point, box);
          break;
        }
      });
      this.placed = placed;
    },

    /** The map's own controls (zoom, timeline, legend): no label hides under them. */
    _controlBoxes: function () {
      var container = this.map.getContainer();
      var origin = container.getBoundingClientRect();
      var boxes = [];
      container.querySelectorAll(".leaflet-control").forEach(function (control) {
        var r = control.getBoundingClientRect();
        if (!r.width || !r.height) return;
        boxes.push({x0: r.left - origin.left, y0: r.top - origin.top,
                    x1: r.right - origin.left, y1: r.bottom - origin.top});
      });
      return boxes;
    },

    _hide: function (item) {
      item.node.style.display = "none";
      if (item.dot) item.dot.style.display = "none";
    },

    _show: function (item, point, box) {
      // Container pixels to the pane's layer pixels: the pane moves with the map.
      var origin = this.map.containerPointToLayerPoint([0, 0]);
      item.node.style.display = "block";
      L.DomUtil.setPosition(item.node, L.point(box.x0 + origin.x, box.y0 + origin.y));
      if (item.dot) {
        item.dot.style.display = "block";
        L.DomUtil.setPosition(item.dot, L.point(point.x + origin.x, point.y + origin.y));
      }
    },

    /** The labels shown: text, rank and box in map pixels (for tests and curious readers). */
    shown: function () {
      return this.items
        .filter(function (item) { return item.node.style.display === "block"; })
        .map(function (item) {
          return {id: item.label.id, rank: item.label.rank, text: item.node.textContent,
                  lat: item.label.lat, lon: item.label.lon};
        });
    },
  };

  function overlaps(a, b) {
    return a.x0 < b.x1 + PAD && b.x0 < a.x1 + PAD && a.y0 < b.y1 + PAD && b.y0 < a.y1 + PAD;
  }

  window.KdPlaceLabels = KdPlaceLabels;
})();
