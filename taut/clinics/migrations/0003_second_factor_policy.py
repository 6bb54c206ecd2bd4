"""Every clinic requires a second factor of its admins and clinicians, except the demo clinic
made by `taut demo`, whose printed logins must keep working with the password alone."""

from django.db import migrations, models


def demo_stays_open(apps, schema_editor):
    Clinic = apps.get_model("clinics", "Clinic")
    Clinic.objects.filter(slug="demo", name__endswith="(demo)").update(second_factor="optional")


class Migration(migrations.Migration):
    dependencies = [
        ("clinics", "0002_public_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinic",
            name="second_factor",
            field=models.CharField(
                choices=[
                    ("clinical", "Admins and clinicians"),
                    ("all", "All staff"),
                    ("optional", "No one (each person may still add one)"),
                ],
                default="clinical",
                help_text="An authenticator app or a passkey, asked for after the password.",
                max_length=10,
                verbose_name="Second factor required of",
            ),
        ),
        migrations.RunPython(demo_stays_open, migrations.RunPython.noop),
    ]
