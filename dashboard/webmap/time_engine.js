/*
 * The map's time engine: it holds the whole war (every event of the record, every version of
 * every dated layer) and draws the selected day without asking the server.
 *
 * One engine per map, created by the TimeEngine element as `window.kdTime`. The timeline
 * control, the page (through its bridge) and tests all talk to it:
 *   kdTime.setDay(day)          day as "2020-10-20" or as a day number (0 = config.first)
 *   kdTime.step(n), play(), pause(), togglePlay(), setSpeed(daysPerSecond)
 *   kdTime.configure({...})     dataset, mask, mode, window, layers, tiles, names (page)
 *   kdTime.on(name, callback)   "day" on every drawn day, "settle" once the reader stops,
 *                               "view" after a pan or zoom, "layers" after a layer toggle,
 *                               "play" when playing starts or stops, "names" when the
 *                               order of place names changes, "layerdata" when a dated
 *                               layer's features arrive
 *
 * Events arrive as columns sorted by day (see dashboard/webmap/timedata.py); the page's
 * filters arrive as a bit mask over them, computed by Python, so that the filter rules have
 * one home. Modes (day, cumulative with fading, window) are applied here.
 *
 * Every text from data is written with textContent: nothing from a record reaches innerHTML.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var SETTLE_MS = 180;
  // Above this many events drawn, events are grouped on a grid of GRID_DEGREES (one marker a
  // cell, sized by its count): a canvas of tens of thousands of markers takes seconds to draw.
  var MAX_MARKERS = 2500;
  var GRID_DEGREES = 0.1;
  var LIST_LIMIT = 200;

  function parseDay(iso) {
    var parts = String(iso).split("-");
    return Date.UTC(+parts[0], +parts[1] - 1, +parts[2]);
  }

  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function decodeMask(text, length) {
    if (text === null || text === undefined) return null;
    var bytes = atob(text);
    var mask = new Uint8Array(length);
    for (var i = 0; i < length; i++) {
      mask[i] = (bytes.charCodeAt(i >> 3) >> (i & 7)) & 1;
    }
    return mask;
  }

  /** An element with a class and a text; text from data goes in as textContent only. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function KdTime(map, config) {
    this.map = map;
    this.config = config;
    this.first = parseDay(config.first);
    this.last = parseDay(config.last);
    this.day = this.clampIndex(this.indexOf(config.day || config.first));
    this.mode = config.mode || "day";
    this.windowDays = config.window || 7;
    this.speed = config.speed || 1;
    this.playing = false;
    this.listeners = {};
    this.layers = {};          // key -> {layer, dated, features, shownKey}
    this.dataset = null;
    this.datasetKey = null;
    this.mask = null;
    this.maskText = null;
    this.markers = [];
    this.shown = new Uint8Array(0);
    this.shownAlpha = new Float32Array(0);
    this.drawn = {seq: 0, day: null, markers: 0, at: 0};
    this.tiles = {};
    this.tilesName = config.tiles || "vector";
    this.names = config.names || "common";
    this.settleTimer = null;
    this.playTimer = null;
    this.renderer = L.canvas({padding: 0.3});
    this.eventsLayer = null;
    this.popup = L.popup({maxWidth: 380, autoPanPaddingTopLeft: [10, 60]});
    this._listenToMap();
  }

  KdTime.prototype = {
    /* ---- days ------------------------------------------------------------------------ */
    indexOf: function (day) {
      if (typeof day === "number") return day;
      return Math.round((parseDay(day) - this.first) / DAY_MS);
    },
    clampIndex: function (index) {
      var lastIndex = Math.round((this.last - this.first) / DAY_MS);
      return Math.max(0, Math.min(lastIndex, index));
    },
    lastIndex: function () {
      return Math.round((this.last - this.first) / DAY_MS);
    },
    isoOf: function (index) {
      return isoDay(this.first + index * DAY_MS);
    },
    dayIso: function () {
      return this.isoOf(this.day);
    },

    /* ---- listeners ------------------------------------------------------------------- */
    on: function (name, callback) {
      (this.listeners[name] = this.listeners[name] || []).push(callback);
      return this;
    },
    emit: function (name, detail) {
      (this.listeners[name] || []).slice().forEach(function (callback) {
        try {
          callback(detail);
        } catch (error) {
          console.warn("kdTime listener failed:", error);
        }
      });
    },

    /* ---- layers ---------------------------------------------------------------------- */
    registerLayer: function (key, layer, dated) {
      // drawn: feature index -> its Leaflet layer, for the features drawn on the day.
      this.layers[key] = {layer: layer, dated: !!dated, features: [], shownKey: null, drawn: {}};
      layer.kdKey = key;
    },
    setDatedFeatures: function (key, collection) {
      var entry = this.layers[key];
      if (!entry) return;
      entry.features = collection ? collection.features : [];
      entry.shownKey = null;
      entry.layer.clearLayers();
      entry.drawn = {};
      this._drawDated(entry);
      this.emit("layerdata", key);
    },
    visibleLayers: function () {
      var keys = [];
      for (var key in this.layers) {
        if (this.map.hasLayer(this.layers[key].layer)) keys.push(key);
      }
      return keys;
    },
    setLayers: function (keys) {
      var wanted = {};
      keys.forEach(function (key) { wanted[key] = true; });
      var managed = this.config.page_layers;
      this._quietLayers = true;
      for (var key in this.layers) {
        // Only the layers the page chooses; others (the settlements) are the map's own.
        if (managed && managed.indexOf(key) < 0) continue;
        var layer = this.layers[key].layer;
        if (wanted[key] && !this.map.hasLayer(layer)) this.map.addLayer(layer);
        if (!wanted[key] && this.map.hasLayer(layer)) this.map.removeLayer(layer);
      }
      this._quietLayers = false;
    },
    registerTiles: function (name, layer) {
      this.tiles[name] = layer;
    },
    setTiles: function (name) {
      this.tilesName = name;
      for (var key in this.tiles) {
        var layer = this.tiles[key];
        if (key === name && !this.map.hasLayer(layer)) layer.addTo(this.map).bringToBack();
        if (key !== name && this.map.hasLayer(layer)) this.map.removeLayer(layer);
      }
      var countries = this.layers.countries;
      if (countries) {
        // Over online tiles the countries are outlines only, so the tiles show through.
        var online = name in this.tiles;
        countries.layer.eachLayer(function (layer) {
          var base = layer.feature && layer.feature.properties.style;
          if (base) layer.setStyle({fillOpacity: online ? 0 : base.fillOpacity});
        });
        countries.outlineOnly = online;
      }
    },
    /**
     * Draw the features valid on the day. Only those that begin or end change: from one day
     * to the next a zone or two changes hands, and rebuilding the whole layer (a hundred
     * zones, two hundred settlements) cost most of a step's time.
     */
    _drawDated: function (entry) {
      var day = this.dayIso();
      var wanted = {};
      var indices = [];
      entry.features.forEach(function (feature, index) {
        var p = feature.properties;
        if ((!p.valid_from || p.valid_from <= day) && (!p.valid_to || day <= p.valid_to)) {
          wanted[index] = true;
          indices.push(index);
        }
      });
      var key = indices.join(",");
      if (key === entry.shownKey) return;
      entry.shownKey = key;
      var drawn = entry.drawn, layer = entry.layer;
      Object.keys(drawn).forEach(function (index) {
        if (!wanted[index]) {
          layer.removeLayer(drawn[index]);
          delete drawn[index];
        }
      });
      // addData makes the feature's layer with the layer's own style, tooltip and popup;
      // "layeradd" hands it over, to be taken off when the feature's days end.
      var added = null, lowest = Infinity;
      function collect(event) { added = event.layer; }
      layer.on("layeradd", collect);
      indices.forEach(function (index) {
        if (drawn[index]) return;
        added = null;
        layer.addData(entry.features[index]);
        if (added) drawn[index] = added;
        lowest = Math.min(lowest, index);
      });
      layer.off("layeradd", collect);
      // New features come on top; those after them in the record go back on top of them,
      // so that overlapping features stack in the record's order, as when drawn at once.
      indices.forEach(function (index) {
        var above = drawn[index];
        if (index > lowest && above && above.bringToFront) above.bringToFront();
      });
      if (entry.layer.kdKey === "countries" && this.layers.countries.outlineOnly) {
        this.setTiles(this.tilesName);
      }
    },

    /* ---- events ---------------------------------------------------------------------- */
    setEventsLayer: function (layer) {
      var self = this;
      this.eventsLayer = layer;
      layer.on("click", function (event) {
        var key = event.layer.kdCell || self._placeKey(event.layer.kdIndex);
        self.openPlace(key, event.layer.getLatLng());
      });
      // The count badges of places where several events are drawn follow the events layer.
      this.badges = L.layerGroup();
      this.badgeAt = {};
      if (this.map.hasLayer(layer)) this.badges.addTo(this.map);
      layer.on("add", function () { self.badges.addTo(self.map); });
      layer.on("remove", function () { self.map.removeLayer(self.badges); });
      layer.on("mouseover", function (event) {
        var marker = event.layer;
        if (marker.kdCell) {
          marker.bindTooltip(marker.kdCount + " events in this area: click to list them, " +
            "zoom in or narrow the filters to see them one by one", {sticky: true});
          marker.openTooltip(event.latlng);
        } else if (!marker.getTooltip()) {
          marker.bindTooltip(self.tooltipFor(marker.kdIndex), {sticky: true});
          marker.openTooltip(event.latlng);
        }
      });
    },
    loadDataset: function (url) {
      var self = this;
      if (url === this.datasetKey) return Promise.resolve();
      this.datasetKey = url;
      return fetch(url)
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
          return response.json();
        })
        .then(function (data) {
          if (self.datasetKey === url) self.setDataset(data, url);
        });
    },
    setDataset: function (data, key) {
      this.datasetKey = key || this.datasetKey;
      if (this.eventsLayer) this.eventsLayer.clearLayers();
      this.dataset = data;
      var count = data.day.length;
      this.markers = new Array(count);
      this.shown = new Uint8Array(count);
      this.shownAlpha = new Float32Array(count);
      this.mask = decodeMask(this.maskText, count);
      // Day numbers relative to the engine's first day (the dataset may start elsewhere).
      var offset = Math.round((parseDay(data.first) - this.first) / DAY_MS);
      this.eventDay = new Int32Array(count);
      for (var i = 0; i < count; i++) this.eventDay[i] = data.day[i] + offset;
      this.draw();
    },
    _firstShownDay: function () {
      if (this.mode === "day") return this.day;
      if (this.mode === "window") return this.day - this.windowDays + 1;
      return -Infinity;
    },
    _alpha: function (age) {
      if (this.mode === "day") return 1;
      var fade = this.config.fade;
      return Math.max(fade.floor, Math.min(1, 1 - age / fade.days));
    },
    _lowerBound: function (day) {
      var days = this.eventDay, lo = 0, hi = days.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (days[mid] < day) lo = mid + 1; else hi = mid;
      }
      return lo;
    },
    _marker: function (i) {
      var marker = this.markers[i];
      if (marker) return marker;
      var data = this.dataset;
      marker = L.circleMarker([data.lat[i], data.lon[i]], {renderer: this.renderer});
      marker.kdIndex = i;
      this.markers[i] = marker;
      return marker;
    },
    _markerStyle: function (i, alpha) {
      var data = this.dataset;
      var kind = data.kinds[data.kind[i]];
      var status = data.statuses[data.status[i]];
      var kindStyle = this.config.kinds[kind] || {colour: "#777777"};
      var statusStyle = this.config.statuses[status] || this.config.statuses.confirmed;
      return {
        color: kind === "capture" ? "#ffffff" : "#222222",
        weight: statusStyle.weight,
        dashArray: statusStyle.dash_array,
        fillColor: kindStyle.colour,
        fillOpacity: Math.round(statusStyle.fill_opacity * alpha * 1000) / 1000,
        opacity: Math.round(alpha * 1000) / 1000,
        radius: this.config.radius + (kind === "capture" ? 1 : 0),
      };
    },
    _drawEvents: function () {
      if (!this.dataset || !this.eventsLayer) return 0;
      var count = this.eventDay.length;
      var from = this._lowerBound(this._firstShownDay());
      var to = this._lowerBound(this.day + 1);
      var mask = this.mask;
      var inside = [];
      for (var i = from; i < to; i++) {
        if (!mask || mask[i]) inside.push(i);
      }
      var grouped = inside.length > MAX_MARKERS;
      this._clearMarkers(grouped ? null : inside, count);
      this.places = grouped ? this._drawCells(inside) : this._drawMarkers(inside);
      this.grouped = grouped;
      this._drawBadges();
      return inside.length;
    },
    /** Take off the map every event marker not in ``keep`` (all of them for null). */
    _clearMarkers: function (keep, count) {
      var shown = this.shown, layer = this.eventsLayer;
      var wanted = new Uint8Array(count);
      if (keep) keep.forEach(function (i) { wanted[i] = 1; });
      for (var i = 0; i < count; i++) {
        if (shown[i] && !wanted[i]) {
          layer.removeLayer(this.markers[i]);
          shown[i] = 0;
        }
      }
      if (keep && this.cells) {
        for (var key in this.cells) layer.removeLayer(this.cells[key]);
        this.cells = null;
      }
    },
    _drawMarkers: function (inside) {
      var shown = this.shown, alphaOf = this.shownAlpha, layer = this.eventsLayer;
      var places = {};
      for (var n = 0; n < inside.length; n++) {
        var i = inside[n];
        var alpha = this._alpha(this.day - this.eventDay[i]);
        var marker = this._marker(i);
        if (!shown[i]) {
          marker.setStyle(this._markerStyle(i, alpha));
          layer.addLayer(marker);
          shown[i] = 1;
          alphaOf[i] = alpha;
        } else if (alphaOf[i] !== alpha) {
          marker.setStyle(this._markerStyle(i, alpha));
          alphaOf[i] = alpha;
        }
        var key = this._placeKey(i);
        (places[key] = places[key] || []).push(i);
      }
      return places;
    },
    /** One marker per grid cell: its size says how many events, its colour the commonest kind. */
    _drawCells: function (inside) {
      var data = this.dataset, self = this;
      var places = {};
      inside.forEach(function (i) {
        var key = "cell:" + Math.floor(data.lat[i] / GRID_DEGREES) + "," +
          Math.floor(data.lon[i] / GRID_DEGREES);
        (places[key] = places[key] || []).push(i);
      });
      var cells = this.cells || {};
      var layer = this.eventsLayer;
      Object.keys(cells).forEach(function (key) {
        if (!places[key]) {
          layer.removeLayer(cells[key]);
          delete cells[key];
        }
      });
      Object.keys(places).forEach(function (key) {
        var indices = places[key];
        var lat = 0, lon = 0, youngest = Infinity, kinds = {};
        indices.forEach(function (i) {
          lat += data.lat[i];
          lon += data.lon[i];
          youngest = Math.min(youngest, self.day - self.eventDay[i]);
          kinds[data.kind[i]] = (kinds[data.kind[i]] || 0) + 1;
        });
        var common = Object.keys(kinds).sort(function (a, b) { return kinds[b] - kinds[a]; })[0];
        var kindStyle = self.config.kinds[data.kinds[common]] || {colour: "#777777"};
        var alpha = self._alpha(youngest);
        var style = {
          color: "#222222", weight: 1, fillColor: kindStyle.colour, fillOpacity: 0.75 * alpha,
          opacity: alpha, radius: Math.min(28, 5 + 2.2 * Math.sqrt(indices.length)),
        };
        var marker = cells[key];
        if (!marker) {
          marker = L.circleMarker([lat / indices.length, lon / indices.length],
            {renderer: self.renderer});
          marker.kdCell = key;
          cells[key] = marker;
          marker.setStyle(style);
          layer.addLayer(marker);
        } else if (marker.kdCount !== indices.length || marker.kdAlpha !== alpha) {
          marker.setLatLng([lat / indices.length, lon / indices.length]);
          marker.setStyle(style);
        }
        marker.kdCount = indices.length;
        marker.kdAlpha = alpha;
      });
      this.cells = cells;
      return places;
    },    /** The key of the place (or, when grouped, the grid cell) an event is drawn in. */
    _keyOf: function (i) {
      if (!this.grouped) return this._placeKey(i);
      return "cell:" + Math.floor(this.dataset.lat[i] / GRID_DEGREES) + "," +
        Math.floor(this.dataset.lon[i] / GRID_DEGREES);
    },
    /**
     * Events closer than about 100 m share a place: one click lists them all. The images
     * group events by the same keys (dashboard/stacks.py): change both together.
     */
    _placeKey: function (i) {
      return this.dataset.lat[i].toFixed(3) + "," + this.dataset.lon[i].toFixed(3);
    },
    _drawBadges: function () {
      var self = this;
      var stacked = 0;
      var seen = {};
      Object.keys(this.places).forEach(function (key) {
        var indices = self.places[key];
        // A grouped cell's size already says how many it holds.
        if (indices.length < 2 || self.grouped) return;
        stacked += 1;
        seen[key] = true;
        var badge = self.badgeAt[key];
        if (!badge) {
          var first = indices[0];
          badge = L.marker([self.dataset.lat[first], self.dataset.lon[first]], {
            keyboard: false,
            zIndexOffset: 1000,
            title: "Several events at this place: click to list them",
          });
          badge.on("click", function () { self.openPlace(key, badge.getLatLng()); });
          self.badgeAt[key] = badge;
        }
        if (badge.kdCount !== indices.length) {
          // The count is a number the engine computed, never text from the data.
          badge.setIcon(L.divIcon({className: "kd-stack", html: String(indices.length),
            iconSize: [20, 16], iconAnchor: [-3, 20]}));
          if (!self.badges.hasLayer(badge)) badge.addTo(self.badges);
        }
        badge.kdCount = indices.length;
      });
      Object.keys(this.badgeAt).forEach(function (key) {
        if (!seen[key]) {
          self.badges.removeLayer(self.badgeAt[key]);
          delete self.badgeAt[key];
        }
      });
      this.stackedPlaces = stacked;
    },
    /** Open the popup of a place: its one event, or the list of the events drawn there. */
    openPlace: function (key, latlng) {
      var indices = (this.places && this.places[key]) || [];
      if (!indices.length) return;
      var content = indices.length === 1 ? this.popupFor(indices[0]) : this.listFor(indices);
      this.popup.setLatLng(latlng).setContent(content);
      this.map.openPopup(this.popup);
    },
    /** Fly to an event drawn on the map (by its id) and open its place. */
    showEvent: function (id) {
      if (!this.dataset) return false;
      var i = this.dataset.id.indexOf(id);
      var key = i < 0 ? null : this._keyOf(i);
      if (!key || !this.places[key] || this.places[key].indexOf(i) < 0) return false;
      var latlng = L.latLng(this.dataset.lat[i], this.dataset.lon[i]);
      var self = this;
      var zoom = Math.max(this.map.getZoom(), 10);
      var there = this.map.getZoom() === zoom &&
        this.map.latLngToContainerPoint(latlng).distanceTo(this.map.getSize().divideBy(2)) < 2;
      if (there) {
        this.openPlace(key, latlng);
      } else {
        this.map.once("moveend", function () { self.openPlace(key, latlng); });
        this.map.flyTo(latlng, zoom, {duration: 0.6});
      }
      return true;
    },
    listFor: function (indices) {
      var self = this;
      var root = el("div", "kd-popup kd-place-list");
      root.appendChild(el("h4", null, indices.length +
        (this.grouped ? " events in this area" : " events at this place")));
      var listed = indices.slice().reverse().slice(0, LIST_LIMIT);
      listed.forEach(function (i) {
        var item = root.appendChild(el("details", "kd-place-event"));
        var summary = item.appendChild(el("summary"));
        summary.textContent = self.shortDate(self.eventDay[i]) + ": " + self.dataset.title[i];
        item.addEventListener("toggle", function () {
          if (item.open && item.childNodes.length === 1) item.appendChild(self.popupFor(i));
        }, {once: false});
      });
      if (indices.length > listed.length) {
        root.appendChild(el("p", "meta", "… and " + (indices.length - listed.length) +
          " more: zoom in or narrow the filters to list them."));
      }
      return root;
    },

    /* ---- the day --------------------------------------------------------------------- */
    setDay: function (day, options) {
      var index = this.clampIndex(this.indexOf(day));
      if (index === this.day && this.drawn.seq > 0) return;
      this.day = index;
      this.draw();
      if (!(options && options.quiet)) this._scheduleSettle();
    },
    step: function (days) {
      this.setDay(this.day + days);
    },
    draw: function () {
      for (var key in this.layers) {
        if (this.layers[key].dated) this._drawDated(this.layers[key]);
      }
      var markers = this._drawEvents();
      var seq = this.drawn.seq + 1;
      this.drawn = {seq: seq, day: this.dayIso(), markers: markers,
        stacked: this.stackedPlaces || 0, grouped: !!this.grouped, at: performance.now()};
      this.emit("day", this.drawn);
    },
    configure: function (options) {
      var redraw = false;
      if (options.first && options.last) {
        var day = this.dayIso();
        var first = parseDay(options.first), last = parseDay(options.last);
        if (first !== this.first || last !== this.last) {
          if (this.dataset) {
            var shift = Math.round((this.first - first) / DAY_MS);
            for (var i = 0; i < this.eventDay.length; i++) this.eventDay[i] += shift;
          }
          this.first = first;
          this.last = last;
          this.day = this.clampIndex(this.indexOf(day));
          this.emit("range", {first: options.first, last: options.last});
          redraw = true;
        }
      }
      if (options.mode && (options.mode !== this.mode || options.window !== this.windowDays)) {
        this.mode = options.mode;
        this.windowDays = options.window || this.windowDays;
        redraw = true;
      }
      if (options.layers) this.setLayers(options.layers);
      if (options.tiles && options.tiles !== this.tilesName) this.setTiles(options.tiles);
      if (options.names && options.names !== this.names) {
        this.names = options.names;  // the order of place names: labels and event texts
        // A marker's tooltip is written on its first hover: written again in the new order.
        if (this.eventsLayer) {
          this.eventsLayer.eachLayer(function (marker) {
            if (!marker.kdCell) marker.unbindTooltip();
          });
        }
        this.emit("names", options.names);
      }
      if ("mask" in options && options.mask !== this.maskText) {
        this.maskText = options.mask;
        if (this.dataset) this.mask = decodeMask(options.mask, this.dataset.day.length);
        redraw = true;
      }
      if (options.dataset_url && options.dataset_url !== this.datasetKey) {
        this.loadDataset(options.dataset_url);
      } else if (redraw) {
        this.draw();
      }
      if (options.goto && options.goto.nonce !== this._lastGoto) {
        this._lastGoto = options.goto.nonce;
        this.setDay(options.goto.day, {quiet: true});
      }
    },

    /* ---- playing --------------------------------------------------------------------- */
    setSpeed: function (daysPerSecond) {
      this.speed = daysPerSecond;
      if (this.playing) {
        this.pause();
        this.play();
      }
      this.emit("play", {playing: this.playing, speed: this.speed});
    },
    play: function () {
      if (this.playing) return;
      if (this.day >= this.lastIndex()) this.setDay(0, {quiet: true});
      this.playing = true;
      clearTimeout(this.settleTimer);
      var self = this;
      var interval = 1000 / this.speed;
      var next = performance.now() + interval;
      // Every day is drawn, none skipped: a late frame is drawn at once and the clock
      // starts again from it, instead of jumping ahead.
      function tick() {
        if (!self.playing) return;
        self.setDay(self.day + 1, {quiet: true});
        if (self.day >= self.lastIndex()) {
          self.pause();
          return;
        }
        var now = performance.now();
        next = Math.max(next + interval, now);
        self.playTimer = setTimeout(tick, next - now);
      }
      this.playTimer = setTimeout(tick, interval);
      this.emit("play", {playing: true, speed: this.speed});
    },
    pause: function () {
      if (!this.playing) return;
      this.playing = false;
      clearTimeout(this.playTimer);
      this.emit("play", {playing: false, speed: this.speed});
      this._scheduleSettle();
    },
    togglePlay: function () {
      if (this.playing) this.pause(); else this.play();
    },
    _scheduleSettle: function () {
      var self = this;
      clearTimeout(this.settleTimer);
      if (this.playing) return;
      this.settleTimer = setTimeout(function () {
        self.emit("settle", self.view());
      }, SETTLE_MS);
    },

    /* ---- the view -------------------------------------------------------------------- */
    view: function () {
      var center = this.map.getCenter();
      return {
        day: this.dayIso(),
        zoom: this.map.getZoom(),
        lat: Math.round(center.lat * 10000) / 10000,
        lon: Math.round(center.lng * 10000) / 10000,
        layers: this.visibleLayers(),
        playing: this.playing,
      };
    },
    _listenToMap: function () {
      var self = this;
      this.map.on("moveend", function () { self.emit("view", self.view()); });
      function layerChange(event) {
        if (!self._quietLayers && event.layer && event.layer.kdKey) {
          self.emit("layers", self.view());
        }
      }
      this.map.on("overlayadd overlayremove", layerChange);
    },

    /* ---- text ------------------------------------------------------------------------ */
    /** An event's place in the reader's order of names (dashboard/text.py event_place_names). */
    placeOf: function (i) {
      var data = this.dataset;
      var other = data.place_in && data.place_in[this.names];
      return (other && Object.prototype.hasOwnProperty.call(other, data.place[i]) &&
        other[data.place[i]]) || data.place[i];
    },
    tooltipFor: function (i) {
      var data = this.dataset;
      var text = this.shortDate(this.eventDay[i]) + ": " + data.title[i];
      var place = this.placeOf(i);
      if (place) text += " · " + place;
      return el("span", null, text);
    },
    shortDate: function (index) {
      var date = new Date(this.first + index * DAY_MS);
      return date.getUTCDate() + " " + this.config.months[date.getUTCMonth()].slice(0, 3);
    },
    longDate: function (index) {
      var date = new Date(this.first + index * DAY_MS);
      return date.getUTCDate() + " " + this.config.months[date.getUTCMonth()] + " " +
        date.getUTCFullYear();
    },
    popupFor: function (i) {
      var data = this.dataset;
      var root = el("div", "kd-popup");
      root.appendChild(el("h4", null, data.title[i]));
      var when = this.longDate(this.eventDay[i]);
      if (data.time[i]) when += ", " + data.time[i];
      if (data.approx[i]) when += " (approximate date)";
      var kind = data.kinds[data.kind[i]];
      var status = data.statuses[data.status[i]];
      var place = this.placeOf(i);
      var meta = el("p", "meta", when + (place ? " · " + place : "") + " · " +
        ((this.config.kinds[kind] || {}).label || kind) + " · ");
      meta.appendChild(el("b", null, (this.config.statuses[status] || {}).label || status));
      root.appendChild(meta);
      if (data.description[i]) root.appendChild(el("p", null, data.description[i]));
      var lists = [["Claimed by", data.claimed_by], ["Denied by", data.denied_by],
        ["Actors", data.actors]];
      lists.forEach(function (pair) {
        var names = pair[1][i] || [];
        if (!names.length) return;
        var line = el("p");
        line.appendChild(el("b", null, pair[0] + ": "));
        line.appendChild(document.createTextNode(names.join(", ")));
        root.appendChild(line);
      });
      if (data.fatalities[i] !== null && data.fatalities[i] !== undefined) {
        var toll = el("p");
        toll.appendChild(el("b", null, "Fatalities: "));
        toll.appendChild(document.createTextNode(
          data.fatalities[i] + " (per " + (data.fatalities_source[i] || "no source given") + ")"
        ));
        root.appendChild(toll);
      }
      var sources = data.sources[i] || [];
      if (sources.length) {
        root.appendChild(el("p", null, "")).appendChild(el("b", null, "Sources"));
        var list = el("ul");
        sourceLinks(sources).forEach(function (link) {
          list.appendChild(el("li")).appendChild(link);
        });
        root.appendChild(list);
      }
      return root;
    },
  };

  /* A link per source, named by its site; two on one site are numbered; text that is not an
     http(s) address is shown, not linked. */
  function sourceLinks(texts) {
    var sites = texts.map(function (text) {
      return /^https?:\/\//i.test(text) ? text.split("/")[2].replace(/^www\./, "") : null;
    });
    var seen = {};
    return texts.map(function (text, index) {
      var site = sites[index];
      if (!site) return el("span", null, text);
      seen[site] = (seen[site] || 0) + 1;
      var many = sites.filter(function (other) { return other === site; }).length > 1;
      var link = el("a", null, many ? site + " " + seen[site] : site);
      link.href = text;
      link.title = text;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      return link;
    });
  }

  /**
   * A one-line chip in the strip along the top of the map, between the zoom buttons and
   * the layers and legend: the band those corners take anyway, so the chips cost the map
   * none of its height (the change and off-map chips extend it).
   */
  var Chip = L.Control.extend({
    options: {position: "topcenter"},
    addTo: function (map) {
      if (!map._controlCorners.topcenter) {
        // Leaflet has four corners; a fifth is made the way Leaflet makes its own.
        map._controlCorners.topcenter = L.DomUtil.create(
          "div", "leaflet-top kd-chips", map._controlContainer);
      }
      return L.Control.prototype.addTo.call(this, map);
    },
  });

  // The map's other scripts run after this one (one bundle) and build their boxes with it.
  KdTime.el = el;
  KdTime.Chip = Chip;
  window.KdTime = KdTime;
})();
