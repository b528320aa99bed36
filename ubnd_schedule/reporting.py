"""What an error report (the e-mail ADMINS receive for a 500) may show of the settings.

Django's filter hides settings named like API, AUTH, TOKEN, KEY, SECRET, PASS, SIGNATURE; a token's PIN
(SIGNING_PKCS11_PIN) passed through. This one hides anything named like a secret, and the password inside a
URL (a cache or storage address with credentials) whatever the setting's name. Posted PINs and passwords are
hidden by ``sensitive_post_parameters`` on the views that receive them.
"""

import re

from django.views.debug import SafeExceptionReporterFilter

SECRET_NAME = re.compile(
    r"API|AUTH|TOKEN|KEY|SECRET|PASS|PWD|PIN|SIGNATURE|CREDENTIAL|PRIVATE|SALT|HTTP_COOKIE|SESSION_ID",
    flags=re.IGNORECASE,
)
URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<password>[^@/\s]+)(?=@)", flags=re.IGNORECASE)


class SecretsReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = SECRET_NAME

    def cleanse_setting(self, key, value):
        if type(value) is str and not self.hidden_settings.search(str(key)):  # not a lazy object posing as one
            return URL_PASSWORD.sub(lambda match: match["head"] + self.cleansed_substitute, value)
        return super().cleanse_setting(key, value)
