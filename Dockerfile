# Production image: gunicorn serving Django, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=yjs.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The runtime requirements only: the tests, lint and demo tools are in requirements-dev.txt.
COPY requirements.txt package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.txt && npm ci --omit=dev --no-audit --no-fund
COPY . .
# collectstatic needs settings to import; these values exist only for this build step.
RUN SECRET_KEY=build DATABASE_URL=postgres://build/build REDIS_URL=redis://build ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput

RUN useradd --system --no-create-home yjs && mkdir -p /app/var/private && chown yjs /app/var/private
USER yjs
EXPOSE 8000
CMD ["gunicorn", "yjs.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
