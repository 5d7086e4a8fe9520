"""Streamlit dashboard, map building, snapshot exporters and the command-line interface."""
