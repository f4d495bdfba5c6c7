"""Read helpers the filing pages use (nothing here changes data)."""

from zhicheng import workflow
from zhicheng.workflow import ChainState


def latest_return(filing):
    """The office's last 退回 (its 办理意见 is shown in the wizard while the filing is returned)."""
    if filing.state != ChainState.RETURNED:
        return None
    returned = [s for s in filing.flow_steps() if s.action == workflow.StepAction.RETURNED]
    return returned[0] if returned else None
