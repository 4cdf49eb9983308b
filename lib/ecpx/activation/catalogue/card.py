"""Chapter 05's texts (« Votre carte et le lecteur »): the reader, the certificate, the card code.

The seed's own words where it has them: « Sélectionnez un certificat », « Saisissez le code
porteur de votre carte (4 chiffres) », the card and e-CPS support lines.
"""

from __future__ import annotations

from ecpx.activation.catalogue.course import Question
from ecpx.activation.catalogue.help import CONTACTS


def _contact(kind: str) -> str:
    """« Problème avec … : phone (note), e-mail », from chapter 04's contacts."""
    c = CONTACTS[kind]
    return f"{c['title']} : {c['phone']} ({c['phone_note']}), {c['email']}"


# The cards a trainee can put in the virtual reader: key -> (label, holder, blocked, vitale).
VIRTUAL_CARDS = {
    "medecin": ("Carte CPS de Claire DURAND, médecin", "medecin", False, False),
    "pharmacien": ("Carte CPS de Karim MOREAU, pharmacien", "pharmacien", False, False),
    "infirmier": ("Carte CPS de Julie LEFEBVRE, infirmière", "infirmier", False, False),
    "secretaire": ("Carte CPE de Nadia PETIT, secrétaire médicale", "secretaire", False, False),
    "bloquee": ("Carte CPS de Claire DURAND, code porteur bloqué", "medecin", True, False),
    "vitale": ("Une carte Vitale (la mauvaise carte)", None, False, True),
}

READER = {
    "title": "Le lecteur et la carte",
    "virtual_reader": "Lecteur virtuel de la formation",
    "reader": "Lecteur : {reader}",
    "card": "Carte : {kind}",
    "virtual_note": (
        "Aucun lecteur avec une carte CPS n'a été détecté sur cet ordinateur : la formation "
        "utilise une carte virtuelle, qui se comporte comme une vraie carte CPS3."
    ),
    "real_note": (
        "Une vraie carte est dans votre lecteur. La formation ne fait que la lire : elle ne "
        "présente jamais votre code porteur sans que vous cliquiez, et jamais au dernier essai."
    ),
    "serial": "Numéro de série de la carte : {serial}",
    "holder": "Titulaire : {name} — {profession} ({card_type})",
    "no_card": "Aucune carte dans le lecteur.",
    "choose_label": "Carte à insérer",
    "insert": "Insérer cette carte",
    "remove": "Retirer la carte",
    "detect": "Détecter la carte",
    "remove_during_read": "Retirer la carte pendant la lecture",
    "removed_during_read_hint": (
        "Vous avez retiré la carte pendant que l'ordinateur la lisait : c'est ce message que "
        "vous verriez. Réinsérez la carte, puis recommencez."
    ),
}

CERTIFICATE = {
    "title": "Sélectionnez un certificat",
    "explain": (
        "Quand vous cliquez sur « Se connecter avec la carte CPS », votre navigateur affiche "
        "les certificats lus sur votre carte. Choisissez celui à votre nom, émis par l'IGC-Santé."
    ),
    "issuer": "Émetteur : {issuer}",
    "validity": "Valide du {start:%d/%m/%Y} au {end:%d/%m/%Y}",
    "ok": "OK",
    "cancel": "Annuler",
    "chosen": (
        "Certificat sélectionné : {name}. Le portail vous demande maintenant le code porteur "
        "de votre carte (4 chiffres)."
    ),
    "cancelled": "Vous avez annulé : sans certificat, le portail ne peut pas vous connecter.",
    "none": "Sélectionnez d'abord le certificat à votre nom.",
}

PIN = {
    "title": "Saisissez le code porteur de votre carte (4 chiffres)",
    "label": "Code porteur",
    "placeholder": "4 chiffres",
    "submit": "Valider le code porteur",
    "check": "Voir les essais restants",
    "tries": "Essais restants : {tries} sur 3",
    "blocked": "Code porteur bloqué",
    "virtual_code": "Code porteur de cette carte virtuelle : {pin}",
    "real_warning": (
        "C'est votre vraie carte : chaque code faux compte. La formation refusera de présenter "
        "un code s'il ne reste qu'un essai."
    ),
    "right": "Code porteur correct : sur le portail, vous seriez maintenant connecté.",
    "free_check": "Lire les essais restants ne consomme aucun essai.",
}

CODE_VS_PASSWORD = {
    "title": "Code porteur ou mot de passe e-CPS ?",
    "rows": (
        ("", "Code porteur de la carte", "Mot de passe e-CPS"),
        ("Pour quoi ?", "Utiliser votre carte CPx dans un lecteur (par exemple pour vous "
         "connecter au portail e-CPS et activer votre e-CPS).",
         "Déverrouiller votre e-CPS et accepter vos demandes d'authentification."),
        ("Où le saisir ?", "Sur l'ordinateur, quand la carte est dans le lecteur.",
         "Dans l'application e-CPS, sur votre téléphone."),
        ("Combien de chiffres ?", "4 chiffres.", "4 chiffres."),
        ("D'où vient-il ?", "Il vous est remis avec votre carte.",
         "Vous le créez vous-même pendant l'activation, puis vous le confirmez."),
        ("Et en cas d'erreur ?", "Après 3 codes faux, la carte est bloquée : il faut le code de "
         "déblocage (8 chiffres) reçu avec la carte, ou le service client des cartes.",
         "Il ne peut pas contenir une suite de chiffres croissante (1 2 3 4), décroissante "
         "(4 3 2 1) ou identique (1 1 1 1)."),
        ("Qui contacter ?", _contact("card"), _contact("application")),
    ),
}

QUIZ_CARD = (
    Question(
        "Le portail vous demande le code de votre carte (4 chiffres). Que saisissez-vous ?",
        ("Le code porteur de ma carte", "Mon mot de passe e-CPS", "Le code de déblocage"),
        "Le code porteur de ma carte",
        "Sur l'ordinateur, avec la carte dans le lecteur, c'est le code porteur qui est demandé.",
    ),
    Question(
        "Il ne vous reste qu'un essai de code porteur et vous n'êtes pas sûr du code. "
        "Que faites-vous ?",
        ("J'essaie quand même", "J'utilise le code de déblocage ou j'appelle le service client "
         "des cartes", "J'essaie mon mot de passe e-CPS"),
        "J'utilise le code de déblocage ou j'appelle le service client des cartes",
        "Un dernier code faux bloquerait la carte : la formation refuse de le présenter.",
    ),
    Question(
        "Votre mot de passe e-CPS peut-il être 1234 ?",
        ("Oui", "Non"),
        "Non",
        "Le mot de passe e-CPS ne peut pas être une suite de chiffres croissante (1 2 3 4).",
    ),
)

UNEXPECTED = (
    "Un problème inattendu est survenu avec la carte ou le lecteur. Recommencez ; si cela se "
    "reproduit, prévenez votre formateur."
)
