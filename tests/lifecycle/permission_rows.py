"""Every lifecycle URL × every role × (public, private in closedown, sub-community, archived,
features switched off), and the site admins' toolkit pages.

Facilitators and site admins tick toolkits (archives included: tidying up is part of
closedown) and run the closedown flow of a community in closedown (403 at any other stage);
anyone who can see a community reads its lessons learned (404 outside closedown), and builds
and downloads its archive.
"""

from lifecycle.models import ToolkitTask
from tests.lifecycle import worlds  # noqa: F401  (registers the scenarios)
from tests.permissions.matrix import Row, obj, signed_in, slug

CLOSING = ("private", "archived", "nofeatures")

VIEW = {
    "public": signed_in(200),
    "private": signed_in(200, outsider=403, requester=403),
    "sub_private": signed_in(200, outsider=404, requester=403),
    "archived": signed_in(200),
    "nofeatures": signed_in(200),
}


def viewers(status, base):
    """Those who can see the community get `status`; the rest as for the community."""
    return {
        role: (status if code == 200 else code) if role not in ("anonymous", "suspended") else code
        for role, code in VIEW[base].items()
    }


def moderators(status, base):
    extra = {"outsider": 404} if base == "sub_private" else {}
    return signed_in(403, facilitator=status, admin=status, **extra)


def closedown_moderators(status, base):
    """The closedown flow: facilitators and site admins, in closedown only."""
    if base in CLOSING:
        return moderators(status, base)
    return moderators(403, base)


def lessons_readers(base):
    if base in CLOSING:
        return VIEW[base]
    extra = {"outsider": 404, "requester": 403} if base == "sub_private" else {}
    return signed_in(404, **extra)


def task(w):
    return {"slug": w.community.slug, "pk": w.extra["task"].pk}


def lessons_data(w):
    return {
        "what_worked": "<p>Monthly calls.</p>",
        "what_did_not": "",
        "outputs": "",
        "base_version": w.extra["closedown"].edit_version,
    }


build = obj("build")


def rows_for(base):
    scenario = f"life_{base}"
    return {
        "tick POST": Row(
            "lifecycle:tick", moderators(302, base), scenario, "POST", task, {"done": "1"}
        ),
        "closedown": Row(
            "lifecycle:closedown", closedown_moderators(200, base), scenario, kwargs=slug
        ),
        "lessons_edit": Row(
            "lifecycle:lessons_edit", closedown_moderators(200, base), scenario, kwargs=slug
        ),
        "lessons_edit POST": Row(
            "lifecycle:lessons_edit",
            closedown_moderators(302, base),
            scenario,
            "POST",
            slug,
            lessons_data,
        ),
        "successor POST": Row(
            "lifecycle:successor",
            closedown_moderators(302, base),
            scenario,
            "POST",
            slug,
            {"successor": ""},
        ),
        "read_only POST": Row(
            "lifecycle:read_only",
            closedown_moderators(302, base),
            scenario,
            "POST",
            slug,
            {"day": ""},
        ),
        "notice POST": Row(
            "lifecycle:notice", closedown_moderators(302, base), scenario, "POST", slug
        ),
        "lessons": Row("lifecycle:lessons", lessons_readers(base), scenario, kwargs=slug),
        "archive": Row("lifecycle:archive", VIEW[base], scenario, kwargs=slug),
        "archive_build POST": Row(
            "lifecycle:archive_build", viewers(302, base), scenario, "POST", slug
        ),
        "archive_download": Row("lifecycle:archive_download", VIEW[base], scenario, kwargs=build),
    }


def first_task(w):
    return {"pk": ToolkitTask.objects.for_stage("startup").first().pk}


ADMIN_ROWS = [
    Row("lifecycle:toolkits", signed_in(403, admin=200)),
    Row(
        "lifecycle:toolkits",
        signed_in(403, admin=302),
        method="POST",
        data={"stage": "nurture", "title": "Run a member survey", "how": "Five questions."},
    ),
    Row("lifecycle:task_edit", signed_in(403, admin=200), kwargs=first_task),
    Row(
        "lifecycle:task_edit",
        signed_in(403, admin=302),
        method="POST",
        kwargs=first_task,
        data={"title": "Agree purpose", "how": "Together."},
    ),
    Row(
        "lifecycle:task_move",
        signed_in(403, admin=302),
        method="POST",
        kwargs=first_task,
        data={"direction": "down"},
    ),
    Row(
        "lifecycle:task_retire",
        signed_in(403, admin=302),
        method="POST",
        kwargs=first_task,
        data={"retired": "1"},
    ),
    Row("lifecycle:task_move", signed_in(405), kwargs=first_task, note="GET not allowed"),
    Row("lifecycle:task_retire", signed_in(405), kwargs=first_task, note="GET not allowed"),
]

ROWS = [
    *rows_for("public").values(),
    *rows_for("private").values(),
    *rows_for("sub_private").values(),
    *rows_for("archived").values(),
    *(
        rows_for("nofeatures")[key]
        for key in ("archive", "archive_build POST", "archive_download", "closedown", "lessons")
    ),
    Row("lifecycle:tick", signed_in(405), "life_public", kwargs=task, note="GET not allowed"),
    Row("lifecycle:notice", signed_in(405), "life_private", kwargs=slug, note="GET not allowed"),
    Row("lifecycle:archive_build", signed_in(405), "life_public", kwargs=slug, note="GET"),
    *ADMIN_ROWS,
]
