"""A format's typed cells: the one function that reads a value typed, pasted or imported into
a column of an obligation's format, and how each type is written back as text."""

import datetime
import decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from cms.formats import PESOS, cifra

from ..models.obligaciones import TipoColumna

# The platform's text cells take long descriptions, but not a pasted book.
MAX_TEXT = 2000
# Pesos with centavos: twelve integer digits hold any public budget of the union.
MAX_DIGITS = 14
CENTAVOS = decimal.Decimal("0.01")
url_validator = URLValidator(schemes=["http", "https"])


def clean_value(tipo, value):
    """`value` (text, a date, a number) as stored for a column of `tipo`: ISO dates, money as
    a string with two decimals (MXN), numbers as plain decimal text, http(s) URLs; "" when
    empty. Raises ValidationError with a Spanish message."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return ""
    if tipo == TipoColumna.FECHA:
        return _clean_date(value)
    if tipo in (TipoColumna.MONEDA, TipoColumna.NUMERO):
        return _clean_number(tipo, value)
    text = str(value)
    if len(text) > MAX_TEXT:
        raise ValidationError(_("El texto excede %(max)s caracteres.") % {"max": MAX_TEXT})
    if tipo == TipoColumna.URL:
        try:
            url_validator(text)
        except ValidationError:
            raise ValidationError(
                _("Escribe un hipervínculo completo que empiece con http:// o https://.")
            ) from None
    return text


def _clean_date(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValidationError(_("Escribe una fecha válida con el formato AAAA-MM-DD.")) from None


def _clean_number(tipo, value):
    # A float prints as the spreadsheet shows it (str(0.1) is "0.1"); thousands commas go.
    text = str(value).replace(",", "") if isinstance(value, str) else str(value)
    if isinstance(value, str) and tipo == TipoColumna.MONEDA:
        text = text.removeprefix("$").strip()
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        if tipo == TipoColumna.MONEDA:
            raise ValidationError(_("Escribe un monto en pesos, p. ej. 1234.50.")) from None
        raise ValidationError(_("Escribe un número, p. ej. 1234.")) from None
    # Magnitude first: quantizing 1e400 to centavos overflows the decimal context.
    if abs(number.adjusted()) > MAX_DIGITS:
        raise ValidationError(_("El número es demasiado grande."))
    if tipo == TipoColumna.MONEDA:
        number = number.quantize(CENTAVOS, rounding=decimal.ROUND_HALF_UP)
    if len(number.as_tuple().digits) > MAX_DIGITS + 2:
        raise ValidationError(_("El número es demasiado grande."))
    text = format(number, "f")
    if tipo == TipoColumna.NUMERO and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def clean_row(columnas, valores):
    """The row `valores` ({column name: value}) cleaned for `columnas` (the obligation's
    columns, in order): returns the stored dict, or raises ValidationError whose messages say
    «columna «Nombre»: …» for each bad cell. Unknown keys are refused, not dropped."""
    if not isinstance(valores, dict):
        raise ValidationError(_("La fila debe tener un valor por columna del formato."))
    nombres = {columna.nombre for columna in columnas}
    errors = []
    unknown = sorted(str(key) for key in valores if key not in nombres)
    if unknown:
        errors.append(
            _("La fila tiene columnas que el formato no tiene: %(cols)s.")
            % {"cols": ", ".join(f"«{name}»" for name in unknown)}
        )
    cleaned = {}
    for columna in columnas:
        try:
            cleaned[columna.nombre] = clean_value(columna.tipo, valores.get(columna.nombre))
        except ValidationError as error:
            errors.append(
                _("columna «%(col)s»: %(msg)s") % {"col": columna.nombre, "msg": error.messages[0]}
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


def typed(tipo, text):
    """A stored value as a spreadsheet cell: dates as dates, money and numbers as Decimal."""
    if text in ("", None):
        return None
    if tipo == TipoColumna.FECHA:
        return datetime.date.fromisoformat(text)
    if tipo in (TipoColumna.MONEDA, TipoColumna.NUMERO):
        return decimal.Decimal(text)
    return text


def as_pesos(text):
    """A stored amount shown as es-MX pesos: "$1,234,567.50"."""
    if not text:
        return ""
    return cifra(decimal.Decimal(text), PESOS)
