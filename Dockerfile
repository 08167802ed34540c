FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends procps libpango-1.0-0 \
    libpangoft2-1.0-0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SETTINGS_MODULE=apvtracker.settings.production SECRET_KEY=build \
    python manage.py collectstatic --no-input
EXPOSE 8000
CMD ["gunicorn", "apvtracker.wsgi:application", "--bind", "0.0.0.0:8000"]
