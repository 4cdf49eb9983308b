"""The accessibility statement (/ecpx/accessibilite), in the RGAA model, and the legal mentions.

Each section is a list of blocks: ("p", text), ("ul", [items]) or ("a", text, address).
Say only what is true of this course: what was checked, how, when, and what is known to fail.
"""

from __future__ import annotations

AUDIT_DATE = "6 décembre 2026"
DEFENSEUR_FORM = "https://formulaire.defenseurdesdroits.fr/"
DEFENSEUR_DELEGATES = "https://www.defenseurdesdroits.fr/carte-des-delegues"

STATEMENT = {
    "title": "Déclaration d'accessibilité",
    "intro": "Le cours « Activer votre e-CPS » veut être utilisable par toutes et tous : au "
             "clavier, avec un lecteur d'écran, sur un téléphone ou avec un fort zoom. Ce cours "
             "d'entraînement n'est pas un service public en ligne ; il suit pourtant le modèle "
             "de déclaration du référentiel général d'amélioration de l'accessibilité (RGAA). "
             "Cette déclaration s'applique à toutes les pages du cours servies par son serveur.",
    "sections": [
        {"id": "etat", "title": "État de conformité", "blocks": [
            ("p", "Le cours « Activer votre e-CPS » est partiellement conforme avec le RGAA, "
                  "version 4.1, en raison des non-conformités et des limites énumérées "
                  "ci-dessous."),
            ("p", "Aucun audit complet des 106 critères du RGAA n'a été réalisé par une "
                  "personne : ce niveau repose sur les vérifications automatiques et les "
                  "parcours au clavier décrits ci-dessous."),
        ]},
        {"id": "pages", "title": "Pages et états vérifiés", "blocks": [
            ("ul", [
                "la page d'accueil et la liste des chapitres ;",
                "chacun des chapitres 00 à 07, une fois préparé, et chaque écran interactif "
                "de chaque chapitre après une action au clavier ;",
                "les simulateurs des chapitres 02 (méthode A) et 03 (méthode B), écran par "
                "écran, y compris les messages d'erreur des scénarios ;",
                "la page de bilan de la formation ;",
                "la page du code de la classe, la vue du formateur et la page de déconnexion ;",
                "les pages d'erreur (page introuvable, accès refusé) ;",
                "cette déclaration d'accessibilité.",
            ]),
        ]},
        {"id": "methode", "title": "Méthode et date des vérifications", "blocks": [
            ("p", f"Vérifications faites le {AUDIT_DATE}, puis refaites automatiquement à "
                  "chaque modification du cours par sa suite de tests, dans le navigateur "
                  "Chromium :"),
            ("ul", [
                "axe-core (règles des WCAG 2.0, 2.1 et 2.2, niveaux A et AA, sur lesquelles "
                "le RGAA 4.1 s'appuie) sur chaque page et chaque état, dans une fenêtre de "
                "1280, 390 et 320 pixels de large et avec un zoom de 200 % ;",
                "des parcours au clavier seul (Tab, flèches, Entrée, Espace) : chaque action "
                "annonce son résultat dans une zone lue par les lecteurs d'écran et laisse le "
                "focus sur une commande ;",
                "un focus visible sur chaque commande, jamais coupé par son cadre ;",
                "aucun défilement horizontal de la page à 320 pixels de large ;",
                "toutes les pages en français, y compris les pages d'erreur.",
            ]),
            ("p", "Fichiers de test : tests/browser/test_frame.py (toutes les pages), "
                  "tests/browser/test_pages.py, tests/browser/test_every_screen.py, "
                  "tests/browser/test_simulator_a11y.py, tests/browser/test_card_page.py, "
                  "tests/browser/test_troubleshooting.py, tests/browser/test_progress.py, "
                  "tests/classview/test_page.py."),
            ("p", "Technologies utilisées : HTML, CSS, JavaScript, WAI-ARIA ; Voilà et "
                  "ipywidgets (Jupyter)."),
        ]},
        {"id": "non-conformites", "title": "Non-conformités et limites connues", "blocks": [
            ("ul", [
                "Les outils automatiques ne vérifient qu'une partie des critères : la "
                "pertinence des textes alternatifs et des intitulés, l'ordre de lecture et la "
                "clarté des messages n'ont pas été revus par une personne.",
                "Le cours n'a pas été essayé avec un lecteur d'écran réel (NVDA, JAWS, "
                "VoiceOver, TalkBack) ni avec une commande vocale.",
                "Les chapitres ont besoin de JavaScript et se construisent après leur "
                "chargement : la page affiche « Préparation du chapitre » pendant quelques "
                "secondes.",
                "Les boutons des simulateurs imitent ceux du vrai portail e-CPS et de "
                "l'application, et pas ceux du cours ; certaines commandes des écrans "
                "(ipywidgets) mesurent moins de 44 pixels de haut.",
                "Une page restée ouverte après l'arrêt de son noyau (serveur redémarré, page "
                "inactive) ne répond plus tant qu'elle n'est pas rechargée ; elle le dit.",
            ]),
            ("p", "Dérogation pour charge disproportionnée : aucune. Contenus non soumis à "
                  "l'obligation : aucun."),
        ]},
        {"id": "contact", "title": "Retour d'information et contact", "blocks": [
            ("p", "Si vous n'arrivez pas à utiliser une page ou un élément du cours, dites-le "
                  "à votre formateur ou à votre formatrice, ou ouvrez un ticket dans le suivi "
                  "des problèmes (issues) du dépôt du projet ecpx : décrivez la page, "
                  "l'appareil, le navigateur et, si vous en utilisez une, l'aide technique."),
        ]},
        {"id": "recours", "title": "Voies de recours", "blocks": [
            ("p", "Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à "
                  "un contenu ou à un service du cours et que vous n'avez pas obtenu de réponse "
                  "satisfaisante, vous pouvez saisir le Défenseur des droits :"),
            ("ul", [
                "par son formulaire en ligne ;",
                "auprès du délégué du Défenseur des droits de votre région ;",
                "par courrier, gratuit et sans timbre : Défenseur des droits, Libre réponse "
                "71120, 75342 Paris CEDEX 07.",
            ]),
            ("a", "Formulaire en ligne du Défenseur des droits", DEFENSEUR_FORM),
            ("a", "Trouver le délégué de votre région", DEFENSEUR_DELEGATES),
        ]},
    ],
}

LEGAL = {"id": "mentions-legales", "title": "Mentions légales", "blocks": [
    ("p", "Ce site est un cours d'entraînement à l'activation de la e-CPS, publié par le projet "
          "libre ecpx (licence MIT). Ce n'est ni le portail e-CPS, ni l'application e-CPS, ni "
          "un site officiel de l'État ou de l'Agence du Numérique en Santé : les écrans "
          "imités n'apparaissent que dans les cadres des simulateurs."),
    ("p", "Toutes les personnes, cartes, identifiants, codes et journaux du cours sont "
          "fictifs. N'y saisissez jamais le code porteur ni le mot de passe de votre vraie "
          "carte ou de votre vraie e-CPS."),
    ("p", "Le cours ne collecte aucune donnée personnelle : ni compte, ni nom, ni adresse. "
          "Son journal d'entraînement enregistre vos actions sous une clé tirée au hasard, "
          "sur le serveur qui vous sert le cours (celui de votre formateur ou de votre "
          "organisme) ; si votre formateur l'a configuré, ce journal est aussi transmis, sous "
          "la même clé, au système de suivi des formations de votre organisme. Le nom que vous "
          "pouvez saisir sur la page de bilan reste dans votre navigateur. Le cours ne dépose "
          "aucun cookie de mesure d'audience ni de publicité."),
    ("p", "Hébergement : le serveur qui vous sert ce cours, choisi par votre formateur ou par "
          "votre organisme."),
]}

PAGE = {
    "title": "Déclaration d'accessibilité et mentions légales",
    "contents": "Sur cette page",
}
