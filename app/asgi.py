"""ASGI entry point for uvicorn and gunicorn: `app.asgi:app`."""

from app.main import create_app

app = create_app()
