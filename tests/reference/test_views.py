"""The clinician reference pages: muscle index and search, muscle pages, region pages."""

import re

from tests.base import ClinicTestCase


class ReferenceViewTests(ClinicTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_index_groups_muscles_by_body_part(self):
        body = self.client.get("/reference/").content.decode()
        for group in ("Head and neck", "Shoulder and arm", "Leg and foot"):
            assert group in body
        assert "Upper trapezius" in body

    def test_search_by_muscle_name(self):
        response = self.client.get("/reference/", {"q": "infraspinatus"})
        assert [m.id for m in response.context["muscles_found"]] == ["infraspinatus"]

    def test_search_by_body_area_alias_finds_the_muscles_that_refer_there(self):
        response = self.client.get("/reference/", {"q": "heel"})
        areas = response.context["areas_found"]
        assert areas
        found = {muscle.id for _, rows in areas for muscle, _, _ in rows}
        assert {"soleus", "quadratus_plantae"} <= found

    def test_search_by_temple(self):
        response = self.client.get("/reference/", {"q": "temple"})
        found = {muscle.id for _, rows in response.context["areas_found"] for muscle, _, _ in rows}
        assert {"temporalis", "upper_trapezius"} <= found

    def test_muscle_page_draws_the_referral_map_and_safety_card(self):
        body = self.client.get("/reference/muscles/upper_trapezius/").content.decode()
        assert "Pneumothorax risk" in body
        assert region_classes(body, "temple_r") >= {"region", "essential"}
        assert region_classes(body, "occiput_r") >= {"spillover"}
        assert "site" in region_classes(body, "upper_shoulder_r")

    def test_a_both_sides_zone_is_drawn_on_both_sides(self):
        body = self.client.get("/reference/muscles/sternocleidomastoid_clavicular/").content
        body = body.decode()
        assert "essential" in region_classes(body, "forehead_l")
        assert "essential" in region_classes(body, "forehead_r")

    def test_region_page_lists_essential_before_spillover(self):
        response = self.client.get("/reference/regions/temple/")
        assert response.status_code == 200
        essential = [tp.muscle_id for tp in response.context["essential"]]
        spillover = [tp.muscle_id for tp in response.context["spillover"]]
        assert "temporalis" in essential and "upper_trapezius" in essential
        body = response.content.decode()
        assert body.index("Essential zone of") < body.index("Spillover zone of")
        assert spillover, "some trigger point has the temple in its spillover zone"

    def test_a_sided_region_id_opens_the_base_region(self):
        assert self.client.get("/reference/regions/temple_l/").status_code == 200

    def test_unknown_muscle_and_region_are_404(self):
        assert self.client.get("/reference/muscles/nonsense/").status_code == 404
        assert self.client.get("/reference/regions/nonsense/").status_code == 404

    def test_front_desk_may_use_the_reference(self):
        self.login(self.bob)
        assert self.client.get("/reference/muscles/soleus/").status_code == 200

    def test_a_patient_login_has_no_reference(self):
        self.login(self.penny)
        assert self.client.get("/reference/").status_code == 404


def region_classes(body: str, region_id: str) -> set[str]:
    """The CSS classes of the path drawing `region_id` (the first, if drawn twice)."""
    for tag in re.findall(r"<path\b[^>]*>", body):
        if f'data-region="{region_id}"' in tag:
            return set(re.search(r'class="([^"]*)"', tag).group(1).split())
    return set()
