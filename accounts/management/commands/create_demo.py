import secrets

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Membership, Organisation, Role, User

DEMO_ORGANISATION = "Demo Program (local only)"
DEMO_PEOPLE = [("director@demo.invalid", Role.DIRECTOR), ("staff@demo.invalid", Role.STAFF)]


class Command(BaseCommand):
    help = "Create a local demo organisation with a director and a staff login (printed once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the demo logins new passwords and print them again.",
        )

    @transaction.atomic
    def handle(self, *args, reset_passwords=False, **options):
        organisation, _ = Organisation.objects.get_or_create(name=DEMO_ORGANISATION)
        printed = []
        for email, role in DEMO_PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None or reset_passwords:
                password = secrets.token_urlsafe(12)
                if user is None:
                    user = User.objects.create_user(email=email, password=password)
                else:
                    user.set_password(password)
                    user.save(update_fields=["password"])
                printed.append((email, role, password))
            Membership.objects.get_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
        if printed:
            self.stdout.write(self.style.SUCCESS("Demo logins (shown only now):"))
            for email, role, password in printed:
                self.stdout.write(f"  {role:<9} {email}  password: {password}")
        else:
            self.stdout.write(
                "Demo logins exist (director@demo.invalid, staff@demo.invalid); "
                "run `manage.py create_demo --reset-passwords` to print new passwords."
            )
