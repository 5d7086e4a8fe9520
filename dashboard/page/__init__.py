"""The Streamlit page's parts: the bridge to the map, panels, session map, upload, downloads."""
