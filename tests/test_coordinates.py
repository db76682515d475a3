"""umkm_portal.coordinates: the one reader of coordinates (registry import and owner form)."""

from decimal import Decimal

import pytest

from umkm_portal.coordinates import NotCoordinates, as_stored, parse_degrees, parse_pair, read_location

PALEMBANG = (Decimal("-2.976100"), Decimal("104.775400"))


@pytest.mark.parametrize("written, degrees", [
    (-2.9761, -2.9761), ("-2.9761", -2.9761), ("-2,9761", -2.9761), ("−2,9761", -2.9761), ("104,7754", 104.7754),
    ("2°58'34\"S", -(2 + 58 / 60 + 34 / 3600)), ("2° 58' 34\" LS", -(2 + 58 / 60 + 34 / 3600)),
    ("104°46'31\"E", 104 + 46 / 60 + 31 / 3600), ("S 2°58.566'", -(2 + 58.566 / 60)), ("2.9761 LS", -2.9761),
    ("104.7754° BT", 104.7754), (None, None), ("", None), ("-", None),
])
def test_one_coordinate_as_people_write_it(written, degrees):
    result = parse_degrees(written)
    assert result == pytest.approx(degrees) if degrees is not None else result is None


@pytest.mark.parametrize("written", ["dekat pasar", "-2.976.100", "1.2.3", True, float("nan")])
def test_what_is_not_a_coordinate(written):
    with pytest.raises(NotCoordinates) as raised:
        parse_degrees(written)
    assert raised.value.reason == "unreadable"


@pytest.mark.parametrize("written", [
    "-2.9761, 104.7754", "-2,9761 104,7754", "-2,9761;104,7754", "-2,9761,104,7754", "-2.9761,104.7754",
    "-2.9761 / 104.7754",
])
def test_both_in_one_cell(written):
    assert read_location(pair=written) == (*PALEMBANG, False)


def test_both_in_one_cell_in_degrees_minutes_seconds():
    assert read_location(pair="2°58'34\"S 104°46'31\"E")[:2] == (Decimal("-2.976111"), Decimal("104.775278"))
    assert parse_pair("2.9761 LS, 104.7754 BT") == (-2.9761, 104.7754)


@pytest.mark.parametrize("written", ["1 2 3", "Jl. Merdeka 5", "-2.9761"])
def test_a_cell_without_exactly_two_coordinates(written):
    with pytest.raises(NotCoordinates):
        read_location(pair=written)


def test_indonesia_only_swapped_pairs_turned_back_six_decimals():
    assert read_location(latitude=104.7754, longitude=-2.9761) == (*PALEMBANG, True)
    assert read_location(latitude="-2.97610049", longitude="104.77540051")[:2] == (Decimal("-2.976100"), Decimal("104.775401"))
    assert read_location(latitude=5.9, longitude=95.3)[:2] == (Decimal("5.900000"), Decimal("95.300000"))  # Sabang
    assert read_location(latitude=-8.5, longitude=140.4)[:2] == (Decimal("-8.500000"), Decimal("140.400000"))  # Merauke
    assert read_location(latitude=0, longitude=0) is None and read_location() is None
    for latitude, longitude in [(52.37, 4.89), (-2.9761, 14.7754), (-29.761, 104.7754), (1.35, 90.0)]:
        with pytest.raises(NotCoordinates) as raised:
            read_location(latitude=latitude, longitude=longitude)
        assert raised.value.reason == "outside"
    with pytest.raises(NotCoordinates) as raised:
        read_location(latitude="-2.9761")
    assert raised.value.reason == "half"
    assert as_stored(-2.97610000000001) == Decimal("-2.976100") and as_stored(None) is None
