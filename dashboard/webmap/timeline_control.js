/*
 * The date control that sits on the map: a labelled range input, previous/next, play/pause
 * with its speed, the key dates of the war marked on the track, and a polite live region.
 * It drives the map's time engine (window.kdTime) directly, in the same frame.
 *
 * Keyboard, anywhere in the map's document: J / K a day back / forward, P play or pause;
 * on the slider the arrow keys, Home and End as on any range input. The page outside the
 * map forwards J, K and P here too (dashboard/page/bridge.js).
 */
(function () {
  "use strict";

  var ANNOUNCE_EVERY_MS = 1500;

  var el = KdTime.el;

  // Icons as SVG paths (a 16 x 16 box): fonts on readers' machines may lack the glyphs.
  var ICONS = {
    previous: "M3 2h2v12H3zM14 2v12L6 8z",
    next: "M11 2h2v12h-2zM2 2v12l8-6z",
    play: "M4 2v12l10-6z",
    pause: "M3 2h4v12H3zM9 2h4v12H9z",
  };

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = svg.appendChild(document.createElementNS(ns, "path"));
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    return svg;
  }

  function button(className, label, title, iconName) {
    var node = el("button", "kd-tl-button " + className);
    node.type = "button";
    node.setAttribute("aria-label", label);
    node.title = title;
    node.appendChild(icon(iconName));
    return node;
  }

  var KdTimeline = L.Control.extend({
    options: {position: "bottomleft"},

    initialize: function (engine, options) {
      L.setOptions(this, options);
      this.engine = engine;
      this.lastAnnounced = 0;
    },

    onAdd: function () {
      var engine = this.engine;
      var self = this;
      var root = el("div", "kd-timeline");
      root.setAttribute("role", "group");
      root.setAttribute("aria-label", "Timeline of the war");

      var top = root.appendChild(el("div", "kd-tl-row"));
      var label = top.appendChild(el("div", "kd-tl-label"));
      this.dayText = label.appendChild(el("span", "kd-tl-day"));
      this.phaseText = label.appendChild(el("span", "kd-tl-phase"));
      var buttons = top.appendChild(el("div", "kd-tl-buttons"));
      this.previous = buttons.appendChild(button("kd-tl-prev", "Previous day", "Previous day (J)", "previous"));
      this.playButton = buttons.appendChild(button("kd-tl-play", "Play", "Play or pause (P)", "play"));
      this.next = buttons.appendChild(button("kd-tl-next", "Next day", "Next day (K)", "next"));
      this.speed = buttons.appendChild(el("select", "kd-tl-speed"));
      this.speed.setAttribute("aria-label", "Playing speed");
      this.speed.title = "Playing speed";
      this.options.speeds.forEach(function (speed) {
        var option = self.speed.appendChild(el("option", null, speed.label));
        option.value = String(speed.days_per_second);
        if (speed.days_per_second === engine.speed) option.selected = true;
      });

      var track = root.appendChild(el("div", "kd-tl-track"));
      this.range = track.appendChild(el("input", "kd-tl-range"));
      this.range.type = "range";
      this.range.min = "0";
      this.range.step = "1";
      this.range.setAttribute("aria-label", "Date");
      this.keys = track.appendChild(el("div", "kd-tl-keys"));
      this.live = root.appendChild(el("div", "kd-tl-live"));
      this.live.setAttribute("aria-live", "polite");
      this.live.setAttribute("role", "status");

      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
      this.range.addEventListener("input", function () {
        engine.setDay(+self.range.value);
      });
      this.previous.addEventListener("click", function () { engine.step(-1); });
      this.next.addEventListener("click", function () { engine.step(1); });
      this.playButton.addEventListener("click", function () { engine.togglePlay(); });
      this.speed.addEventListener("change", function () {
        engine.setSpeed(+self.speed.value);
      });
      this._onKey = function (event) { self.handleKey(event); };
      document.addEventListener("keydown", this._onKey);
      engine.on("day", function () { self.update(); });
      engine.on("range", function () { self.drawRange(); });
      engine.on("play", function (state) { self.showPlaying(state.playing); });
      engine.on("settle", function () { self.announce(true); });
      this.root = root;
      this.drawRange();
      return root;
    },

    onRemove: function () {
      document.removeEventListener("keydown", this._onKey);
    },

    /** J, K and P wherever focus is in the map; the page forwards the same keys. */
    handleKey: function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return false;
      var target = event.target;
      var typing = target && (target.tagName === "TEXTAREA" ||
        (target.tagName === "INPUT" && target.type !== "range") || target.isContentEditable);
      if (typing) return false;
      var key = event.key.toLowerCase();
      if (key === "j") this.engine.step(-1);
      else if (key === "k") this.engine.step(1);
      else if (key === "p") this.engine.togglePlay();
      else if (target !== this.range && (key === "arrowleft" || key === "arrowright") &&
        !(target && target.tagName === "SELECT")) {
        this.engine.step(key === "arrowleft" ? -1 : 1);
      } else return false;
      event.preventDefault();
      return true;
    },

    drawRange: function () {
      var engine = this.engine;
      this.range.max = String(engine.lastIndex());
      this.keys.textContent = "";
      var self = this;
      var span = Math.max(1, engine.lastIndex());
      (this.options.key_dates || []).forEach(function (key) {
        var index = engine.indexOf(key.day);
        if (index < 0 || index > engine.lastIndex()) return;
        var mark = self.keys.appendChild(el("button", "kd-tl-key"));
        mark.type = "button";
        mark.style.setProperty("--at", String(index / span));
        var text = engine.longDate(index) + ": " + key.label;
        mark.setAttribute("aria-label", "Go to " + text);
        mark.title = text;
        mark.addEventListener("click", function () { engine.setDay(index); });
      });
      this.update();
    },

    phase: function (index) {
      var engine = this.engine;
      var start = engine.indexOf(this.options.war_start);
      var ceasefire = engine.indexOf(this.options.ceasefire);
      if (index >= ceasefire) return "Ceasefire in force";
      if (index < start) return "Before the war";
      return "Day " + (index - start + 1) + " of " + (ceasefire - start);
    },

    spoken: function () {
      var engine = this.engine;
      var text = engine.longDate(engine.day) + ", " + this.phase(engine.day).toLowerCase();
      if (engine.dataset) text += ": " + engine.drawn.markers + " events shown";
      return text;
    },

    update: function () {
      var engine = this.engine;
      var index = engine.day;
      this.range.value = String(index);
      this.range.setAttribute("aria-valuetext",
        engine.longDate(index) + ", " + this.phase(index).toLowerCase());
      this.dayText.textContent = engine.longDate(index);
      this.phaseText.textContent = this.phase(index);
      this.previous.disabled = index <= 0;
      this.next.disabled = index >= engine.lastIndex();
      if (engine.playing) this.announce(false);
    },

    /** Say the day to screen readers: on settling, and at most every 1.5 s while playing. */
    announce: function (now) {
      var time = performance.now();
      if (!now && time - this.lastAnnounced < ANNOUNCE_EVERY_MS) return;
      this.lastAnnounced = time;
      this.live.textContent = this.spoken();
    },

    showPlaying: function (playing) {
      this.playButton.setAttribute("aria-label", playing ? "Pause" : "Play");
      this.playButton.setAttribute("aria-pressed", playing ? "true" : "false");
      this.playButton.replaceChild(icon(playing ? "pause" : "play"), this.playButton.firstChild);
      this.root.classList.toggle("kd-playing", playing);
      if (!playing) this.announce(true);
    },
  });

  window.KdTimeline = KdTimeline;
})();
