FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# procps: the beat's health check (pgrep); Pango and a font: the PDF report (WeasyPrint).
RUN apt-get update && apt-get install -y --no-install-recommends procps libpango-1.0-0 \
    libpangoft2-1.0-0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Static files are collected into the image (whitenoise serves them). The key below only lets
# the production settings load for this step; it signs nothing and is not in the running image's
# environment.
RUN DJANGO_SETTINGS_MODULE=apvtracker.settings.production \
    SECRET_KEY=collectstatic-only-this-key-signs-nothing-and-is-never-used-at-run-time \
    APV_SECURITY_LOG_FILE= python manage.py collectstatic --no-input
# Not root at run time; the security log's folder is a volume it owns.
RUN useradd --system --uid 10001 --home-dir /app apv \
    && mkdir -p /var/log/apv /app/var && chown apv /var/log/apv /app/var
USER apv
EXPOSE 8000
CMD ["gunicorn", "apvtracker.wsgi:application", "--bind", "0.0.0.0:8000"]
