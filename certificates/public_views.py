"""The holder's 我的职称电子证书 and the public pages: 证书查询, the verification page (the QR
code's target) and the signing certificate. Public pages need no login; 证书查询 answers a miss
with the same page shape as a hit without facts, counts every try per IP (captcha after a few,
refused beyond the hourly limit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.constants import OrgKind, Role
from filings.titles import titles_of
from zhicheng.errors import PlatformError
from zhicheng.permissions import guardian_visible

from . import services, signing
from .forms import QueryForm
from .models import Certificate, CertificateQuery


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


@login_required
def mine(request):
    # 我的职称电子证书 is an applicant's page (its menu entry, like 我的申请书 and 历史数据补录):
    # an office or committee account without an 身份证号 got an empty 200 here (URL matrix)
    if Role.APPLICANT not in request.user.roles:
        raise Http404
    queries = Prefetch("queries", queryset=CertificateQuery.objects.order_by("-at"), to_attr="query_log")
    certs = list(services.certificates_of(request.user).prefetch_related(queries))
    return render(
        request,
        "certificates/mine.html",
        {"certificates": certs, "title_records": _title_records_without_certificate(request.user, certs)},
    )


def _title_records_without_certificate(user, certs):
    """The person's title records (filings.titles) that no e-certificate here stands for —
    backfilled titles (补录) and older ones: listed, without a PDF."""
    numbers = {c.number for c in certs}
    return [r for r in titles_of(user) if not r.certificate_no or r.certificate_no not in numbers]


def get_certificate_for(user, pk):
    """Holder, the issuing committee, or an office a 批文/撤销 of it reached."""
    from .models import Approval

    routed = guardian_visible(user, Approval.objects.all()).values("pk")
    qs = Certificate.objects.filter(
        Q(holder=user)
        | Q(approval__committee__in=user.organisations(OrgKind.COMMITTEE))
        | Q(approval__in=routed)
    )
    return get_object_or_404(qs, pk=pk)


@login_required
def download(request, pk):
    cert = get_certificate_for(request.user, pk)
    if not cert.pdf:
        raise Http404
    inline = request.GET.get("print") == "1"
    return FileResponse(
        cert.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=not inline,
        filename=f"职称电子证书-{cert.number}.pdf",
    )


def query(request):
    ip = client_ip(request)
    limited = services.is_rate_limited(ip)
    with_captcha = services.needs_captcha(ip)
    form = QueryForm(request.POST or None, with_captcha=with_captcha)
    searched, cert = False, None
    if request.method == "POST" and not limited and form.is_valid():
        try:
            cert = services.lookup_certificate(
                method=form.cleaned_data["method"],
                key=form.cleaned_data["key"],
                name=form.cleaned_data["name"],
                ip=ip,
                user=request.user,
            )
        except PlatformError as exc:
            messages.error(request, str(exc))
            limited = True
        else:
            searched = True
        if services.needs_captcha(ip) and "captcha" not in form.fields:
            # from now on this IP answers a captcha; the next form shows it, filled with this query
            form = QueryForm(initial=form.cleaned_data, with_captcha=True)
    return render(
        request,
        "certificates/query.html",
        {"form": form, "searched": searched, "cert": cert, "limited": limited},
        status=429 if limited else 200,
    )


def verify(request, token):
    cert = get_object_or_404(Certificate.objects.select_related("replaced_by"), token=token)
    services.log_qr_visit(cert, ip=client_ip(request), user=request.user)
    return render(request, "certificates/verify.html", {"cert": cert})


def signing_certificate(request):
    signing.ensure_signing_key()
    response = HttpResponse(signing.certificate_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="zhicheng-signing-certificate.pem"'
    return response
