"""The sandbox's pictures: drawn products whose colour follows from the path, and the catalogue
documents linking to the sandbox that served them."""

from __future__ import annotations

import json

import httpx
import pytest
from PySide6.QtGui import QColor, QImage

from tests.sandbox.helpers import served_bytes
from vody_desktop.sandbox import catalogue as cat
from vody_desktop.sandbox import picture_paths as pics
from vody_desktop.sandbox.drawing import SHAPES, SIZE, product_png
from vody_desktop.sandbox.picture_routes import OVERSIZE_BYTES


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_is_a_deterministic_png(shape: str) -> None:
    data = product_png.__wrapped__(shape, "#228B22")
    assert data == product_png.__wrapped__(shape, "#228B22")
    image = QImage.fromData(data)
    assert (image.width(), image.height()) == (SIZE, SIZE)
    colours = {image.pixelColor(x, y).name() for x in range(0, SIZE, 8) for y in range(0, SIZE, 8)}
    assert QColor("#228B22").name() in colours


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/images/catalogue/000123-shoe-fe2934.png", ("shoe", "#FE2934")),
        ("/images/products/loads-shoe-FE2934.png", ("shoe", "#FE2934")),
        ("/images/x/bag-000080.png", ("bag", "#000080")),
        ("/images/catalogue/000123.png", None),
        ("/images/catalogue/000123-shoe-fe29.png", None),
    ],
)
def test_a_named_pictures_shape_and_colour_are_in_its_path(
    path: str, expected: tuple[str, str] | None
) -> None:
    assert pics.parse_named(path) == expected


@pytest.mark.parametrize(
    ("product_type", "shape"),
    [("Shoes", "shoe"), ("T-Shirt", "shirt"), ("Handbag", "bag"), ("Spaceship", "box"), (3, "box")],
)
def test_product_types_get_their_shape(product_type: object, shape: str) -> None:
    assert pics.shape_for(product_type) == shape


def test_catalogue_documents_link_to_the_sandbox_that_sent_them(client: httpx.Client) -> None:
    origin = str(client.base_url).rstrip("/")
    for inference_id in (cat.COLOR_RESULTS_ID, cat.PATTERN_RESULTS_ID, cat.PICTURE_FAULTS_ID):
        response = client.get(f"/inference/{inference_id}/results")
        assert response.content == served_bytes(client, inference_id)
        assert pics.PLACEHOLDER.encode() not in response.content
        paths = [item["image_path"] for item in json.loads(response.content)]
        assert sum(path.startswith(f"{origin}/images/") for path in paths) >= len(paths) - 1


def test_a_picture_is_served_without_a_key(anonymous: httpx.Client) -> None:
    response = anonymous.get("/images/playground/color-labels/1.png")  # the navy dress
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    image = QImage.fromData(response.content)
    assert image.pixelColor(160, 220) == QColor("#000080")


def test_an_unknown_picture_is_404(anonymous: httpx.Client) -> None:
    assert anonymous.get("/images/catalogue/000123.png").status_code == 404


def test_the_too_large_picture_declares_its_length(anonymous: httpx.Client) -> None:
    with anonymous.stream("GET", pics.TOO_LARGE) as response:
        assert int(response.headers["content-length"]) == OVERSIZE_BYTES > 20 * 1024 * 1024
    with anonymous.stream("GET", pics.TOO_LARGE_UNDECLARED) as response:
        assert "content-length" not in response.headers
        assert sum(len(piece) for piece in response.iter_bytes()) == OVERSIZE_BYTES


def test_the_index_lists_the_picture_endpoints(anonymous: httpx.Client) -> None:
    endpoints = anonymous.get("/").json()["endpoints"]
    assert "GET /images/{path}" in endpoints
    assert "POST /sandbox/pictures/release" in endpoints
