"""The account forms, one module per screen family (people, units, recovery, profile)."""
