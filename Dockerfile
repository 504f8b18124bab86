# Production image: gunicorn serves the app, whitenoise the static files.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=cop_platform.settings.production
WORKDIR /app
# The production lock: every package at its locked version, each file checked against its hash
# (requirements/production.txt, made by `make lock`; the test tools are not in it).
COPY requirements/production.txt ./requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/production.txt
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput
RUN useradd --system --home /app cop && mkdir -p /app/var/media && chown -R cop /app/var
USER cop
EXPOSE 8000
# The deployment checklist runs first: the container refuses to start without SITE_URL.
CMD ["sh", "-c", "python manage.py check --deploy --fail-level ERROR && exec gunicorn cop_platform.wsgi:application --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
