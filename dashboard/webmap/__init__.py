"""The folium/Leaflet web map: its elements, features and scripts, the time engine, Leaflet."""
