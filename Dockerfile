# syntax=docker/dockerfile:1
# Build stage: compile wheels for every dependency.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY seed ./seed
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# Runtime stage: no compilers, a non-root user, the source tree the app reads templates,
# migrations and seed files from.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    ENGAGE_DATABASE_URL=sqlite:////data/engage.db
RUN useradd --create-home --uid 10001 engage && mkdir /data && chown engage /data
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
COPY --chown=engage . /app
RUN pip install --no-cache-dir --no-deps -e /app
USER engage
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
# The same commands the README and CI use: migrate, then serve.
# The same image runs the worker: docker run … engage worker
CMD ["sh", "-c", "engage db upgrade && exec engage serve --host 0.0.0.0 --port 8000 --workers 2"]
