import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import make_user


@pytest.mark.django_db
def test_reset_never_reveals_whether_an_address_exists():
    user = make_user(email="known@example.org")
    known = Client().post("/en/password/reset/", {"email": user.email})
    unknown = Client().post("/en/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    csrf = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    page_known = csrf.sub(b"", Client().get(known["Location"]).content)
    page_unknown = csrf.sub(b"", Client().get(unknown["Location"]).content)
    assert page_known == page_unknown
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["known@example.org"]


@pytest.mark.django_db
def test_reset_link_sets_a_new_password_once():
    user = make_user(email="reset@example.org")
    Client().post("/es/password/reset/", {"email": user.email})
    message = mail.outbox[0]
    assert "contraseña" in message.subject.lower()
    link = re.search(r"https?://[^\s]+", message.body).group(0)
    path = link.split("testserver", 1)[1]
    client = Client()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")
    again = Client().get(path, follow=True)
    assert "ya no funciona" in again.content.decode()
