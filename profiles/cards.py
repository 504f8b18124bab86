"""Person cards (the finder, People like me, contacts) written in Python.

A results page shows twenty cards, and through the template engine (an include per card,
five `blocktranslate`s, the place and contact-details includes, a tag lookup per card) they
were about two thirds of the finder's time. The markup, whitespace included, and the
translated sentences are the ones the card template had (the same message ids), so
translations and styles are unchanged.
"""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .models import Region
from .rules import visible_fields
from .templatetags.profiles_tags import avatar

_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def _e(value):
    """As `{{ value }}` writes it (autoescaped)."""
    return conditional_escape(value)


def _sentence(message, **values):
    """A translated sentence with escaped values, as `{% blocktranslate %}` writes it."""
    return gettext(message) % {name: _e(value) for name, value in values.items()}


def _join(items, separator=", "):
    return separator.join(items)


def csrf_input(token):
    """What `{% csrf_token %}` writes for the page's token."""
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html(_CSRF_INPUT, token)


def render_cards(profiles, *, heading, viewer, csrf_token, next_url):
    """The `<li>` of each person, decorated by finder.decorate (and, on People like me, with
    `shared_tags`). `viewer` sees their own card without the contact buttons; `next_url` is
    where those buttons return to."""
    heading = _e(heading or "h2")
    csrf = csrf_input(csrf_token)
    next_url = _e(next_url)
    expertise_label = _e(gettext("Expertise:"))
    expertise_of = _e(gettext("Areas of expertise of "))
    matched_on = _e(gettext("Matched on"))
    you_share = _e(gettext("You share:"))
    in_your_communities = _e(gettext("In your communities:"))
    # get_region_display() builds the field's choices on every call.
    regions = {value: str(label) for value, label in Region.choices}
    parts = []
    for profile in profiles:
        person = profile.user
        links = profile.links
        name = person.display_name
        out = ['\n\n<li class="card person-card">\n  ', avatar(person, "medium"), "\n"]
        out.append('  <div class="person-card__body">\n    ')
        out.append(
            _sentence(
                '<%(heading)s class="card__title"><a href="%(get_absolute_url)s">'
                "%(display_name)s</a></%(heading)s>",
                heading=heading,
                get_absolute_url=links.detail,
                display_name=name,
            )
        )
        out.append("\n    ")
        role_line = profile.role_line
        if role_line:
            out.append(f'<p class="person-card__role">{_e(role_line)}</p>')
        out.append("\n    ")
        if profile.location or profile.region:
            out.append(f'<p class="muted person-card__place">{_place(profile, regions)}\n</p>')
        out.append("\n    ")
        reasons = getattr(profile, "reasons", None)
        if reasons:
            said = []
            for label, words in reasons:
                said.append(
                    f"{_e(label)}: " + _join(f"<em>{_e(word)}</em>" for word in words)
                    if words
                    else str(_e(label))
                )
            out.append(
                f'\n    <p class="person-card__why">{matched_on} {_join(said, "; ")}</p>\n    '
            )
        out.append("\n    ")
        if links.expertise:
            tags = "".join(
                f'<li><a class="tag" href="{_e(url)}">{_e(tag)}</a></li>'
                for tag, url in links.expertise
            )
            out.append(
                f'\n    <p class="person-card__label">{expertise_label}</p>\n'
                f'    <ul class="tag-list" aria-label="{expertise_of}{_e(name)}">\n'
                f"      {tags}\n    </ul>\n    "
            )
        out.append("\n    ")
        shared_tags = getattr(profile, "shared_tags", None)
        if shared_tags:
            out.append("\n      ")
            theirs = shared_tags.get("expertise") or []
            interests = shared_tags.get("interests") or []
            if theirs or interests:
                said = [_sentence("%(tag)s (their expertise)", tag=tag) for tag in theirs]
                heard = [_sentence("%(tag)s (their interest)", tag=tag) for tag in interests]
                out.append(
                    f'\n      <p class="person-card__why">{you_share}\n        '
                    + _join(said)
                    + (", " if said and interests else "")
                    + "\n        "
                    + _join(heard)
                    + "\n      </p>\n      "
                )
            out.append("\n    ")
        out.append("\n    ")
        communities = getattr(profile, "shared_communities", None)
        if communities:
            found = _join(
                f'<a href="{_e(community.home_url)}">{_e(community.name)}</a>'
                for community in communities
            )
            out.append(
                f'\n    <p class="person-card__shared">{in_your_communities}\n      {found}\n'
                "    </p>\n    "
            )
        out.append("\n    \n    ")
        details = visible_fields(viewer, profile)
        if details:
            out.append(_contact_details(details))
        out.append("\n    ")
        if person.pk != viewer.pk:
            if profile.in_my_contacts:
                action = links.contact_remove
                button = (
                    '<button type="submit" class="button button--secondary">'
                    + _sentence(
                        'Remove from contacts<span class="visually-hidden">: '
                        "%(display_name)s</span>",
                        display_name=name,
                    )
                    + "</button>\n        "
                )
            else:
                action = links.contact_add
                button = (
                    '<button type="submit" class="button">'
                    + _sentence("Add %(display_name)s as a contact", display_name=name)
                    + "</button>"
                )
            message = _sentence(
                'Send a message<span class="visually-hidden"> to %(display_name)s</span>',
                display_name=name,
            )
            out.append(
                '\n    <div class="actions person-card__actions">\n'
                f'      <form method="post" action="{_e(action)}" class="inline-form">\n'
                f'        {csrf}<input type="hidden" name="next" value="{next_url}">\n'
                f"        {button}\n"
                "      </form>\n"
                f'      <a href="{_e(links.compose)}">{message}</a>\n'
                "    </div>\n    "
            )
        out.append("\n  </div>\n</li>\n\n")
        parts.append("".join(out))
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _place(profile, regions):
    """Where the person is: their own words, then the region when it adds something."""
    location = profile.location
    region = regions.get(profile.region, profile.region)
    if location and profile.region and location != region:
        return f"{_e(location)}, {_e(region)}"
    if not location:
        return _e(region)
    return _e(location)


def _contact_details(details):
    """profiles/includes/_contact_details.html as a card shows it (no visibility labels)."""
    rows = []
    for detail in details:
        value = detail.value
        if detail.name == "email":
            shown = f'<a href="mailto:{_e(value)}">{_e(value)}</a>\n    '
        elif detail.name == "phone":
            shown = f'<a href="tel:{_e(value.replace(" ", ""))}">{_e(value)}</a>\n    '
        elif detail.name == "website":
            shown = f'<a href="{_e(value)}" rel="noopener nofollow ugc">{_e(value)}</a>\n    '
        else:
            shown = (
                '<ul class="plain-list">'
                + "".join(
                    f'<li><a href="{_e(link)}" rel="noopener nofollow ugc me">{_e(link)}</a></li>'
                    for link in value
                )
                + "</ul>"
            )
        rows.append(f"\n  <dt>{_e(detail.label)}</dt>\n  <dd>\n    {shown}\n    \n  </dd>\n  ")
    return '\n<dl class="meta contact-details">\n  ' + "".join(rows) + "\n</dl>\n"
