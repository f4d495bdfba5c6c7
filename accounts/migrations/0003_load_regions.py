from django.db import migrations


def forwards(apps, schema_editor):
    from accounts.reference import load_regions

    load_regions(apps.get_model("accounts", "Region"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
