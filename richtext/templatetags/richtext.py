from django import template
from django.utils.safestring import mark_safe

from richtext.embeds import expand_embeds
from richtext.sanitise import sanitise_html

register = template.Library()


@register.filter(is_safe=True)
def richtext(value):
    """Show stored rich text: sanitised again on the way out, then video links become players.

    The value was sanitised when it was saved (RichTextField); cleaning again here is cheap and
    means HTML that reached the database some other way still cannot run script.
    """
    return mark_safe(expand_embeds(sanitise_html(value)))  # noqa: S308 - sanitised just now
