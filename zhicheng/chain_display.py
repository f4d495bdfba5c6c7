"""The chain diagram of a closed object (ReviewChainModel.chain_nodes calls in here)."""

from .workflow import ChainNode, WorkflowError


def closed_chain_nodes(obj, rows):
    """A closed object's chain as it was: the steps it went through, the node where it was
    closed, then the rest of the planned chain (the return deleted those unstarted rows)."""
    nodes = [
        ChainNode(
            label=s.node_label,
            organisation=s.organisation,
            done=s.finished_at is not None,
            contact=s.organisation.contact_text if s.organisation else "",
        )
        for s in rows
        if s.started_at is not None
    ]
    ended = next((i for i in range(len(nodes) - 1, -1, -1) if nodes[i].done), None)
    if ended is not None:
        nodes[ended].closed = True
        nodes[ended].done = False
    try:
        planned = list(obj.build_chain())
    except WorkflowError:
        planned = []
    seen = {s.organisation_id for s in rows if s.organisation_id}
    remaining = [(org, label) for org, label in planned if getattr(org, "pk", None) not in seen]
    nodes += [
        ChainNode(label=str(label), organisation=org, contact=org.contact_text if org else "")
        for org, label in remaining
    ]
    nodes.append(ChainNode(label=str(obj.FINAL_NODE_LABEL)))
    return nodes
