"""Nobody acts on their own object at any node of a chain (issue 7 #7).

The holder check in zhicheng.workflow refuses the owner (`chain_owner_ids()`); another active
member of the holding organisation acts instead. When the holding organisation has nobody else
— a unit whose only admin applied for himself — the step is handed to its supervising unit
(`parent`, up the tree until someone other than the owner can act) and the node says so.
"""

from django.utils.translation import gettext as _


def _someone_else_can_act(org, owner_ids):
    return (
        org.is_active
        and org.memberships.filter(is_active=True, user__is_active=True)
        .exclude(user_id__in=owner_ids)
        .exists()
    )


def substitute_organisation(obj, step):
    owners = obj.chain_owner_ids()
    org = step.organisation
    if org is None or not owners or _someone_else_can_act(org, owners):
        return step
    seen, target = {org.pk}, org.parent
    while target is not None and target.pk not in seen and not _someone_else_can_act(target, owners):
        seen.add(target.pk)
        target = target.parent
    if target is None or target.pk in seen:
        return step  # nobody anywhere: the step stays (the owner still cannot act on it)
    step.organisation = target
    step.node_label = (_("%(node)s（由%(org)s代办）") % {"node": step.node_label, "org": target.name})[:50]
    step.save(update_fields=["organisation", "node_label"])
    return step
