from tests.richtext.fixtures import *  # noqa: F401,F403
