"""Recompute place keys now that house and flat numbers are kept (engine.names.normalise_address).

Places whose new keys differ are re-keyed. Rows that were stored as one place under the old key (two
numbers on one street) cannot be told apart afterwards and keep the address first recorded; a key that
would collide with an existing place is left as it was.
"""

from django.db import migrations

from engine.names import location_key


def rekey(apps, schema_editor):
    Location = apps.get_model("places", "Location")
    taken = set(Location.objects.values_list("key", flat=True))
    for place in Location.objects.filter(key__startswith="addr|").only("id", "key", "kind", "address", "postcode"):
        new = location_key(kind=place.kind, address=place.address, postcode=place.postcode)
        if new != place.key and new not in taken:
            taken.discard(place.key)
            taken.add(new)
            place.key = new
            place.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
