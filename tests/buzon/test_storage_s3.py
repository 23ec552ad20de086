"""Attachments in S3: a real S3-protocol server (moto) on loopback, the production settings' shape.

The object lands under the Buzón's private prefix with a private ACL and a random key that
says nothing about the citizen or the file, and its bytes come back unchanged.
"""

import base64
import json

import pytest

from buzon.models import TicketAdjunto

from .conftest import pdf_bytes

moto_server = pytest.importorskip(
    "moto.server", reason="moto[server] (a test dependency) is not installed"
)
boto3 = pytest.importorskip("boto3")

pytestmark = pytest.mark.django_db

BUCKET = "optisnte-pruebas"
PREFIX = "buzon-privado"
CREDENTIALS = {"access_key": "pruebas", "secret_key": "pruebas-secreto"}
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def buzon_in_s3(settings, s3, s3_endpoint):
    """STORAGES["buzon"] as cms/settings/base.py sets it for production, pointed at moto."""
    settings.STORAGES = {
        **settings.STORAGES,
        "buzon": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **CREDENTIALS,
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "addressing_style": "path",
                "location": PREFIX,
                "default_acl": "private",
                "querystring_auth": True,
                "custom_domain": None,
                "file_overwrite": False,
            },
        },
    }
    # tests/conftest.py points the attachments' field at the new storage (and back after).
    return s3


def test_attachment_is_stored_privately_in_s3(client, buzon_page, buzon_in_s3):
    s3 = buzon_in_s3
    content = pdf_bytes("Oficio de Ana Pérez Secreta")
    response = client.post(
        "/api/buzon/tickets/",
        json.dumps(
            {
                "tipo": "queja",
                "asunto": "Falta el informe",
                "mensaje": "Adjunto el oficio que envié y no tuvo respuesta.",
                "nombre": "Ana Pérez Secreta",
                "acepta_aviso": True,
                "adjuntos": [
                    {
                        "nombre": "oficio-ana-perez.pdf",
                        "contenido_base64": base64.b64encode(content).decode(),
                    }
                ],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content

    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert len(keys) == 1
    key = keys[0]
    assert key.startswith(f"{PREFIX}/buzon/")
    assert key.endswith(".pdf")
    for personal in ("ana", "perez", "pérez", "oficio", "secreta"):
        assert personal not in key.lower()

    acl = s3.get_object_acl(Bucket=BUCKET, Key=key)
    public = [grant for grant in acl["Grants"] if grant["Grantee"].get("URI") == ALL_USERS]
    assert public == []

    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == content
    adjunto = TicketAdjunto.objects.get()
    assert adjunto.nombre == "oficio-ana-perez.pdf"
    with adjunto.archivo.open("rb") as stored:
        assert stored.read() == content
    # Served only through signed, expiring URLs, never a plain public one.
    url = adjunto.archivo.url
    assert "X-Amz-Signature=" in url or "Signature=" in url
