"""gunicorn settings for `make run` and production (README). The command line may override any of them, for
example `--bind` and `--workers`; the access log keeps no query strings and masks certificate codes."""
import os

bind = os.environ.get("TWELET_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "gthread"
threads = 4
timeout = 60  # a large export streams; an import is bounded by its own deadline
accesslog = "-"
logger_class = "learning.site.access_log.AccessLog"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(L)s'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
