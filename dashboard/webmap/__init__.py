"""The folium web map: its elements, their features and scripts, and the time engine."""
