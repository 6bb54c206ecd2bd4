"""The body figure, drawn from code: four views whose regions tile the figure exactly.

Every view is a mesh. A body segment (trunk, arm, leg, palm, ...) is a patch: a band between
two outline curves, cut by rows and lanes into cells; interior corner points come from
interpolating between the patch's four sides. Neighbouring patches are built on the *same*
side curve, so they share its corner points and its dense in-between points, and the cells
fit together without gaps or overlaps. Each cell carries a base region id; a region is the
union of its cells, merged into one outline by cancelling the edges its cells share.

The patient's right half is built once, in body units (one unit = one head height for the
anterior and posterior views) with x measured outward from the centre line, then mirrored
for the left half. Views:

* ``anterior``: whole body from the front; the patient's right is on the viewer's left.
* ``posterior``: whole body from behind; the patient's right is on the viewer's right.
* ``head``: lateral head and neck profile, one per side; the right side faces right, the
  left side is its mirror image (same viewBox, mirrored about its centre line).
* ``plantar``: the two soles as footprints, toes up; right sole on the viewer's right.

Nothing here reads data files: region names come from the atlas, which passes in the set of
midline base ids (they straddle the centre line instead of being split into _l and _r).

The modules: canvas (views, canvas sizes, point types), curves (curves and patches),
body_labels and body (the half body), head (the head profile), soles, mesh (meshes,
outlines, geometry) and render (the SVG).
"""

from taut.kb.figure.canvas import (
    BODY_H,
    BODY_SCALE,
    BODY_TOP,
    BODY_W,
    CANVAS,
    HEAD_H,
    HEAD_SCALE,
    HEAD_TOP,
    HEAD_W,
    SIDES,
    SOLE_GAP,
    SOLE_H,
    SOLE_SCALE,
    SOLE_TOP,
    SOLE_W,
    VIEWS,
    HalfCell,
    Label,
    Point,
    Ring,
)
from taut.kb.figure.curves import (
    Curve,
    digit,
    patch,
    straight,
    strip,
    xcurve,
    ycurve,
)
from taut.kb.figure.mesh import (
    Cell,
    Geometry,
    Mesh,
    Shape,
    geometry,
    meshes,
    outline_loops,
    path_data,
    region_cells,
)
from taut.kb.figure.render import (
    render_svg,
)

__all__ = [
    "BODY_H",
    "BODY_SCALE",
    "BODY_TOP",
    "BODY_W",
    "CANVAS",
    "Cell",
    "Curve",
    "Geometry",
    "HEAD_H",
    "HEAD_SCALE",
    "HEAD_TOP",
    "HEAD_W",
    "HalfCell",
    "Label",
    "Mesh",
    "Point",
    "Ring",
    "SIDES",
    "SOLE_GAP",
    "SOLE_H",
    "SOLE_SCALE",
    "SOLE_TOP",
    "SOLE_W",
    "Shape",
    "VIEWS",
    "digit",
    "geometry",
    "meshes",
    "outline_loops",
    "patch",
    "path_data",
    "region_cells",
    "render_svg",
    "straight",
    "strip",
    "xcurve",
    "ycurve",
]
