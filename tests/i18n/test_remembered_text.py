"""Each loaded language remembers its answers (core/translation.py) without mixing languages
or outliving a change of catalogues."""

from django.utils import translation

from core.translation import RememberingTranslation


def test_each_language_is_loaded_as_a_remembering_translation():
    with translation.override("en-gb"):
        assert isinstance(translation.trans_real._active.value, RememberingTranslation)
        assert translation.gettext("Help") == "Help"
        assert translation.gettext("Help") == "Help"


def test_a_remembered_english_answer_never_answers_for_welsh(welsh):
    with translation.override("en-gb"):
        assert translation.gettext("Help") == "Help"
    with translation.override("cy"):
        assert translation.gettext("Help") == "Cymorth"
        assert translation.gettext("Help") == "Cymorth"
    with translation.override("en-gb"):
        assert translation.gettext("Help") == "Help"


def test_a_changed_catalogue_is_read_again_not_remembered(welsh, settings, tmp_path):
    with translation.override("cy"):
        assert translation.gettext("Help") == "Cymorth"
    settings.LOCALE_PATHS = [tmp_path / "empty"]  # Django drops the loaded languages
    with translation.override("cy"):
        assert translation.gettext("Help") == "Help"
