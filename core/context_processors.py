from django.conf import settings
from django.utils import translation


def text_size_of(request):
    size = request.COOKIES.get(settings.TEXT_SIZE_COOKIE, settings.TEXT_SIZES[0])
    return size if size in settings.TEXT_SIZES else settings.TEXT_SIZES[0]


def html_lang(code):
    """A language code as HTML's lang attribute writes it: en-gb reads en-GB, cy stays cy."""
    language, _, region = (code or settings.LANGUAGE_CODE).partition("-")
    if not region:
        return language
    return f"{language}-{region.upper() if len(region) == 2 else region.title()}"


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "text_size": text_size_of(request),
        "TEXT_SIZES": settings.TEXT_SIZES,
        "html_lang": html_lang(translation.get_language()),
        # The language switcher appears only once a second language has a catalogue.
        "language_choices": settings.LANGUAGES if len(settings.LANGUAGES) > 1 else (),
    }
