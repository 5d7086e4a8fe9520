"""The Streamlit page's parts: the bridge to the map, panels, sidebar, uploads, downloads."""
