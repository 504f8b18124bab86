from django.conf import settings


def text_size_of(request):
    size = request.COOKIES.get(settings.TEXT_SIZE_COOKIE, settings.TEXT_SIZES[0])
    return size if size in settings.TEXT_SIZES else settings.TEXT_SIZES[0]


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "text_size": text_size_of(request),
        "TEXT_SIZES": settings.TEXT_SIZES,
    }
