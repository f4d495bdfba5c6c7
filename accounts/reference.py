"""Reference data copied from shared/reference into accounts/data (read at migrate time only)."""

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"


def load_yaml(name):
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_regions(Region):
    data = load_yaml("regions.yaml")
    top = data["region_level"]
    region, _ = Region.objects.update_or_create(
        code=top["code"], defaults={"name": top["name"], "level": "region", "parent": None, "sort": 0}
    )
    for i, pref in enumerate(data["prefectures"], start=1):
        p, _ = Region.objects.update_or_create(
            code=pref["code"],
            defaults={
                "name": pref["name"],
                "level": "prefecture",
                "parent": region,
                "south_xinjiang_four": bool(pref.get("south_xinjiang_four")),
                "sort": i,
            },
        )
        for j, county in enumerate(pref.get("counties") or [], start=1):
            Region.objects.update_or_create(
                code=county["code"],
                defaults={"name": county["name"], "level": "county", "parent": p, "sort": i * 1000 + j},
            )


def enum_choices(key, *, sub=None, label="name"):
    data = load_yaml("enums.yaml")[key]
    items = data[sub] if sub else data.get("items", data.get("platform_choices"))
    return [(item["code"], item.get(label) or item.get("name")) for item in items]
