"""The folium/Leaflet web map: its elements, its features, the base map and the vendored Leaflet."""
