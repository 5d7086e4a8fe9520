# The dashboard in a container: one app process, listening on every interface of the
# container only; run several behind a proxy with compose.yaml (README, "Deploy").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY geodata ./geodata
COPY events ./events
COPY dashboard ./dashboard
# Installed (not editable) into site-packages, which the app's user cannot write to, so the
# files the map fetches are written now, while the build runs as root.
RUN pip install . \
    && karabakh-dashboard prepare-static \
    && rm -rf /src

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin dashboard
USER dashboard
WORKDIR /home/dashboard

EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
# The launcher runs as PID 1, which ignores SIGTERM without a handler; SIGINT stops it and
# the Streamlit server it started at once.
STOPSIGNAL SIGINT
# Readers reach the container through the published port or a proxy; KARABAKH_PUBLIC_URL
# (the address they open) goes into the permalinks.
CMD ["karabakh-dashboard", "run", "--address", "0.0.0.0", "--port", "8501", "--headless"]
