"""A batch of people to create together, then their profiles, classes and links (bulk services)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from preau.directory import services
from preau.directory.models import (
    ClassMembership,
    ParentLink,
    ProfileAssignment,
    SchoolClass,
)
from preau.directory.services import PersonSpec


@dataclass
class Roster:
    specs: list[PersonSpec] = field(default_factory=list)
    profiles: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    memberships: list[tuple[int, SchoolClass, str, str]] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    functions: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    users: list[Any] = field(default_factory=list)

    def person(
        self,
        first_name: str,
        last_name: str,
        *,
        usage_name: str = "",
        birth_date: datetime.date | None = None,
        login: str = "",
        password_hash: str = "",
    ) -> int:
        self.specs.append(
            PersonSpec(first_name, last_name, usage_name, birth_date, login, password_hash)
        )
        return len(self.specs) - 1

    def profile(self, who: int, profile: str, **scope: Any) -> None:
        self.profiles.append((who, {"profile": profile, **scope}))

    def member(self, who: int, school_class: SchoolClass, role: str, level: str = "") -> None:
        self.memberships.append((who, school_class, role, level))

    def link(self, parent: int, child: int, relationship: str) -> None:
        self.links.append((parent, child, relationship))

    def function(self, who: int, function: str, **scope: Any) -> None:
        self.functions.append((who, function, scope))

    def save(self) -> list[Any]:
        """Create everything through the bulk services; functions through `assign_function`."""
        self.users = services.bulk_create_people(None, self.specs)
        ids = [u.pk for u in self.users]
        services.bulk_assign_profiles(
            None, (ProfileAssignment(user_id=ids[w], **kw) for w, kw in self.profiles)
        )
        services.bulk_add_to_classes(
            None,
            (
                ClassMembership(user_id=ids[w], school_class=c, role=role, level=level)
                for w, c, role, level in self.memberships
            ),
        )
        services.bulk_link_parents(
            None,
            (
                ParentLink(
                    parent_id=ids[p],
                    child_id=ids[c],
                    relationship=rel,
                    contact_priority=1 if rel == "mere" else 2,
                    source="demo",
                )
                for p, c, rel in self.links
            ),
        )
        for who, function, scope in self.functions:
            services.assign_function(None, self.users[who], function, **scope)
        return self.users
