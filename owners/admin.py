"""Staff side of the owner workspace, in the admin: claim and registration requests, claim
links (admin_claims), the history of owner edits with revert (admin_history)."""

from owners import admin_claims, admin_history  # noqa: F401  (each registers its model admins)
