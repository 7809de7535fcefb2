"""Translation of user-visible strings: :func:`tr` and loading the Dutch ``.qm``.

All plugin strings use one translation context, ``GBDA``. Forms made in Qt Designer keep the
context uic gives them (the form's class name). ``i18n/gbda_plugin_nl.ts`` holds the Dutch text;
the build compiles it to ``gbda_plugin_nl.qm``. Without a ``.qm`` for the user's locale the
English source strings are shown.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .marks import tr_noop

__all__ = [
    "core_language",
    "install_translator",
    "remove_translator",
    "tr",
    "tr_noop",
    "user_locale",
]

#: Translation context of every string passed to :func:`tr`.
CONTEXT = "GBDA"
I18N_DIR = Path(__file__).resolve().parent / "i18n"


def tr(text: str) -> str:
    """Translate ``text`` into the user's language (English when no translation is loaded)."""
    return QCoreApplication.translate(CONTEXT, text)


def user_locale() -> str:
    """Two-letter language code QGIS runs in (its setting, else the system locale)."""
    value = QgsSettings().value("locale/userLocale", "") or QLocale().name()
    return str(value)[:2]


def core_language() -> str:
    """``nl`` when QGIS runs in Dutch, else ``en``: the language of the core's own texts
    (suggestion reasons, plan verdicts, bouwsteen names and descriptions)."""
    return "nl" if user_locale() == "nl" else "en"


def install_translator(locale: str | None = None) -> QTranslator | None:
    """Load and install ``i18n/gbda_plugin_<locale>.qm``; return it, or None when there is none.

    The caller keeps the translator and passes it to :func:`remove_translator` on unload.
    """
    qm = I18N_DIR / f"gbda_plugin_{locale or user_locale()}.qm"
    if not qm.is_file():
        return None
    translator = QTranslator()
    if not translator.load(str(qm)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator: QTranslator | None) -> None:
    """Uninstall a translator installed by :func:`install_translator`."""
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
