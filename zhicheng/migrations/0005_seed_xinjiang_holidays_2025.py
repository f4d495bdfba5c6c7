from django.db import migrations


def seed(apps, schema_editor):
    from zhicheng.workdays import SEED_DAYS

    CalendarDay = apps.get_model("zhicheng", "CalendarDay")
    for code, day, workday, name, source in SEED_DAYS:
        CalendarDay.objects.get_or_create(
            date=day, region_code=code, defaults={"is_workday": workday, "name": name, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("zhicheng", "0004_working_day_calendar")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
