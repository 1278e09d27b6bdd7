"""The interface catalogs are current, complete, compile, and say they are drafts."""
from learning.i18n import catalogs


def test_catalogs_are_current_and_complete():
    reports = catalogs.check()
    assert [r.code for r in reports] == ["my", "shn", "mnw", "ksw", "cnh"]
    for report in reports:
        assert not report.missing, f"{report.code}: run `flask i18n update`; missing {report.missing[:5]}"
        assert not report.obsolete, f"{report.code}: run `flask i18n update`; obsolete {report.obsolete[:5]}"
        assert not report.untranslated, f"{report.code}: untranslated {report.untranslated[:5]}"


def test_catalogs_compile(tmp_path):
    written = catalogs.compile_all(target=tmp_path)
    assert len(written) == 5
    assert all((tmp_path / code / "LC_MESSAGES" / "messages.mo").stat().st_size > 100 for code in ("my", "ksw"))


def test_catalogs_are_marked_as_drafts():
    for code in ("my", "shn", "mnw", "ksw", "cnh"):
        header = catalogs.po_path(code).read_text(encoding="utf-8").split("msgid", 1)[0]
        assert "DRAFT" in header and "native speaker" in header


def test_the_staleness_check_notices_a_new_message(tmp_path):
    template = catalogs.extract()
    template.add("A message that no catalog has yet")
    reports = catalogs.check(template)
    assert all("A message that no catalog has yet" in r.missing for r in reports)
