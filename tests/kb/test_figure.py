"""The body figure: the regions of every view tile the figure (no gaps, no overlaps), the
left side mirrors the right, and the SVG exposes every region to CSS and screen readers."""

import math
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from taut.kb import figure
from taut.kb.atlas import load_atlas

Point = tuple[float, float]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture(scope="module")
def meshes(atlas):
    return atlas.geometry.meshes


def _mesh_id(mesh: figure.Mesh) -> str:
    return f"{mesh.view}-{mesh.side}" if mesh.side else mesh.view


def _each_mesh():
    midline = frozenset(r.base for r in load_atlas() if r.side == "midline")
    return pytest.mark.parametrize("mesh", figure.meshes(midline), ids=_mesh_id)


# --- geometry helpers (independent of the figure module's own) ------------------------------


def _area(ring: list[Point]) -> float:
    """Signed shoelace area, positive for counter-clockwise on screen (y down)."""
    return (
        sum(x2 * y1 - x1 * y2 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def _path_loops(d: str) -> list[list[Point]]:
    loops = []
    for body in re.findall(r"M([^MZ]+)Z", d):
        pairs = re.findall(r"(-?[\d.]+),(-?[\d.]+)", body)
        loops.append([(float(x), float(y)) for x, y in pairs])
    assert "".join(f"M{b}Z" for b in re.findall(r"M([^MZ]+)Z", d)) == d
    return loops


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _segments_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """Proper crossing of two segments (touching at an end does not count)."""
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    return d1 * d2 < -1e-9 and d3 * d4 < -1e-9


def _is_simple(ring: list[Point]) -> bool:
    n = len(ring)
    edges = [(ring[k], ring[(k + 1) % n]) for k in range(n)]
    for i in range(n):
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue
            if _segments_cross(*edges[i], *edges[j]):
                return False
    return True


def _triangulate(ring: list[Point]) -> list[list[Point]]:
    """Ear clipping of a simple polygon (screen-counter-clockwise, so ears have positive
    area in the _area sense)."""
    pts = list(ring)
    out = []
    guard = 0
    while len(pts) > 3:
        guard += 1
        assert guard < 10_000, "cannot triangulate"
        n = len(pts)
        for k in range(n):
            a, b, c = pts[k - 1], pts[k], pts[(k + 1) % n]
            if _area([a, b, c]) <= 1e-12:
                continue
            if any(_inside_triangle(p, a, b, c) for p in pts if p not in (a, b, c)):
                continue
            out.append([a, b, c])
            del pts[k]
            break
        else:  # only degenerate (collinear) corners left
            del pts[0]
    if _area(pts) > 1e-12:
        out.append(pts)
    return out


def _inside_triangle(p: Point, a: Point, b: Point, c: Point) -> bool:
    s = _area([a, b, p]), _area([b, c, p]), _area([c, a, p])
    return all(v > 1e-12 for v in s)


def _clip(subject: list[Point], clip: list[Point]) -> list[Point]:
    """Sutherland-Hodgman: the part of subject inside the convex polygon clip."""
    out = subject
    for a, b in zip(clip, clip[1:] + clip[:1], strict=True):
        if not out:
            break
        inp, out = out, []
        for k, p in enumerate(inp):
            q = inp[k - 1]
            # Inside a screen-counter-clockwise polygon is right of each edge (y down).
            p_in, q_in = _cross(a, b, p) <= 0, _cross(a, b, q) <= 0
            if p_in:
                if not q_in:
                    out.append(_intersection(q, p, a, b))
                out.append(p)
            elif q_in:
                out.append(_intersection(q, p, a, b))
    return out


def _intersection(p: Point, q: Point, a: Point, b: Point) -> Point:
    d1, d2 = _cross(a, b, p), _cross(a, b, q)
    t = d1 / (d1 - d2)
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def _rings(mesh: figure.Mesh) -> list[list[Point]]:
    return [[mesh.points[i] for i in cell.ring] for cell in mesh.cells]


# --- tiling ----------------------------------------------------------------------------------


@_each_mesh()
def test_cells_are_simple_and_counter_clockwise(mesh):
    for ring in _rings(mesh):
        assert _area(ring) > 0
        assert _is_simple(ring)


@_each_mesh()
def test_cells_share_whole_edges_only(mesh):
    """Every edge is used once or by two cells in opposite directions: corners are shared,
    there are no T-junctions and no two cells lie on top of each other along an edge."""
    edges = Counter()
    for cell in mesh.cells:
        ring = cell.ring
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            edges[(a, b)] += 1
    assert max(edges.values()) == 1
    boundary = [e for e in edges if (e[1], e[0]) not in edges]
    # Boundary edges chain into loops: each boundary point starts and ends one edge.
    starts = Counter(a for a, _ in boundary)
    ends = Counter(b for _, b in boundary)
    assert starts == ends


@_each_mesh()
def test_no_two_cells_overlap(mesh):
    triangles = []
    for k, ring in enumerate(_rings(mesh)):
        for tri in _triangulate(ring):
            xs, ys = [p[0] for p in tri], [p[1] for p in tri]
            triangles.append((k, tri, (min(xs), min(ys), max(xs), max(ys))))
    # Bucket triangles on a coarse grid so only nearby pairs are clipped.
    buckets: dict[tuple[int, int], list[int]] = {}
    size = 10.0
    for t, (_k, _tri, (x0, y0, x1, y1)) in enumerate(triangles):
        for gx in range(int(x0 // size), int(x1 // size) + 1):
            for gy in range(int(y0 // size), int(y1 // size) + 1):
                buckets.setdefault((gx, gy), []).append(t)
    checked = set()
    for members in buckets.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                a, b = triangles[members[i]], triangles[members[j]]
                if a[0] == b[0] or (members[i], members[j]) in checked:
                    continue
                checked.add((members[i], members[j]))
                (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a[2], b[2]
                if ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0:
                    continue
                overlap = _clip(a[1], b[1])
                assert len(overlap) < 3 or _area(overlap) < 1e-4, (a[0], b[0])


@_each_mesh()
def test_region_areas_add_up_to_the_figure_outline(mesh, atlas):
    """The union outline of all cells has no holes (no gaps inside the figure), and the
    regions' own SVG outlines, plus the context shapes, add up to exactly its area."""
    loops = figure.outline_loops(mesh.points, [c.ring for c in mesh.cells])
    areas = [_area([mesh.points[i] for i in loop]) for loop in loops]
    assert all(a > 0 for a in areas), "a clockwise boundary loop is a hole in the figure"
    expected_parts = 2 if mesh.view == "plantar" else 1  # two soles; one connected body
    assert len(loops) == expected_parts
    union = sum(areas)
    regions = [
        r for r in atlas.in_view(mesh.view, mesh.side) if mesh.view != "head" or r.side == mesh.side
    ]
    total = sum(_area(loop) for r in regions for loop in _path_loops(r.path))
    context = atlas.geometry.context.get((mesh.view, mesh.side))
    if context:
        total += sum(_area(loop) for loop in _path_loops(context))
    assert total == pytest.approx(union, rel=1e-6)
    cells = sum(_area(ring) for ring in _rings(mesh))
    assert cells == pytest.approx(union, rel=1e-9)


def test_each_region_is_one_connected_shape(atlas):
    for region in atlas:
        loops = _path_loops(region.path)
        outer = [loop for loop in loops if _area(loop) > 0]
        # The four lesser toes are drawn apart, like the fingers; they form one region.
        assert len(outer) == (4 if region.base.endswith("lesser_toes") else 1), region.id
        holes = [loop for loop in loops if _area(loop) < 0]
        if holes:  # only the outer ear surrounds another region (deep in the ear)
            assert region.base == "ear", region.id


def test_the_head_views_have_all_head_regions_and_the_body_views_none(atlas):
    head_bases = {r.base for r in atlas.in_view("head")}
    assert len(head_bases) == 21
    body = {r.base for view in ("anterior", "posterior") for r in atlas.in_view(view)}
    assert not head_bases & body
    assert {"throat", "cervical_spine", "posterolateral_neck"} <= body


# --- mirror images -----------------------------------------------------------------------


def _points(d: str) -> list[Point]:
    return [p for loop in _path_loops(d) for p in loop]


def test_left_shapes_are_mirror_images_of_the_right(atlas):
    for region in atlas:
        if region.side != "right":
            continue
        twin = atlas.get(atlas.mirror(region.id))
        width = figure.CANVAS[region.view][0]
        mirrored = [(width - x, y) for x, y in _points(region.path)]
        theirs = _points(twin.path)
        assert len(mirrored) == len(theirs), region.id
        near = {}
        for x, y in theirs:
            near.setdefault((round(x), round(y)), []).append((x, y))
        for x, y in mirrored:
            candidates = [
                q
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for q in near.get((round(x) + dx, round(y) + dy), [])
            ]
            assert any(math.dist((x, y), q) < 0.03 for q in candidates), (region.id, x, y)
        area = sum(_area(loop) for loop in _path_loops(region.path))
        twin_area = sum(_area(loop) for loop in _path_loops(twin.path))
        assert area == pytest.approx(twin_area, rel=1e-4)


def test_midline_regions_straddle_the_centre_line(atlas):
    for region in atlas:
        if region.side != "midline":
            continue
        width = figure.CANVAS[region.view][0]
        xs = [x for x, _ in _points(region.path)]
        assert min(xs) < width / 2 < max(xs), region.id
        assert min(xs) + max(xs) == pytest.approx(width, abs=0.05), region.id


# --- sensible placement ----------------------------------------------------------------------


def _centre(atlas, region_id: str) -> Point:
    """Area-weighted centroid of a region."""
    cx = cy = total = 0.0
    for loop in _path_loops(atlas.get(region_id).path):
        for tri in _triangulate(loop) if _area(loop) > 0 else []:
            a = _area(tri)
            cx += a * sum(p[0] for p in tri) / 3
            cy += a * sum(p[1] for p in tri) / 3
            total += a
    return (cx / total, cy / total)


def _outward(atlas, region_id: str) -> float:
    """Distance from the centre line, toward the region's own side."""
    view = atlas.get(region_id).view
    return abs(_centre(atlas, region_id)[0] - figure.CANVAS[view][0] / 2)


def test_sides_face_the_right_way(atlas):
    centre = figure.BODY_W / 2
    assert _centre(atlas, "pectoral_r")[0] < centre  # front: patient's right on the left
    assert _centre(atlas, "scapula_r")[0] > centre  # back: patient's right on the right
    assert _centre(atlas, "plantar_heel_r")[0] > figure.SOLE_W / 2
    # Right side of the head faces right: the nose is right of the ear.
    assert _centre(atlas, "nose_r")[0] > _centre(atlas, "ear_r")[0]
    assert _centre(atlas, "nose_l")[0] < _centre(atlas, "ear_l")[0]


@pytest.mark.parametrize(
    ("outer", "inner"),
    [
        ("lateral_epicondyle_r", "olecranon_r"),
        ("lateral_epicondyle_r", "posteromedial_arm_r"),
        ("snuffbox_r", "ulnar_wrist_r"),
        ("snuffbox_l", "dorsal_wrist_l"),
        ("thenar_r", "hypothenar_r"),
        ("thumb_r", "little_finger_r"),
        ("greater_trochanter_r", "lower_buttock_r"),
        ("lateral_knee_r", "medial_knee_r"),
        ("lateral_malleolus_r", "achilles_r"),
        ("lateral_shoulder_r", "anterior_shoulder_r"),
        ("volar_radial_forearm_l", "volar_ulnar_forearm_l"),
        ("plantar_lateral_foot_r", "medial_arch_r"),
    ],
)
def test_outer_regions_lie_outside_inner_ones(atlas, outer, inner):
    assert _outward(atlas, outer) > _outward(atlas, inner)


@pytest.mark.parametrize(
    ("upper", "lower"),
    [
        ("iliac_crest_r", "greater_trochanter_r"),
        ("iliac_crest_r", "upper_buttock_r"),
        ("acromion_r", "posterior_shoulder_r"),
        ("supraclavicular_r", "infraclavicular_r"),
        ("nipple_r", "periumbilical"),
        ("sternum", "xiphoid"),
        ("xiphoid", "epigastric"),
        ("periumbilical", "suprapubic"),
        ("antecubital_r", "volar_wrist_r"),
        ("patella_r", "shin_r"),
        ("popliteal_r", "calf_r"),
        ("calf_r", "achilles_r"),
        ("sacrum", "coccyx"),
        ("vertex_r", "forehead_r"),
        ("eyebrow_r", "behind_eye_r"),
        ("upper_teeth_r", "lower_teeth_r"),
        ("lower_teeth_r", "chin_r"),
        ("ball_of_foot_r", "plantar_heel_r"),
        ("plantar_great_toe_r", "ball_of_foot_r"),
    ],
)
def test_upper_regions_lie_above_lower_ones(atlas, upper, lower):
    assert _centre(atlas, upper)[1] < _centre(atlas, lower)[1]


def test_proportions_follow_the_figure_drawing_canon(meshes):
    body = next(m for m in meshes if m.view == "anterior")
    xs = [p[0] for p in body.points]
    ys = [p[1] for p in body.points]
    height = max(ys) - min(ys)
    head = figure.BODY_SCALE
    assert height / head == pytest.approx(7.5, abs=0.1)
    chest_level = figure.BODY_TOP + 1.9 * head  # through the deltoids
    shoulders = 2 * max(
        abs(x - figure.BODY_W / 2) for x, y in body.points if abs(y - chest_level) < 2
    )
    assert 1.8 < shoulders / head < 2.3
    assert min(xs) > 0 and max(xs) < figure.BODY_W


# --- SVG -------------------------------------------------------------------------------------


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize(
    ("view", "side", "label"),
    [
        ("anterior", None, "Front"),
        ("posterior", None, "Back"),
        ("head", "right", "Right side of head"),
        ("head", "left", "Left side of head"),
        ("plantar", None, "Soles"),
    ],
)
def test_svg_has_every_region_with_data_region_and_title(atlas, view, side, label):
    svg = figure.render_svg(view, side)
    root = _parse(svg)
    assert root.get("role") == "group"
    title_id = root.get("aria-labelledby")
    assert root.find(f"{SVG}title").get("id") == title_id
    paths = {p.get("data-region"): p for p in root.iter(f"{SVG}path") if p.get("data-region")}
    expected = [r for r in atlas.in_view(view) if view != "head" or r.side == side]
    assert set(paths) == {r.id for r in expected}
    for region in expected:
        path = paths[region.id]
        assert path.get("id") == f"region-{region.id}"
        assert path.get("class") == "region"
        assert path.get("role") == "img"
        assert path.find(f"{SVG}title").text == region.label
        assert path.get("d") == region.path
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert label in texts


def test_svg_marks_the_orientation(atlas):
    def markers(svg: str) -> list[str]:
        root = _parse(svg)
        return [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "side-marker"]

    assert markers(figure.render_svg("anterior")) == ["R", "L"]  # viewer's left first
    assert markers(figure.render_svg("posterior")) == ["L", "R"]
    assert markers(figure.render_svg("plantar")) == ["L", "R"]
    assert markers(figure.render_svg("head", "right")) == ["face \u2192"]
    assert markers(figure.render_svg("head", "left")) == ["\u2190 face"]


def test_svg_of_the_head_without_a_side_shows_both_profiles(atlas):
    root = _parse(figure.render_svg("head"))
    regions = {p.get("data-region") for p in root.iter(f"{SVG}path") if p.get("data-region")}
    assert regions == {r.id for r in atlas.in_view("head")}
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Right side of head" in texts and "Left side of head" in texts
    assert root.get("viewBox") == f"0 0 {int(2 * figure.HEAD_W)} {int(figure.HEAD_H)}"


def test_svg_marked_regions_get_css_classes(atlas):
    svg = figure.render_svg(
        "anterior",
        marked={"pectoral_r": "essential", "axilla_r": "spillover pain-5", "temple_r": "x"},
    )
    root = _parse(svg)
    classes = {p.get("data-region"): p.get("class") for p in root.iter(f"{SVG}path")}
    assert classes["pectoral_r"] == "region essential"
    assert classes["axilla_r"] == "region spillover pain-5"
    assert classes["pectoral_l"] == "region"
    assert "temple_r" not in classes  # marks for other views are ignored


def test_svg_rejects_bad_arguments(atlas):
    with pytest.raises(KeyError, match="temple_r"):
        figure.render_svg("anterior", marked={"tempel_r": "essential"})
    with pytest.raises(ValueError):
        figure.render_svg("anterior", marked={"temple_r": 'x" onclick="y'})
    with pytest.raises(ValueError):
        figure.render_svg("sideways")
    with pytest.raises(ValueError):
        figure.render_svg("anterior", "right")
    with pytest.raises(ValueError):
        figure.render_svg("head", "both")


def test_svg_ids_take_a_prefix(atlas):
    svg = figure.render_svg("plantar", id_prefix="drawing2-")
    assert 'id="drawing2-plantar_heel_r"' in svg
    assert 'id="region-' not in svg


def test_context_outline_has_no_region(atlas):
    root = _parse(figure.render_svg("anterior"))
    context = [p for p in root.iter(f"{SVG}path") if p.get("class") == "figure-context"]
    assert len(context) == 1
    assert context[0].get("data-region") is None
    assert context[0].get("aria-hidden") == "true"
    assert not math.isnan(sum(_area(loop) for loop in _path_loops(context[0].get("d"))))
