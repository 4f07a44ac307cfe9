from django.conf import settings


class PermissionsPolicyMiddleware:
    """Deny powerful browser features (camera, microphone, geolocation) on every response.

    Django has no setting for this header; the toolkit never needs these features, so a page
    that someone manages to inject content into still cannot switch them on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
