"""The Estructura Sindical tree: órganos and the publications and projects each one owns.

A package, one module per concern (``base``: the permission and content mixins; ``organos``;
``querysets``: listings; ``obligaciones``: the catalogue and its applicability;
``publicaciones``; ``proyectos``; ``roles``: each órgano's groups;
``workflow``: the approval tasks). Everything is importable from here, as Django and the
migrations expect.
"""

# The registers live in their own module; imported here so Django finds their models.
from ..registers import (  # noqa: E402, F401
    ActualizacionPlataforma,
    EnlaceAcreditado,
    RecordatorioActualizacion,
    Reunion,
)
from .base import *  # noqa: F403
from .importaciones import *  # noqa: F403
from .obligaciones import *  # noqa: F403
from .organo_roles import *  # noqa: F403
from .organos import *  # noqa: F403
from .proyectos import *  # noqa: F403
from .publicaciones import *  # noqa: F403
from .querysets import *  # noqa: F403
from .workflow import *  # noqa: F403
