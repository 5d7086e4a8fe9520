"""The Streamlit page's parts: sidebar, player, panels, session base map, upload, downloads."""
