"""Entry point for gunicorn: ``gunicorn wsgi:app``. Course content is loaded here, once, at start-up."""
from learning import create_app
from learning.learn.library import load_into

app = create_app()
load_into(app)
