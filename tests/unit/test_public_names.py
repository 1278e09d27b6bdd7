"""What public certificate verification shows of a name: the honorific and the first syllable, never the whole name."""
import pytest

from learning.certificates.content import public_name, short_name
from learning.i18n.text import first_syllable


@pytest.mark.parametrize(("name", "shown"), [
    ("ဒေါ်ခင်မြင့်", "ဒေါ်ခင်…"),  # Burmese, written without spaces
    ("မြင့်မြင့်", "မြင့်…"),  # a killed letter with a dot below stays in its syllable
    ("မခင်လှ", "မခင်…"),  # မ the honorific
    ("မောင်ဇော်ဝင်း", "မောင်ဇော်…"),  # မောင် is not read as မ
    ("ကိုထွန်းဝင်း", "ကိုထွန်း…"),
    ("ဦး အောင် ကျော်", "ဦး အောင်…"),  # written with spaces
    ("နော်ဆဲၣ်ဝါ", "နော်ဆဲၣ်…"),
    ("စိုင်းလှဝင်း", "စိုင်းလှ…"),
    ("နန်းနွယ်", "နန်းနွယ်"),  # honorific and one syllable: nothing left out
    ("ၸၢႆးသႅင်ၶမ်း", "ၸၢႆးသႅင်…"),  # Shan
    ("နာဲမၚ်ဗညာ", "နာဲမၚ်…"),  # Mon
    ("စီၤပီၤမူၣ်", "စီၤပီၤ…"),  # S'gaw Karen
    ("Thang Hmun Par", "Thang…"),  # Hakha Chin: the first word
    ("Daw Khin Myint", "Daw Khin…"),  # Burmese in Latin letters: honorific and first word
    ("Ṭial", "Ṭial"),
])
def test_verification_shows_at_most_the_honorific_and_the_first_syllable(name, shown):
    assert short_name(name) == shown


def test_a_name_of_one_syllable_after_honorific_is_never_cut_inside_a_syllable():
    for name in ("မြင့်", "ကျော်", "ထွန်း", "သန္တာ"):
        assert first_syllable(name) == name


def test_public_name_gives_the_short_name_and_the_fathers_initial():
    assert public_name("ကိုမင်းထွန်း", "ဦးဘလှ") == ("ကိုမင်း…", "ဘ")
