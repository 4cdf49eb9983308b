"""Method B texts (seed, « Méthode B : activer votre e-CPS avec vos coordonnées »).

Quoted wording is the seed's; the few texts the seed does not show (the mailbox, the SMS, the
simulator's scenarios and guidance) are written in the same plain style and marked as such.
"""

from __future__ import annotations

from ecpx.texts.common import SIMULATORS
from ecpx.texts.course import Question

UPDATE_DETAILS_URL = (
    "https://esante.gouv.fr/securite/e-cps/mise-jour-des-coordonnees-de-correspondance"
)

# The phone (the e-CPS app), screen by screen in the seed's order (its common screens are
# `common.APP`'s).
PHONE = {
    "choose_text": (
        "Sans carte ni lecteur, demandez l'activation avec vos coordonnées de "
        "correspondance (e-mail et téléphone mobile)."
    ),
    "send_request": "Envoyer une demande d'activation",
    "kind_title": "Saisissez votre identifiant national",
    "have_rpps": "J'ai un identifiant RPPS",
    "form_title": "Demande d'activation",
    "back": "Retour",
    "form_text": (
        "Pour recevoir le courriel d'activation, veuillez saisir votre identifiant RPPS"
    ),
    "identifier_field": "Votre identifiant RPPS",
    "where_title": "Vous trouverez votre identifiant national :",
    "where": (
        "sur la première ligne de votre carte CPS",
        "en ajoutant un « 8 » devant votre numéro RPPS, par exemple 812345678901",
        "en ajoutant un « 0 » devant votre identifiant ADELI, par exemple 0123456789",
    ),
    "submit": "Envoyer ma demande d'activation",
    "sent_title": "Demande envoyée",
    "sent_text": "Un e-mail d'activation avec un QR code a été envoyé à {email}.",
    "sent_on_phone": (
        "Sur votre téléphone, ouvrez l'e-mail avec le QR code et appuyez sur Démarrer "
        "l'activation"
    ),
    "sent_on_computer": (
        "Si vous ouvrez l'e-mail depuis votre ordinateur vous devez lancer l'application e-CPS, "
        "appuyer sur Commencer et scanner le QR code avec l'application"
    ),
    "spam_hint": "Si vous ne recevez pas l'e-mail, pensez à vérifier le courrier indésirable.",
    "commence": "Commencer",
    "email_missing": "Je n'ai pas reçu l'e-mail",
    "scan_title": "Scanner le QR code",
    "scan_text": "Placez le QR code de l'e-mail dans le cadre.",
    "scan": "Scanner le QR code",
    "sms_title": "Recevoir le code d'activation",
    "sms_text": "Appuyez sur « Par SMS » pour recevoir le SMS avec le code d'activation",
    "by_sms": "Par SMS",
    "sms_to": "Le code sera envoyé au {mobile}.",
    "code_title": "Code d'activation",
    "code_auto": "Le code d'activation est récupéré automatiquement par l'application e-CPS",
    "code_manual": (
        "Si le code d'activation n'est pas récupéré automatiquement, recopiez-le dans "
        "l'application e-CPS"
    ),
    "code_field": "Code d'activation",
    "validate_code": "Valider le code",
    "resend_sms": "Recevoir un nouveau SMS",
    "password_text": "Créez puis confirmez votre mot de passe.",
}

# The simulated mailbox (not shown in the seed: a plain webmail).
MAIL = {
    "title": "Messagerie",
    "inbox": "Boîte de réception",
    "spam": "Courrier indésirable",
    "empty": "Aucun message dans ce dossier.",
    "sender": "e-CPS (simulation) <ne-pas-repondre@e-cps.example.test>",
    "subject": "Activation de votre e-CPS",
    "body": (
        "Bonjour {name},\n\nVous avez demandé l'activation de votre e-CPS. Sur votre "
        "téléphone, appuyez sur « Démarrer l'activation ». Si vous lisez ce message sur votre "
        "ordinateur, lancez l'application e-CPS, appuyez sur « Commencer » et scannez ce QR code."
    ),
    "start": "Démarrer l'activation",
    "qr_alt": (
        "QR code d'activation (simulation) : il contient le lien d'activation de votre "
        "e-CPS, à scanner avec l'application e-CPS."
    ),
    "spam_warning": "Ce message a été classé comme indésirable.",
}

# Remarks that are not errors (the model's `notice`).
NOTICES = {
    "start_on_computer": (
        "Rien ne se passe : ce lien ouvre l'application e-CPS, il ne fonctionne que sur un "
        "téléphone. Ouvrez cet e-mail sur votre téléphone et appuyez sur « Démarrer "
        "l'activation » ; ou bien ouvrez l'application e-CPS sur votre téléphone, appuyez sur "
        "« Commencer » et scannez le QR code de cet e-mail."
    ),
    "no_qr": (
        "Aucun QR code d'activation dans le cadre : ouvrez l'e-mail sur l'ordinateur pour "
        "afficher son QR code."
    ),
}

# The simulated SMS inbox.
SMS = {
    "title": "SMS",
    "sender": "e-CPS",
    "text": "Votre code d'activation e-CPS est {code}. Ne le communiquez à personne.",
    "empty": "Aucun SMS.",
    "received": "reçu à {at:%H:%M:%S}",
    "current": "Code à utiliser",
    "spoken": "SMS {received} : {text}",  # what the live region says when an SMS arrives
    "expired": "Code expiré : ne l'utilisez plus",
}

# Why a national identifier is refused, before the directory is asked.
IDENTIFIER_HINTS = {
    "empty": "Saisissez votre identifiant national.",
    "characters": "Votre identifiant national ne contient que des chiffres.",
    "add_8": (
        "Vous avez saisi un numéro RPPS à 11 chiffres : ajoutez un « 8 » devant, par exemple "
        "812345678901."
    ),
    "add_0": (
        "Vous avez saisi un identifiant ADELI à 9 chiffres : ajoutez un « 0 » devant, par "
        "exemple 0123456789."
    ),
    "prefix_8": "Un identifiant national à 12 chiffres commence par « 8 ».",
    "prefix_0": "Un identifiant national à 10 chiffres commence par « 0 ».",
    "check_digit": (
        "Ce numéro RPPS n'existe pas : le dernier chiffre (la clé de contrôle) ne correspond "
        "pas aux autres. Vérifiez votre saisie sur la première ligne de votre carte CPS."
    ),
    "length": (
        "Votre identifiant national compte 12 chiffres (8 + RPPS) ou 10 chiffres "
        "(0 + ADELI)."
    ),
}

# Simulator scenarios (Dropdown labels), in the order the course presents them.
SCENARIOS = {
    "normal": SIMULATORS["nominal"],
    "spam": "L'e-mail arrive dans le courrier indésirable",
    "computer": "L'e-mail est ouvert sur l'ordinateur",
    "manual_code": "Le code SMS n'est pas récupéré automatiquement",
    "expired_code": "Le code SMS a expiré",
    "unsupported": "Le téléphone n'est pas compatible",
}

# Guided mode: what to do next, per situation.
GUIDE = {
    "open_app": "Sur le téléphone, ouvrez l'application e-CPS.",
    "start": "Sur le téléphone, appuyez sur « COMMENCER L'ACTIVATION ».",
    "accept_cgu": "Acceptez les conditions générales d'utilisation.",
    "send_request": "Appuyez sur « Envoyer une demande d'activation ».",
    "have_rpps": "Appuyez sur « J'ai un identifiant RPPS ».",
    "submit": (
        "Saisissez votre identifiant national (par exemple l'identifiant fictif {example}) "
        "puis appuyez sur « Envoyer ma demande d'activation »."
    ),
    "open_spam": (
        "La boîte de réception est vide : pensez à vérifier le courrier indésirable."
    ),
    "open_email": "Dans la messagerie, ouvrez l'e-mail « Activation de votre e-CPS ».",
    "start_from_email": "Dans l'e-mail, appuyez sur « Démarrer l'activation ».",
    "commence": (
        "L'e-mail est ouvert sur l'ordinateur : sur le téléphone, appuyez sur "
        "« Commencer »."
    ),
    "scan": "Scannez avec l'application le QR code affiché dans l'e-mail.",
    "by_sms": "Appuyez sur « Par SMS » pour recevoir le code d'activation.",
    "type_code": (
        "Le code n'a pas été récupéré automatiquement : recopiez dans l'application le code reçu "
        "par SMS, puis appuyez sur « Valider le code »."
    ),
    "resend_sms": (
        "Le code a expiré : appuyez sur « Recevoir un nouveau SMS », puis recopiez le "
        "nouveau code."
    ),
    "password": "Créez puis confirmez votre mot de passe à 4 chiffres sur le téléphone.",
    "done": "Votre e-CPS est activée : l'exercice est terminé.",
    "blocked": (
        "Ce téléphone ne peut pas installer l'application e-CPS : voyez le chapitre 04 "
        "« Dépannage et assistance »."
    ),
}

# The table of the fictitious directory shown in chapter 03.
DIRECTORY_COLUMNS = ("Nom (fictif)", "Profession", "Carte", "Identifiant national",
                     "Coordonnées à jour")
DIRECTORY_UP_TO_DATE = {True: "oui", False: "non"}

# The captions of the simulator's three views.
PANELS = {
    "app": "Téléphone — application e-CPS",
    "mail_phone": "Téléphone — messagerie",
    "mail_computer": "Ordinateur — messagerie",
    "sms": "Téléphone — SMS",
}

SIMULATOR = {
    "next": "Étape suivante :",
}

QUIZ = (
    Question(
        prompt="À quelles cartes la méthode B (avec vos coordonnées) est-elle réservée ?",
        choices=("À toutes les cartes CPx", "Aux cartes CPS uniquement",
                 "Aux cartes CPE et CPA"),
        answer="Aux cartes CPS uniquement",
        explanation=(
            "Le mode opératoire réserve la méthode B aux cartes CPS ; avec une CPE, une CPA, "
            "une CDE ou une CPF, activez votre e-CPx avec votre carte (méthode A)."
        ),
    ),
    Question(
        prompt="Votre numéro RPPS est 12345678901. Que saisissez-vous ?",
        choices=("12345678901", "812345678901", "012345678901"),
        answer="812345678901",
        explanation="On ajoute un « 8 » devant le numéro RPPS (un « 0 » devant l'ADELI).",
    ),
    Question(
        prompt="Vous ne trouvez pas l'e-mail d'activation. Que faites-vous d'abord ?",
        choices=("Je recommence la demande", "Je vérifie le courrier indésirable",
                 "J'appelle le service client"),
        answer="Je vérifie le courrier indésirable",
        explanation=(
            "« Si vous ne recevez pas l'e-mail, pensez à vérifier le courrier indésirable. »"
        ),
    ),
    Question(
        prompt="Vous avez ouvert l'e-mail sur votre ordinateur. Comment continuer ?",
        choices=(
            "J'appuie sur « Démarrer l'activation » sur l'ordinateur",
            "Je lance l'application e-CPS, j'appuie sur « Commencer » et je scanne le QR code",
            "Je transfère l'e-mail à un collègue",
        ),
        answer="Je lance l'application e-CPS, j'appuie sur « Commencer » et je scanne le QR code",
        explanation=(
            "Le lien « Démarrer l'activation » ne fonctionne que sur le téléphone ; depuis "
            "l'ordinateur, on scanne le QR code avec l'application."
        ),
    ),
    Question(
        prompt="Le code reçu par SMS n'est pas récupéré automatiquement. Que faites-vous ?",
        choices=("Je le recopie dans l'application e-CPS", "J'attends un autre e-mail",
                 "Je change de téléphone"),
        answer="Je le recopie dans l'application e-CPS",
        explanation=(
            "« Si le code d'activation n'est pas récupéré automatiquement, recopiez-le dans "
            "l'application e-CPS »."
        ),
    ),
    Question(
        prompt="Vos coordonnées (e-mail, mobile) ne sont pas à jour. Où les mettre à jour ?",
        choices=(
            UPDATE_DETAILS_URL,
            "https://wallet.esw.esante.gouv.fr",
            "Dans l'application e-CPS",
        ),
        answer=UPDATE_DETAILS_URL,
        explanation="Le mode opératoire renvoie vers la page de mise à jour des coordonnées.",
    ),
)
