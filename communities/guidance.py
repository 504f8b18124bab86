"""What matters at each lifecycle stage, shown to facilitators.

Taken from the IDeA facilitator training on the CoP lifecycle, kept short enough to read in one
of a facilitator's 10-minute slots.
"""

from django.utils.translation import gettext_lazy as _

from .models import Community

Stage = Community.Stage

STAGE_GUIDANCE = {
    Stage.PLANNING: {
        "summary": _("The planning stage is the most important."),
        "points": [
            _("Develop the business case for the community."),
            _("Identify and involve facilitators and participants."),
            _("Decide what each feature (forum, wiki, documents, events…) will be used for."),
            _("Set expectations, including what the community is expected to deliver."),
        ],
    },
    Stage.STARTUP: {
        "summary": (
            _(
                "This is where you are most active online: start-up can decide whether or not "
                "the community succeeds."
            )
        ),
        "points": [
            _("Make the space applicable and approachable for new members."),
            _("Seed discussions with open-ended posts in every feature the community uses."),
            _("Welcome each new member and answer membership requests quickly."),
        ],
    },
    Stage.NURTURE: {
        "summary": _("You and the community work together to build a collaborative environment."),
        "points": [
            _("Locate expertise among members and connect new members with it."),
            _("Establish trust."),
            _(
                "Support the community with regular status updates, meetings and face-to-face "
                "events."
            ),
        ],
    },
    Stage.SUSTAIN: {
        "summary": (
            _(
                "Take more of a back seat and let the members run things; intervene periodically, "
                "not with the intensity of the nurture stage."
            )
        ),
        "points": [
            _("Members organise regular meetings and events themselves."),
            _(
                "Help structure and organise what is shared, define conclusions and agree next "
                "steps."
            ),
            _("Help develop the material the community needs."),
            _("Check whether the original goal has been met, or the community has moved on."),
        ],
    },
    Stage.CLOSEDOWN: {
        "summary": (
            _(
                "Most communities come to a natural conclusion, even if they start again in a "
                "different form. The community is now a read-only archive."
            )
        ),
        "points": [
            _("Make sure outputs are recorded and published."),
            _("Log and communicate the lessons learned."),
            _("Check that expectations have been met where practicable."),
        ],
    },
}


def guidance_for(stage):
    return STAGE_GUIDANCE[Stage(stage)]
