"""HTTPS for a room whose network is not trusted, as the README says to run it:
`ecpx serve --classroom --certfile cert.pem --keyfile key.pem`, here with a throwaway
self-signed certificate, fetched over https with verification against that certificate."""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import os
import ssl
import sys
import urllib.request

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from ecpx.texts import classroom as texts

from tests.classroom.conftest import CODE
from tests.serving import free_port, started


def self_signed(folder):
    """A certificate for 127.0.0.1 and localhost, valid for a day, and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ecpx test classroom")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    certfile, keyfile = folder / "cert.pem", folder / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    keyfile.chmod(0o600)
    return certfile, keyfile


@pytest.fixture(scope="module")
def https_server(tmp_path_factory, journal_dir):
    folder = tmp_path_factory.mktemp("https")
    certfile, keyfile = self_signed(folder)
    port = free_port()
    url = f"https://127.0.0.1:{port}"
    command = [sys.executable, "-m", "ecpx.cli", "serve", f"--port={port}",
               "--classroom=127.0.0.1", f"--class-code={CODE}", "--pool=1",
               f"--certfile={certfile}", f"--keyfile={keyfile}"]
    # The readiness poll (urllib's default context) verifies against this certificate only.
    old = os.environ.get("SSL_CERT_FILE")
    os.environ["SSL_CERT_FILE"] = str(certfile)
    try:
        with started(command, url + "/login", log=folder / "voila.log",
                     env={**os.environ, "ECPX_JOURNAL": str(journal_dir)}):
            yield url, certfile, folder / "voila.log"
    finally:
        if old is None:
            os.environ.pop("SSL_CERT_FILE")
        else:
            os.environ["SSL_CERT_FILE"] = old


def test_the_course_is_served_over_https_verified_against_its_certificate(https_server):
    url, certfile, log = https_server
    context = ssl.create_default_context(cafile=str(certfile))
    with urllib.request.urlopen(f"{url}/login", context=context, timeout=60) as response:
        assert response.status == 200
        assert texts.LOGIN["title"] in response.read().decode()
    # The QR code's way in: the code in the address, then a cookie that only travels by HTTPS.
    port = int(url.rsplit(":", 1)[1])
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=120)
    connection.request("GET", f"/?token={CODE}")
    response = connection.getresponse()
    home = response.read().decode()
    assert response.status == 200, home[:500]
    assert "02-methode-a-avec-la-carte" in home  # the course's home page, its chapters
    login_cookies = [c for c in response.headers.get_all("Set-Cookie") or []
                     if c.startswith("username-")]
    assert login_cookies and all("Secure" in c and "SameSite=Lax" in c for c in login_cookies)
    connection.close()
    # The announced address is the https one; nothing answers in clear on that port.
    assert f"https://127.0.0.1:{port}/" in log.read_text()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=10)
