"""Running the service: readiness, metrics, retention, erasure and the scheduler."""
