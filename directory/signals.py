"""What directory tells the apps above it, which it never imports."""

from django.dispatch import Signal

# Sent after the commit of any change to businesses' public facts (status, kabupaten/kota,
# kecamatan, scale, certificates), by directory.services.notify_listing_changed, with
# `business_ids` (a frozenset) and `regency_codes` (kabupaten/kota whose counts change besides
# the businesses' own: where they were before a move). The catalog keeps its copies of those
# facts on products, and its counts, true (catalog.listing.on_listing_changed).
listing_changed = Signal()
