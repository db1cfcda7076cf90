"""Résumé files in the shapes real ones have, built by the tests: a designed two-column PDF
(WeasyPrint), a Word document with the skills in a table (python-docx), and broken files."""

from __future__ import annotations

import io
import zipfile

TWO_COLUMN_HTML = """<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 16mm; }
body { font-family: "DejaVu Sans"; font-size: 9.5pt; }
header { margin-bottom: 8mm; }
.cols { display: flex; gap: 10mm; }
.main { width: 118mm; } .side { width: 52mm; }
h2 { font-size: 11pt; margin: 4mm 0 1mm; } p, li { margin: 0 0 1mm; }
</style></head><body>
<header><h1>Priya Raman-Castillo</h1>
<p>Analytics Engineer · Amsterdam, Netherlands · priya.rc@example.net · +31 20 555 0199</p></header>
<div class="cols"><div class="main">
<h2>Experience</h2>
<p><b>Analytics Engineer</b> — Grachtenpost B.V.</p><p>Apr 2022 – Present · Amsterdam</p>
<ul><li>Rebuilt 45 marketing models in dbt and cut dashboard load times in half.</li>
<li>Introduced data contracts between the product and finance teams.</li></ul>
<p><b>Data Analyst</b> — Tulip Mobility</p><p>Jan 2019 – Mar 2022 · Utrecht</p>
<ul><li>Wrote the weekly revenue reporting in SQL and Looker for 9 markets.</li></ul>
</div><div class="side">
<h2>Skills</h2><p>SQL, dbt, Python, Looker, Snowflake, Airflow</p>
<h2>Education</h2><p>MSc Econometrics</p><p>Erasmus University Rotterdam</p><p>2016 – 2018</p>
<h2>Languages</h2><p>English (C2), Dutch (B2), Spanish (native)</p>
</div></div></body></html>"""


def two_column_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string=TWO_COLUMN_HTML).write_pdf()


def docx_with_skills_table() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Tomasz Lindqvist-Oyelaran", style="Title")
    document.add_paragraph("Platform Engineer | Stockholm, Sweden | tomasz.lo@example.com")
    document.add_heading("Professional Experience", level=1)
    document.add_paragraph("Senior Platform Engineer, Fjordline Payments AB")
    document.add_paragraph("May 2020 – Present")
    document.add_paragraph("Ran 40 Kubernetes clusters on AWS with Terraform.", style="List Bullet")
    document.add_paragraph("Cut deploy times from 25 to 6 minutes with Argo CD.", style="List Bullet")
    document.add_paragraph("DevOps Engineer, Skärgård Games")
    document.add_paragraph("Feb 2017 – Apr 2020")
    document.add_paragraph("Moved the game servers to Docker and Prometheus monitoring.", style="List Bullet")
    document.add_heading("Education", level=1)
    document.add_paragraph("BSc Computer Engineering, KTH Royal Institute of Technology, 2013 – 2016")
    document.add_heading("Skills", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, (label, items) in zip(
        table.rows,
        [
            ("Cloud", "AWS, GCP"),
            ("Infrastructure", "Kubernetes, Terraform, Docker"),
            ("Languages", "Go, Python"),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, items
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(two_column_pdf()))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A page that is only a picture: what a scanner writes (no text layer)."""
    import weasyprint

    pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    return weasyprint.HTML(string=f'<img src="{pixel}" style="width:180mm;height:250mm">').write_pdf()


def zip_bomb_docx() -> bytes:
    """A .docx-shaped ZIP whose document expands ~1000-fold: refused before any XML is parsed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * 50_000_000 + "</w:document>")
    return buffer.getvalue()


# name → (bytes, what the refusal says)
BAD = {
    "encrypted.pdf": (encrypted_pdf, "password-protected"),
    "scan.pdf": (scanned_pdf, "no text layer"),
    "bomb.docx": (zip_bomb_docx, "zip bomb"),
    "notes.docx": (lambda: b"this is a text file renamed to .docx, not a Word document" * 3, "not a Word"),
    "huge.pdf": (lambda: b"%PDF-1.7\n" + b"0" * (30 * 1024 * 1024), "too large"),
    "empty.txt": (lambda: b"", "empty"),
    "photo.png": (lambda: b"\x89PNG\r\n" + b"\0" * 100, "unsupported type"),
}
