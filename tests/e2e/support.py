"""What the browser tests share: where Chromium and axe-core live, logging in, a real PDF."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page, expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
NO_CHROMIUM = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium, or `make setup-dev`)"

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
NO_AXE = f"accessibility tests need axe-core at {AXE.relative_to(settings.BASE_DIR)}: `make test` installs it (npm ci)"

PASSWORD = "demo-passwort"
MANAGER = "manager-altstadt@demo.example"
COORDINATOR = "koordination@demo.example"


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the form, as a person does, and wait for the page the app sends them to."""
    page.goto("/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    # On a phone the "Abmelden" button sits in the collapsed menu, so wait for leaving the form instead.
    expect(page).not_to_have_url(re.compile(r"/konto/login/"))


def minimal_pdf(text: str) -> bytes:
    """A small but well-formed one-page PDF (cross-reference table with real offsets)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
