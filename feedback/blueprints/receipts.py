"""GOV.UK Notify's delivery receipts, posted to the service by Notify itself (not a page)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request

from feedback.authz import bearer_token_matches, public
from feedback.extensions import csrf
from feedback.services.delivery_receipts import ReceiptError, parse_receipt, record_receipt

bp = Blueprint("receipts", __name__)


@bp.post("/notify/delivery-receipts")
@public  # not a staff page: Notify authenticates with the NOTIFY_CALLBACK_TOKEN setting
@csrf.exempt  # a machine posting JSON, with no form; the bearer token is the permission
def delivery_receipt() -> tuple[Response, int]:
    """Store a delivery receipt and return ``{"result": …}``: 200 also for a message the service
    does not hold (Notify retries anything else), 400 for a malformed receipt, 401 without the
    token, 404 while the setting is unset."""
    expected = current_app.config.get("NOTIFY_CALLBACK_TOKEN")
    if not expected:
        abort(404)  # receipts are off until the operator sets a token
    if not bearer_token_matches(str(expected)):
        response = jsonify(error="unauthorised")
        response.headers["WWW-Authenticate"] = 'Bearer realm="notify"'
        return response, 401
    try:
        receipt = parse_receipt(request.get_json(force=True, silent=True))
    except ReceiptError as error:
        return jsonify(error=str(error)), 400
    return jsonify(result=record_receipt(receipt).value), 200
