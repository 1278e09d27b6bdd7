"""The flask commands: ``flask db|i18n|users|places|demo|courses|export|privacy ...``."""
from learning.cli.courses import courses_cli
from learning.cli.database import db_cli
from learning.cli.demo import demo_cli
from learning.cli.export import export_cli
from learning.cli.i18n import i18n_cli
from learning.cli.places import places_cli
from learning.cli.privacy import privacy_cli
from learning.cli.users import users_cli

COMMANDS = [db_cli, i18n_cli, users_cli, places_cli, demo_cli, courses_cli, export_cli, privacy_cli]
