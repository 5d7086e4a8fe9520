// The map's register of dated layers (dashboard.webmap.elements.DatedLayers).
//
// Each registered layer holds every version of its features, each valid from
// properties.valid_from to properties.valid_to (ISO dates, inclusive; missing means open).
// setDay(day) draws on every layer the features valid on that day. A layer changes only on
// the days one of its features starts or ends; on the other days setting the day costs a
// comparison of dates and draws nothing again.
window.kdDatedLayers = {
    day: null,
    layers: [],
    add: function (layer, collection) {
        layer.kdFeatures = collection ? collection.features : [];
        layer.kdShown = null;
        if (this.layers.indexOf(layer) < 0) { this.layers.push(layer); }
        if (this.day) { this.draw(layer); }
    },
    setDay: function (day) {
        this.day = day;
        for (var i = 0; i < this.layers.length; i++) { this.draw(this.layers[i]); }
    },
    draw: function (layer) {
        var day = this.day, shown = [], indices = [];
        layer.kdFeatures.forEach(function (feature, index) {
            var p = feature.properties;
            var started = !p.valid_from || p.valid_from <= day;
            if (started && (!p.valid_to || day <= p.valid_to)) {
                shown.push(feature);
                indices.push(index);
            }
        });
        var key = indices.join(",");
        if (key === layer.kdShown) { return; }
        layer.kdShown = key;
        layer.clearLayers();
        layer.addData(shown);
    },
};
