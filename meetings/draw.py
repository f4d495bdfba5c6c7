"""The auditable draw, as a pure function of the seed and the published list of eligible experts.

Anyone holding the revealed seed and the published list can repeat it (manage.py verify_draw, or a
few lines in any language): for each specialty in the order published, every eligible expert not yet
drawn gets the key SHA-256("<seed>:<specialty code>:<expert code>") in hex; the experts sorted by
key give the members first, then the reserves.
"""

import hashlib
import secrets


def new_seed():
    return secrets.token_hex(32)


def seed_hash(seed):
    return hashlib.sha256(seed.encode()).hexdigest()


def rank_key(seed, specialty_code, expert_code):
    return hashlib.sha256(f"{seed}:{specialty_code}:{expert_code}".encode()).hexdigest()


def run(seed, eligible):
    """eligible: [{"specialty": code, "members": n, "reserves": r, "experts": [codes]}] →
    [{"specialty": code, "members": [codes], "reserves": [codes]}]."""
    taken, result = set(), []
    for group in eligible:
        pool = [c for c in group["experts"] if c not in taken]
        pool.sort(key=lambda code: rank_key(seed, group["specialty"], code))
        members = pool[: group["members"]]
        reserves = pool[group["members"] : group["members"] + group["reserves"]]
        taken.update(members, reserves)
        result.append({"specialty": group["specialty"], "members": members, "reserves": reserves})
    return result
