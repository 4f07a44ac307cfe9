from django.shortcuts import render
from django.views.decorators.http import require_GET

@require_GET
def home(request):
    """The front page: what the toolkit is for, and where the person's work is."""
    return render(request, "home.html")
