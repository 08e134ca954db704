"""The nginx of deploy/ (and the benchmark's, which includes the same files) refuses overload
itself: 503, Retry-After and a French page (JSON under /api/), without reaching the app (ADR 0045).
"""

import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.topology import DEPLOY_NGINX, NGINX_CONF, free_port, proxy_snippet, wait_for_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx absent")


def nginx_test(conf: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    command = [NGINX, "-t", "-c", str(conf), "-p", str(prefix)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def bench_nginx(tmp_path: Path, app_port: int) -> tuple[Path, int]:
    tmp_path.chmod(0o755)
    (tmp_path / "preau-proxy.conf").write_text(proxy_snippet(16))
    port = free_port()
    conf = NGINX_CONF.format(
        workers=1,
        state=tmp_path,
        servers=f"        server 127.0.0.1:{app_port} max_conns=16;",
        port=port,
        deploy=DEPLOY_NGINX,
        extra_http="",
        extra_server="",
        live_upstream="",
        live_location="",
    )
    (tmp_path / "nginx.conf").write_text(conf)
    return tmp_path / "nginx.conf", port


def refusal(url: str) -> urllib.error.HTTPError:
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(url, timeout=5)
    return caught.value


def test_the_production_site_passes_nginx_t(tmp_path):
    for snippet in DEPLOY_NGINX.glob("preau-*.conf"):
        shutil.copy(snippet, tmp_path / snippet.name)
    site = (DEPLOY_NGINX / "preau.conf").read_text()
    site = site.replace("/etc/nginx/snippets", str(tmp_path)).replace("http2 on;", "")
    site = "\n".join(
        line.replace(" ssl;", ";").replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
        for line in site.splitlines()
        if "ssl_" not in line and "[::]" not in line
    ).replace("listen 443;", f"listen 127.0.0.1:{free_port()};")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n include {tmp_path}/site.conf;\n}}\n"
    )
    checked = nginx_test(tmp_path / "nginx.conf", tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_an_unreachable_app_gets_the_overload_page_with_retry_after(tmp_path):
    conf, port = bench_nginx(tmp_path, app_port=free_port())  # nothing listens there
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)])
    try:
        wait_for_port(port, 10)
        page = refusal(f"http://127.0.0.1:{port}/")
        api = refusal(f"http://127.0.0.1:{port}/api/v1/me")
    finally:
        process.terminate()
        process.wait(10)
    assert page.code == 503 and api.code == 503
    assert 5 <= int(page.headers["Retry-After"]) <= 10
    assert "Service très demandé" in page.read().decode()
    assert api.headers["Content-Type"] == "application/json"
    assert b'"error": "overloaded"' in api.read()


def test_a_file_sent_after_x_accel_redirect_keeps_preau_s_headers_and_ranges(tmp_path):
    """deploy/nginx/preau-files.conf (ADR 0057): nginx sends the bytes, answers ranges itself,
    and keeps the security headers Préau put on the answer that authorised the download."""
    import http.server
    import tempfile
    import threading

    # Where nginx's unprivileged workers can read (pytest's own directories are private).
    files = Path(tempfile.mkdtemp(prefix="preau-files-"))
    files.chmod(0o755)
    (files / "cle").write_bytes(bytes(range(256)) * 40)
    (files / "cle").chmod(0o644)

    class Authorised(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self.send_response(200)
            for name, value in (
                ("X-Accel-Redirect", "/_test_files/cle"),
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", 'attachment; filename="sortie.pdf"'),
                ("X-Content-Type-Options", "nosniff"),
                ("Content-Security-Policy", "default-src 'none'; sandbox"),
                ("Content-Length", "0"),
            ):
                self.send_header(name, value)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Authorised)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    conf, port = bench_nginx(tmp_path, app_port=app.server_address[1])
    internal = (
        f"location /_test_files/ {{ alias {files}/; include {DEPLOY_NGINX}/preau-files.conf; }}"
    )
    conf.write_text(
        conf.read_text().replace("location / {", internal + "\n        location / {", 1)
    )
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)])
    try:
        wait_for_port(port, 10)
        whole = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/documents/1/content")
        part = urllib.request.urlopen(
            urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/documents/1/content",
                headers={"Range": "bytes=256-511"},
            )
        )
        direct = refusal(f"http://127.0.0.1:{port}/_test_files/cle")
    finally:
        process.terminate()
        process.wait(10)
        app.shutdown()
        shutil.rmtree(files)
    assert whole.status == 200 and whole.read() == bytes(range(256)) * 40
    assert whole.headers["Content-Type"] == "application/pdf"
    assert whole.headers["Content-Disposition"] == 'attachment; filename="sortie.pdf"'
    assert whole.headers["X-Content-Type-Options"] == "nosniff"
    assert whole.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert part.status == 206 and part.read() == bytes(range(256))
    assert part.headers["Content-Range"] == "bytes 256-511/10240"
    assert direct.code == 404  # internal: never reachable from outside
