/*
 * A published map keeps its view in its address: ?date=2020-11-08&zoom=9&lat=39.76&lon=46.75
 * &layers=countries,control_zones. Opening such an address restores that view; moving the
 * map or the timeline rewrites it (replaceState: the back button leaves the page, it does
 * not walk through every day). Values that cannot be read are ignored.
 */
(function () {
  "use strict";

  function readAddress(engine, knownLayers) {
    var params = new URLSearchParams(window.location.search);
    var day = params.get("date");
    if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) engine.setDay(day, {quiet: true});
    var zoom = parseInt(params.get("zoom"), 10);
    var lat = parseFloat(params.get("lat"));
    var lon = parseFloat(params.get("lon"));
    if (isFinite(zoom) && isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 &&
      Math.abs(lon) <= 180) {
      engine.map.setView([lat, lon], Math.max(engine.map.getMinZoom(),
        Math.min(engine.map.getMaxZoom(), zoom)));
    }
    if (params.has("layers")) {
      var wanted = params.get("layers").split(",").filter(function (name) {
        return knownLayers.indexOf(name) >= 0;
      });
      engine.setLayers(wanted);
    }
  }

  function writeAddress(view) {
    var params = new URLSearchParams(window.location.search);
    params.set("date", view.day);
    params.set("zoom", String(view.zoom));
    params.set("lat", String(view.lat));
    params.set("lon", String(view.lon));
    params.set("layers", view.layers.join(","));
    var address = window.location.pathname + "?" + params.toString() + window.location.hash;
    try {
      window.history.replaceState(null, "", address);
    } catch (error) {
      // A page opened from disk in some browsers may not rewrite its address: the map works.
    }
  }

  window.kdFollowAddress = function (engine, knownLayers) {
    readAddress(engine, knownLayers);
    engine.on("settle", writeAddress);
    engine.on("layers", writeAddress);
    engine.on("view", function (view) {
      if (!engine.playing) writeAddress(view);
    });
  };
})();
