from django.db import migrations


def forwards(apps, schema_editor):
    from filings.reference import load_catalogue

    load_catalogue(
        apps.get_model("filings", "Series"),
        apps.get_model("filings", "Specialty"),
        apps.get_model("filings", "Qualification"),
    )


class Migration(migrations.Migration):
    dependencies = [("filings", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
