"""Per-message fallback: a missing Karen message shows in Burmese, never in English."""
import shutil

from babel.messages.pofile import read_po, write_po

from learning import create_app
from learning.i18n import catalogs


def _catalog(root, code):
    with open(catalogs.po_path(code, root), "rb") as f:
        return read_po(f, locale=code)


def test_missing_karen_message_falls_back_to_burmese(app_config, tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(catalogs.TRANSLATIONS, translations, ignore=shutil.ignore_patterns("*.mo"))
    karen = _catalog(translations, "ksw")
    karen_title = karen["Staff sign-in"].string
    karen_password = karen["Password"].string
    karen["Staff sign-in"].string = ""  # this one message has no Karen translation
    with open(catalogs.po_path("ksw", translations), "wb") as f:
        write_po(f, karen)
    catalogs.compile_all(translations)
    burmese_title = _catalog(translations, "my")["Staff sign-in"].string

    app = create_app({**app_config, "BABEL_TRANSLATION_DIRECTORIES": str(translations)})
    html = app.test_client().get("/staff/login?lang=ksw").text

    assert '<html lang="ksw">' in html
    assert burmese_title in html  # the missing message, in Burmese
    assert karen_title not in html
    assert karen_password in html  # the messages that exist, in Karen
    assert "Staff sign-in" not in html  # never English
