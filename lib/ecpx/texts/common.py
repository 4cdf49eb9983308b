"""The words for each error code, the password screen, the e-CPS app's common screens and
what both simulators share."""

from ecpx.activation.codes import ERROR_STEP, ERRORS, STEPS, STEPS_A, STEPS_B  # noqa: F401

# Error code -> the French message a learner sees. The password messages repeat the seed's rules.
ERROR_MESSAGES = {
    "os_unsupported": "Votre téléphone n'est pas compatible avec l'application e-CPS.",
    "card_not_detected": "Aucune carte n'est détectée dans le lecteur.",
    "card_removed": "La carte a été retirée du lecteur pendant l'opération.",
    "pin_wrong": "Code porteur incorrect.",
    "pin_blocked": "Le code porteur de votre carte est bloqué.",
    "page_blocked": (
        "Le bouton « COMMENCER L'ACTIVATION » n'apparaît pas : il se peut que le système de "
        "sécurité de votre établissement bloque cette page (par exemple Kaspersky)."
    ),
    "qr_expired": "Ce QR code a expiré : scannez le nouveau QR code affiché sur l'ordinateur.",
    "pairing_code_wrong": "Le code d'ajout saisi est incorrect.",
    "pairing_code_expired": "Ce code d'ajout a expiré ou a déjà été utilisé.",
    "password_format": "Votre mot de passe doit contenir exactement 4 chiffres.",
    "password_ascending": (
        "Votre mot de passe ne peut pas contenir une suite de chiffres croissante (1 2 3 4)."
    ),
    "password_descending": (
        "Votre mot de passe ne peut pas contenir une suite de chiffres décroissante (4 3 2 1)."
    ),
    "password_identical": (
        "Votre mot de passe ne peut pas contenir une suite de chiffres identiques (1 1 1 1)."
    ),
    "password_mismatch": "La confirmation ne correspond pas au mot de passe saisi.",
    "identifier_format": "Cet identifiant national n'est pas valide.",
    "identifier_unknown": "Aucun professionnel ne correspond à cet identifiant.",
    "card_type_not_eligible": (
        "La méthode B est réservée aux cartes CPS : activez votre e-CPx avec votre carte "
        "(méthode A)."
    ),
    "details_outdated": (
        "Vos coordonnées ne sont pas à jour : rendez-vous sur "
        "https://esante.gouv.fr/securite/e-cps/mise-jour-des-coordonnees-de-correspondance"
    ),
    "email_not_received": (
        "Si vous ne recevez pas l'e-mail, pensez à vérifier le courrier indésirable."
    ),
    "sms_not_received": "Le SMS contenant le code d'activation n'a pas été reçu.",
    "sms_code_wrong": "Le code d'activation saisi est incorrect.",
    "sms_code_expired": "Le code d'activation a expiré : demandez un nouveau SMS.",
}


# The password screen (seed, « Activation : Définition du mot de passe »).
PASSWORD = {
    "title": "Activation : Définition du mot de passe",
    "intro": (
        "Veuillez créer le mot de passe qui vous servira à déverrouiller votre e-CPS et à "
        "accepter vos demandes d'authentification"
    ),
    "confirm_intro": (
        "Après la création de votre mot de passe, vous devrez saisir une seconde fois celui-ci "
        "pour confirmation"
    ),
    "redirect": "Vous serez redirigé automatiquement dès confirmation de votre mot de passe",
    "create": "Créer votre mot de passe à 4 chiffres",
    "confirm": "Confirmer le mot de passe",
    "rules_title": "Votre mot de passe ne peut pas contenir :",
    "rules": (
        "une suite de chiffres croissante (1 2 3 4)",
        "une suite de chiffres décroissante (4 3 2 1)",
        "une suite de chiffres identiques (1 1 1 1)",
    ),
    "advice_title": "Nous vous conseillons :",
    "advice": ("de ne pas utiliser votre date de naissance",),
    "birth_date_warning": (
        "Ce code ressemble à une date : nous vous conseillons de ne pas utiliser votre date "
        "de naissance."
    ),
    "restart": "← RECOMMENCER L'ACTIVATION",
    "keypad": ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0"),
    "erase": "Effacer",
}

# The e-CPS app's screens that are the same in both methods (`screens.app_view`); each method's
# module holds the words of its pairing screens and of its choice on « Activer votre e-CPS ».
APP = {
    "closed_title": "Écran d'accueil du téléphone",
    "open_app": "Ouvrir l'application e-CPS",
    "unsupported_title": "Application non compatible",
    "unsupported_detail": (
        "L'application e-CPS nécessite iOS 15.0 ou une version ultérieure ; sur Android, "
        "l'ANS a dû arrêter de prendre en charge les versions Android 7 et précédentes."
    ),
    "welcome_title": "e-CPS",
    "welcome_text": "Votre carte professionnelle dans votre téléphone.",
    "start": "COMMENCER L'ACTIVATION",
    "cgu_title": "Conditions générales d'utilisation",
    "cgu_text": (
        "L'application e-CPS vous permet de vous identifier auprès des services de santé "
        "partenaires. Lisez les conditions générales d'utilisation, puis acceptez-les pour "
        "continuer."
    ),
    "accept_cgu": "Accepter les conditions générales d'utilisation",
    "choose_title": "Activer votre e-CPS",
    # The end (seed: « Votre e-CPS est activée », and method A's page 7)
    "activated_title": "Votre e-CPS est activée",
    "holder": "{name} — {profession}",
    "activated_text": (
        "Votre mot de passe vous sera demandé à chaque accès à l'application e-CPS"
    ),
    "activated_can": "À l'aide de l'application e-CPS, vous pourrez",
    "activated_uses": (
        "Consulter votre CPS dématérialisée via l'application mobile",
        "Vous identifier sur l'un des services partenaires",
    ),
}

# What the two simulators share: the same words for the same things in methods A and B.
SIMULATORS = {
    "scenario_label": "Scénario",
    "start_scenario": "Commencer ce scénario",
    "restart": "Recommencer la simulation",
    "mode_label": "Mode",
    "modes": {"guided": "Mode guidé", "free": "Mode libre"},
    "nominal": "Sans incident",
    "unexpected": (
        "Le simulateur a rencontré un problème inattendu : cliquez sur « Recommencer la "
        "simulation »."
    ),
    # What the live region says (screen readers): a screen shown on a device, the keypad.
    "screen_shown": "{device} : {title}",
    "keypad_progress": "{typed} chiffre(s) saisi(s) sur {length}",
}
