"""The dashboard: the Streamlit page, the folium web map, the matplotlib images and the exports.

One room per library it draws with: ``page/`` (Streamlit), ``webmap/`` (folium and Leaflet),
``export/`` (matplotlib images and animations, data files, the ``snapshot`` command). What
draws with nothing sits at the top: the view and its filters (``state``), its URL
(``urlstate``), the calendar (``timeline``), the one style (``style``) and the words
(``text``).
"""
