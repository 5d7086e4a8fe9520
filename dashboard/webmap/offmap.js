/*
 * Events of the day that lie outside the map's frame (talks in Moscow, statements in
 * Washington, strikes beyond the view) are counted in a one-line chip on the map ("18 events
 * outside this view"); opened, it lists each place with an arrow pointing its way and its
 * count, instead of counting them invisibly. A click on a place brings it into view and
 * opens its events. Place names come from the data: textContent only.
 */
(function () {
  "use strict";

  var el = KdTime.el;

  var KdOffMap = KdTime.Chip.extend({
    initialize: function (engine) {
      this.engine = engine;
    },

    onAdd: function (map) {
      var self = this;
      // Folded, as the change chip above it: the list would cover the map's west side.
      this.root = el("details", "kd-offmap kd-chip");
      this.root.setAttribute("aria-label", "Events outside the map's view");
      this.summary = this.root.appendChild(el("summary"));
      this.list = this.root.appendChild(el("div", "kd-offmap-list"));
      L.DomEvent.disableClickPropagation(this.root);
      L.DomEvent.disableScrollPropagation(this.root);
      this.engine.on("day", function () { self.update(); });
      this.engine.on("names", function () { self.update(); });
      map.on("moveend", function () { self.update(); });
      this.update();
      return this.root;
    },

    /** The places of the day's events outside the view, with their events' count. */
    outside: function () {
      var engine = this.engine;
      var map = engine.map;
      if (!engine.places || !engine.eventsLayer || !map.hasLayer(engine.eventsLayer)) return [];
      var bounds = map.getBounds();
      var found = [];
      Object.keys(engine.places).forEach(function (key) {
        var indices = engine.places[key];
        var first = indices[0];
        var latlng = L.latLng(engine.dataset.lat[first], engine.dataset.lon[first]);
        if (bounds.contains(latlng)) return;
        found.push({key: key, latlng: latlng, count: indices.length,
          place: engine.placeOf(first) || engine.dataset.title[first]});
      });
      return found;
    },

    update: function () {
      var engine = this.engine;
      var map = engine.map;
      var places = this.outside();
      this.list.textContent = "";
      this.root.style.display = places.length ? "" : "none";
      if (!places.length) return;
      var total = places.reduce(function (sum, item) { return sum + item.count; }, 0);
      this.summary.textContent = total + (total === 1 ? " event" : " events") +
        " outside this view";
      var centre = map.getCenter();
      places.forEach(function (item) {
        var row = el("button", "kd-offmap-item");
        row.type = "button";
        var arrow = el("span", "kd-offmap-arrow", "\u2191");
        arrow.setAttribute("aria-hidden", "true");
        var bearing = Math.atan2(item.latlng.lng - centre.lng, item.latlng.lat - centre.lat);
        arrow.style.transform = "rotate(" + Math.round(bearing * 180 / Math.PI) + "deg)";
        row.appendChild(arrow);
        row.appendChild(el("span", null, item.place + " \u00b7 " + item.count));
        row.title = "Show " + item.place + " on the map";
        row.addEventListener("click", function () {
          map.setView(item.latlng, Math.min(map.getZoom(), 6));
          engine.openPlace(item.key, item.latlng);
        });
        this.list.appendChild(row);
      }, this);
    },
  });

  window.KdOffMap = KdOffMap;
})();
