/*
 * What changed hands since the previous day (day and cumulative modes) or since the day before
 * the window (window mode): the land outlined and hatched on the map, and a box that says how
 * many km² and which settlements, e.g. "Since 19 October: 706 km² claimed taken by Azerbaijan
 * · 24 settlements claimed taken by Azerbaijan: ...".
 *
 * The changes arrive day by day in the engine's settings (config.changes, written by
 * dashboard/webmap/timedata.py); a window's changes are added up here, each piece of land
 * and each settlement compared in its state before the window and on the day, as
 * dashboard/changes.py does. The land's shapes are the control zones' own (each zone feature
 * carries its piece key). It redraws on each step of the engine, in the same frame; nothing
 * is asked of the server. Names come from the data: textContent only.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var HATCH_ID = "kd-change-hatch";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var NAMES_SHOWN = 6;

  var el = KdTime.el;

  function parseDay(iso) {
    var parts = String(iso).split("-");
    return Date.UTC(+parts[0], +parts[1] - 1, +parts[2]);
  }

  /** An area as dashboard/text.py's km2_text writes it. */
  function km2Text(km2) {
    if (km2 >= 10) return Math.floor(km2 + 0.5).toLocaleString("en-US") + " km\u00b2";
    return km2.toFixed(1) + " km\u00b2";
  }

  /** The diagonal hatch, defined once per document; paths fill with url(#kd-change-hatch). */
  function defineHatch(hatch) {
    if (document.getElementById(HATCH_ID)) return;
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.setAttribute("aria-hidden", "true");
    svg.style.position = "absolute";
    var pattern = document.createElementNS(SVG_NS, "pattern");
    pattern.id = HATCH_ID;
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("width", String(hatch.spacing));
    pattern.setAttribute("height", String(hatch.spacing));
    pattern.setAttribute("patternTransform", "rotate(" + hatch.angle + ")");
    var line = document.createElementNS(SVG_NS, "line");
    line.setAttribute("x1", "0");
    line.setAttribute("y1", "0");
    line.setAttribute("x2", "0");
    line.setAttribute("y2", String(hatch.spacing));
    line.setAttribute("stroke", hatch.color);
    line.setAttribute("stroke-width", String(hatch.width));
    pattern.appendChild(line);
    svg.appendChild(document.createElementNS(SVG_NS, "defs")).appendChild(pattern);
    document.body.appendChild(svg);
  }

  var KdChanges = KdTime.Chip.extend({
    initialize: function (engine, options) {
      this.engine = engine;
      this.layer = engine.layers.changes.layer;
      this.data = engine.config.changes;
      this.style = options.style;
      this.hatch = options.hatch;
      this.drawnKey = null;
      this.shapes = null;
      this.shapesFrom = null;
      this.line = "";
    },

    onAdd: function () {
      var self = this;
      defineHatch(this.hatch);
      this.renderer = L.svg({pane: "kd-changes"});

      // A one-line chip that opens on a click: open, the list of places would cover the
      // west of the war's area (Nakhchivan) on a laptop's map column.
      var root = this.root = el("details", "kd-changes kd-chip");
      root.setAttribute("aria-label", "What changed hands");
      this.summary = root.appendChild(el("summary"));
      this.body = root.appendChild(el("div", "kd-ch-body"));
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);

      this.engine.on("day", function () { self.update(); });
      this.engine.on("layerdata", function (key) {
        if (key === "control_zones") self.update(true);
      });
      this.layer.on("add remove", function () { self.update(); });
      this.update();
      return root;
    },

    /** The day the changes are counted from, as the mode says (dashboard/changes.py since_day). */
    since: function () {
      var engine = this.engine;
      var back = engine.mode === "window" ? Math.max(1, engine.windowDays) : 1;
      return engine.first + (engine.day - back) * DAY_MS;
    },

    /** Each piece and settlement that changed after ``since`` up to ``day``: net states. */
    net: function (since, day) {
      var data = this.data;
      var zones = {}, places = {};
      function add(into, changes) {
        changes.forEach(function (change) {
          var item = into[change[0]];
          if (!item) item = into[change[0]] = {before: change[1]};
          item.after = change[2];
        });
      }
      for (var t = since + DAY_MS; t <= day; t += DAY_MS) {
        var entry = data.days[new Date(t).toISOString().slice(0, 10)];
        if (!entry) continue;
        add(zones, entry.z);
        add(places, entry.s);
      }
      function changed(into) {
        return Object.keys(into).map(Number).sort(function (a, b) { return a - b; })
          .filter(function (key) { return into[key].before !== into[key].after; })
          .map(function (key) { return {index: key, kind: this.kindOf(into[key])}; }, this);
      }
      return {zones: changed.call(this, zones), places: changed.call(this, places)};
    },

    kindOf: function (item) {
      var states = this.data.states;
      var before = states[item.before], after = states[item.after];
      return after === "confirmed" && before === "claimed" ? "claim_confirmed" : after;
    },

    /** The parts of the line, as dashboard/text.py's change_parts writes them. */
    parts: function (net) {
      var data = this.data;
      var parts = [];
      var total = 0;
      data.kinds.forEach(function (kind) {
        var km2 = 0, any = false;
        net.zones.forEach(function (zone) {
          if (zone.kind === kind) {
            km2 += data.km2[zone.index];
            any = true;
          }
        });
        if (!any) return;
        km2 = Math.round(km2 * 100) / 100;
        total += km2;
        parts.push({text: km2Text(km2) + " " + data.labels[kind]});
      });
      var settlements = 0;
      Object.keys(data.labels).forEach(function (kind) {
        var names = net.places.filter(function (place) { return place.kind === kind; })
          .map(function (place) { return data.places[place.index]; });
        if (!names.length) return;
        settlements += names.length;
        var head = names.length + (names.length === 1 ? " settlement " : " settlements ") +
          data.labels[kind];
        parts.push({text: head + ": " + names.join(", "), head: head, names: names});
      });
      return {parts: parts, km2: total, settlements: settlements};
    },

    update: function (reshape) {
      var engine = this.engine;
      var on = engine.map.hasLayer(this.layer);
      this.root.style.display = on ? "" : "none";
      var since = this.since();
      var day = engine.first + engine.day * DAY_MS;
      var net = this.net(since, day);
      var told = this.parts(net);
      var date = new Date(since);
      var sinceText = "Since " + date.getUTCDate() + " " +
        engine.config.months[date.getUTCMonth()];
      this.line = sinceText + ": " + (told.parts.length ?
        told.parts.map(function (part) { return part.text; }).join(" \u00b7 ") :
        "nothing changed hands");
      this.km2 = told.km2;
      this.pieces = net.zones.map(function (zone) { return this.data.pieces[zone.index]; }, this);
      this.places = net.places.map(function (place) { return this.data.places[place.index]; },
        this);
      this._write(sinceText, told);
      this._outline(reshape);
    },

    _write: function (sinceText, told) {
      var summary = sinceText;
      if (!told.parts.length) {
        summary += ": no change";
      } else {
        var bits = [];
        if (told.km2 > 0) bits.push(km2Text(told.km2));
        if (told.settlements) {
          bits.push(told.settlements + (told.settlements === 1 ? " settlement" : " settlements"));
        }
        summary += ": " + bits.join(", ");
      }
      this.summary.textContent = summary;
      this.summary.title = summary;
      this.body.textContent = "";
      if (!told.parts.length) {
        this.body.appendChild(el("p", null, "Nothing changed hands."));
        return;
      }
      var list = this.body.appendChild(el("ul"));
      told.parts.forEach(function (part) {
        var item = list.appendChild(el("li"));
        if (!part.names) {
          item.textContent = part.text;
          return;
        }
        item.appendChild(el("b", null, part.head + ": "));
        var folded = part.names.length > NAMES_SHOWN;
        item.appendChild(el("span", "kd-ch-names",
          part.names.slice(0, NAMES_SHOWN).join(", ") + (folded ? ", " : "")));
        if (!folded) return;
        // A long list (146 places on 10 November) folds: the box must leave the map visible.
        var more = item.appendChild(el("details", "kd-ch-more"));
        more.appendChild(el("summary", null, "and " + (part.names.length - NAMES_SHOWN) +
          " more"));
        more.appendChild(el("span", "kd-ch-names", part.names.slice(NAMES_SHOWN).join(", ")));
      });
    },

    /** Outline and hatch the changed land, redrawn only when the set of pieces changes. */
    _outline: function (reshape) {
      var key = this.root.style.display === "none" ? "" : this.pieces.join(",");
      if (key === this.drawnKey && !reshape) return;
      this.drawnKey = key;
      this.layer.clearLayers();
      if (!key) return;
      var shapes = this._shapes();
      var style = this.style;
      // The pane's own SVG renderer: a hatch is an SVG pattern, which a canvas cannot use.
      var options = {pane: "kd-changes", renderer: this.renderer, interactive: false,
        style: function () { return style; }};
      this.pieces.forEach(function (piece) {
        if (!shapes[piece]) return;
        var shape = L.geoJSON(shapes[piece], options);
        this.layer.addLayer(shape);
        shape.eachLayer(function (path) {
          if (path._path) path._path.setAttribute("fill", "url(#" + HATCH_ID + ")");
        });
      }, this);
    },

    /** Piece key -> a zone feature of that land (every version has the same shape). */
    _shapes: function () {
      var zones = this.engine.layers.control_zones;
      var features = zones ? zones.features : [];
      if (this.shapes && this.shapesFrom === features) return this.shapes;
      var shapes = {};
      features.forEach(function (feature) {
        var piece = feature.properties.piece;
        if (piece && !shapes[piece]) shapes[piece] = {type: "Feature", geometry: feature.geometry};
      });
      this.shapes = shapes;
      this.shapesFrom = features;
      return shapes;
    },
  });

  window.KdChanges = KdChanges;
})();
