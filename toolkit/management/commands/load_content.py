from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Load the shipped content (content/*.yaml) into the database, idempotently by stable "
        "keys. Edits made in the admin are kept unless --overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace admin edits with the shipped text."
        )

    def handle(self, *args, overwrite=False, **options):
        # Each app that ships content has a `content` module with load_content() (or names
        # another in its AppConfig's `content_module`); apps load in INSTALLED_APPS order
        # (guides before the worksheets that link to them).
        for app_config in apps.get_app_configs():
            name = getattr(app_config, "content_module", None)
            if name is None:
                if not module_has_submodule(app_config.module, "content"):
                    continue
                name = f"{app_config.name}.content"
            module = import_module(name)
            if hasattr(module, "load_content"):
                with transaction.atomic():
                    summary = module.load_content(overwrite=overwrite)
                self.stdout.write(f"{app_config.verbose_name}: {summary}")
