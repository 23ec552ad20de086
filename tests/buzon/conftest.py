"""The Buzón's stage: its page, two órganos with their people, and a way to file tickets."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from buzon.choices import TipoTicket
from buzon.factories import BuzonPageFactory
from buzon.services import create_ticket
from estructura.roles import ADMIN_GROUP_NAME, ensure_admin_group

PASSWORD = "clave-de-prueba"


@pytest.fixture
def buzon_page(home):
    return BuzonPageFactory(parent=home)


def make_user(username, *groups):
    user = get_user_model().objects.create_user(
        username, f"{username}@snte.example.mx", PASSWORD, first_name=username.title()
    )
    user.groups.add(*groups)
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def enlace_a(organo_a):
    return make_user("enlace_a", organo_a.roles.enlaces)


@pytest.fixture
def supervisor_a(organo_a, sub_organo_a):
    return make_user("supervisor_a", organo_a.roles.supervisores)


@pytest.fixture
def enlace_sub_a(sub_organo_a):
    return make_user("enlace_sub_a", sub_organo_a.roles.enlaces)


@pytest.fixture
def enlace_b(organo_b):
    return make_user("enlace_b", organo_b.roles.enlaces)


@pytest.fixture
def opti_admin(home):
    ensure_admin_group(home)
    return make_user("opti_admin", Group.objects.get(name=ADMIN_GROUP_NAME))


def ticket_data(**overrides):
    return {
        "tipo": TipoTicket.PREGUNTA,
        "asunto": "¿Cuándo se publica el informe?",
        "mensaje": "Quisiera saber cuándo se publica el informe trimestral del comité.",
        "nombre": "Ana Pérez Secreta",
        "correo": "ana.secreta@example.org",
        **overrides,
    }


@pytest.fixture
def file_ticket():
    """file_ticket(**fields) -> (ticket, key), through the same service as every channel."""

    def file(files=(), ip="203.0.113.7", **fields):
        return create_ticket(ticket_data(**fields), files=files, ip=ip)

    return file


def pdf_bytes(text="Hola"):
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        + f"% {text}\n".encode()
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png_bytes(size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
