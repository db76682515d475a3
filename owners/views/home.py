"""The owner's home, /akun/: where an owner lands after logging in."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from owners.completeness import completeness_steps, owned_businesses, reported_last_month
from owners.models import ClaimRequest
from umkm_portal.months import previous_month


@never_cache
@login_required
def home(request):
    """The owner's home: each business with how complete its listing is and what to add next,
    whether last month's omzet is reported, and the user's claim and registration requests."""
    businesses = list(owned_businesses(request.user))
    reported = reported_last_month(businesses)
    listings = []
    for business in businesses:
        steps = completeness_steps(business)
        done = sum(step.done for step in steps)
        listings.append({
            "business": business,
            "steps": steps,
            "done": done,
            "percent": round(100 * done / len(steps)),
            "next_step": next((step for step in steps if not step.done), None),
            "omzet_reported": business.pk in reported,
        })
    requests = ClaimRequest.objects.filter(user=request.user).select_related("business", "business__regency")[:10]
    return render(request, "owners/home.html", {
        "listings": listings,
        "requests": requests,
        "last_month": previous_month(),
    })
