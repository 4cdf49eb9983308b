"""The procedure's codes: the journal steps of each method, the error codes, and the step at
which each error is recorded. Codes only: the French words for them are in `ecpx.texts`."""

STEPS_A = (
    "app_opened", "cgu_accepted", "portal_login", "activation_started", "qr_scanned",
    "pairing_code_entered", "password_created", "password_confirmed", "activated",
)
STEPS_B = (
    "app_opened", "cgu_accepted", "request_sent", "email_opened", "sms_code_entered",
    "password_created", "password_confirmed", "activated",
)
STEPS = {"A": STEPS_A, "B": STEPS_B}

# The journal step at which each error is recorded (its keys are every error code).
ERROR_STEP = {
    "os_unsupported": "app_opened",
    "card_not_detected": "portal_login",
    "card_removed": "portal_login",
    "pin_wrong": "portal_login",
    "pin_blocked": "portal_login",
    "page_blocked": "activation_started",
    "qr_expired": "qr_scanned",
    "pairing_code_wrong": "pairing_code_entered",
    "pairing_code_expired": "pairing_code_entered",
    "password_format": "password_created",
    "password_ascending": "password_created",
    "password_descending": "password_created",
    "password_identical": "password_created",
    "password_mismatch": "password_confirmed",
    "identifier_format": "request_sent",
    "identifier_unknown": "request_sent",
    "card_type_not_eligible": "request_sent",
    "details_outdated": "request_sent",
    "email_not_received": "email_opened",
    "sms_not_received": "sms_code_entered",
    "sms_code_wrong": "sms_code_entered",
    "sms_code_expired": "sms_code_entered",
}
ERRORS = tuple(ERROR_STEP)
