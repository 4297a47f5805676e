"""A place's identity keeps house and flat numbers, so neighbours never become one place."""

from engine.names import location_key


def key(address, postcode="NS1 2AB"):
    return location_key(kind="address", address=address, postcode=postcode)


def test_house_and_flat_numbers_make_different_places():
    assert key("142 Colliery Row") != key("2 Colliery Row")
    assert key("Flat 2, 14 Quay Street") != key("Flat 3, 14 Quay Street")


def test_the_same_address_written_differently_is_one_place():
    assert key("14 Quay Street") == key("14, QUAY STREET.") == key("14  quay  street", "ns12ab")
    assert key("Café Rouge, 3 Mill Lane") == key("cafe rouge 3 mill lane")
