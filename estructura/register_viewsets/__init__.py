"""The OPTI's registers in the admin: accredited enlaces, meetings and platform uploads.

One module per part: ``scoping`` (which rows), ``views`` (every lookup scoped), ``forms``
(only órganos in scope), ``filters`` and ``viewsets`` (the menu group the hooks register).

Who sees and writes what (model permissions open the screens; estructura.scope decides rows):

- the "Administración OPTI" team (and superusers): every row, add, change, delete;
- supervisors of an órgano: the meetings and platform uploads of their órgano and the órganos
  below it, which they may add and change; they see their enlaces, but accrediting one is the
  national team's act;
- enlaces: their own órgano's rows, read only (list and export).

Every lookup (list, edit, delete, history, usage) goes through the scope, so a row outside it
is a 404, and the forms offer only the órganos in it, so a POST naming another órgano is a
form error, never a save.
"""

from .filters import organo_queryset
from .forms import EnlaceAcreditadoForm
from .viewsets import registros_viewset_group

__all__ = ["EnlaceAcreditadoForm", "organo_queryset", "registros_viewset_group"]
