"""Registers the access rules as object permissions, e.g. `user.has_perm("quartier.view", q)`."""

import rules

from .access import PREDICATES

for action, predicate in PREDICATES.items():
    rules.add_perm(f"quartier.{action.value}", predicate)
