"""The document library's pages and its file downloads.

Thin views: load through the visibility rule (hidden → 404), check the rule for the action
(not allowed → 403 with the reason), call a service, redirect with a message. Files are only
ever served here, after that check, by core.files.serve_file (nosniff, a sandboxing CSP) with
our own Content-Disposition: a download, except safe images and PDFs, which may open in the
browser.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comments.selectors import comments_context
from communities.rules import refuse
from communities.views import community_view
from core.concurrency import EditConflict
from core.errors import Invalid
from core.files import serve_file
from core.fragments import cached_rows
from core.links import url_maker

from . import services
from .forms import SORTS, DetailsForm, LibraryForm, RatingForm, UploadForm, VersionForm
from .models import Document, DocumentVersion, Rating
from .uploads import content_disposition

PAGE_SIZE = 20
# The library's rows and the template they include (core.fragments keys on their source).
ROWS_TEMPLATES = ("documents/includes/_rows.html", "documents/includes/_stars.html")
# What the library's rows show of each document, its author and its current file.
ROW_FIELDS = (
    *("community", "title", "description", "updated", "rating_avg", "rating_count"),
    *("author__name", "current_version__kind_label", "current_version__size"),
)
# A PDF opened in the browser is shown by its PDF viewer, which a CSP `sandbox` would block;
# it still may not load anything, run in a frame of ours, or be embedded elsewhere.
PDF_INLINE_CSP = "default-src 'none'; object-src 'self'; frame-ancestors 'none'"


# The community's visibility rule, then the feature: no documents, no pages (404).
library_view = community_view("view", feature="documents")


def _context(community, access, **extra):
    return {"community": community, "access": access, "active_tab": "documents", **extra}


def _why_not_post(access):
    return access.refusal("post", doing=services.ADDING)


def _document_or_404(request, community, pk):
    document = (
        Document.objects.visible_to(request.user)
        .in_community(community)
        .select_related("author", "current_version__uploaded_by")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404("No such document.")
    document.community = community
    return document


# --- the library -------------------------------------------------------------------------------
@library_view
def index(request, community, access):
    form = LibraryForm(request.GET or None)
    sort = form.sort_value()
    documents = (
        Document.objects.visible_to(request.user)
        .in_community(community)
        .select_related("author", "current_version")
        .only(*ROW_FIELDS)
    )
    if sort == "az":
        documents = documents.a_to_z()
    elif sort == "rated":
        documents = documents.highest_rated()
    elif sort == "mine":
        documents = documents.uploaded_by(request.user).latest_updates()
    else:
        documents = documents.latest_updates()
    page_obj = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = list(page_obj.object_list)
    return render(
        request,
        "documents/index.html",
        _context(
            community,
            access,
            form=form,
            sort=sort,
            sorts=SORTS,
            sort_label=SORTS[sort],
            page_obj=page_obj,
            document_rows=_rows(community, page_obj.object_list),
            query_string=f"sort={sort}",
            why_not_post=_why_not_post(access),
        ),
    )


def _rows(community, documents):
    """The library's rows: the same for every viewer shown these documents, so rendered once
    and then read from the cache under what each row shows (a new title, file, rating, author
    name or description is a new key)."""
    document_url = url_maker("documents:detail", slug=community.slug)
    values = []
    for document in documents:
        document.community = community  # for links, without a query per row
        document.url = document_url(document.pk)
        version, author = document.current_version, document.author
        values.append(
            (
                *(document.url, document.title, document.description, document.updated),
                *(document.rating_avg, document.rating_count),
                author.display_name if author else None,
                (version.kind_label, version.size) if version else None,
            )
        )
    return cached_rows("document-rows", ROWS_TEMPLATES, values, {"documents": documents})


@library_view
def upload(request, community, access):
    access.require("post", doing=services.ADDING)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_upload(
                community=community,
                author=request.user,
                title=data["title"],
                description=data["description"],
                upload=data["file"],
            )
        except Invalid as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _("“%(document)s” is now in the document library.") % {"document": document.title},
            )
            return redirect(document)
    return render(request, "documents/upload.html", _context(community, access, form=form))


# --- one document -----------------------------------------------------------------------------
def _detail(request, community, access, document, *, rating_form=None, status=200):
    versions = list(
        DocumentVersion.objects.filter(document=document)
        .select_related("uploaded_by")
        .order_by("-number")
    )
    for version in versions:
        version.document = document
    own = (
        Rating.objects.filter(document=document, user=request.user)
        .values_list("stars", flat=True)
        .first()
    )
    context = _context(
        community,
        access,
        document=document,
        versions=versions,
        current=document.current_version,
        my_stars=own,
        rating_form=rating_form or RatingForm(initial={"stars": own} if own else None),
        can_edit=services.can_edit(document, request.user, access),
        can_delete=services.can_delete(document, request.user, access),
        can_add_version=access.can_post,
        why_not_post=_why_not_post(access),
        **comments_context(
            document,
            request.user,
            page=request.GET.get("comments"),
            can_comment=access.can_post,
            can_moderate=access.can_moderate,
        ),
    )
    if document.current_version is not None:
        document.current_version.document = document
    return render(request, "documents/detail.html", context, status=status)


@library_view
def detail(request, community, access, pk):
    document = _document_or_404(request, community, pk)
    return _detail(request, community, access, document)


@library_view
@require_POST
def rate(request, community, access, pk):
    document = _document_or_404(request, community, pk)
    access.require("post", doing=_("rate documents"))
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.document_rate(
                document=document, user=request.user, stars=form.cleaned_data["stars"]
            )
        except Invalid as error:
            form.add_error("stars", str(error))
        else:
            stars = form.cleaned_data["stars"]
            messages.success(
                request,
                _("You rated “%(document)s” %(stars)s out of 5 stars. Thank you.")
                % {"document": document.title, "stars": stars},
            )
            return redirect(f"{document.get_absolute_url()}#rating")
    return _detail(request, community, access, document, rating_form=form, status=400)


@library_view
def edit(request, community, access, pk):
    document = _document_or_404(request, community, pk)
    if not services.can_edit(document, request.user):
        refuse("document_details")
    form = DetailsForm(
        request.POST or None, initial=_details(document), version=document.edit_version
    )
    context = _context(community, access, document=document, form=form)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.document_edit(
                document=document,
                by=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                base_version=form.base_version,
            )
        except EditConflict as conflict:
            context["conflict"] = form.conflict(conflict, theirs=_details(conflict.current))
            status = 409
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The document's details have been updated."))
            return redirect(document)
    return render(request, "documents/edit.html", context, status=status)


def _details(document):
    return {"title": document.title, "description": document.description}


@library_view
def version_new(request, community, access, pk):
    document = _document_or_404(request, community, pk)
    access.require("post", doing=services.ADDING)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_add(
                document=document,
                by=request.user,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except Invalid as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _(
                    "Version %(number)s of “%(document)s” is now the current one; earlier "
                    "versions stay in its history."
                )
                % {"number": version.number, "document": document.title},
            )
            return redirect(document)
    return render(
        request,
        "documents/version_new.html",
        _context(community, access, document=document, form=form),
    )


@library_view
def delete(request, community, access, pk):
    document = _document_or_404(request, community, pk)
    if not services.can_delete(document, request.user):
        refuse("uploader")
    if request.method == "POST":
        title = document.title
        services.document_delete(document=document, by=request.user)
        messages.success(
            request, _("“%(title)s” and all its versions have been deleted.") % {"title": title}
        )
        return redirect("documents:index", community.slug)
    return render(request, "documents/delete.html", _context(community, access, document=document))


# --- files ---------------------------------------------------------------------------------------
def _serve(request, version):
    inline = version.opens_in_browser and not request.GET.get("download")
    response = serve_file(
        version.file,
        filename=version.original_name,
        content_type=version.content_type,
        inline_if_image=inline,
    )
    response["Content-Disposition"] = content_disposition(version.original_name, inline=inline)
    if inline and version.content_type == "application/pdf":
        response["Content-Type"] = "application/pdf"
        response["Content-Security-Policy"] = PDF_INLINE_CSP
    return response


@library_view
def file(request, community, access, pk):
    """The current version's file."""
    document = _document_or_404(request, community, pk)
    version = document.current_version
    if version is None:
        raise Http404("This document has no file.")
    return _serve(request, version)


@library_view
def version_file(request, community, access, pk, number):
    document = _document_or_404(request, community, pk)
    version = DocumentVersion.objects.filter(document=document, number=number).first()
    if version is None:
        raise Http404("No such version.")
    return _serve(request, version)
