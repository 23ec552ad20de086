"""The admin's formats screen: each series in the user's reach, exported in the platform's
layout or imported from it (off the request, with a progress page)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Aplicabilidad, ImportacionFormato
from ..scope import scope_for
from .importer import MAX_BYTES, FormatoInvalido, check_container
from .tasks import importar_formato
from .views import serie_download


def series_in_reach(user):
    """The applicable series of the órganos the user reaches (scope_for: the one rule)."""
    scope = scope_for(user)
    if not scope.allowed:
        return Aplicabilidad.objects.none()
    return (
        Aplicabilidad.objects.filter(scope.organos_q(prefix="organo__"), aplica=True)
        .select_related("organo", "obligacion")
        .order_by("organo__path", "obligacion__orden", "obligacion__clave")
    )


def serie_or_403(request, pk):
    """The series `pk` if it is in the user's reach; the id in the URL is never trusted."""
    if not scope_for(request.user).allowed:
        raise PermissionDenied
    return get_object_or_404(series_in_reach(request.user), pk=pk)


class SeriesIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "estructura/admin/formatos_index.html"
    page_title = gettext_lazy("Formatos de la Plataforma Nacional")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not scope_for(request.user).allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["series"] = series_in_reach(self.request.user)
        context["importaciones"] = ImportacionFormato.objects.filter(
            organo__in=scope_for(self.request.user).organos()
        ).select_related("organo", "obligacion")[:20]
        return context


class ExportView(View):
    def get(self, request, pk):
        serie = serie_or_403(request, pk)
        return serie_download(serie.organo, serie.obligacion)


class ImportForm(forms.Form):
    archivo = forms.FileField(
        label=gettext_lazy("Archivo XLSX"),
        help_text=gettext_lazy(
            "El formato descargado de esta serie (mismas columnas), de hasta 5 MB y 5,000 filas."
        ),
    )

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        if archivo.size > MAX_BYTES:
            raise forms.ValidationError(
                _("El archivo pesa más de %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        content = archivo.read()
        try:
            check_container(content)
        except FormatoInvalido as error:
            raise forms.ValidationError(str(error)) from None
        self.content = content
        return archivo


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "estructura/admin/formatos_importar.html"
    form_class = ImportForm
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.serie = serie_or_403(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Importar: %(obligacion)s") % {"obligacion": self.serie.obligacion.titulo}

    def get_page_subtitle(self):
        return self.serie.organo.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(serie=self.serie, **kwargs)

    def form_valid(self, form):
        importacion = ImportacionFormato.objects.create(
            organo=self.serie.organo,
            obligacion=self.serie.obligacion,
            usuario=self.request.user,
            nombre_archivo=form.cleaned_data["archivo"].name[:255],
            contenido=form.content,
        )
        # After the commit, so a worker on another process finds the row.
        transaction.on_commit(lambda: importar_formato.enqueue(importacion.pk))
        return redirect("formatos_admin:importacion", importacion.pk)


# How often the progress page reloads itself while the job runs: an import of 2,000 rows takes
# about a second (bench/importacion.py), so the enlace waits one refresh, not a minute.
REFRESH_SECONDS = 3


class ProgressView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "estructura/admin/formatos_progreso.html"
    header_icon = "upload"
    page_title = gettext_lazy("Importación de formato")

    def dispatch(self, request, *args, **kwargs):
        scope = scope_for(request.user)
        if not scope.allowed:
            raise PermissionDenied
        self.importacion = get_object_or_404(
            ImportacionFormato.objects.select_related("organo", "obligacion").filter(
                organo__in=scope.organos()
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            importacion=self.importacion,
            refrescar=reverse("formatos_admin:importacion", args=[self.importacion.pk]),
            segundos=REFRESH_SECONDS,
            **kwargs,
        )


def admin_urls():
    from django.urls import include

    patterns = [
        path("", SeriesIndexView.as_view(), name="index"),
        path("<int:pk>/exportar/", ExportView.as_view(), name="exportar"),
        path("<int:pk>/importar/", ImportView.as_view(), name="importar"),
        path("importaciones/<int:pk>/", ProgressView.as_view(), name="importacion"),
    ]
    return [path("formatos/", include((patterns, "formatos_admin")))]
