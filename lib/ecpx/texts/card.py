"""Chapter 05's texts (« Votre carte et le lecteur »): the reader, the certificate, the card code.

The seed's own words where it has them: « Sélectionnez un certificat », « Saisissez le code
porteur de votre carte (4 chiffres) », the card and e-CPS support lines.
"""

from __future__ import annotations

from ecpx.card import errors
from ecpx.texts.course import Question
from ecpx.texts.help import CONTACTS


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
    "use_own": "Utiliser ma propre carte dans le lecteur",
    "enable_real_reader": (
        "Cette installation de la formation ne sait pas lire un vrai lecteur de carte : elle "
        "utilise la carte virtuelle. Pour utiliser votre lecteur, installez la prise en charge "
        "des lecteurs avec la commande pip install \"ecpx[card]\" (ou ./run serve depuis le "
        "dépôt), puis relancez la formation."
    ),
    "serial": "Numéro de série de la carte : {serial}",
    "holder": "Titulaire : {name} — {profession} ({card_type})",
    "no_card": "Aucune carte dans le lecteur.",
    "choose_label": "Carte à insérer",
    "insert": "Insérer cette carte",
    "remove": "Retirer la carte",
    "detect": "Relire la carte",
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

# Why the chapter reads this card (ecpx.card.opening.Reason values).
WHY_THIS_CARD = {
    "virtual_by_default": (
        "La formation utilise une carte virtuelle, qui se comporte comme une vraie carte CPS3 : "
        "vous pouvez tout essayer, même bloquer son code porteur, sans lecteur et sans aucun "
        "risque pour votre carte. Pour lire votre propre carte, insérez-la dans le lecteur de "
        "cet ordinateur et cliquez sur « Utiliser ma propre carte dans le lecteur »."
    ),
    "classroom": (
        "La formation est servie à toute une classe depuis l'ordinateur du formateur : le "
        "lecteur branché sur cet ordinateur est celui du formateur, et la carte qui s'y trouve "
        "est la sienne. La formation ne le lit donc jamais : chaque stagiaire a sa propre carte "
        "virtuelle. Pour lire votre propre carte, suivez le cours sur votre ordinateur."
    ),
    "real_chosen": (
        "C'est votre vraie carte, dans votre lecteur. La formation ne fait que la lire : elle ne "
        "présente jamais votre code porteur sans que vous cliquiez, et jamais au dernier essai."
    ),
    "real_unavailable": (
        "Votre carte n'a pas pu être lue (le message ci-dessous dit pourquoi) : la formation "
        "continue avec la carte virtuelle."
    ),
}

# The card kinds as chapter 05 names them (ecpx.card.atr.CardKind values).
CARD_KINDS = {"CPS3": "CPS3", "CPS3 (contactless)": "CPS3 (sans contact)", "CPS4": "CPS4"}

# Other cards, named from what their ATR says (ecpx.card.atr.CardIdentity.family).
OTHER_CARDS = {
    "old_cps": "une carte CPS d'une ancienne génération, que la formation ne lit pas",
    "vitale": "une carte Vitale",
    "bank": "une carte bancaire",
    "other": "une autre carte (« {description} »)",
    "unknown": "une carte inconnue",
}


def certificate_label(holder) -> str:
    """One line per certificate, the way a browser's « Sélectionnez un certificat » lists it."""
    return (f"{holder.idnat} — {holder.display_name} ({holder.profession}) — émis par "
            f"{holder.issuer}")


def what_card_it_is(card) -> str:
    """A card named for a learner (« une carte Vitale », …) from its ATR identity."""
    if card.is_cps:
        return f"une carte {CARD_KINDS.get(card.kind.value, card.kind.value)}"
    return OTHER_CARDS[card.family].format(description=card.description)


def _card_service() -> str:
    c = CONTACTS["card"]
    return f"{c['phone']}, {c['email']}"


def card_error_text(error: Exception) -> str:
    """The French explanation of a card error for learners (the error carries the facts);
    any other exception is a bug, said as UNEXPECTED."""
    if not isinstance(error, errors.CardError):
        return UNEXPECTED
    if isinstance(error, errors.PinWrong):
        n = error.tries_left
        return f"Code porteur incorrect : il vous reste {n} essai{'s' if n > 1 else ''}."
    if isinstance(error, errors.NotACpsCard):
        return (f"Cette carte n'est pas la bonne : c'est {what_card_it_is(error.card)}, pas une "
                "carte CPS. Insérez votre carte CPS dans le lecteur.")
    if isinstance(error, errors.PinBlocked):
        return ("Le code porteur de votre carte est bloqué. Débloquez-le avec le code de "
                "déblocage (8 chiffres) reçu avec votre carte, ou contactez le service client des "
                f"cartes : {_card_service()}.")
    if isinstance(error, errors.ApduError) and not isinstance(
            error, errors.ApplicationNotAvailable):
        return (f"La carte a refusé une commande (code {error.sw:04X}) : retirez-la, "
                "réinsérez-la et recommencez ; si cela se reproduit, prévenez votre formateur.")
    for kind, text in CARD_ERRORS.items():
        if isinstance(error, kind):
            return text
    return CARD_ERRORS[errors.CardError]


CARD_ERRORS = {
    errors.PcscUnavailable: (
        "Le service des lecteurs de cartes (pcscd) ne répond pas : vérifiez qu'il est démarré, "
        "ou demandez à votre support informatique."
    ),
    errors.NoReader: (
        "Aucun lecteur de carte n'est branché : branchez votre lecteur puis réessayez."
    ),
    errors.NoCard: "Aucune carte n'est insérée dans le lecteur : insérez votre carte CPS.",
    errors.CardRemoved: "La carte a été retirée pendant la lecture : réinsérez-la et recommencez.",
    errors.PinLastTry: (
        "Il ne reste qu'un seul essai avant le blocage de votre carte : la formation ne vous "
        "fera pas prendre ce risque. En cas de doute, utilisez le code de déblocage (8 chiffres) "
        "reçu avec votre carte, ou contactez le service client des cartes."
    ),
    errors.PinFormatInvalid: "Le code porteur de votre carte se compose de 4 chiffres.",
    errors.NoPin: "Une carte CPS lue sans contact n'a pas de code porteur.",
    errors.NoCertificate: "La carte ne contient aucun certificat lisible.",
    errors.ApplicationNotAvailable: (
        "La carte n'ouvre pas son application CPS : la formation ne peut pas la lire. Essayez-la "
        "sur le portail e-CPS, avec le logiciel de la carte (Cryptolib CPS) installé."
    ),
    errors.RealReaderNotAllowed: WHY_THIS_CARD["classroom"],
    errors.ReaderSupportMissing: READER["enable_real_reader"],
    errors.CardError: "Un problème est survenu avec la carte ou le lecteur.",
}
