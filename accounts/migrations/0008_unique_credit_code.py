# One unit per 统一社会信用代码, enforced by the database (issue 7 #5).

from django.db import migrations, models
from django.db.models import Count


def refuse_duplicates(apps, schema_editor):
    """Stop (and change nothing) while two units share a code: they must be merged by hand."""
    Organisation = apps.get_model("accounts", "Organisation")
    dupes = (
        Organisation.objects.exclude(credit_code="")
        .values("credit_code")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("credit_code")
    )
    if not dupes:
        return
    lines = []
    for row in dupes:
        units = Organisation.objects.filter(credit_code=row["credit_code"]).order_by("pk")
        listed = "; ".join(f"pk={u.pk} {u.name} [{u.state}]" for u in units)
        lines.append(f"  {row['credit_code']}: {listed}")
    raise RuntimeError(
        "Cannot make 统一社会信用代码 unique: these units share a code.\n"
        + "\n".join(lines)
        + "\nMerge each group before migrating again: keep the approved (or oldest) unit; move the "
        "others' members (accounts_membership.organisation_id), applications (applications_application."
        "base_unit_id) and change requests to it in the Django admin or `manage.py shell`; then "
        "deactivate the others and clear their credit_code (or delete them if nothing points to "
        "them). Re-run `manage.py migrate` afterwards."
    )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_outbox"),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("credit_code", ""), _negated=True),
                fields=("credit_code",),
                name="organisation_unique_credit_code",
                violation_error_message="该统一社会信用代码已注册。",
            ),
        ),
    ]
