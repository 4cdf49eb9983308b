"""Chapter 07 texts: signing in to a service with the e-CPS (Pro Santé Connect), « Je teste ma
e-CPS », expiry and renewal.

Sources (the chapter lists them too, `SOURCES`): the seed (ANSM, « Mode opératoire : activer
votre e-CPx », mars 2024) and the public facts of shared/facts/e-cps-and-logs.md, « Using the
e-CPS after activation »:
- PSC sign-in: national identifier, means « e-CPS », notification, 4-digit password, three
  values on the phone, the dynamic code on the PSC page (DSIH, 14 June 2022: two-step
  validation since 21 June 2022);
- about a hundred services use PSC (DSIH 2022; G_NIUS 2024);
- the ANS guide « Je rencontre un problème avec ma e-CPS » (esante.gouv.fr, e-CPS guides):
  app up to date; Android 15+ with PSC in a phone browser: battery use « sans restriction »;
  « Je teste ma e-CPS » (« Bravo »: the e-CPS works, the problem is the service or the
  holder's rights); disconnect all sessions; then customer service;
- expiry: reminder e-mails; « Supprimer ma e-CPS » (settings, « Compte »), then activate again;
  a new phone likewise (ANS FAQ, updated 15 Jan 2025);
- the sandbox exists for vendors; the course never sends anything to the real or sandbox
  services.
The exact texts of the PSC page and of the app's screens are not public: the simulator's are
written in the same plain style, and the chapter says so (`SIMPLIFIED`).
"""

from __future__ import annotations

from ecpx.texts.course import Question
from ecpx.texts.help import CONTACTS

FAQ_URL = "https://esante.gouv.fr/offres-services/e-cps/faq-e-cps"  # the seed's « FAQ E-CPX »
ANS_PAGE_URL = "https://esante.gouv.fr/produits-services/e-cps"  # the seed's « Page dédiée »
SERVICE_URL = "https://service-fictif.example.test"  # never a real service (RFC 2606 .test)
TRAINING_PASSWORD = "2468"  # the training e-CPS's password (fictitious)

_SUPPORT = (f"le service client e-CPS : {CONTACTS['application']['phone']} "
            f"({CONTACTS['application']['phone_note']}), {CONTACTS['application']['email']}")

# The fictitious service and its Pro Santé Connect page (simulated: not the real pages).
SERVICE = {
    "name": "Exemple Santé (service fictif)",
    "home_title": "Exemple Santé — service fictif de démonstration",
    "home_text": (
        "Ce service n'existe pas : il sert seulement à s'entraîner. Rien n'est envoyé à Pro "
        "Santé Connect ni à un vrai service."
    ),
    "psc_button": "Se connecter avec Pro Santé Connect",
    "psc_title": "Pro Santé Connect (simulation)",
    "psc_text": "Saisissez votre identifiant national, puis choisissez votre moyen de connexion.",
    "identifier_field": "Identifiant national",
    "example": "Pour vous entraîner, l'identifiant national fictif de {name} : {national_id}.",
    "means": "Moyen de connexion :",
    "ecps": "e-CPS",
    "waiting_title": "Validez la connexion sur votre téléphone",
    "waiting_text": (
        "Une notification a été envoyée à votre application e-CPS. Ouvrez-la, saisissez votre "
        "mot de passe, puis choisissez le code ci-dessous parmi les trois valeurs proposées."
    ),
    "code_label": "Code à choisir sur votre téléphone :",
    "code_spoken": "Code à choisir sur votre téléphone : {code}",
    "missing": "Je n'ai pas reçu la notification",
    "missing_hint": "(aide du simulateur)",
    "retry": "Recommencer la connexion",
    "failed_title": "Connexion non aboutie",
    "open_title": "Vous êtes connecté(e)",
    "open_text": "Bienvenue {name}. Le service fictif est ouvert : la connexion a réussi.",
}

# The phone.
PHONE = {
    "home_title": "Écran d'accueil du téléphone",
    "notification": "Notification e-CPS : demande de connexion",
    "no_notification": "Aucune notification.",
    "open_app": "Ouvrir l'application e-CPS",
    "reminder": (
        "E-mail reçu : « Votre e-CPS arrive à expiration » (rappel envoyé avant "
        "l'expiration ; texte simplifié)."
    ),
    "fix_outdated": "Mettre à jour l'application e-CPS",
    "fix_battery": "Navigateur : utilisation de la batterie sans restriction",
    "fixed": "C'est corrigé : recommencez la connexion sur la page du service.",
    "outdated_notice": "Une mise à jour de l'application e-CPS est disponible.",
    "battery_notice": (
        "Android 15 : l'économiseur de batterie limite le navigateur dans lequel le service "
        "est ouvert."
    ),
    "password_title": "Saisissez votre mot de passe e-CPS",
    "password_text": "Le mot de passe à 4 chiffres créé à l'activation.",
    "password_hint": "Simulation : le mot de passe de cette e-CPS d'entraînement est {password}.",
    "tries_left": "Essais restants dans le simulateur : {tries}.",
    "code_title": "Choisissez le code affiché sur la page de connexion",
    "code_text": "Un seul de ces trois codes est celui de la page Pro Santé Connect.",
    "done_title": "Connexion validée",
    "done_text": "Vous pouvez revenir à la page du service.",
    "back_home": "Retour à l'accueil du téléphone",
    "app_title": "Ma e-CPS",
    "test": "Je teste ma e-CPS",
    "settings": "Paramètres",
    "bravo_title": "Bravo",
    "bravo_text": "Votre e-CPS fonctionne.",
    "ko_title": "Le test a échoué",
    "ko_text": "Votre e-CPS ne fonctionne pas.",
    "expired_title": "Votre e-CPS a expiré",
    "expired_text": "Supprimez-la (Paramètres, Compte), puis activez-la à nouveau.",
    "settings_title": "Paramètres",
    "account": "Compte",
    "delete": "Supprimer ma e-CPS",
    "deleted_title": "e-CPS supprimée",
    "deleted_text": (
        "Votre e-CPS est supprimée de ce téléphone. Activez-la à nouveau : avec votre carte "
        "(chapitre 02) ou avec vos coordonnées (chapitre 03)."
    ),
}

# Why each error happened, and what to do (what went wrong, then why).
ERRORS = {
    "signin_identifier_format": "Cet identifiant national n'est pas valide.",
    "signin_identifier_unknown": (
        "Aucune e-CPS d'entraînement n'est activée pour cet identifiant sur ce téléphone : "
        "saisissez l'identifiant de {name} ({national_id})."
    ),
    "notification_missing": (
        "La notification n'arrive pas. Le guide de l'ANS « Je rencontre un problème avec ma "
        "e-CPS » dit, dans l'ordre : 1. vérifiez que l'application e-CPS est à jour ; 2. sur "
        "Android 15 ou plus, si vous utilisez Pro Santé Connect dans le navigateur du "
        "téléphone, réglez l'utilisation de la batterie du navigateur sur « sans "
        "restriction » ; 3. faites « Je teste ma e-CPS » dans l'application."
    ),
    "request_expired": (
        "La demande a expiré : vous avez attendu trop longtemps avant de la valider sur le "
        "téléphone. Recommencez la connexion et validez-la sans tarder."
    ),
    "ecps_expired": (
        "La connexion est impossible : votre e-CPS a expiré. Supprimez-la (Paramètres, "
        "« Compte », « Supprimer ma e-CPS ») puis activez-la à nouveau (chapitre 02 ou 03)."
    ),
    "signin_password_wrong": (
        "Mot de passe incorrect : ce n'est pas le mot de passe à 4 chiffres créé à "
        "l'activation. Réessayez."
    ),
    "signin_password_locked": (
        "Trop de mots de passe incorrects : le simulateur annule la demande. Recommencez la "
        "connexion. Si votre vraie e-CPS refuse votre mot de passe, contactez " + _SUPPORT + "."
    ),
    "dynamic_code_wrong": (
        "Mauvais code : la valeur choisie n'est pas celle affichée sur la page de connexion, "
        "la demande est refusée. Ce contrôle empêche de valider par erreur une demande qui "
        "n'est pas la vôtre. Recommencez la connexion et comparez bien les codes."
    ),
    "ecps_test_failed": (
        "Le test de votre e-CPS a échoué. Suite du guide de l'ANS : 4. déconnectez toutes vos "
        "sessions ; 5. si le problème continue, contactez " + _SUPPORT + "."
    ),
}

TEST_OK = (
    "« Bravo » : votre e-CPS fonctionne. Si la connexion échoue quand même, le problème vient "
    "du service ou de vos droits sur ce service : contactez le service concerné."
)

# Simulator scenarios (Dropdown labels).
SCENARIOS = {
    "normal": "Sans incident",
    "outdated": "La notification n'arrive pas : application pas à jour",
    "battery": "La notification n'arrive pas : Android 15, service ouvert dans le navigateur",
    "expired_request": "La demande expire avant d'être validée",
    "test_ko": "La e-CPS ne fonctionne pas : je la teste",
    "expired_ecps": "La e-CPS a expiré",
}

PANELS = {
    "service_computer": "Ordinateur — service fictif",
    "service_phone": "Téléphone — navigateur (service fictif)",
    "phone": "Téléphone — application e-CPS",
}

# Guided mode: what to do next.
GUIDE = {
    "open_psc": "Sur la page du service, cliquez sur « Se connecter avec Pro Santé Connect ».",
    "identifier": (
        "Saisissez votre identifiant national (l'identifiant fictif {example}), puis "
        "choisissez « e-CPS »."
    ),
    "open_notification": "Sur le téléphone, ouvrez la notification e-CPS.",
    "report_missing": (
        "Aucune notification sur le téléphone : sur la page de connexion, cliquez sur « Je "
        "n'ai pas reçu la notification »."
    ),
    "fix_outdated": "Sur le téléphone, appuyez sur « Mettre à jour l'application e-CPS ».",
    "fix_battery": (
        "Sur le téléphone, réglez la batterie du navigateur « sans restriction »."
    ),
    "open_app": "Sur le téléphone, ouvrez l'application e-CPS.",
    "test_now": "Appuyez sur « Je teste ma e-CPS ».",
    "retry": "Sur la page de connexion, cliquez sur « Recommencer la connexion ».",
    "password": "Sur le téléphone, saisissez le mot de passe e-CPS ({password}).",
    "code": (
        "Sur le téléphone, choisissez le code affiché sur la page de connexion ({code})."
    ),
    "back": "Revenez à l'accueil du téléphone.",
    "settings": "Ouvrez « Paramètres ».",
    "delete": "Dans « Compte », appuyez sur « Supprimer ma e-CPS ».",
    "done": "Vous êtes connecté(e) au service fictif : l'exercice est terminé.",
    "deleted": "Votre e-CPS est supprimée : activez-la à nouveau (chapitre 02 ou 03).",
    "tested": "Le test est fait : lisez le résultat sur le téléphone.",
}
NEXT = "Étape suivante :"

# What the simulator simplifies (the chapter says it too).
SIMPLIFIED = (
    "Les textes exacts de la page Pro Santé Connect et des écrans de l'application ne sont "
    "pas publiés : ceux du simulateur sont simplifiés.",
    "La durée de validité d'une demande n'est pas publiée : le simulateur la fixe à 2 minutes.",
    "Le nombre de mots de passe faux tolérés et ce qui se passe ensuite ne sont pas publiés : "
    "le simulateur annule la demande au 3e mot de passe faux.",
    "La forme du code dynamique n'est pas publiée : le simulateur montre un nombre à deux "
    "chiffres.",
    "Le bouton « Je n'ai pas reçu la notification » est une aide du simulateur, pas un bouton "
    "de la vraie page.",
    "Les e-mails de rappel avant l'expiration sont résumés en une ligne ; leur texte exact "
    "et leurs dates d'envoi ne sont pas publiés.",
)

# The chapter's sources: (what, where, date). The course's team took them from its summary of
# public facts (shared/facts/e-cps-and-logs.md, read on 6 December 2026): the dates are the
# sources' own (publication or update); where the summary gives no address, the source is named
# without one rather than given an invented address.
SOURCES = (
    ("ANSM, « Mode opératoire : activer votre e-CPx (e-CPS, e-CPE, e-CPA) »",
     "document fourni avec le cours", "mars 2024"),
    ("ANS, FAQ e-CPS (expiration, « Supprimer ma e-CPS », nouveau téléphone, téléphone "
     "personnel ou fourni par l'employeur)", FAQ_URL, "mises à jour du 15 janvier 2025 et de "
     "novembre 2025"),
    ("ANS, guide « Je rencontre un problème avec ma e-CPS » (application à jour, Android 15 "
     "et batterie du navigateur, « Je teste ma e-CPS », déconnexion des sessions, service "
     "client)", "esante.gouv.fr, guides e-CPS", "date non relevée"),
    ("ANS, page e-CPS", ANS_PAGE_URL, "adresse donnée par le mode opératoire (mars 2024)"),
    ("DSIH, « double validation » de la connexion e-CPS à Pro Santé Connect (trois valeurs "
     "sur le téléphone, en vigueur depuis le 21 juin 2022)", "presse spécialisée (DSIH)",
     "14 juin 2022"),
    ("DSIH (2022) et G_NIUS (2024) : une centaine de services utilisent Pro Santé Connect",
     "presse spécialisée (DSIH) ; G_NIUS (ANS)", "2022 et 2024"),
)
SOURCES_NOTE = ("Ces sources ont été relevées par l'équipe du cours dans sa synthèse des "
                "informations publiques, consultée le 6 décembre 2026 ; les dates indiquées "
                "sont celles des sources elles-mêmes.")

QUIZ = (
    Question(
        prompt="Sur la page Pro Santé Connect, que saisissez-vous ?",
        choices=("Votre identifiant national", "Votre code porteur", "Votre mot de passe e-CPS"),
        answer="Votre identifiant national",
        explanation=(
            "La page Pro Santé Connect demande l'identifiant national et propose « e-CPS » "
            "comme moyen de connexion ; le mot de passe se saisit sur le téléphone."
        ),
    ),
    Question(
        prompt="Le téléphone propose trois codes. Lequel choisir ?",
        choices=("Le premier", "Celui affiché sur la page de connexion", "N'importe lequel"),
        answer="Celui affiché sur la page de connexion",
        explanation=(
            "On choisit, parmi les trois valeurs du téléphone, le code affiché sur la page "
            "Pro Santé Connect : c'est la double validation."
        ),
    ),
    Question(
        prompt="La notification n'arrive pas. Que vérifiez-vous d'abord ?",
        choices=("Que l'application e-CPS est à jour", "Mon code porteur",
                 "Mes coordonnées de correspondance"),
        answer="Que l'application e-CPS est à jour",
        explanation="C'est la première étape du guide de l'ANS.",
    ),
    Question(
        prompt="« Je teste ma e-CPS » affiche « Bravo ». Qu'en concluez-vous ?",
        choices=("Ma e-CPS fonctionne : le problème vient du service ou de mes droits",
                 "Ma e-CPS est expirée", "Je dois réactiver ma e-CPS"),
        answer="Ma e-CPS fonctionne : le problème vient du service ou de mes droits",
        explanation="« Bravo » veut dire que la e-CPS fonctionne.",
    ),
    Question(
        prompt="Votre e-CPS a expiré. Que faites-vous ?",
        choices=("« Supprimer ma e-CPS » dans Paramètres, Compte, puis je l'active à nouveau",
                 "J'attends qu'elle se renouvelle seule", "Je change de mot de passe"),
        answer="« Supprimer ma e-CPS » dans Paramètres, Compte, puis je l'active à nouveau",
        explanation="Une e-CPS expirée se supprime puis s'active à nouveau (FAQ de l'ANS).",
    ),
    Question(
        prompt="Vous changez de téléphone. Que faut-il faire ?",
        choices=("Activer à nouveau la e-CPS sur le nouveau téléphone", "Rien",
                 "Recopier le mot de passe"),
        answer="Activer à nouveau la e-CPS sur le nouveau téléphone",
        explanation="Un nouveau téléphone demande d'activer à nouveau la e-CPS.",
    ),
)
