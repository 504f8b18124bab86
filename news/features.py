"""News feeds, declared once: see core/features.py."""

from core.features import Feature, register

from . import demo

NEWS = register(
    Feature(
        key="news",
        label="News feeds",
        tab="news:index",
        order=50,
        models=("news.NewsFeed", "news.NewsItem"),
        demo=demo.seed,
    )
)
