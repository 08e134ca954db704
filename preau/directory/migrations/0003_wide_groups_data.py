"""The wide groups of the structures already there (ADR 0047), in a migration of their own: the
schema changes of 0002 leave deferred SQL (the new foreign key's index) that PostgreSQL refuses
to run after rows were written in the same transaction ("pending trigger events")."""

from django.db import migrations

WIDE = (
    # (structure model, group field, kind, {profile: name template}); as in
    # preau.directory.audiences.WIDE_GROUPS when this migration was written.
    (
        "Academie",
        "academie",
        "academie_profile",
        {
            "responsable": "Parents de l'académie de {name}",
            "enseignant": "Enseignants de l'académie de {name}",
        },
    ),
    (
        "Circonscription",
        "circonscription",
        "circonscription_profile",
        {"responsable": "Parents des écoles – {name}"},
    ),
    (
        "Collectivite",
        "collectivite",
        "collectivite_profile",
        {"responsable": "Parents des écoles – {name}"},
    ),
)


def create_wide_groups(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The wide groups of the structures already there (their members are computed)."""
    Group = apps.get_model("directory", "Group")
    for model_name, field, kind, names in WIDE:
        for structure in apps.get_model("directory", model_name).objects.all():
            for profile, template in names.items():
                if not Group.objects.filter(
                    kind=kind, profile=profile, **{field: structure}
                ).exists():
                    Group.objects.create(
                        kind=kind,
                        profile=profile,
                        name=template.format(name=structure.name)[:200],
                        **{field: structure},
                    )



class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_wide_groups"),
    ]

    operations = [
        migrations.RunPython(create_wide_groups, migrations.RunPython.noop),
    ]
