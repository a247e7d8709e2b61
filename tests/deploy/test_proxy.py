"""The TLS proxy (deploy/nginx): Debian's nginx with the brotli modules, started by the proxy
image's own entrypoint from the same template, in front of a stand-in upstream that records what
reaches it. The hub itself behind this proxy is exercised by scripts/multihost_rehearsal.py."""

import gzip
import http.server
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROXY_DIR = ROOT / "deploy" / "nginx"
TEMPLATE = PROXY_DIR / "nginx.conf.template"
ENTRYPOINT = PROXY_DIR / "entrypoint.sh"
PAGE = (
    "<!doctype html><title>Hub</title>" + "<p>The Global Hub serves officers.</p>" * 200
).encode()
VIDEO = bytes(range(256)) * 64
NGINX_HINT = (
    "nginx with the brotli modules is needed: apt-get install nginx-light "
    "libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static"
)


def test_every_placeholder_of_the_template_is_filled_by_the_entrypoint():
    placeholders = set(re.findall(r"\$\{([A-Z_]+)\}", TEMPLATE.read_text(encoding="utf-8")))
    script = ENTRYPOINT.read_text(encoding="utf-8")
    defaulted = set(re.findall(r'^: "\$\{([A-Z_]+):=', script, re.M))
    substituted = set(re.findall(r"^envsubst .*?< ", script, re.M | re.S))
    listed = set(re.findall(r"\b(?:NGINX|HUB)_[A-Z_]+\b", script.split("envsubst", 1)[1]))
    assert substituted, "the entrypoint no longer fills the template with envsubst"
    assert placeholders <= defaulted, placeholders - defaulted
    assert placeholders <= listed, placeholders - listed


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Upstream(http.server.BaseHTTPRequestHandler):
    """Stands in for the hub: a page, and a members-only file handed over with X-Accel-Redirect."""

    seen: list[dict[str, str]]

    def do_GET(self):  # noqa: N802 (http.server's hook name)
        self.seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        if self.path == "/learn/video":
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("X-Accel-Redirect", "/protected-media/learning/demo.mp4")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    brotli = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
    if binary is None or not brotli.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{NGINX_HINT}; CI must install it.")
        pytest.skip(NGINX_HINT)
    return binary


@pytest.fixture(scope="module")
def proxy(nginx_binary):
    # nginx's workers run as an unprivileged user when the test runs as root: a readable folder.
    work = Path(tempfile.mkdtemp(prefix="hub-proxy-"))
    work.chmod(0o755)
    static = work / "static" / "css"
    static.mkdir(parents=True)
    (static / "hub.0123456789ab.css").write_text("body { margin: 0; }\n" * 200, encoding="utf-8")
    private = work / "media" / "private" / "learning"
    private.mkdir(parents=True)
    (private / "demo.mp4").write_bytes(VIDEO)

    seen: list[dict[str, str]] = []
    handler = type("Upstream", (_Upstream,), {"seen": seen})
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()

    http_port, https_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "PATH": f"{Path(nginx_binary).parent}:{os.environ.get('PATH', '')}",
        "NGINX_TEMPLATE": str(TEMPLATE),
        "NGINX_CONF": str(work / "nginx.conf"),
        "NGINX_RUN_DIR": str(work / "run"),
        "HUB_HTTP_LISTEN": f"127.0.0.1:{http_port}",
        "HUB_HTTPS_LISTEN": f"127.0.0.1:{https_port}",
        "HUB_HTTPS_PORT_SUFFIX": f":{https_port}",
        "HUB_UPSTREAM_SERVERS": f"server 127.0.0.1:{upstream.server_address[1]};",
        "HUB_TLS_CERTIFICATE": str(work / "certs" / "fullchain.pem"),
        "HUB_TLS_KEY": str(work / "certs" / "privkey.pem"),
        "HUB_STATIC_ROOT": str(work / "static"),
        "HUB_PRIVATE_ROOT": str(work / "media" / "private"),
        "HUB_RESOLVER": "",
    }
    process = subprocess.Popen(
        ["sh", str(ENTRYPOINT), nginx_binary, "-c", str(work / "nginx.conf"), "-g",
         "daemon off;"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            pytest.fail(f"nginx did not start:\n{process.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("nginx did not listen within 30 s")
            time.sleep(0.1)
    yield {"https": https_port, "http": http_port, "seen": seen, "certs": work / "certs"}
    process.send_signal(signal.SIGQUIT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    upstream.shutdown()
    shutil.rmtree(work, ignore_errors=True)


def _get(proxy, path: str, headers: dict[str, str] | None = None, *, scheme: str = "https"):
    context = ssl.create_default_context(cafile=str(proxy["certs"] / "fullchain.pem"))
    port = proxy[scheme]
    url = f"{scheme}://localhost:{port}{path}"
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (https only)
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), _NoRedirect()
    )
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_self_signed_certificate_names_the_host(proxy):
    # _get verifies the certificate against itself, for the name "localhost".
    assert _get(proxy, "/").status == 200


def test_pages_are_compressed_with_brotli_or_gzip(proxy):
    brotli = _get(proxy, "/tools/", {"Accept-Encoding": "br, gzip"})
    assert brotli.headers["Content-Encoding"] == "br"
    assert len(brotli.read()) < len(PAGE) / 4

    zipped = _get(proxy, "/tools/", {"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.read()) == PAGE
    # The hub is asked for the plain page: compressing is the proxy's work.
    assert "accept-encoding" not in proxy["seen"][-1]


def test_the_hub_is_told_who_asked_and_how(proxy):
    _get(proxy, "/me/", {"X-Forwarded-For": "203.0.113.9", "X-Request-ID": "edge-42"})
    seen = proxy["seen"][-1]
    # TRUSTED_PROXY_COUNT=1: the last address is the one nginx saw, whatever the client claimed.
    assert seen["x-forwarded-for"].split(",")[-1].strip() == "127.0.0.1"
    assert seen["x-forwarded-proto"] == "https"
    assert seen["x-forwarded-host"].startswith("localhost")
    assert seen["x-request-id"] == "edge-42"

    _get(proxy, "/me/")
    generated = proxy["seen"][-1]["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)


def test_plain_http_redirects_to_https_but_answers_healthz(proxy):
    redirect = _get(proxy, "/tools/?q=x", scheme="http")
    assert redirect.status == 301
    assert redirect.headers["Location"] == f"https://localhost:{proxy['https']}/tools/?q=x"
    assert _get(proxy, "/healthz", scheme="http").status == 200


def test_static_files_are_served_by_the_proxy_compressed_and_cached(proxy):
    answer = _get(proxy, "/static/css/hub.0123456789ab.css", {"Accept-Encoding": "br"})
    assert answer.status == 200
    assert answer.headers["Content-Encoding"] == "br"
    assert answer.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert not any(seen["path"].startswith("/static/") for seen in proxy["seen"])


def test_members_only_files_only_through_the_hub_with_ranges(proxy):
    # Asked for directly, the internal location does not exist.
    assert _get(proxy, "/protected-media/learning/demo.mp4").status == 404

    answer = _get(proxy, "/learn/video", {"Range": "bytes=100-299"})
    assert answer.status == 206
    assert answer.headers["Content-Range"] == f"bytes 100-299/{len(VIDEO)}"
    assert answer.read() == VIDEO[100:300]
    assert "no-store" in answer.headers["Cache-Control"]
    assert "Content-Encoding" not in answer.headers
