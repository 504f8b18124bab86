import factory
from django.utils import timezone

from news.models import NewsFeed, NewsItem
from tests.communities.factories import CommunityFactory


class NewsFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsFeed

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Feed {n}")
    url = factory.Sequence(lambda n: f"https://news{n}.example.org/feed.xml")


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    feed = factory.SubFactory(NewsFeedFactory)
    community = factory.SelfAttribute("feed.community")
    guid = factory.Sequence(lambda n: f"urn:item:{n}")
    title = factory.Sequence(lambda n: f"Council news item {n}")
    link = factory.Sequence(lambda n: f"https://news.example.org/items/{n}")
    summary = "<p>A summary.</p>"
    published_at = factory.LazyFunction(timezone.now)
