/*
 * The map's opening view: the war's area (Nakhchivan to Aghdam and Barda, Kalbajar to the
 * Iranian border) fitted into the largest part of the map that its boxes (zoom, legend,
 * layers, change and off-map chips, timeline, credits) leave free, so that no box covers
 * it. Newsroom maps frame their subject around their furniture rather than under it.
 *
 * Until the reader (or a shared address) moves the map, the view follows the boxes: it is
 * fitted again when the map changes size, and when a box that came or grew (the off-map
 * chip appears once the day's events are drawn) would cover the area. A box the reader opens
 * covers the map by the reader's choice: from then on the view is theirs.
 */
(function () {
  "use strict";

  // Room kept between a box and the area, in pixels.
  var GAP = 6;
  // The strip of chips along the top keeps room for two one-line chips, shown or not: the
  // off-map chip comes and goes with the day and must not land on the area when it does.
  var CHIP_ROWS_PX = 68;
  // Refits asked for by boxes changing (not by a new map size) stop after this many: a chip
  // that came and went with each view could otherwise move the map back and forth.
  var MAX_REFITS = 6;

  /** The map's boxes as rectangles in the map's own pixels (hidden ones left out). */
  function boxesOf(map) {
    var container = map.getContainer();
    var origin = container.getBoundingClientRect();
    var nodes = container.querySelectorAll(".leaflet-control-container .leaflet-control");
    var boxes = [];
    function add(rect, bottom) {
      boxes.push({
        left: rect.left - origin.left, top: rect.top - origin.top,
        right: rect.right - origin.left, bottom: bottom - origin.top,
      });
    }
    Array.prototype.forEach.call(nodes, function (node) {
      var rect = node.getBoundingClientRect();
      if (rect.width >= 1 && rect.height >= 1) add(rect, rect.bottom);
    });
    var strip = container.querySelector(".leaflet-control-container .kd-chips");
    if (strip && strip.children.length) {
      var rect = strip.getBoundingClientRect();
      add(rect, Math.max(rect.bottom, rect.top + CHIP_ROWS_PX));
    }
    return boxes;
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  /**
   * Every rectangle bounded by the map's edges or the boxes' sides that no box overlaps.
   * A handful of boxes gives at most a few thousand candidates: cheap, and it finds the
   * free band beside a corner column as well as the one below a row of boxes.
   */
  function freeRects(size, boxes) {
    var lefts = [0], tops = [0], rights = [size.x], bottoms = [size.y];
    boxes.forEach(function (box) {
      lefts.push(box.right + GAP);
      tops.push(box.bottom + GAP);
      rights.push(box.left - GAP);
      bottoms.push(box.top - GAP);
    });
    var found = [];
    lefts.forEach(function (left) {
      rights.forEach(function (right) {
        if (right - left < 40) return;
        tops.forEach(function (top) {
          bottoms.forEach(function (bottom) {
            if (bottom - top < 40) return;
            var rect = {left: left, top: top, right: right, bottom: bottom};
            if (!boxes.some(function (box) { return overlaps(rect, box); })) found.push(rect);
          });
        });
      });
    });
    return found;
  }

  function KdDefaultView(engine, bounds) {
    this.engine = engine;
    this.map = engine.map;
    this.bounds = L.latLngBounds(bounds);
    this.fitted = null;
    this.refits = 0;
    this.given = false;
  }

  KdDefaultView.prototype = {
    /** Start: fit now, and again as the map's size or boxes change while it is untouched. */
    start: function () {
      var self = this;
      var map = this.map;
      this.fit();
      map.on("resize", function () {
        if (self.untouched()) self.fit();
      });
      // After the map moves or a day is drawn the boxes may have changed (the off-map chip).
      function recheck() {
        if (!self.untouched() || self.refits >= MAX_REFITS) return;
        L.Util.requestAnimFrame(function () {
          if (self.untouched() && self.covered()) {
            self.refits += 1;
            self.fit();
          }
        });
      }
      map.on("moveend", recheck);
      this.engine.on("day", recheck);
      // Opening a box is the reader's choice: the view no longer moves for the boxes.
      map.getContainer().addEventListener("click", function (event) {
        var target = event.target;
        if (target && target.closest && target.closest(".leaflet-control summary")) {
          self.given = true;
        }
      }, true);
      return this;
    },

    /** Whether the map still shows the view this fitted last (nobody has moved it since). */
    untouched: function () {
      if (this.given || !this.fitted) return false;
      var map = this.map;
      if (map.getZoom() !== this.fitted.zoom) return false;
      var now = map.project(map.getCenter(), this.fitted.zoom);
      return now.distanceTo(this.fitted.centre) < 1;
    },

    /** The area's rectangle on the map now, in the map's pixels. */
    areaRect: function () {
      var map = this.map;
      var nw = map.latLngToContainerPoint(this.bounds.getNorthWest());
      var se = map.latLngToContainerPoint(this.bounds.getSouthEast());
      return {left: nw.x, top: nw.y, right: se.x, bottom: se.y};
    },

    /** Whether a box covers part of the area. */
    covered: function () {
      var area = this.areaRect();
      return boxesOf(this.map).some(function (box) { return overlaps(area, box); });
    },

    /** The free rectangle that shows the area largest (then the roomiest of those). */
    bestRect: function () {
      var map = this.map;
      var size = map.getSize();
      var bounds = this.bounds;
      var best = null;
      freeRects(size, boxesOf(map)).forEach(function (rect) {
        var padding = L.point(size.x - (rect.right - rect.left), size.y - (rect.bottom - rect.top));
        var zoom = map.getBoundsZoom(bounds, false, padding);
        var room = (rect.right - rect.left) * (rect.bottom - rect.top);
        if (!best || zoom > best.zoom || (zoom === best.zoom && room > best.room)) {
          best = {rect: rect, zoom: zoom, room: room};
        }
      });
      return best;
    },

    fit: function () {
      var map = this.map;
      var size = map.getSize();
      var best = size.x > 0 && size.y > 0 ? this.bestRect() : null;
      if (best) {
        var rect = best.rect;
        map.fitBounds(this.bounds, {
          paddingTopLeft: [rect.left, rect.top],
          paddingBottomRight: [size.x - rect.right, size.y - rect.bottom],
          animate: false,
        });
      } else {
        map.fitBounds(this.bounds, {animate: false});
      }
      this.fitted = {zoom: map.getZoom(), centre: map.project(map.getCenter(), map.getZoom())};
    },
  };

  window.KdDefaultView = KdDefaultView;
})();
