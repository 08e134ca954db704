"""Reads for the portal: what the home page shows to one person."""

from dataclasses import dataclass

from preau.accounts.models import User
from preau.directory.models import Profile
from preau.directory.person_rows import Row, person_rows
from preau.directory.selectors import ChildRef, person_context_of
from preau.portal.services_catalogue import CATALOGUE, Service, service_urls


@dataclass(frozen=True)
class Tile:
    code: str
    label: str
    description: str
    icon_path: str
    url: str | None  # None: the service is not available yet

    @property
    def available(self) -> bool:
        return self.url is not None


@dataclass(frozen=True)
class ChildSection:
    child_id: int
    first_name: str
    heading: str  # "Pour Léa, CE1 B – École Jules Ferry"
    tiles: tuple[Tile, ...]


@dataclass(frozen=True)
class HomePage:
    first_name: str
    tiles: tuple[Tile, ...]
    children: tuple[ChildSection, ...]
    school_names: tuple[str, ...]


def get_home(user: User) -> HomePage:
    """The person's services: their own tiles, then one section per child for a parent."""
    return home_of(user, person_rows(user.pk))


def home_of(user: User, rows: list[Row]) -> HomePage:
    """`get_home` from the person's rows, already read (`person_rows`)."""
    person = person_context_of(user, rows)
    profiles = frozenset(person.profiles)
    functions = frozenset(person.functions)
    is_parent = Profile.RESPONSABLE in profiles
    own_profiles = profiles - {Profile.RESPONSABLE}
    urls = service_urls()
    tiles = [
        _tile(service, urls)
        for service in CATALOGUE
        if service.is_for(own_profiles, functions)
        or (is_parent and not service.per_child and service.is_for(profiles, functions))
    ]
    children = tuple(_child_section(child, urls) for child in person.children) if is_parent else ()
    return HomePage(
        first_name=user.first_name,
        tiles=_available_first(tiles),
        children=children,
        school_names=tuple(school.name for school in person.schools),
    )


def _available_first(tiles: list[Tile]) -> tuple[Tile, ...]:
    """Open services first, so that nobody scrolls past "bientôt disponible" to reach one."""
    return tuple(sorted(tiles, key=lambda tile: not tile.available))


def _child_section(child: ChildRef, urls: dict[str, str | None]) -> ChildSection:
    services = [s for s in CATALOGUE if s.per_child and Profile.RESPONSABLE in s.profiles]
    return ChildSection(
        child_id=child.id,
        first_name=child.first_name,
        heading=_child_heading(child),
        tiles=_available_first([_tile(service, urls, child_id=child.id) for service in services]),
    )


def _child_heading(child: ChildRef) -> str:
    places = [f"{school_class.name} – {school_class.school_name}" for school_class in child.classes]
    if not places:
        places = [school.name for school in child.schools]
    if not places:
        return f"Pour {child.first_name}"
    return f"Pour {child.first_name}, {' ; '.join(places)}"


def _tile(service: Service, urls: dict[str, str | None], child_id: int | None = None) -> Tile:
    url = urls[service.code]
    if url is not None and child_id is not None:
        url = f"{url}?enfant={child_id}"
    return Tile(
        code=service.code,
        label=service.label,
        description=service.description,
        icon_path=service.icon_path,
        url=url,
    )
