"""The title catalogue from filings/data/title_series.yaml (copied from shared/reference)."""

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
LEVEL_ORDER = ["yuanji", "zhuliji", "zhongji", "fugao", "zhenggao"]
# Specialty codes quoted in guide 000/001; others are numbered from 01000 on.
KNOWN_CODES = {"机械电子专业": "00189"}


def load_catalogue(Series, Specialty, Qualification):
    with open(DATA / "title_series.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    counter = 1000
    for sort, s in enumerate(data["series"], start=1):
        series, _ = Series.objects.update_or_create(
            code=s["code"], defaults={"name": s["name"], "education": bool(s.get("education")), "sort": sort}
        )
        tracks = s.get("sub_tracks") or [
            {
                "code": "",
                "name": "",
                "titles": s.get("titles") or {},
                "specialties": s.get("specialties") or [],
            }
        ]
        for track in tracks:
            titles = track.get("titles") or s.get("titles") or {}
            specialties = track.get("specialties") or []
            if not specialties:
                specialties = [{"name": f"{track.get('name') or s['name']}专业"}]
            for spec in specialties:
                name = spec["name"]
                existing = Specialty.objects.filter(
                    series=series, name=name, track=track.get("name", "")
                ).first()
                if existing is None:
                    code = KNOWN_CODES.get(name)
                    if code is None or Specialty.objects.filter(code=code).exists():
                        counter += 1
                        while Specialty.objects.filter(code=f"{counter:05d}").exists():
                            counter += 1
                        code = f"{counter:05d}"
                    existing = Specialty.objects.create(
                        series=series, name=name, code=code, track=track.get("name", "")
                    )
                for level in LEVEL_ORDER:
                    title = titles.get(level)
                    if title:
                        Qualification.objects.update_or_create(
                            specialty=existing, level=level, defaults={"name": title}
                        )
