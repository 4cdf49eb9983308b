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

# Signing in to a service with the e-CPS (chapter 07, `activation.signin`): kept apart from
# STEPS/ERROR_STEP, which are the activation log's methods A and B (the log analyser, its
# generator and the class view read every method of STEPS as an activation). A sign-in is
# journalled as method "S" in records of kind "signin", which those readers set aside.
SIGNIN_STEPS = (  # the sign-in's path, in order; its last step completes it
    "signin_requested", "notification_opened", "password_entered", "code_chosen",
    "service_opened",
)
SIGNIN_APP_STEPS = ("ecps_tested", "ecps_deleted")  # « Je teste ma e-CPS », « Supprimer ma e-CPS »
SIGNIN_ERROR_STEP = {
    "signin_identifier_format": "signin_requested",
    "signin_identifier_unknown": "signin_requested",
    "notification_missing": "notification_opened",
    "request_expired": "notification_opened",
    "ecps_expired": "notification_opened",
    "signin_password_wrong": "password_entered",
    "signin_password_locked": "password_entered",
    "dynamic_code_wrong": "code_chosen",
    "ecps_test_failed": "ecps_tested",
}
SIGNIN_ERRORS = tuple(SIGNIN_ERROR_STEP)

# The activation-log analyser's view (`ecpx.logs`): every journalled procedure, the sign-in
# included, for logs that hold sign-ins too (chapter 06). STEPS/ERROR_STEP above stay the
# activation methods only (class view, progress, xAPI, the simulators).
PROCEDURES = {**STEPS, "S": SIGNIN_STEPS}  # each method's steps in order; the last completes
LOG_STEPS = {**STEPS, "S": SIGNIN_STEPS + SIGNIN_APP_STEPS}  # the steps its events may carry
LOG_ERROR_STEP = {**ERROR_STEP, **SIGNIN_ERROR_STEP}  # A/B errors first: their order is kept
