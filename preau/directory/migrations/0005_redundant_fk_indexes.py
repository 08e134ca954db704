"""Foreign keys of the membership tables lose the index Django gives each key: another index
starts with the same column (ADR 0061). The indexes are dropped by name, without Django's
`AlterField` (on PostgreSQL it drops and re-adds the foreign key, which re-checks every row).
`unique_class_membership` (user, class, role) and the (school_class, role) index serve the class
memberships; `unique_group_member` (group, user) and (user, group) the group memberships;
`unique_parent_child` (parent, child) the links; `unique_profile_per_scope` (user, …) the
profiles."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from preau.core.migration_operations import DropIndexes

# index name → (table, column or parenthesised definition)
INDEXES = {
    "directory_classmembership_school_class_id_8419c38b": (
        "directory_classmembership",
        "school_class_id",
    ),
    "directory_classmembership_user_id_9d3047f2": ("directory_classmembership", "user_id"),
    "directory_groupmembership_group_id_cb78c144": ("directory_groupmembership", "group_id"),
    "directory_groupmembership_user_id_c6beb224": ("directory_groupmembership", "user_id"),
    "directory_parentlink_parent_id_c508187c": ("directory_parentlink", "parent_id"),
    "directory_profileassignment_user_id_f0730536": ("directory_profileassignment", "user_id"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_cycle_1_pupil_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="classmembership",
                    name="school_class",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="directory.schoolclass",
                    ),
                ),
                migrations.AlterField(
                    model_name="classmembership",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="class_memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="groupmembership",
                    name="group",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="directory.group",
                    ),
                ),
                migrations.AlterField(
                    model_name="groupmembership",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="group_memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="parentlink",
                    name="parent",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="child_links",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="profileassignment",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="profile_assignments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[DropIndexes(indexes=INDEXES)],
        )
    ]
