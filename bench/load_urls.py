"""The product's URLs plus one baseline view, for the benchmarks only (never in toolkit.urls).

`one_row_write` is the "minimal signed-in one-row write" that autosave is measured against:
signed in, CSRF-checked by the same middleware, one UPDATE, a JSON reply.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

import toolkit.urls
from accounts.models import User


@login_required
@require_POST
def one_row_write(request):
    """A minimal signed-in POST that writes one row."""
    User.objects.filter(pk=request.user.pk).update(last_login=timezone.now())
    return JsonResponse({"status": "saved"})


urlpatterns = [
    *toolkit.urls.urlpatterns,
    *i18n_patterns(path("bench/one-row-write/", one_row_write, name="bench_one_row_write")),
]
