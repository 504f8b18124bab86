"""What the API sends and accepts, as documented in the OpenAPI schema."""

from datetime import datetime

from ninja import Field, Schema


class Person(Schema):
    name: str


class Page(Schema):
    next: str | None = Field(None, description="The next page's address; null on the last page.")


class Community(Schema):
    slug: str
    name: str
    short_description: str
    visibility: str
    stage: str
    member_count: int
    last_activity_at: datetime
    parent: str | None = Field(None, description="The parent community's slug.")
    content_visible: bool = Field(description="Whether you may see its content.")
    role: str | None = Field(None, description="Your role there: member or facilitator.")
    url: str


class CommunityDetail(Community):
    domain: str | None = None
    ground_rules: str | None = None
    features: list[str] = []
    can_join: bool
    can_request: bool
    can_leave: bool
    requested: bool = Field(description="You have asked to join and wait for an answer.")
    membership_blocked_reason: str = ""


class CommunityPage(Page):
    items: list[Community]


class Member(Schema):
    name: str
    role: str
    joined: datetime


class MemberPage(Page):
    items: list[Member]


class Membership(Schema):
    state: str = Field(description="member, requested or left")
    detail: str


class JoinIn(Schema):
    reason: str = Field("", max_length=2000, description="Why you want to join (private ones).")


class Topic(Schema):
    id: int
    title: str
    kind: str
    teaser: str
    author: Person | None
    is_pinned: bool
    is_locked: bool
    reply_count: int
    created: datetime
    last_activity_at: datetime
    url: str


class TopicDetail(Topic):
    body: str = Field(description="The opening post, as sanitised HTML.")


class TopicPage(Page):
    items: list[Topic]


class TopicIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(
        min_length=1, max_length=100_000, description="HTML; sanitised as the forms are."
    )


class Reply(Schema):
    id: int
    parent_id: int | None
    depth: int
    author: Person | None
    body: str | None = Field(description="Sanitised HTML; null when a facilitator removed it.")
    removed: bool
    created: datetime
    url: str


class ReplyPage(Page):
    items: list[Reply]


class ReplyIn(Schema):
    body: str = Field(
        min_length=1, max_length=100_000, description="HTML; sanitised as the forms are."
    )
    parent_id: int | None = Field(
        None, description="The reply this answers; the topic when absent."
    )


class BlogEntry(Schema):
    id: int
    title: str
    author: Person
    body: str
    created: datetime
    url: str


class BlogEntryPage(Page):
    items: list[BlogEntry]


class WikiPage(Schema):
    slug: str
    title: str
    version: int
    updated: datetime
    url: str


class WikiPageDetail(WikiPage):
    body: str
    last_editor: Person | None


class WikiPagePage(Page):
    items: list[WikiPage]


class Revision(Schema):
    number: int
    title: str
    reason: str
    author: Person | None
    created: datetime
    body: str


class RevisionPage(Page):
    items: list[Revision]


class Document(Schema):
    id: int
    title: str
    description: str
    author: Person | None
    file_name: str | None
    size: int | None
    content_type: str | None
    version_count: int
    rating_avg: float
    rating_count: int
    updated: datetime
    url: str
    download_url: str | None


class DocumentPage(Page):
    items: list[Document]


class Event(Schema):
    id: int
    title: str
    description: str
    location: str
    online_url: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    cancelled: bool
    attendee_count: int
    capacity: int | None
    url: str
    ical_url: str


class EventPage(Page):
    items: list[Event]


class Choice(Schema):
    id: int
    text: str
    votes: int | None = Field(None, description="Null while the results are not shown to you.")


class Poll(Schema):
    id: int
    question: str
    multiple: bool
    is_open: bool
    closes_at: datetime | None
    results_visible: bool
    has_voted: bool
    voter_count: int | None
    choices: list[Choice]
    url: str


class PollPage(Page):
    items: list[Poll]


class SearchResult(Schema):
    kind: str
    title: str
    snippet: str
    community: str | None
    updated: datetime
    url: str


class SearchPage(Page):
    items: list[SearchResult]


class ActivityItem(Schema):
    actor: str
    verb: str
    phrase: str
    title: str
    excerpt: str
    community: str | None
    created: datetime
    url: str


class ActivityPage(Page):
    items: list[ActivityItem]


class Notification(Schema):
    id: int
    kind: str
    summary: str
    read: bool
    created: datetime
    url: str


class NotificationPage(Page):
    items: list[Notification]


class Me(Schema):
    name: str
    username: str
    token_scope: str | None = Field(None, description="read or write; null with the session.")
