# SEND Feedback production image. Four stages: GOV.UK Frontend assets (node), the Python
# environment (pip), the fonts letters are printed in (apt), and the final image with neither
# node, apt nor build tools, running as a non-root user. Build: docker build -t send-feedback .   (see docs/operating.md)

# --- 1. GOV.UK Frontend assets, at the version package.json pins -------------------------------
FROM node:22-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY scripts/build-assets.mjs scripts/
COPY assets/ assets/
RUN mkdir -p feedback/static && npm run build

# --- 2. The Python environment and compiled translations ---------------------------------------
FROM python:3.11-slim AS python
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml README.md ./
COPY feedback/ feedback/
COPY forms/ forms/
COPY analysis/ analysis/
# Install the dependencies pyproject.toml declares, then drop the package itself: the app runs
# from /app, beside its templates, translations and migrations.
RUN /opt/venv/bin/pip install . && /opt/venv/bin/pip uninstall -y send-feedback
COPY babel.cfg ./
COPY scripts/translations.sh scripts/
COPY translations/ translations/
RUN PYBABEL=/opt/venv/bin/pybabel PYTHON=/opt/venv/bin/python bash scripts/translations.sh compile
# Every static file fingerprinted and precompressed (feedback/static_build.py), as `make assets` does.
COPY --from=assets /src/feedback/static/govuk/ feedback/static/govuk/
RUN /opt/venv/bin/python -m feedback.static_build

# --- 3. The fonts of LETTER_FONTS (feedback/config.py), with their licence ---------------------
FROM python:3.11-slim AS fonts
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-noto-core \
 && mkdir -p /letter-fonts \
 && cd /usr/share/fonts/truetype/noto \
 && cp NotoSans-Regular.ttf NotoSans-Bold.ttf \
       NotoNaskhArabic-Regular.ttf NotoNaskhArabic-Bold.ttf \
       NotoSansBengali-Regular.ttf NotoSansBengali-Bold.ttf \
       NotoSansGurmukhi-Regular.ttf NotoSansGurmukhi-Bold.ttf /letter-fonts/

# --- 4. The final image ------------------------------------------------------------------------
FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin feedback
COPY --from=python /opt/venv /opt/venv
WORKDIR /app
COPY --chown=root:root feedback/ feedback/
COPY --chown=root:root forms/ forms/
COPY --chown=root:root analysis/ analysis/
COPY --chown=root:root templates/ templates/
COPY --chown=root:root migrations/ migrations/
COPY --chown=root:root gunicorn.conf.py ./
COPY --from=python --chown=root:root /src/translations/ translations/
COPY --from=assets --chown=root:root /src/feedback/static/govuk/ feedback/static/govuk/
COPY --from=python --chown=root:root /src/feedback/static_dist/ feedback/static_dist/
# Only the fonts letters use (a few MB, not the whole package), where LETTER_FONT_DIR looks.
COPY --from=fonts --chown=root:root /letter-fonts/ /usr/share/fonts/truetype/noto/
COPY --from=fonts --chown=root:root /usr/share/doc/fonts-noto-core/copyright \
     /usr/share/doc/fonts-noto-core/copyright
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FEEDBACK_ENV=production \
    GUNICORN_BIND=0.0.0.0:8000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/send-feedback-metrics
# The code is owned by root and read-only to the app; it writes only to /tmp.
USER feedback
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# The same command as deploy/commands.py APP_SERVER (a test keeps them in step).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "feedback:create_app()"]
