from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import AccountSettingsForm


def settings_page(request):
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your account details have been saved."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})
