"""Course texts that are not screens of the procedure: glossary, quizzes, chapters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    prompt: str
    choices: tuple[str, ...]
    answer: str  # the right choice, verbatim
    explanation: str

    def is_right(self, choice: str) -> bool:
        return choice == self.answer


# The words of the course's own widgets (quiz, flash cards, device frames).
QUIZ = {
    "check": "Vérifier",
    "question": "Question {number}.",
    "no_choice": "Choisissez une réponse.",
    "right": "✔ Bonne réponse.",
    "wrong": "✘ Ce n'est pas la bonne réponse.",
}
FLASH_CARDS = {"flip": "Retourner la carte", "next": "Carte suivante",
               "prompt": "Que signifie ce sigle ?", "search": "Rechercher",
               "search_placeholder": "un sigle ou un mot, ex. CPE",
               "no_match": "Aucun sigle ne correspond.",
               "found_one": "1 sigle trouvé\u00a0: {rows}",
               "found": "{n} sigles trouvés\u00a0: {rows}",
               "row": "{term}, {meaning}",
               "card_said": "{term}\u00a0: {meaning}",
               "tabs": ("Rechercher", "Cartes mémoire")}
# The device's region is named by its caption; guided mode adds « your_turn » after it, shown
# with an arrow and read as « your_turn_spoken » (never « flèche gauche »).
DEVICES = {"computer": "Ordinateur", "phone": "Téléphone", "your_turn": "← à vous",
           "your_turn_spoken": "(à vous)"}
# After the words of a link that opens a new window (or tab): shown, and read with the link.
NEW_WINDOW = "(nouvelle fenêtre)"

# The seed's « LISTE DES ACRONYMES », verbatim.
GLOSSARY = {
    "ANS": "Agence du Numérique en Santé",
    "CDE": "Carte directeur d'établissement",
    "CPA": "Carte de personnel autorisé",
    "CPE": "Carte de personnel d'établissement",
    "CPF": "Carte de personnel en formation",
    "CPS": "Carte de professionnel de santé",
    "CPx": "Nom générique des cartes professionnelles",
}

def search_glossary(query: str) -> list[tuple[str, str]]:
    """The acronyms whose letters or definition contain `query` (case-insensitive)."""
    q = query.strip().lower()
    return [(k, v) for k, v in GLOSSARY.items() if q in k.lower() or q in v.lower()]


# The course's chapters: notebook file, title, one line on what it teaches.
CHAPTERS = (
    ("00-accueil.ipynb", "00 — Accueil",
     "Ce qu'est la e-CPS, à qui s'adresse ce cours, les deux méthodes d'activation, le glossaire."),
    ("01-installer-l-application.ipynb", "01 — Installer l'application e-CPS",
     "Les stores officiels, la compatibilité de votre téléphone, un quiz."),
    ("02-methode-a-avec-la-carte.ipynb", "02 — Méthode A : activer votre e-CPS avec votre carte",
     "L'ordinateur et le téléphone côte à côte, avec votre carte CPx et un lecteur."),
    ("03-methode-b-avec-vos-coordonnees.ipynb",
     "03 — Méthode B : activer votre e-CPS avec vos coordonnées",
     "Sans lecteur, avec l'e-mail et le mobile de l'annuaire (cartes CPS uniquement)."),
    ("04-depannage-et-assistance.ipynb", "04 — Dépannage et assistance",
     "Les problèmes connus, leurs solutions et qui contacter."),
    ("05-votre-carte-et-le-lecteur.ipynb", "05 — Votre carte et le lecteur",
     "Détecter le lecteur et la carte, le code porteur et le mot de passe e-CPS."),
    ("06-analyse-des-journaux.ipynb", "06 — Analyse des journaux d'activation",
     "Pour les formateurs et le support : parcours, abandons, durées et erreurs."),
    ("07-utiliser-sa-e-cps.ipynb", "07 — Utiliser sa e-CPS au quotidien",
     "Se connecter à un service avec Pro Santé Connect, tester sa e-CPS, la renouveler, "
     "changer de téléphone."),
)

# For the home page: what the learner does in each chapter, and about how long it takes.
CHAPTER_GUIDE = {
    "00-accueil.ipynb": ("Vous découvrez la e-CPS, choisissez votre méthode d'activation et "
                         "apprenez les sigles.", "10 minutes"),
    "01-installer-l-application.ipynb": ("Vous vérifiez que votre téléphone est compatible et "
                                         "installez l'application e-CPS.", "10 minutes"),
    "02-methode-a-avec-la-carte.ipynb": ("Vous activez une e-CPS d'entraînement avec votre "
                                         "carte, sur l'ordinateur et le téléphone simulés.",
                                         "20 minutes"),
    "03-methode-b-avec-vos-coordonnees.ipynb": ("Vous activez une e-CPS d'entraînement avec "
                                                "l'e-mail et le SMS, sans lecteur.",
                                                "20 minutes"),
    "04-depannage-et-assistance.ipynb": ("Vous trouvez la solution à votre problème et le bon "
                                         "service à contacter.", "10 minutes"),
    "05-votre-carte-et-le-lecteur.ipynb": ("Vous reconnaissez votre certificat et vous "
                                           "exercez au code porteur sans risque.",
                                           "15 minutes"),
    "06-analyse-des-journaux.ipynb": ("Formateurs et support : vous lisez les parcours, les "
                                      "abandons et les erreurs des activations.", "20 minutes"),
    "07-utiliser-sa-e-cps.ipynb": ("Vous vous connectez à un service fictif avec votre e-CPS, "
                                   "la testez et apprenez à la renouveler.", "20 minutes"),
}
HOME = {
    "title": "Activer votre e-CPS",
    "intro": "Un cours pas à pas pour activer la e-CPS, la version de votre carte CPx sur votre "
             "téléphone. Commencez par le chapitre 00, ou allez directement à celui qui vous "
             "concerne.",
    "chapters": "Les chapitres",
    "duration": "Durée estimée : {duration}",
    "back": "Tous les chapitres",
    "skip": "Aller au contenu du chapitre",
    "preparing": "Préparation du chapitre…",
    "progress": "Préparation du chapitre : étape {index} sur {count}",
    "widget_error": "Cet élément n'a pas pu s'afficher : rechargez la page.",
    "noscript": "Ce cours a besoin de JavaScript : activez-le dans votre navigateur.",
    "not_found_title": "Page introuvable",
    "not_found": "Cette page n'existe pas dans le cours.",
    "error_title": "Un problème est survenu",
    "error": "Le cours n'a pas pu afficher cette page (code {code}). Rechargez la page dans un "
             "instant, ou revenez à la liste des chapitres.",
    "forbidden_title": "Accès refusé",
    "forbidden": "Cette adresse n'est pas une page du cours : elle ne peut pas être affichée.",
}

# The frame of every page — home, chapters, summary, class code, class view, error pages and
# the accessibility statement: the course's name and the way home, the chapter's place, and a
# footer that says what this site is (a training course, never the real e-CPS portal).
FRAME = {
    "course": "Activer votre e-CPS",
    "tagline": "Cours d'entraînement",
    "skip_content": "Aller au contenu",
    "skip_simulator": "Aller au simulateur",
    "logout": "Se déconnecter",
    "nav": "Chapitres du cours",
    "position": "Chapitre {index} sur {count}",
    "previous": "Chapitre précédent",
    "next": "Chapitre suivant",
    "all": "Tous les chapitres",
    "footer_note": "Cours d'entraînement aux données fictives. Ce site n'est ni le portail e-CPS "
                   "ni un site officiel de l'État : n'y saisissez jamais les codes de votre "
                   "vraie carte.",
    "accessibility": "Accessibilité : partiellement conforme",
    "legal": "Mentions légales",
}
# The chapters whose simulator the header's « Aller au simulateur » reaches: each notebook has
# an element with this id just before its simulator (tests/test_notebooks.py checks it).
SIMULATOR_ANCHOR = "simulateur"
SIMULATOR_CHAPTERS = ("02-methode-a-avec-la-carte.ipynb",
                      "03-methode-b-avec-vos-coordonnees.ipynb")

COMPATIBILITY = {
    "device_label": "Votre appareil",
    "version_label": "Version du système",
    "version_placeholder": "par exemple 15.0",
    "chip_label": "Puce du Mac",
    "check": "Vérifier la compatibilité",
    "devices": ("iPhone", "iPod touch", "Mac", "Android"),
    "chips": (("Apple M1 ou ultérieure", "apple_silicon"), ("Intel", "intel")),
    "stores": {"app_store": "l'App Store", "google_play": "Google Play"},
    "bad_version": (
        "Indiquez la version sous la forme 15 ou 15.0 (Réglages › Général › Informations "
        "sur iPhone, ou Paramètres › À propos du téléphone sur Android)."
    ),
    "compatible": "Compatible : vous pouvez installer l'application e-CPS.",
    "not_compatible": "Non compatible : l'application e-CPS ne peut pas être installée.",
    "install": "Installez l'application e-CPS depuis {store}, puis passez au chapitre 02 ou 03.",
    "update_ios": "Mettez à jour votre appareil vers iOS 15.0 ou ultérieure (Réglages › Général › "
                  "Mise à jour logicielle) si possible, ou utilisez un autre téléphone.",
    "update_macos": "Mettez à jour votre Mac vers macOS 12.0 ou ultérieure (menu Pomme › Réglages "
                    "Système › Mise à jour de logiciels).",
    "intel_mac": "L'application e-CPS sur Mac demande un Mac doté d'une puce Apple M1 ou "
                 "ultérieure : utilisez plutôt votre téléphone.",
    "update_android": "Les versions Android 7 et précédentes ne sont plus prises en charge : "
                      "mettez à jour Android (Paramètres › Système › Mise à jour) si possible, ou "
                      "utilisez un autre téléphone.",
}

METHOD_CHOICE = {
    "card_label": "Votre carte",
    "reader_label": "J'ai un lecteur de carte sur mon ordinateur",
    "choose": "Quelle méthode ?",
    "both": "Vous avez le choix : la méthode A (avec votre carte et le lecteur) ou la méthode B "
            "(avec vos coordonnées de correspondance, sans lecteur).",
    "a_only": "Utilisez la méthode A : activez votre e-CPx avec votre carte. La méthode B est "
              "réservée aux cartes CPS.",
    "b_only": "Utilisez la méthode B : activez votre e-CPS avec vos coordonnées de "
              "correspondance (e-mail et mobile de l'annuaire).",
    "need_reader": "Il vous faut un lecteur de carte : la méthode B est réservée aux cartes "
                   "CPS. Demandez un lecteur à votre établissement.",
}

QUIZ_INSTALL = (
    Question(
        "Où trouver l'application e-CPS ?",
        ("Sur les stores officiels : App Store et Google Play",
         "Sur n'importe quel site de téléchargement", "Elle est envoyée par e-mail"),
        "Sur les stores officiels : App Store et Google Play",
        "L'application e-CPS est disponible sur les deux stores officiels : Google Play et "
        "App Store.",
    ),
    Question(
        "Votre iPhone est en iOS 14. Pouvez-vous installer l'application ?",
        ("Oui", "Non, il faut iOS 15.0 ou ultérieure"),
        "Non, il faut iOS 15.0 ou ultérieure",
        "Sur iPhone et iPod touch, l'application nécessite iOS 15.0 ou version ultérieure.",
    ),
    Question(
        "Votre téléphone Android est en version 7. Que faire ?",
        ("Installer l'application quand même", "Mettre à jour Android ou changer de téléphone",
         "Utiliser la méthode B"),
        "Mettre à jour Android ou changer de téléphone",
        "L'ANS ne prend plus en charge les versions Android 7 et précédentes ; la méthode "
        "d'activation n'y change rien.",
    ),
    Question(
        "Sur un Mac, que faut-il ?",
        ("macOS 12.0 ou ultérieure et une puce Apple M1 ou ultérieure",
         "N'importe quel Mac", "Un Mac Intel récent"),
        "macOS 12.0 ou ultérieure et une puce Apple M1 ou ultérieure",
        "Mac : nécessite macOS 12.0 ou une version ultérieure et un Mac doté d'une puce Apple M1 "
        "ou une version ultérieure.",
    ),
)

QUIZ_WELCOME = (
    Question(
        "Que permet l'application e-CPS ?",
        ("Consulter votre CPS dématérialisée et vous identifier sur les services partenaires",
         "Remplacer votre code porteur", "Commander une nouvelle carte"),
        "Consulter votre CPS dématérialisée et vous identifier sur les services partenaires",
        "À l'aide de l'application e-CPS, vous pourrez consulter votre CPS dématérialisée via "
        "l'application mobile et vous identifier sur l'un des services partenaires.",
    ),
    Question(
        "Vous avez une CPE. Quelle méthode d'activation utiliser ?",
        ("La méthode A, avec votre carte", "La méthode B, avec vos coordonnées"),
        "La méthode A, avec votre carte",
        "La méthode B (coordonnées de correspondance) est réservée aux cartes CPS.",
    ),
)
