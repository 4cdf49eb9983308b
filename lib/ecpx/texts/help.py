"""Chapter 04 texts: FAQ, known problems, the troubleshooting questions and fixes, the contacts.

Sources: the seed (« FAQ E-CPX », « PROBLEMES CONNUS », « ASSISTANCE EN CAS DE PROBLEME »,
« INFORMATIONS COMPLEMENTAIRES ») and the ANS pages summarised in shared/facts. The e-CPS
service's address is shown corrected: the seed prints `monservicclient.e-cps@…`, a typo of
`monserviceclient.e-cps@…` (compare the card service's `Monserviceclient.cartes@…`).
"""

from __future__ import annotations

from ecpx.texts.method_b import UPDATE_DETAILS_URL

CONTACTS = {
    "application": {
        "title": "Problème avec l'application e-CPS",
        "phone": "0 806 800 213",
        "phone_note": "appel gratuit",
        "email": "monserviceclient.e-cps@esante.gouv.fr",
    },
    "card": {
        "title": "Problème avec la carte physique",
        "phone": "0 825 85 2000",
        "phone_note": "0,06 €/min + prix appel",
        "email": "Monserviceclient.cartes@esante.gouv.fr",
    },
}

LINKS = {
    "faq": ("FAQ e-CPS", "https://esante.gouv.fr/offres-services/e-cps/faq-e-cps"),
    "known_problems": (
        "Problèmes connus",
        "https://industriels.esante.gouv.fr/produits-et-services/pro-sante-connect/"
        "documentation-technique#paragraph-id--4046",
    ),
    "ans_page": ("Page dédiée e-CPS de l'ANS", "https://esante.gouv.fr/produits-services/e-cps"),
    "video": ("Tuto vidéo", "https://www.youtube.com/watch?v=LdCD9dCDWzM"),
    "update_details": ("Mise à jour des coordonnées de correspondance", UPDATE_DETAILS_URL),
}

# The questions of the troubleshooting tree: a prompt and the label of each answer.
QUESTIONS = {
    "start": {
        "prompt": "Quel est votre problème ?",
        "choices": {
            "portal_button": (
                "Sur le portail, le bouton « COMMENCER L'ACTIVATION » n'apparaît pas"
            ),
            "email": "Je ne reçois pas l'e-mail d'activation",
            "details": "On me dit que mes coordonnées ne sont pas à jour",
            "sms": "Je ne reçois pas le SMS, ou le code n'est pas récupéré",
            "install": "Je ne peux pas installer l'application e-CPS",
            "app_error": "L'application e-CPS affiche une erreur ou ne fonctionne pas",
            "expired": "Ma e-CPS a expiré",
            "card": "J'ai un problème avec ma carte physique",
        },
    },
    "email_spam": {
        "prompt": "Avez-vous vérifié le courrier indésirable (spam) de votre messagerie ?",
        "choices": {"no": "Non, pas encore", "yes": "Oui, l'e-mail n'y est pas"},
    },
    "email_details": {
        "prompt": (
            "L'adresse e-mail de vos coordonnées de correspondance est-elle à jour ?"
        ),
        "choices": {"yes": "Oui, elle est à jour", "unsure": "Non, ou je ne sais pas"},
    },
    "sms_received": {
        "prompt": "Avez-vous reçu le SMS contenant le code d'activation ?",
        "choices": {
            "yes": "Oui, mais le code n'a pas été récupéré par l'application",
            "no": "Non, je n'ai reçu aucun SMS",
        },
    },
    "sms_mobile": {
        "prompt": (
            "Le numéro de mobile de vos coordonnées de correspondance est-il à jour ?"
        ),
        "choices": {"yes": "Oui, il est à jour", "unsure": "Non, ou je ne sais pas"},
    },
    "device": {
        "prompt": "Quel est votre téléphone ?",
        "choices": {"iphone": "Un iPhone", "android": "Un téléphone Android"},
    },
    "app_updated": {
        "prompt": "Avez-vous installé la dernière version de l'application e-CPS ?",
        "choices": {"no": "Non, ou je ne sais pas", "yes": "Oui, elle est à jour"},
    },
    "android_browser": {
        "prompt": (
            "Le problème survient-il quand vous vous connectez avec Pro Santé Connect dans le "
            "navigateur d'un téléphone Android 15 ou plus récent ?"
        ),
        "choices": {"yes": "Oui", "no": "Non"},
    },
    "card_issue": {
        "prompt": "Que se passe-t-il avec votre carte ?",
        "choices": {
            "blocked": "Le code porteur de ma carte est bloqué",
            "lost": "Ma carte est perdue, volée ou abîmée",
            "not_cps": (
                "Ma carte est une CPE, CPA, CDE ou CPF et la méthode B me la refuse"
            ),
        },
    },
}

# The fixes: a title, what to do, in order.
FIXES = {
    "page_blocked": {
        "title": "Le système de sécurité de votre établissement bloque la page",
        "steps": (
            "Si le bouton « COMMENCER L'ACTIVATION » n'apparaît pas, il se peut que le système "
            "de sécurité de votre établissement bloque cette page (par exemple Kaspersky).",
            "Demandez à votre service informatique d'autoriser le portail e-CPS "
            "(https://wallet.esw.esante.gouv.fr).",
            "Avec une carte CPS, vous pouvez aussi activer votre e-CPS sans ordinateur, avec "
            "vos coordonnées (méthode B).",
        ),
    },
    "check_spam": {
        "title": "Vérifiez le courrier indésirable",
        "steps": (
            "Si vous ne recevez pas l'e-mail, pensez à vérifier le courrier indésirable.",
            "L'e-mail s'intitule « Activation de votre e-CPS » et contient le QR code et le "
            "bouton « Démarrer l'activation ».",
        ),
    },
    "update_details": {
        "title": "Mettez à jour vos coordonnées de correspondance",
        "steps": (
            "L'e-mail et le SMS d'activation sont envoyés aux coordonnées de correspondance "
            "enregistrées dans l'annuaire national.",
            "Si vos coordonnées ne sont pas à jour, rendez-vous sur " + UPDATE_DETAILS_URL,
            "Une fois vos coordonnées à jour, envoyez une nouvelle demande d'activation, ou "
            "activez votre e-CPS avec votre carte (méthode A).",
        ),
    },
    "email_blocked": {
        "title": "Votre messagerie bloque peut-être l'expéditeur",
        "steps": (
            "Votre fournisseur de messagerie peut bloquer l'adresse qui envoie l'e-mail "
            "d'activation.",
            "Contactez le service e-CPS en indiquant votre identifiant national.",
            "Vous pouvez aussi activer votre e-CPS avec votre carte (méthode A).",
        ),
    },
    "sms_copy": {
        "title": "Recopiez le code dans l'application",
        "steps": (
            "Si le code d'activation n'est pas récupéré automatiquement, recopiez-le dans "
            "l'application e-CPS.",
            "Si le code a expiré, demandez un nouveau SMS et recopiez le nouveau code.",
        ),
    },
    "sms_missing": {
        "title": "Le SMS n'arrive pas",
        "steps": (
            "Vérifiez que votre téléphone capte le réseau et peut recevoir des SMS, puis "
            "demandez un nouveau SMS.",
            "Si aucun SMS n'arrive, contactez le service e-CPS en indiquant votre identifiant "
            "national.",
        ),
    },
    "iphone": {
        "title": "Vérifiez la version d'iOS",
        "steps": (
            "L'application e-CPS nécessite iOS 15.0 ou une version ultérieure.",
            "Mettez à jour votre iPhone (Réglages > Général > Mise à jour logicielle), puis "
            "installez l'application depuis l'App Store.",
        ),
    },
    "android": {
        "title": "Vérifiez la version d'Android",
        "steps": (
            "L'ANS ne prend plus en charge les versions Android 7 et précédentes.",
            "Mettez à jour votre téléphone si c'est possible, puis installez l'application "
            "depuis Google Play ; sinon, utilisez un téléphone plus récent.",
        ),
    },
    "update_app": {
        "title": "Mettez d'abord l'application à jour",
        "steps": (
            "Installez la dernière version de l'application e-CPS depuis l'App Store ou "
            "Google Play.",
            "Puis, dans l'application, utilisez « Tester ma e-CPS » : le résultat « Bravo » "
            "confirme qu'elle fonctionne.",
        ),
    },
    "battery": {
        "title": "Réglez la batterie du navigateur sur « sans restriction »",
        "steps": (
            "Sur Android 15 et plus, dans les réglages du téléphone, ouvrez l'application du "
            "navigateur et réglez l'utilisation de la batterie sur « sans restriction ».",
            "Puis, dans l'application e-CPS, utilisez « Tester ma e-CPS ».",
        ),
    },
    "test_ecps": {
        "title": "Testez votre e-CPS",
        "steps": (
            "Dans l'application e-CPS, utilisez « Tester ma e-CPS » : le résultat « Bravo » "
            "confirme qu'elle fonctionne.",
            "Consultez aussi la page des problèmes connus.",
            "Si le problème continue, contactez le service e-CPS.",
        ),
    },
    "expired": {
        "title": "Supprimez puis activez de nouveau votre e-CPS",
        "steps": (
            "Une e-CPS expirée doit être supprimée : dans l'application, ouvrez les réglages, "
            "rubrique « Compte », puis « Supprimer ma e-CPS ».",
            "Activez ensuite de nouveau votre e-CPS, avec votre carte (méthode A) ou avec vos "
            "coordonnées (méthode B).",
        ),
    },
    "card_blocked": {
        "title": "Faites débloquer votre carte",
        "steps": (
            "Une carte dont le code porteur est bloqué ne permet plus de se connecter au "
            "portail.",
            "Contactez le service client des cartes.",
        ),
    },
    "card_lost": {
        "title": "Signalez votre carte",
        "steps": (
            "Contactez le service client des cartes pour signaler la carte et en obtenir une "
            "nouvelle.",
            "Avec une carte CPS, vous pouvez activer votre e-CPS avec vos coordonnées "
            "(méthode B) en attendant.",
        ),
    },
    "use_method_a": {
        "title": "Activez votre e-CPx avec votre carte (méthode A)",
        "steps": (
            "La méthode B (avec vos coordonnées) est réservée aux cartes CPS.",
            "Avec une CPE, une CPA, une CDE ou une CPF, activez votre e-CPx avec votre carte et "
            "un lecteur, sur le portail e-CPS (méthode A, chapitre 02).",
        ),
    },
}

FAQ = (
    ("Qu'est-ce que la e-CPS ?",
     "La version dématérialisée de votre carte CPS, dans l'application e-CPS de votre "
     "téléphone : elle vous permet de vous identifier sur les services partenaires."),
    ("Quelle méthode d'activation choisir ?",
     "Avec votre carte et un lecteur, sur le portail e-CPS (méthode A) ; ou, pour les cartes "
     "CPS uniquement, avec vos coordonnées de correspondance : e-mail et téléphone mobile "
     "(méthode B)."),
    ("Où trouver mon identifiant national ?",
     "Sur la première ligne de votre carte CPS ; c'est aussi votre numéro RPPS précédé d'un "
     "« 8 », ou votre identifiant ADELI précédé d'un « 0 »."),
    ("Quels téléphones sont compatibles ?",
     "iPhone avec iOS 15.0 ou ultérieur ; sur Android, les versions Android 7 et précédentes "
     "ne sont plus prises en charge."),
    ("Faut-il une application pour scanner le QR code ?",
     "Non : le lecteur de QR code est intégré à l'application e-CPS."),
    ("Comment vérifier que mon e-CPS fonctionne ?",
     "Dans l'application, « Tester ma e-CPS » : le résultat « Bravo » confirme qu'elle "
     "fonctionne."),
)

KNOWN_PROBLEMS = (
    "Mettez d'abord à jour l'application e-CPS.",
    "Sur Android 15 et plus, si vous utilisez Pro Santé Connect dans le navigateur du "
    "téléphone, réglez l'utilisation de la batterie du navigateur sur « sans restriction ».",
    "Puis utilisez « Tester ma e-CPS » dans l'application.",
    "Une e-CPS expirée doit être supprimée (« Supprimer ma e-CPS ») puis activée de nouveau.",
    "Sur le portail, si le bouton « COMMENCER L'ACTIVATION » n'apparaît pas, le système de "
    "sécurité de votre établissement bloque peut-être la page (par exemple Kaspersky).",
)

SCREEN = {
    "title": "Assistant de dépannage",
    "back": "Question précédente",
    "restart": "Recommencer",
    "contact_title": "Qui contacter ?",
    "no_contact": "Pas besoin de contacter l'assistance pour ce problème.",
    "links_title": "Pour aller plus loin",
    "phone": "Téléphone",
    "email": "E-mail",
    "faq_title": "FAQ e-CPS",
    "known_title": "Problèmes connus",
    "assistance_title": "Assistance en cas de problème",
    "more_title": "Informations complémentaires (ANS)",
}
