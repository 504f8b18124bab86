"""Worlds: the people (one per role) and things a permission-matrix row is checked against.

The "site" scenario has only people. Apps register richer scenarios (a public community, a
private one, a topic inside it...) with @register_scenario in their tests/<app>/worlds.py.
A builder receives the World with its users already made, and sets attributes on it
(`world.community`, `world.parent`, or anything in `world.extra`).
"""

from dataclasses import dataclass, field

from tests.accounts.factories import AdminFactory, UserFactory

SCENARIOS = {}


def register_scenario(name):
    def decorator(builder):
        SCENARIOS[name] = builder
        return builder

    return decorator


@dataclass
class World:
    scenario: str
    users: dict
    canaries: object = None
    community: object = None
    parent: object = None
    extra: dict = field(default_factory=dict)
    # Role -> session key of a sign-in made once for the world (runner.sign_in_once); a role
    # without one is signed in afresh for each request.
    sessions: dict = field(default_factory=dict)

    def plant_canary(self, *, visible_to, description=""):
        """A token for private content; the canary harness fails the test if it leaks."""
        return self.canaries.plant(visible_to=visible_to, description=description)


def make_users():
    users = {
        role: UserFactory(name=f"{role.title()} Person")
        for role in ("outsider", "requester", "member", "facilitator")
    }
    users["admin"] = AdminFactory(name="Site Admin")
    users["suspended"] = UserFactory(name="Suspended Person", is_active=False)
    users["anonymous"] = None
    return users


def build_world(scenario, canaries):
    world = World(scenario=scenario, users=make_users(), canaries=canaries)
    if scenario != "site":
        try:
            builder = SCENARIOS[scenario]
        except KeyError:
            raise LookupError(
                f"No world builder for scenario {scenario!r}; register one with @register_scenario"
            ) from None
        builder(world)
    return world
