"""Method A's texts: the portal on the computer and the e-CPS app on the phone.

Wording in « » quotes is the seed's (mode opératoire « Activer votre e-CPx », March 2024, pages
5-7); the rest is the course's own wording, used where the seed shows a screenshot without text.
"""

from ecpx.texts.common import SIMULATORS
from ecpx.texts.course import Question

# The stepper over the activation screens of the portal (seed).
STEPPER = ("Scanner le QR Code", "Ajouter votre téléphone", "Créer votre mot de passe")

COMPUTER = {
    # Portal home: « Connectez-vous avec votre carte sur le portail e-CPS »
    "portal_title": "Portail e-CPS",
    "portal_intro": "Connectez-vous avec votre carte sur le portail e-CPS",
    "psc_button": "PRO SANTECONNECT",
    # The optional Pro Santé Connect screen: tab « Carte CPS », « Se connecter avec la carte CPS »
    "psc_title": "Pro Santé Connect",
    "psc_tab_ecps": "e-CPS",
    "psc_tab_card": "Carte CPS",
    "psc_ecps_text": "Pour activer votre e-CPS, connectez-vous d'abord avec votre carte.",
    "psc_card_text": "Insérez votre carte dans le lecteur.",
    "psc_card_button": "Se connecter avec la carte CPS",
    # The browser's certificate dialog, then the card's code (seed)
    "certificate_title": "Sélectionnez un certificat",
    "certificate_intro": "Sélectionnez un certificat pour vous authentifier auprès du site",
    "certificate_label": "Certificat",
    "certificate_entry": "{name} ({profession})",
    "certificate_details": (
        "Identifiant national : {idnat} — émis par {issuer} — valide jusqu'au "
        "{not_after:%d/%m/%Y}"
    ),
    "certificate_ok": "OK",
    "pin_title": "Saisissez le code porteur de votre carte (4 chiffres)",
    "pin_label": "Code porteur",
    "pin_ok": "Valider",
    "pin_tries": "Essais restants avant le blocage de la carte : {tries}",
    "pin_last_try": (
        "Il ne reste qu'un essai avant le blocage de la carte. Pour ne pas bloquer votre "
        "carte, la formation refuse de l'utiliser : cliquez sur « Recommencer la simulation » "
        "pour repartir avec une carte virtuelle neuve."
    ),
    "blocked_title": "Carte bloquée",
    # Logged in: the activation home
    "home_title": "Mon e-CPS",
    "home_welcome": "Bienvenue {given_name} {surname}",
    "home_intro": "Activez votre e-CPS sur votre téléphone.",
    "start_button": "COMMENCER L'ACTIVATION",
    "blocked_page": "(la page est incomplète : le bouton attendu ne s'affiche pas)",
    "unblock_button": "Faire autoriser la page par le service informatique",
    # The QR code step
    "pairing_title": "Activation : Appairage du téléphone",
    "qr_intro": "Scannez ce QR code avec l'application e-CPS de votre téléphone",
    "qr_alt": (
        "QR code d'activation (simulation) : il relie l'application e-CPS de votre téléphone "
        "à votre compte ; scannez-le avec l'application. Il change toutes les 90 secondes."
    ),
    "qr_time_left": "Ce QR code est valable encore {seconds} s.",
    "qr_renewal": "Un nouveau QR code s'affiche automatiquement toutes les 90 secondes.",
    # The code d'ajout step (seed)
    "code_title": "Saisissez le code d'ajout",
    "code_intro": (
        "Veuillez saisir le code d'ajout à usage unique commençant par une lettre affiché sur "
        "l'écran de votre téléphone"
    ),
    "code_redirect": (
        "Vous serez redirigé automatiquement à l'étape suivante dès validation du code d'ajout"
    ),
    "code_box": "Caractère {n} du code d'ajout",
    # The end (seed)
    "active_title": "La carte est active",
    "active_congrats": "Félicitations !",
    "active_text": "Votre e-CPS est à présent activée sur votre téléphone !",
    "active_password": (
        "Votre mot de passe vous sera demandé à chaque accès à l'application e-CPS"
    ),
}

# The e-CPS app's screens of method A (its common screens are `common.APP`'s).
PHONE = {
    "choose_qr": "Activer avec un QR code",
    "choose_note": (
        "Vous avez votre carte et un lecteur : activez votre e-CPS avec le QR code affiché "
        "sur le portail e-CPS de votre ordinateur."
    ),
    "scan_title": "Scanner le QR Code",
    "scan_text": "Visez le QR code affiché sur votre ordinateur",
    "scan_button": "Scanner le QR code",
    "code_intro": (
        "Après la saisie du code d'ajout sur votre ordinateur, vous serez redirigé vers un autre "
        "écran."
    ),
    "code_instruction": "Saisissez ce code d'ajout sur votre ordinateur",
    "password_title": "Créer votre mot de passe",
    "password_intro": (
        "Après la création du mot de passe sur votre ordinateur, vous serez redirigé vers votre "
        "e-CPS."
    ),
    "password_instruction": "Créez votre mot de passe sur votre ordinateur",
    "password_mask": "* * * *",
}

# Messages that are not journal errors: the screen refuses before anything is checked.
NOTICES = {
    "pin_format": "Le code porteur comporte exactement 4 chiffres.",
    "no_qr": (
        "Aucun QR code à scanner : cliquez d'abord sur « COMMENCER L'ACTIVATION » sur "
        "l'ordinateur."
    ),
}
# Errors and notices shown on the phone (the others are shown on the computer).
PHONE_MESSAGES = ("qr_expired", "no_qr")

# Scenarios the course can switch on. Some change what the simulated world does (page_blocked,
# pin_blocked, card_removed, qr_expired, pairing_code_expired); the others are the learner's own
# mistakes (wrong code, refused password), which the guide suggests making.
SCENARIOS = {
    "nominal": SIMULATORS["nominal"],
    "page_blocked": "Le logiciel de sécurité bloque la page (par exemple Kaspersky)",
    "pin_wrong": "Code porteur erroné",
    "pin_blocked": "Carte dont le code porteur est bloqué",
    "card_removed": "Carte retirée du lecteur pendant la connexion",
    "qr_expired": "QR code expiré (scanné trop tard)",
    "pairing_code_wrong": "Code d'ajout mal recopié",
    "pairing_code_expired": "Code d'ajout expiré",
    "password_rule": "Mot de passe refusé (règle non respectée)",
    "password_mismatch": "Confirmation différente du mot de passe",
}

# The line above the simulator: which card code to type.
SIMULATOR = {
    "card_code_is": "Code porteur de la carte virtuelle : {pin}",
    "card_code_or_real": (
        "Si votre carte est dans le lecteur, saisissez votre propre code porteur ; sinon, le "
        "simulateur utilise une carte virtuelle. Code porteur de la carte virtuelle : {pin}"
    ),
}

# Guided mode: what to do next, by (device, screen). Scenario-specific advice overrides it.
GUIDE = {
    ("computer", "portal"): "Sur l'ordinateur, cliquez sur « PRO SANTECONNECT ».",
    ("computer", "psc_login"): (
        "Cet écran est optionnel : allez dans l'onglet « Carte CPS » et cliquez sur « Se "
        "connecter avec la carte CPS »."
    ),
    ("computer", "certificate"): "Sélectionnez votre certificat, puis cliquez sur « OK ».",
    ("computer", "card_code"): "Saisissez le code porteur de votre carte (4 chiffres).",
    ("computer", "card_code_last_try"): (
        "Deux codes faux ont été saisis : il ne reste qu'un essai avant le blocage de la "
        "carte, et la formation refuse de l'utiliser. Cliquez sur « Recommencer la "
        "simulation » pour repartir avec une carte virtuelle neuve."
    ),
    ("computer", "card_blocked"): (
        "La carte est bloquée : la formation s'arrête ici. Choisissez un autre scénario."
    ),
    ("computer", "activation_home"): "Sur l'ordinateur, cliquez sur « COMMENCER L'ACTIVATION ».",
    ("computer", "page_blocked"): (
        "Le bouton « COMMENCER L'ACTIVATION » n'apparaît pas : faites autoriser la page par "
        "votre service informatique."
    ),
    ("phone", "closed"): "Sur le téléphone, ouvrez l'application e-CPS.",
    ("phone", "welcome"): "Sur le téléphone, appuyez sur « COMMENCER L'ACTIVATION ».",
    ("phone", "cgu"): "Acceptez les conditions générales d'utilisation.",
    ("phone", "choose"): "Choisissez l'activation avec un QR code.",
    ("phone", "scan"): "Scannez avec le téléphone le QR code affiché sur l'ordinateur.",
    ("computer", "pairing"): (
        "Recopiez sur l'ordinateur le code d'ajout affiché sur le téléphone, un caractère par case."
    ),
    ("computer", "password"): (
        "Créez sur l'ordinateur votre mot de passe à 4 chiffres avec le clavier."
    ),
    ("computer", "confirm"): "Saisissez une seconde fois le même mot de passe.",
    ("none", "active"): "Votre e-CPS est activée : c'est terminé !",
}
GUIDE_SCENARIO = {
    ("pin_wrong", "card_code"): (
        "Scénario : saisissez volontairement un code faux (par exemple 0000) et lisez le "
        "nombre d'essais restants."
    ),
    ("card_removed", "card_code"): (
        "Scénario : la carte va être retirée pendant la vérification du code porteur."
    ),
    ("pairing_code_wrong", "pairing"): (
        "Scénario : recopiez le code d'ajout avec une erreur (par exemple un chiffre changé)."
    ),
    ("password_rule", "password"): (
        "Scénario : essayez un mot de passe interdit, par exemple 1234, 4321 ou 1111."
    ),
    ("password_mismatch", "confirm"): (
        "Scénario : confirmez avec un mot de passe différent du premier."
    ),
}

# Chapter 02's self-check quiz.
QUIZ_METHOD_A = (
    Question(
        "Par quoi commencez-vous la méthode A sur l'ordinateur ?",
        (
            "Je me connecte avec ma carte sur le portail e-CPS, puis je clique sur « PRO "
            "SANTECONNECT ».",
            "J'envoie une demande d'activation avec mon identifiant RPPS.",
            "Je scanne le QR code reçu par e-mail.",
        ),
        "Je me connecte avec ma carte sur le portail e-CPS, puis je clique sur « PRO "
        "SANTECONNECT ».",
        "La méthode A passe par la carte et le lecteur ; la demande par identifiant et le "
        "l'e-mail sont la méthode B.",
    ),
    Question(
        "Le bouton « COMMENCER L'ACTIVATION » n'apparaît pas sur l'ordinateur. Pourquoi ?",
        (
            "Mon code porteur est bloqué.",
            "Le système de sécurité de mon établissement (par exemple Kaspersky) bloque peut-être "
            "la page.",
            "Mon téléphone n'est pas compatible.",
        ),
        "Le système de sécurité de mon établissement (par exemple Kaspersky) bloque peut-être "
        "la page.",
        "C'est le problème connu signalé par le mode opératoire : demandez à votre service "
        "informatique d'autoriser la page.",
    ),
    Question(
        "Le QR code affiché sur l'ordinateur est valable combien de temps ?",
        ("10 secondes", "90 secondes", "24 heures"),
        "90 secondes",
        "Passé ce délai, le portail affiche un nouveau QR code : scannez celui qui est à l'écran.",
    ),
    Question(
        "Où saisissez-vous le code d'ajout (par exemple P28658) ?",
        (
            "Sur le téléphone, qui l'a reçu par SMS.",
            "Sur l'ordinateur : le téléphone l'affiche, je le recopie dans les 6 cases.",
            "Nulle part : il est transmis automatiquement.",
        ),
        "Sur l'ordinateur : le téléphone l'affiche, je le recopie dans les 6 cases.",
        "Le code d'ajout est à usage unique et commence par une lettre ; il relie votre "
        "téléphone à votre carte.",
    ),
    Question(
        "Lequel de ces mots de passe est accepté ?",
        ("1234", "4321", "1111", "1357"),
        "1357",
        "Le mot de passe ne peut contenir ni suite croissante, ni suite décroissante, ni "
        "chiffres identiques ; évitez aussi votre date de naissance.",
    ),
    Question(
        "Quelle est la différence entre le code porteur et le mot de passe e-CPS ?",
        (
            "Aucune : c'est le même code.",
            "Le code porteur (4 chiffres) protège la carte ; le mot de passe e-CPS (4 chiffres) "
            "déverrouille l'application sur le téléphone.",
            "Le code porteur sert uniquement à la méthode B.",
        ),
        "Le code porteur (4 chiffres) protège la carte ; le mot de passe e-CPS (4 chiffres) "
        "déverrouille l'application sur le téléphone.",
        "Ce sont deux codes distincts. Trois codes porteurs faux d'affilée bloquent la carte.",
    ),
)
