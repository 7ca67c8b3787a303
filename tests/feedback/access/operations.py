"""Who may use this area's routes: readiness is public; metrics answer only a scraper holding
the METRICS_TOKEN setting (tested in tests/feedback/test_operations_metrics.py)."""

from feedback.models import Role

PUBLIC: set[str] = {"operations.readyz", "operations.metrics"}
STAFF: dict[str, tuple[str, frozenset[Role]]] = {}
