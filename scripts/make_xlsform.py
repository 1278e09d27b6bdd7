"""Write docs/household-registration.xlsx: the XLSForm whose KoboToolbox/ODK export the import reads.

    .venv/bin/python scripts/make_xlsform.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from learning.households.models import Relation  # noqa: E402
from learning.i18n.languages import LANGUAGES  # noqa: E402
from learning.places.services import PROGRAMME_STATES, read_townships_csv  # noqa: E402

SURVEY = [
    ("type", "name", "label::English (en)", "label::Burmese (my)", "required", "constraint", "hint::English (en)"),
    ("select_one township", "township", "Township", "မြို့နယ်", "yes", "", "MIMU P-code"),
    ("text", "village", "Village", "ကျေးရွာ", "yes", "", ""),
    ("text", "phone", "Phone number (optional)", "ဖုန်းနံပါတ် (မဖြစ်မနေ မလို)", "no", "regex(., '^[0-9+ ]{7,20}$')", ""),
    ("select_one language", "consent_language", "Language of the household", "အိမ်ထောင်စု၏ ဘာသာစကား", "yes", "", ""),
    ("select_one yes_no", "consent", "The consent text was read out and the household agreed",
     "သဘောတူညီချက်ကို ဖတ်ပြပြီး အိမ်ထောင်စုက သဘောတူပါသည်", "yes", ". = 'yes'", ""),
    ("begin_repeat", "member", "Member", "အိမ်ထောင်စုဝင်", "", "", ""),
    ("text", "name", "Name", "အမည်", "yes", "", ""),
    ("text", "father_name", "Father's name", "အဖအမည်", "yes", "", ""),
    ("select_one sex", "sex", "Sex", "ကျား/မ", "yes", "", ""),
    ("integer", "birth_year", "Year of birth", "မွေးသက္ကရာဇ်", "yes", ". >= 1900 and . <= 2026", ""),
    ("select_one relation", "relation", "Relation to the head", "အိမ်ထောင်ဦးစီးနှင့် တော်စပ်ပုံ", "yes", "", ""),
    ("select_one language", "language", "Preferred language", "နှစ်သက်သော ဘာသာစကား", "yes", "", ""),
    ("end_repeat", "", "", "", "", "", ""),
]


def main() -> None:
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    for row in SURVEY:
        survey.append(row)
    choices = workbook.create_sheet("choices")
    choices.append(("list_name", "name", "label::English (en)", "label::Burmese (my)"))
    for row in read_townships_csv():
        if row["state_pcode"] in PROGRAMME_STATES:
            choices.append(("township", row["township_pcode"], row["township_name_en"], row["township_name_my"]))
    for code, language in LANGUAGES.items():
        choices.append(("language", code, language.english_name, language.autonym))
    for value, en, my in (("yes", "Yes", "ဟုတ်ကဲ့"), ("no", "No", "မဟုတ်ပါ")):
        choices.append(("yes_no", value, en, my))
    for value, en, my in (("female", "Female", "မ"), ("male", "Male", "ကျား"), ("other", "Other", "အခြား")):
        choices.append(("sex", value, en, my))
    for relation in Relation:
        choices.append(("relation", relation.value, relation.value.replace("_", " ").capitalize(), relation.value))
    settings = workbook.create_sheet("settings")
    settings.append(("form_title", "form_id", "version", "default_language"))
    settings.append(("Twe Let Learning household registration", "twelet_households", "2026-11", "Burmese (my)"))
    target = ROOT / "docs" / "household-registration.xlsx"
    workbook.save(target)
    print(target)


if __name__ == "__main__":
    main()
