from django.db import migrations


def forwards(apps, schema_editor):
    from applications.sections import DEFAULT_TEMPLATE

    SeriesTemplate = apps.get_model("applications", "SeriesTemplate")
    TemplateSection = apps.get_model("applications", "TemplateSection")
    if SeriesTemplate.objects.filter(series__isnull=True).exists():
        return
    template = SeriesTemplate.objects.create(name="默认模板")
    for i, (kind, required, attachment_required) in enumerate(DEFAULT_TEMPLATE, start=1):
        TemplateSection.objects.create(
            template=template, kind=str(kind), required=required, attachment_required=attachment_required, order=i * 10
        )


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
