"""Running SEND Feedback as production does: the commands, and a local stack on loopback."""
