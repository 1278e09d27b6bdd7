"""Entry point for gunicorn: ``gunicorn wsgi:app``. Course content is loaded here, once, at start-up."""
from learning import create_app
from learning.learn.library import load_into
from learning.site.memory import return_large_buffers_to_the_system

return_large_buffers_to_the_system()
app = create_app()
load_into(app)
