/*
 * In-page probe for benchmarks/bench_dashboard.py: the browser times itself with its own
 * performance clock, so no Playwright round trip lands in a figure.
 *
 * Added as an init script, it runs in every window (the page, the map's frame, an exported
 * file) before the window's own scripts and leaves `window.kdBench` there. Times that two
 * windows compare (a key press in the map's frame, the page showing the day) are epoch
 * milliseconds: performance.timeOrigin + the window's own clock.
 */
(function () {
  "use strict";
  if (window.kdBench) return;

  function epoch(time) {
    return performance.timeOrigin + time;
  }

  // After the frame that follows: the frame's paint has happened by the time this runs.
  function afterPaint(callback) {
    requestAnimationFrame(function () {
      setTimeout(callback, 0);
    });
  }

  var probe = {
    keys: [],       // epoch time of each keydown in this window
    steps: [],      // per key press: the day drawn, its markers, ms from keydown to painted
                    // (ms) and to the end of the engine's draw (drawn)
    days: [],       // every drawn day: {day, markers, at} (the engine's own clock)
    settles: [],    // epoch time of each "settle" of the engine
    sent: [],       // epoch time of each WebSocket message this window sent, in order
    received: [],   // epoch time of each WebSocket message this window received, in order
    opened: null,   // ms from navigation to the expected map painted (see watchOpen)
    pendingKey: null,

    /** Time every key press to the engine's next drawn day, painted. */
    watchEngine: function () {
      var engine = window.kdTime;
      if (!engine || probe.engine === engine) return !!engine;
      probe.engine = engine;
      window.addEventListener("keydown", function (event) {
        probe.pendingKey = event.timeStamp;
        probe.keys.push(epoch(event.timeStamp));
      }, true);
      engine.on("day", function (drawn) {
        probe.days.push({day: drawn.day, markers: drawn.markers, at: drawn.at});
        var key = probe.pendingKey;
        probe.pendingKey = null;
        if (key === null) return;
        afterPaint(function () {
          probe.steps.push({
            day: drawn.day, markers: drawn.markers, ms: performance.now() - key,
            drawn: drawn.at - key,
          });
        });
      });
      engine.on("settle", function () {
        probe.settles.push(epoch(performance.now()));
      });
      return true;
    },

    /** Note when the engine has drawn `markers` markers, painted (for a page being opened). */
    watchOpen: function (markers) {
      function check() {
        var engine = window.kdTime;
        if (engine && engine.drawn.seq > 0 && engine.drawn.markers === markers) {
          afterPaint(function () { probe.opened = performance.now(); });
          return;
        }
        requestAnimationFrame(check);
      }
      requestAnimationFrame(check);
    },

    /**
     * Time a visit from navigation, in epoch ms: the page's first paint of anything, its
     * skeleton (an h1 holding `title`) painted, the map's frame added to the page (not
     * painted), and, in the map's frame, the engine's day
     * drawn with `markers` markers and every layer shown holding its features (zones,
     * boundaries), painted. Each window notes what it can see.
     */
    visit: {contentful: null, skeleton: null, frame: null, drawn: null},
    watchVisit: function (markers, title) {
      if (window !== window.top) {
        (function check() {
          var engine = window.kdTime;
          if (engine && engine.drawn.seq > 0 && engine.drawn.markers === markers &&
              engine.visibleLayers().every(function (key) {
                // A dated layer may rightly be empty on the day (the post-ceasefire lines).
                var entry = engine.layers[key];
                return entry.dated ? entry.shownKey !== null : entry.layer.getLayers().length > 0;
              })) {
            afterPaint(function () { probe.visit.drawn = epoch(performance.now()); });
          } else {
            // A timer, not animation frames: the map's frame got no frames while Streamlit
            // was still laying it out, and its watch stopped.
            setTimeout(check, 5);
          }
        })();
        return;
      }
      new PerformanceObserver(function (list) {
        list.getEntries().forEach(function (entry) {
          if (entry.name === "first-contentful-paint") probe.visit.contentful = epoch(entry.startTime);
        });
      }).observe({type: "paint", buffered: true});
      // When the map's frame enters the page: what Streamlit's front end does before it
      // (the elements ahead of it, their libraries) delays everything the frame loads.
      new MutationObserver(function (changes, observer) {
        if (!document.querySelector('iframe[title="streamlit_folium.st_folium"]')) return;
        probe.visit.frame = epoch(performance.now());
        observer.disconnect();
      }).observe(document, {childList: true, subtree: true});
      (function check() {
        var heading = document.querySelector("h1");
        if (heading && heading.textContent.indexOf(title) >= 0) {
          afterPaint(function () { probe.visit.skeleton = epoch(performance.now()); });
        } else {
          requestAnimationFrame(check);
        }
      })();
    },

    /**
     * Resolve with the epoch time at which the page shows a day: its subheader, its address
     * and the first title of its list (null for a day with no events), painted.
     */
    whenShown: function (heading, iso, title, timeoutMs) {
      return new Promise(function (resolve, reject) {
        var limit = performance.now() + (timeoutMs || 30000);
        function shown() {
          var headings = Array.prototype.map.call(document.querySelectorAll("h3"), function (node) {
            return node.textContent.trim();
          });
          var first = document.querySelector(".kd-event .kd-title");
          var listed = title === null
            ? !first && document.body.textContent.indexOf("No events on this day") >= 0
            : !!first && first.textContent === title;
          return headings.indexOf(heading) >= 0 && listed &&
            new URLSearchParams(window.location.search).get("date") === iso;
        }
        function check() {
          if (shown()) {
            afterPaint(function () { resolve(epoch(performance.now())); });
          } else if (performance.now() > limit) {
            reject(new Error("the page did not show " + heading + " within the time allowed"));
          } else {
            requestAnimationFrame(check);
          }
        }
        check();
      });
    },

    /** Resolve once the window's main thread has been idle twice in a row. */
    idle: function () {
      return new Promise(function (resolve) {
        requestIdleCallback(function () {
          requestIdleCallback(function () { resolve(true); }, {timeout: 5000});
        }, {timeout: 5000});
      });
    },
  };

  // The page's messages to and from the server, timed in the page: Playwright reports the
  // same messages in the same order, decoded in Python, so the lists pair up one to one.
  var Native = window.WebSocket;
  var send = Native.prototype.send;
  Native.prototype.send = function (data) {
    probe.sent.push(epoch(performance.now()));
    return send.call(this, data);
  };
  function Probed(url, protocols) {
    var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("message", function () {
      probe.received.push(epoch(performance.now()));
    });
    return socket;
  }
  Probed.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
    Probed[name] = Native[name];
  });
  window.WebSocket = Probed;

  window.kdBench = probe;
})();
