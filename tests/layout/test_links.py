"""The layout's links, reversed once per script prefix (taut.clinics.context_processors):
the same as reversing them on each page, under any prefix the site is served at."""

from django.test import SimpleTestCase
from django.urls import clear_script_prefix, reverse, set_script_prefix

from taut.clinics.context_processors import LAYOUT, layout_links
from tests.base import ClinicTestCase


class LayoutLinkTests(SimpleTestCase):
    def tearDown(self):
        clear_script_prefix()

    def test_each_link_is_its_reversed_url(self):
        links = layout_links("/")
        self.assertEqual(len(links), len(LAYOUT))
        for name in LAYOUT:
            self.assertEqual(links[name.replace(":", "_")], reverse(name))

    def test_under_another_prefix_the_links_carry_it(self):
        set_script_prefix("/clinic-a/")
        links = layout_links("/clinic-a/")
        self.assertEqual(links["patients_list"], "/clinic-a" + layout_links("/")["patients_list"])


class LayoutPageTests(ClinicTestCase):
    def test_the_navigation_links_each_section(self):
        self.client.force_login(self.alice)
        html = self.client.get("/patients/").content.decode()
        for name in ("patients:list", "schedule:calendar", "password_change", "logout"):
            self.assertIn(f'"{reverse(name)}"', html)
        self.assertIn(f'<a href="{reverse("patients:list")}" aria-current="page">', html)
