from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from preau.lifecycle.charter_v1 import TEXT, TITLE

    Charter = apps.get_model("lifecycle", "Charter")
    Charter.objects.get_or_create(
        version=1, defaults={"title": TITLE, "text": TEXT, "published_at": timezone.now()}
    )


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
