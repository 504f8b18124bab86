"""News feeds, declared once: see core/features.py."""

from django.utils.translation import gettext_lazy as _

from core.features import Feature, register

from . import demo

NEWS = register(
    Feature(
        key="news",
        label=_("News feeds"),
        tab="news:index",
        order=50,
        models=("news.NewsFeed", "news.NewsItem"),
        demo=demo.seed,
    )
)
