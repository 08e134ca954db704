"""Issue 7's class blog in a real browser at 360 px: demo.enseignant publishes a post with a photo
after seeing the pupil without photo consent; demo.parent sees the post and its thumbnail; a
parent of another class cannot open the blog nor the photo."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from preau.blog.models import Post
from preau.consent.factories import allow_photos, refuse_photos
from preau.core.testing.browser import login_through_form
from preau.directory.models import ClassMembership, ParentLink
from preau.storage.testing import local_files, png_bytes  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Plantations au jardin"


def fits_a_phone(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= 360")


def _logout(page):
    page.get_by_role("button", name="Se déconnecter").click()


def _class_and_outsider(demo, password):
    """demo.eleve's class, a classmate whose family refused photos, a parent of another class."""
    klass = ClassMembership.objects.get(user=demo.eleve, role="eleve").school_class
    pupils = [
        m.user
        for m in ClassMembership.objects.filter(school_class=klass, role="eleve").select_related(
            "user"
        )
    ]
    refused = next(p for p in pupils if p.pk != demo.eleve.pk)
    refuse_photos(refused, school=klass.school)
    allow_photos(*[p for p in pupils if p.pk != refused.pk], school=klass.school)
    link = (
        ParentLink.objects.filter(parental_authority=True, child__class_memberships__role="eleve")
        .exclude(child__class_memberships__school_class=klass)
        .exclude(parent__child_links__child__class_memberships__school_class=klass)
        .select_related("parent")
        .first()
    )
    assert link is not None, "the demo has families in other classes"
    outsider = link.parent
    outsider.set_password(password)
    outsider.save(update_fields=["password"])
    return klass, refused, outsider


def test_teacher_publishes_a_photo_seen_by_the_class_families_only(
    phone_page, live_server, demo, demo_password, axe
):
    page = phone_page
    klass, refused, outsider = _class_and_outsider(demo, demo_password)

    login_through_form(page, live_server.url, demo.enseignant.login, demo_password)
    page.get_by_role("link", name="Cahier multimédia et blog").first.click()
    page.get_by_role("link", name=f"Blog de la classe {klass.name}").click()
    page.get_by_role("link", name="Écrire un article").click()
    no_photo = page.get_by_test_id("no-photo-list")
    expect(no_photo).to_contain_text(refused.list_name)
    assert demo.eleve.list_name not in no_photo.inner_text()
    axe(page)
    assert fits_a_phone(page)
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_role("textbox", name="Texte de l'article").fill("Nous avons semé des radis.")
    page.get_by_label("Photos, sons ou vidéos").set_input_files(
        [{"name": "jardin.png", "mimeType": "image/png", "buffer": png_bytes(640, 480)}]
    )
    page.get_by_label("Description des photos").fill("Les enfants arrosent les semis")
    page.get_by_label("J'ai vérifié que ces élèves n'apparaissent pas sur les photos").check()
    page.get_by_role("button", name="Publier l'article").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_test_id("post-photo")).to_have_count(1)
    axe(page)
    assert fits_a_phone(page)
    post = Post.objects.get(title=TITLE)
    media_url = live_server.url + reverse("blog:media", args=[post.media.get().pk]) + "?apercu=1"
    _logout(page)

    login_through_form(page, live_server.url, demo.parent.login, demo_password)
    leo_section = page.get_by_test_id("child-section").filter(has_text="Pour Léo")
    leo_section.get_by_role("link", name="Cahier multimédia et blog").click()
    posts = page.get_by_test_id("posts")
    expect(posts).to_contain_text(TITLE)
    thumbnail = posts.get_by_role("img", name="Les enfants arrosent les semis (1 sur 1)")
    expect(thumbnail).to_be_visible()
    # decode() waits for the image to load (to_be_visible does not) and rejects a broken one.
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")
    axe(page)
    assert fits_a_phone(page)
    page.get_by_role("link", name="Lire le cahier multimédia, page par page").click()
    expect(page.get_by_test_id("book-page")).to_contain_text(TITLE)
    axe(page)
    assert fits_a_phone(page)
    _logout(page)

    login_through_form(page, live_server.url, outsider.login, demo_password)
    page.goto(live_server.url + reverse("blog:home"))
    expect(page.get_by_role("link", name=f"Blog de la classe {klass.name}")).to_have_count(0)
    blog = page.goto(live_server.url + reverse("blog:blog", args=[klass.pk]))
    assert blog is not None and blog.status == 404
    photo = page.goto(media_url)
    assert photo is not None and photo.status == 404


def test_pupil_submits_and_director_corrects_consent_at_phone_width(
    phone_page, live_server, demo, demo_password, axe
):
    page = phone_page
    klass = ClassMembership.objects.get(user=demo.eleve, role="eleve").school_class

    login_through_form(page, live_server.url, demo.eleve.login, demo_password)
    page.goto(live_server.url + reverse("blog:compose", args=[klass.pk]))
    expect(page.get_by_test_id("no-photo-list")).to_have_count(0)  # the teacher checks, later
    axe(page)
    assert fits_a_phone(page)
    page.get_by_label("Titre").fill("Mon dessin de la mare")
    page.get_by_role("button", name="Envoyer à mon enseignant").click()
    expect(page.get_by_test_id("compose-error")).to_contain_text("Écrivez un texte")
    axe(page)
    page.get_by_role("textbox", name="Texte de l'article").fill("J'ai dessiné les grenouilles.")
    page.get_by_role("button", name="Envoyer à mon enseignant").click()
    expect(page.get_by_test_id("post")).to_contain_text("En attente de validation")
    axe(page)
    _logout(page)

    login_through_form(page, live_server.url, demo.directeur.login, demo_password)
    page.goto(live_server.url + reverse("lifecycle:school", args=[klass.school_id]))
    page.get_by_test_id("consent-link").click()
    row = page.get_by_test_id(f"consent-{demo.eleve.pk}")
    expect(row).to_contain_text("Non renseigné")
    axe(page)
    assert fits_a_phone(page)
    row.get_by_role("button", name="Refuser les photos").click()
    expect(page.locator(".messages")).to_contain_text("Autorisation de photo enregistrée.")
    row = page.get_by_test_id(f"consent-{demo.eleve.pk}")
    expect(row).to_contain_text("Correction de l'école")
    _logout(page)

    login_through_form(page, live_server.url, demo.enseignant.login, demo_password)
    page.goto(live_server.url + reverse("lifecycle:class", args=[klass.pk]))
    pupil_row = page.get_by_role("row").filter(has_text=demo.eleve.list_name).first
    expect(pupil_row.get_by_test_id("no-photo")).to_have_text("pas de photo")
    axe(page)
