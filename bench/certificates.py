"""Certificate rendering: sample PNGs for docs/ and timings for bench/RESULTS.md.

    .venv/bin/python bench/certificates.py --samples docs --results bench/RESULTS.md

Builds a throwaway SQLite database with one household member per language, each with a certificate, then
times the whole path a download takes (database -> content in the member's language -> shaped PDF).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from learning import create_app  # noqa: E402
from learning.certificates.codes import new_verification_code  # noqa: E402
from learning.certificates.content import certificate_content  # noqa: E402
from learning.certificates.models import Certificate  # noqa: E402
from learning.certificates.pdf import render  # noqa: E402
from learning.config import Config, TestConfig  # noqa: E402
from learning.db import make_engine  # noqa: E402
from learning.households.services import NewMember, register_household  # noqa: E402
from learning.models import metadata  # noqa: E402
from learning.places.services import load_townships  # noqa: E402

# Names chosen to show what shaping must get right: medial ြ before its consonant, stacked consonants (္),
# kinzi (င်္), Shan tones and letters, Mon letters, Karen letters, Hakha Chin's ṭ.
SAMPLES = {
    "my": ("မသန္တာမင်္ဂလာမြင့်", "ဦးကျော်ဇော", "MMR011001"),
    "shn": ("ၼၢင်းသႅင်ၶမ်း", "ၸၢႆးမူၼ်းၵျေႃႇ", "MMR014001"),
    "mnw": ("မိစန္ဒာမၚ်ၜိုၚ်", "နာဲသာဒ", "MMR011005"),
    "ksw": ("နီၢ်ပီၤမူၣ်", "စီၤတ့ၢ်ဖိ", "MMR003001"),
    "cnh": ("Ṭial Hmun Par", "Thang Za Lian", "MMR004001"),
    "en": ("Naw Htoo Paw", "Saw Moo Kay", "MMR003001"),
}


def build(folder: Path):
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    engine = make_engine(url)
    metadata.create_all(engine)
    with Session(engine) as db:
        load_townships(db)
        from learning.auth.models import Role
        from learning.auth.services import create_staff

        facilitator = create_staff(db, username="facilitator", password="x" * 12, role=Role.FACILITATOR,
                                   display_name="Naw Htoo Paw", townships=[t for _, _, t in SAMPLES.values()])
        ids = {}
        for language, (name, father, township) in SAMPLES.items():
            household, _ = register_household(
                db, township_pcode=township, village="ရွာသစ်", phone="09 400 000 000", consent_recorded_by_id=facilitator.id,
                consent_language=language, members=[NewMember(name, father, "female", 1990, "head", language)],
                pepper=TestConfig.PIN_PEPPER, pin="111111",
            )
            certificate = Certificate(code=new_verification_code(), member_id=household.members[0].id,
                                      course_id="money-and-migration", completed_on=date(2026, 11, 27))
            db.add(certificate)
            db.flush()
            ids[language] = certificate.id
        db.commit()
    engine.dispose()
    app = create_app({"ENV_NAME": "test", "DATABASE_URL": url, "SECRET_KEY": "bench",
                      "PUBLIC_URL": "https://learn.example.org",
                      # production's argon2 costs: the test configuration's cheap ones are for the test suite only
                      "PASSWORD_HASH_PARAMETERS": Config.PASSWORD_HASH_PARAMETERS,
                      "PIN_HASH_PARAMETERS": Config.PIN_HASH_PARAMETERS})
    return app, ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=Path, help="write certificate-<lang>.png here")
    parser.add_argument("--results", type=Path, help="append the timings to this Markdown file")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app, ids = build(Path(tmp))
        with app.test_request_context("/"):
            from learning import db

            app.preprocess_request()
            certificates = {lang: db.session.get(Certificate, cid) for lang, cid in ids.items()}
            if args.samples:
                import pypdfium2 as pdfium

                args.samples.mkdir(parents=True, exist_ok=True)
                for lang, certificate in certificates.items():
                    data = render([certificate_content(db.session, certificate)])
                    image = pdfium.PdfDocument(data)[0].render(scale=1.5).to_pil()
                    image.save(args.samples / f"certificate-{lang}.png", optimize=True)
                    print(args.samples / f"certificate-{lang}.png")
            render([certificate_content(db.session, certificates["my"])])  # warm caches, as a running server is
            singles = []
            for i in range(args.runs):
                certificate = certificates[list(certificates)[i % len(certificates)]]
                start = time.perf_counter()
                render([certificate_content(db.session, certificate)])
                singles.append((time.perf_counter() - start) * 1000)
            batch = [certificates[list(certificates)[i % len(certificates)]] for i in range(30)]
            batches = []
            for _ in range(5):
                start = time.perf_counter()
                render([certificate_content(db.session, c) for c in batch])
                batches.append(time.perf_counter() - start)
    median_single, median_batch = statistics.median(singles), statistics.median(batches)
    print(f"one certificate: median {median_single:.1f} ms over {len(singles)} runs (goal <= 60 ms)")
    print(f"30-certificate batch: median {median_batch:.2f} s over {len(batches)} runs (goal <= 2 s)")
    if args.results:
        sys.path.insert(0, str(ROOT / "bench"))
        from results import header, write_section

        lines = [
            *header(".venv/bin/python bench/certificates.py --samples docs --results bench/RESULTS.md"),
            "- What is timed: database -> certificate content in the member's language -> shaped PDF with subset fonts"
            " (no HTTP), rotating through the six languages.",
            "",
            "| measure | result | goal |",
            "|---|---|---|",
            f"| one certificate, median of {len(singles)} | {median_single:.1f} ms | <= 60 ms |",
            f"| 30-certificate PDF, median of {len(batches)} | {median_batch:.2f} s | <= 2 s |",
            "",
        ]
        write_section(args.results, "Certificates", lines)


if __name__ == "__main__":
    main()
