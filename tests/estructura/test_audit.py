"""Every step of the publication cycle is logged, and the publication log reports it."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from estructura.audit import count_publications_published, publication_log_entries
from estructura.factories import OrganoPageFactory, ProyectoPageFactory, PublicacionPageFactory
from estructura.roles import ADMIN_GROUP_NAME
from estructura.workflows import ensure_workflows

MEXICO = zoneinfo.ZoneInfo("America/Mexico_City")


def make_user(username, *groups, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@snte.org.mx", "x", **extra)
    user.groups.add(*groups)
    return user


@pytest.fixture
def organos(estructura):
    ensure_workflows()
    alfa = OrganoPageFactory(parent=estructura, title="Órgano Alfa", slug="alfa")
    beta = OrganoPageFactory(parent=estructura, title="Órgano Beta", slug="beta")
    return alfa, beta


def local(*args):
    return datetime.datetime(*args, tzinfo=MEXICO)


def logged(page, action, when, user=None, **kwargs):
    return PageLogEntry.objects.log_action(
        instance=page, action=action, user=user, timestamp=when, **kwargs
    )


def run(*args):
    out = io.StringIO()
    call_command("publication_log", *args, stdout=out)
    return out.getvalue()


def test_a_full_review_cycle_is_logged_with_who_and_when(client, organos):
    alfa, _ = organos
    enlace = make_user("enlace", alfa.roles.enlaces)
    supervisor = make_user("supervisor", alfa.roles.supervisores)
    page = PublicacionPageFactory(parent=alfa, title="Informe trimestral", live=False)
    page.save_revision(user=enlace)

    workflow_state = page.get_workflow().start(page, enlace)
    page.refresh_from_db()
    page.current_workflow_task_state.specific.reject(
        user=supervisor, comment="Falta el acta firmada."
    )
    page.save_revision(user=enlace)
    workflow_state.refresh_from_db()
    workflow_state.resume(user=enlace)
    page.refresh_from_db()
    page.current_workflow_task_state.specific.approve(user=supervisor, comment="Correcto.")
    page.refresh_from_db()
    assert page.live
    page.unpublish(user=supervisor)

    entries = list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk"))
    cycle = [
        (entry.action, entry.user.username)
        for entry in entries
        if entry.action.startswith(("wagtail.workflow", "wagtail.publish", "wagtail.unpublish"))
    ]
    assert cycle == [
        ("wagtail.workflow.start", "enlace"),
        ("wagtail.workflow.reject", "supervisor"),
        ("wagtail.workflow.resume", "enlace"),
        ("wagtail.workflow.approve", "supervisor"),
        ("wagtail.publish", "supervisor"),
        ("wagtail.unpublish", "supervisor"),
    ]
    assert all(entry.timestamp is not None for entry in entries)
    reject = next(entry for entry in entries if entry.action == "wagtail.workflow.reject")
    assert reject.data["comment"] == "Falta el acta firmada."

    # The same entries are in the page history of the admin.
    client.force_login(supervisor)
    response = client.get(f"/admin/pages/{page.pk}/history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Falta el acta firmada." in html
    assert html.count("supervisor") >= 3

    # And in the publication log, in Spanish, with the comment.
    today = datetime.datetime.now(MEXICO).date()
    text = run("--desde", f"{today:%Y-%m-%d}", "--hasta", f"{today:%Y-%m-%d}")
    for label in [
        "Envío a revisión",
        "Solicitud de cambios",
        "Reenvío a revisión",
        "Aprobación",
        "Publicación tras aprobación",
        "Retiro de publicación",
        "«Falta el acta firmada.»",
    ]:
        assert label in text, label
    assert "Informe trimestral | Órgano Alfa | supervisor" in text


def test_dates_are_whole_local_days(organos):
    alfa, _ = organos
    page = PublicacionPageFactory(parent=alfa, title="Informe")
    logged(page, "wagtail.publish", local(2026, 6, 30, 23, 59, 59))  # out
    logged(page, "wagtail.publish", local(2026, 7, 1, 0, 0))  # in
    logged(page, "wagtail.publish", local(2026, 9, 30, 23, 59))  # in
    logged(page, "wagtail.publish", local(2026, 10, 1, 0, 0))  # out

    entries = publication_log_entries(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    stamps = [entry.timestamp.astimezone(MEXICO) for entry in entries]
    assert stamps == [local(2026, 7, 1, 0, 0), local(2026, 9, 30, 23, 59)]

    rows = list(
        csv.DictReader(
            io.StringIO(run("--desde", "2026-07-01", "--hasta", "2026-09-30", "--formato", "csv"))
        )
    )
    assert [row["fecha"] for row in rows] == ["2026-07-01 00:00:00", "2026-09-30 23:59:00"]


def test_only_publications_and_projects_and_cycle_actions_are_listed(organos):
    alfa, _ = organos
    publicacion = PublicacionPageFactory(parent=alfa, title="Una publicación")
    proyecto = ProyectoPageFactory(parent=alfa, title="Un proyecto")
    when = local(2026, 8, 3, 10, 0)
    logged(publicacion, "wagtail.publish", when)
    logged(proyecto, "wagtail.unpublish", when)
    logged(alfa, "wagtail.publish", when)  # the órgano page itself
    logged(publicacion, "wagtail.edit", when)  # a draft save is not a cycle step

    rows = list(
        csv.DictReader(
            io.StringIO(run("--desde", "2026-08-01", "--hasta", "2026-08-31", "--formato", "csv"))
        )
    )
    assert [(row["página"], row["acción"], row["órgano"]) for row in rows] == [
        # No workflow approved its revision: the log says it was published directly.
        ("Una publicación", "Publicación directa, sin revisión", "Órgano Alfa"),
        ("Un proyecto", "Retiro de publicación", "Órgano Alfa"),
    ]
    assert list(rows[0]) == ["fecha", "acción", "página", "órgano", "usuario", "comentario"]
    assert rows[0]["usuario"] == "sistema"


def test_organo_filter_takes_id_or_slug_and_includes_sub_organos(organos):
    alfa, beta = organos
    secretaria = OrganoPageFactory(parent=alfa, title="Secretaría de Alfa", slug="secretaria")
    when = local(2026, 8, 3, 10, 0)
    logged(PublicacionPageFactory(parent=alfa, title="De Alfa"), "wagtail.publish", when)
    logged(
        PublicacionPageFactory(parent=secretaria, title="De la Secretaría"), "wagtail.publish", when
    )
    logged(PublicacionPageFactory(parent=beta, title="De Beta"), "wagtail.publish", when)
    period = ["--desde", "2026-08-01", "--hasta", "2026-08-31"]

    by_slug = run(*period, "--organo", "alfa")
    assert "De Alfa" in by_slug and "De la Secretaría | Secretaría de Alfa" in by_slug
    assert "De Beta" not in by_slug
    assert "2 movimientos de Órgano Alfa" in by_slug
    by_id = run(*period, "--organo", str(beta.pk))
    assert "De Beta" in by_id and "De Alfa" not in by_id


def test_count_publications_published_counts_each_revision_once(organos):
    alfa, _ = organos
    page = PublicacionPageFactory(parent=alfa, title="Informe")
    first = page.save_revision()
    second = page.save_revision()
    logged(page, "wagtail.publish", local(2026, 7, 10, 9), revision=first)
    logged(page, "wagtail.unpublish", local(2026, 7, 11, 9), revision=first)
    logged(page, "wagtail.publish", local(2026, 7, 12, 9), revision=first)  # same revision again
    logged(page, "wagtail.publish.scheduled", local(2026, 8, 1, 9), revision=second)
    logged(page, "wagtail.publish", local(2026, 8, 2, 9))  # imported history, no revision
    logged(page, "wagtail.publish", local(2026, 10, 1, 9), revision=second)  # next quarter
    logged(alfa, "wagtail.publish", local(2026, 7, 10, 9))  # not a publication

    q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert count_publications_published(*q3) == 3
    assert (
        count_publications_published(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)) == 1
    )


def test_csv_output_parses_and_neutralises_formulas(organos):
    alfa, _ = organos
    page = PublicacionPageFactory(parent=alfa, title='=HYPERLINK("http://x","clic"), "con comas"')
    supervisor = make_user("supervisor", alfa.roles.supervisores)
    logged(
        page,
        "wagtail.workflow.reject",
        local(2026, 8, 3, 10),
        user=supervisor,
        data={"comment": 'Línea uno,\nlínea dos; con "comillas".'},
    )
    out = run("--desde", "2026-08-01", "--hasta", "2026-08-31", "--formato", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    assert rows[0]["página"] == "'" + page.title
    assert rows[0]["comentario"] == 'Línea uno,\nlínea dos; con "comillas".'
    assert rows[0]["acción"] == "Solicitud de cambios"
    assert rows[0]["usuario"] == "supervisor"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--desde", "2026-13-01", "--hasta", "2026-12-31"], "no es una fecha válida"),
        (["--desde", "2026-07-01", "--hasta", "30/09/2026"], "no es una fecha válida"),
        (["--desde", "", "--hasta", "2026-09-30"], "no es una fecha válida"),
        (["--desde", "2026-07-01'; DROP TABLE x;--", "--hasta", "2026-09-30"], "fecha válida"),
        (["--desde", "2026-09-30", "--hasta", "2026-07-01"], "es anterior a --desde"),
        (["--desde", "2026-07-01", "--hasta", "2026-09-30", "--formato", "xml"], "no es válido"),
        (["--desde", "2026-07-01", "--hasta", "2026-09-30", "--organo", "no-existe"], "no existe"),
        (
            ["--desde", "2026-07-01", "--hasta", "2026-09-30", "--organo", "99999999999999999999"],
            "no existe",
        ),
        (["--desde", "2026-07-01", "--hasta", "2026-09-30", "--organo", "al\x00fa"], "no existe"),
        (
            ["--desde", "2026-07-01", "--hasta", "2026-09-30", "--organo", "' OR 1=1 --"],
            "no existe",
        ),
        (["--desde", "2026-07-01", "--hasta", "2026-09-30", "--organo", "x" * 5000], "no existe"),
    ],
)
def test_bad_input_gives_a_spanish_command_error(organos, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_slug_shared_by_two_organos_asks_for_the_id(organos):
    alfa, beta = organos
    OrganoPageFactory(parent=alfa, title="Comisión", slug="comision")
    OrganoPageFactory(parent=beta, title="Comisión", slug="comision")
    with pytest.raises(CommandError, match="indique su id"):
        run("--desde", "2026-07-01", "--hasta", "2026-09-30", "--organo", "comision")


def test_extreme_dates_do_not_crash(organos):
    assert "0 movimientos" in run("--desde", "0001-01-01", "--hasta", "9999-12-31")


def test_publication_log_report_is_for_the_administracion_only(client, organos):
    alfa, _ = organos
    logged(
        PublicacionPageFactory(parent=alfa, title="Informe del CEN"),
        "wagtail.publish",
        local(2026, 8, 3, 10),
    )
    url = "/admin/reports/bitacora-publicacion/"

    enlace = make_user("enlace", alfa.roles.enlaces)
    client.force_login(enlace)
    response = client.get(url)
    assert response.status_code == 302 and response.url == "/admin/"
    assert "bitacora-publicacion" not in client.get("/admin/").content.decode()

    for user in (
        make_user("opti", Group.objects.get(name=ADMIN_GROUP_NAME)),
        make_user("root", is_superuser=True),
    ):
        client.force_login(user)
        response = client.get(url, {"fecha_from": "2026-08-01", "fecha_to": "2026-08-31"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Informe del CEN" in html and "Publicación" in html and "03/08/2026 10:00" in html
        outside = client.get(url, {"fecha_from": "2026-09-01", "fecha_to": "2026-09-30"})
        assert "Informe del CEN" not in outside.content.decode()

    export = client.get(url, {"export": "csv"})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[1][:3] == [
        "03/08/2026 10:00",
        "Publicación directa, sin revisión",
        "Informe del CEN",
    ]
