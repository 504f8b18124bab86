"""The starting checklists, one per lifecycle stage; site admins edit them from then on."""

from django.db import migrations

TASKS = {
    "planning": [
        (
            "Write the business case",
            "Say on one page what problem the community tackles, who gains and what it should "
            "deliver; share it with your sponsor.",
        ),
        (
            "Find facilitators and founding members",
            "Name two or three facilitators and about ten people who feel the problem most, and "
            "ask each one in person.",
        ),
        (
            "Decide what each feature is for",
            "Switch off the features you will not use in the settings, and say in the welcome "
            "message what the forum, wiki and library are for.",
        ),
        (
            "Agree what success looks like",
            "Agree with the sponsor what should be true in six months (questions answered, a "
            "shared guide) and when you will report on it.",
        ),
    ],
    "startup": [
        (
            "Agree purpose and ground rules",
            "Draft them in the settings, ask the founding members for comments in a forum topic, "
            "then publish the final text.",
        ),
        (
            "Invite founding members",
            "Use Manage, Invite with a personal line for each person; after a week, follow up "
            "with those who have not replied.",
        ),
        (
            "Seed the first discussions",
            "Start three open-ended topics that founding members can answer from experience, and "
            "reply to every answer.",
        ),
        (
            "Welcome every new member",
            "Within two days of someone joining, mention them in a welcome topic and ask what "
            "they hope to find here.",
        ),
        (
            "Answer membership requests quickly",
            "Check Manage, Requests every couple of days and decide within 48 hours, giving a "
            "reason when you decline.",
        ),
    ],
    "nurture": [
        (
            "Connect members with expertise",
            "When someone asks a question, mention the member who knows the answer and introduce "
            "them by name.",
        ),
        (
            "Build trust",
            "Thank contributors in public, keep to the ground rules yourself and deal with "
            "reports the same day.",
        ),
        (
            "Hold a regular meeting or event",
            "Put a monthly online meeting or a face-to-face event in the events calendar and post "
            "a short summary afterwards.",
        ),
        (
            "Post regular status updates",
            "Every fortnight, post a few lines: what was discussed, what is coming up, who "
            "joined.",
        ),
    ],
    "sustain": [
        (
            "Refresh the wiki",
            "Read every wiki page once a quarter; update or merge the out-of-date ones and say "
            "why in the edit reason.",
        ),
        (
            "Review membership",
            "Look at the members list and usage figures: thank active members, write to silent "
            "ones, remove people who have moved on.",
        ),
        (
            "Hand events over to members",
            "Ask members to organise and host the next events, and offer to help with the "
            "invitations.",
        ),
        (
            "Record conclusions and next steps",
            "When a discussion settles, write its conclusion as a wiki page and link to it from "
            "the topic.",
        ),
        (
            "Check the original goal",
            "Compare the community with the purpose agreed at start-up and decide whether it has "
            "been met or the community has moved on.",
        ),
    ],
    "closedown": [
        (
            "Tell members the community is closing",
            "Set a read-only date a few weeks ahead so members can say goodbye and save what they "
            "need; the notice goes to them by email.",
        ),
        (
            "Collect lessons learned",
            "Ask members what worked and what did not in a last forum topic, then write the "
            "lessons learned page.",
        ),
        (
            "Choose what to keep",
            "Decide which wiki pages and documents are the community's outputs, and list them "
            "under Outputs with where they will live.",
        ),
        (
            "Point members to a successor",
            "If another community carries the work on, choose it as the successor so members "
            "know where to go next.",
        ),
        (
            "Offer members the archive",
            "Build the community archive and tell members they can download it to read offline.",
        ),
    ],
}


def seed(apps, schema_editor):
    ToolkitTask = apps.get_model("lifecycle", "ToolkitTask")
    if ToolkitTask.objects.exists():
        return
    ToolkitTask.objects.bulk_create(
        ToolkitTask(stage=stage, title=title, how=how, position=position)
        for stage, tasks in TASKS.items()
        for position, (title, how) in enumerate(tasks, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
