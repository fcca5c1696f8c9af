"""Award rounds: running a competition on the portal from entry to published results."""
