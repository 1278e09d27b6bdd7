"""Rate limits: counted per process in memory by default, shared by all workers through Redis when set."""
import json
import subprocess
import sys
import uuid

import pytest

WORKER = """
import json, os, re, sys
from learning import create_app
app = create_app(json.loads(os.environ["TEST_APP_CONFIG"]))
client = app.test_client()
sys.stdin.readline()  # started beside another worker: sign in only when told, after the other has
codes = []
for _ in range(int(sys.argv[1])):
    page = client.get("/staff/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    codes.append(client.post("/staff/login", data={"username": "nobody", "password": "wrong password",
                                                   "csrf_token": token}).status_code)
print(json.dumps(codes))
"""


def _workers(config: dict, attempts: int, count: int = 2) -> list[list[int]]:
    """Failed sign-ins from separate processes, as separate gunicorn workers would see them: the processes start
    together (each takes about two seconds to make its app), then sign in one after the other."""
    started = [subprocess.Popen(
        [sys.executable, "-c", WORKER, str(attempts)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env={"TEST_APP_CONFIG": json.dumps(config), "PATH": "/usr/bin:/bin"},
    ) for _ in range(count)]
    found = []
    try:
        for process in started:
            out, err = process.communicate("go\n", timeout=120)
            assert process.returncode == 0, err
            found.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for process in started:
            process.kill()
            process.wait()
    return found


@pytest.fixture
def redis_url():
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return url


def test_in_memory_each_worker_counts_alone(app_config):
    config = {**app_config, "STAFF_LOGIN_LIMIT": "3 per minute"}
    assert _workers(config, 2) == [[400, 400], [400, 400]]


def test_with_redis_two_workers_share_one_limit(app_config, redis_url):
    config = {
        **app_config, "STAFF_LOGIN_LIMIT": "3 per minute", "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    assert _workers(config, 2) == [[400, 400], [400, 429]]
