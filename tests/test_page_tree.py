"""Which page may be created where: the two trees of DESIGN.md and nothing else."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from buzon.models import BuzonPage
from ejes.models import EjePage, EjesIndexPage
from estructura.models import EstructuraIndexPage, OrganoPage, ProyectoPage, PublicacionPage
from home.models import HomePage
from resultados.models import ResultadosPage


class TestPageTree(WagtailPageTestCase):
    def test_home_lives_only_at_the_root_and_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(HomePage.max_count, 1)
        root = Page.objects.get(depth=1)
        # The migration created one already, so no second home can be added.
        self.assertFalse(HomePage.can_create_at(root))

    def test_home_holds_the_two_indexes_the_buzon_and_the_results(self):
        self.assertAllowedSubpageTypes(
            HomePage, {EjesIndexPage, EstructuraIndexPage, BuzonPage, ResultadosPage}
        )

    def test_buzon_is_a_one_off_leaf_under_home(self):
        self.assertAllowedParentPageTypes(BuzonPage, {HomePage})
        self.assertAllowedSubpageTypes(BuzonPage, set())
        self.assertEqual(BuzonPage.max_count, 1)

    def test_results_page_is_a_one_off_leaf_under_home(self):
        self.assertAllowedParentPageTypes(ResultadosPage, {HomePage})
        self.assertAllowedSubpageTypes(ResultadosPage, set())
        self.assertEqual(ResultadosPage.max_count, 1)

    def test_indexes_are_one_off_pages(self):
        self.assertEqual(EjesIndexPage.max_count, 1)
        self.assertEqual(EstructuraIndexPage.max_count, 1)

    def test_ejes_nest_as_temas_only_under_the_ejes_index(self):
        self.assertAllowedParentPageTypes(EjePage, {EjesIndexPage, EjePage})
        self.assertAllowedSubpageTypes(EjesIndexPage, {EjePage})
        self.assertAllowedSubpageTypes(EjePage, {EjePage})

    def test_organos_nest_under_the_structure(self):
        self.assertAllowedParentPageTypes(OrganoPage, {EstructuraIndexPage, OrganoPage})
        self.assertAllowedSubpageTypes(EstructuraIndexPage, {OrganoPage})
        self.assertAllowedSubpageTypes(OrganoPage, {OrganoPage, PublicacionPage, ProyectoPage})

    def test_publications_and_projects_live_only_under_an_organo(self):
        self.assertAllowedParentPageTypes(PublicacionPage, {OrganoPage})
        self.assertAllowedParentPageTypes(ProyectoPage, {OrganoPage})
        self.assertAllowedSubpageTypes(PublicacionPage, set())
        self.assertAllowedSubpageTypes(ProyectoPage, set())

    def test_content_cannot_be_created_outside_its_tree(self):
        self.assertCanNotCreateAt(EjesIndexPage, PublicacionPage)
        self.assertCanNotCreateAt(EjePage, OrganoPage)
        self.assertCanNotCreateAt(HomePage, PublicacionPage)
        self.assertCanNotCreateAt(EstructuraIndexPage, PublicacionPage)
        self.assertCanNotCreateAt(EstructuraIndexPage, EjePage)
