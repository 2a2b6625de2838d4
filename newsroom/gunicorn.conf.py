"""gunicorn settings for production: ``gunicorn -c newsroom/gunicorn.conf.py``.

gunicorn's asyncio (ASGI) worker reads request heads and bodies in its event loop, so a slow or idle client holds
a connection slot (``worker_connections``), never the worker: Django runs only once a request has fully arrived.
Sync workers are held by one trickling socket each (tests/integration/test_slow_clients.py shows it), and
gunicorn's threaded workers by one thread each. The proxy buffers too (docs/deploy.md); this holds when it
does not. Each value can be set from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
wsgi_app = "newsroom.asgi:application"
worker_class = "asgi"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
# Open connections a worker keeps: idle keep-alive ones and requests still arriving.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
# A worker whose heartbeat stops this long is restarted; also bounds a request body that stops arriving.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Bounded request heads: long lines and many headers are refused with 4xx before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The proxy on this machine is the only peer allowed to set X-Forwarded-* (see NEWSROOM_TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
