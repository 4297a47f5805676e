"""`joinedup cpis import PATH --kind plans|accesses --user NAME` and `joinedup cpis export PATH --user NAME`: CP-IS
files (docs/cpis-format.md). The user is the children's social care manager or MASH officer the audit names."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.accounts.models import User
from joinedup.cpis import services


class Command(BaseCommand):
    help = "Import a CP-IS plans or accesses file, or export the partnership's plans for CP-IS."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("path")
        parser.add_argument("--kind", choices=["plans", "accesses"], default="plans")
        parser.add_argument("--user", required=True, help="the username the audit log names")

    def handle(self, *args, **options):
        actor = User.objects.filter(username=options["user"]).first()
        if actor is None:
            raise CommandError(f"no user {options['user']!r}")
        path = Path(options["path"])
        try:
            if options["action"] == "import":
                done = services.import_cpis_file(path.read_text(encoding="utf-8-sig"), kind=options["kind"],
                                                 name=path.name, actor=actor)
                f = done.file
                self.stdout.write(f"{path.name}: {f.rows} rows, {f.created} new, {f.updated} changed, "
                                  f"{f.unchanged} unchanged; {len(done.attendances)} attendances told")
            else:
                done = services.export_plans(actor=actor)
                path.write_text(done.csv, encoding="utf-8")
                self.stdout.write(f"{path}: {done.rows} plans; {len(done.without_nhs_number)} children on a plan "
                                  "have no NHS number and are not in the file")
        except services.CpisFileRefused as refused:
            raise CommandError(f"nothing imported:\n{refused}") from refused
        except services.Refused as refusal:
            raise CommandError(str(refusal)) from refusal
