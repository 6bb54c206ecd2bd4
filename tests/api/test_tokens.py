"""The API tokens page and the tokens themselves: shown once, stored hashed, revoked at once."""

import hashlib
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from taut.api import tokens
from taut.api.models import ApiToken
from taut.audit.actions import Action
from taut.audit.models import AuditEntry
from tests.api.base import ApiTestCase


class TokenPageTests(ApiTestCase):
    def test_it_needs_a_login(self):
        response = self.client.get(reverse("api:tokens"))
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("api:tokens"), {"name": "Reports", "scope": "read", "days": 90}
        )
        secret = response.context["secret"]
        assert secret.startswith("taut_") and len(secret) == 48
        assert secret.encode() in response.content
        assert "no-store" in response["Cache-Control"]
        token = ApiToken.objects.get(name="Reports")
        assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert token.clinic == self.clinic and token.prefix == secret[:12]
        assert secret.encode() not in self.client.get(reverse("api:tokens")).content
        entry = AuditEntry.objects.latest("id")
        assert entry.action == Action.CREATE and entry.object_type == "api.apitoken"

    def test_a_patient_makes_a_token_for_their_own_record(self):
        self.login(self.penny)
        self.client.post(reverse("api:tokens"), {"name": "My app", "scope": "read", "days": 90})
        assert ApiToken.objects.get(name="My app").clinic is None

    def test_someone_with_no_clinic_and_no_record_cannot_make_one(self):
        from tests.factories import make_user

        self.login(make_user("nobody"))
        response = self.client.post(
            reverse("api:tokens"), {"name": "x", "scope": "read", "days": 90}
        )
        assert response.context["secret"] is None and response.context["form"].errors

    def test_the_form_is_csrf_protected(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        assert (
            client.post(
                reverse("api:tokens"), {"name": "x", "scope": "read", "days": 90}
            ).status_code
            == 403
        )

    def test_revoking_stops_the_token_at_once_and_is_audited(self):
        token = ApiToken.objects.get(user=self.alice)
        self.login(self.alice)
        self.client.post(reverse("api:token_revoke", args=[token.pk]))
        token.refresh_from_db()
        assert token.is_revoked
        assert self.api("get", "/api/v1/patients").status_code == 401
        entry = AuditEntry.objects.latest("id")
        assert entry.action == Action.CHANGE and entry.detail["revoked"] is True

    def test_nobody_revokes_another_persons_token(self):
        token = ApiToken.objects.get(user=self.alice)
        self.login(self.charlie)
        assert self.client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
        self.login(self.bob)
        assert self.client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
        token.refresh_from_db()
        assert not token.is_revoked

    def test_the_page_lists_only_ones_own_tokens(self):
        self.login(self.bob)
        listed = self.client.get(reverse("api:tokens")).context["tokens"]
        assert [t.user for t in listed] == [self.bob]


class TokenTests(ApiTestCase):
    def test_use_is_recorded(self):
        self.api("get", "/api/v1/patients")
        assert ApiToken.objects.get(user=self.alice).last_used_at is not None

    def test_a_token_of_an_inactive_user_does_not_work(self):
        self.alice.is_active = False
        self.alice.save()
        assert self.api("get", "/api/v1/patients").status_code == 401

    def test_two_tokens_never_share_a_prefix(self):
        secrets = {tokens.issue(self.alice, self.clinic, "t")[1] for _ in range(20)}
        assert len({s[:12] for s in secrets}) == 20


def test_schema_components_have_unique_names():
    """Ninja keys schemas by class name: two classes of one name would silently merge."""
    from ninja import Schema

    import taut.api.main  # noqa: F401 - loads every router

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = [c.__name__ for c in subclasses(Schema) if c.__module__.startswith("taut.api")]
    assert len(names) == len(set(names))


class CsrfTests(ApiTestCase):
    def test_a_token_call_needs_no_csrf_cookie(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        response = client.post(
            f"/api/v1/patients/{self.patient.uuid}/episodes",
            {"title": "Neck", "body_area": "head_neck"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {self.tokens['alice']}"},
        )
        assert response.status_code == 201


class ScopeAndExpiryTests(ApiTestCase):
    def call(self, method, secret, path=None, **data):
        path = path or f"/api/v1/patients/{self.patient.uuid}/episodes"
        return getattr(self.client, method)(
            path, data, content_type="application/json",
            headers={"Authorization": f"Bearer {secret}"},
        )  # fmt: skip

    def test_a_read_only_token_reads_but_cannot_write(self):
        secret = tokens.issue(self.alice, self.clinic, "reports", scope="read")[1]
        assert self.call("get", secret, "/api/v1/patients").status_code == 200
        refused = self.call("post", secret, title="Neck", body_area="head_neck")
        assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
        assert not self.patient.episodes.filter(title="Neck").exists()

    def test_a_read_and_write_token_writes(self):
        secret = tokens.issue(self.alice, self.clinic, "sync", scope="write")[1]
        assert self.call("post", secret, title="Neck", body_area="head_neck").status_code == 201

    def test_an_expired_token_is_refused(self):
        token, secret = tokens.issue(self.alice, self.clinic, "old", days=30)
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
        assert self.call("get", secret, "/api/v1/patients").status_code == 401

    def test_a_token_expires_after_the_days_chosen(self):
        token = tokens.issue(self.alice, self.clinic, "t", days=365)[0]
        lifetime = token.expires_at - token.created_at
        assert timedelta(days=364, hours=23) < lifetime <= timedelta(days=365)

    def test_the_page_makes_a_token_with_the_scope_and_expiry_chosen_and_shows_them(self):
        self.login(self.alice)
        self.client.post(reverse("api:tokens"), {"name": "Sync", "scope": "write", "days": 30})
        token = ApiToken.objects.get(name="Sync")
        assert token.scope == "write" and (token.expires_at - timezone.now()).days in (29, 30)
        page = self.client.get(reverse("api:tokens")).content.decode()
        assert "Read and write" in page and token.expires_at.strftime("%Y-%m-%d") in page

    def test_an_expiry_not_offered_is_refused(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("api:tokens"), {"name": "x", "scope": "read", "days": 9999}
        )
        assert response.context["form"].errors["days"]
        assert not ApiToken.objects.filter(name="x").exists()

    def test_an_expired_token_shows_as_expired(self):
        token = tokens.issue(self.alice, self.clinic, "Stale")[0]
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
        self.login(self.alice)
        assert "Expired" in self.client.get(reverse("api:tokens")).content.decode()
