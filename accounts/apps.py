from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import two_factor

        user_logged_in.connect(two_factor.on_sign_in, dispatch_uid="accounts_two_factor")
