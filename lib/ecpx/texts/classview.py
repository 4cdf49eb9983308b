"""The trainer's class view (/ecpx/classe): where each seat is, who is stuck, the session."""

from __future__ import annotations

from ecpx.texts.card import QUIZ_CARD
from ecpx.texts.course import QUIZ_INSTALL, QUIZ_WELCOME
from ecpx.texts.method_a import QUIZ_METHOD_A
from ecpx.texts.method_b import QUIZ as QUIZ_METHOD_B

# Each chapter's quiz, so that a journal's question id "01-q2" finds its French prompt.
QUIZZES = {"00": QUIZ_WELCOME, "01": QUIZ_INSTALL, "02": QUIZ_METHOD_A, "03": QUIZ_METHOD_B,
           "05": QUIZ_CARD}

PAGE = {
    "title": "Vue de la classe",
    "intro": "Où en est chaque poste de la classe. La page se met à jour toute seule toutes les "
             "3 secondes.",
    "seats_title": "Postes",
    "caption": "Postes de la classe : chapitre, étape du simulateur et état",
    "seat": "Poste",
    "chapter": "Chapitre",
    "step": "Étape du simulateur",
    "since": "Depuis",
    "errors": "Erreurs (5 dernières minutes)",
    "state": "État",
    "seat_default": "Poste {number}",
    "rename_label": "Nom du poste {number}",
    "rename_hint": "Pour renommer un poste, modifiez son nom dans le tableau puis appuyez sur "
                   "Entrée. Les noms des postes restent dans ce navigateur : ils ne sont jamais "
                   "envoyés au serveur ni enregistrés dans le journal.",
    "no_learner": "Aucun poste n'a encore envoyé d'événement pour cette session.",
    "no_step": "—",
    "stuck": "Bloqué",
    "stuck_because": "Bloqué : {reason}",
    "working": "En cours",
    "done": "Terminé",
    "announce": "{seat} est bloqué : {reason}.",
    "updated": "Mis à jour à {time}.",
    "offline": "La vue n'a pas pu être mise à jour ; nouvel essai dans quelques secondes.",
    "logged_out": "Le serveur ne reconnaît plus cette page (il a redémarré avec un autre code de "
                  "classe, ou la connexion a expiré) : la vue n'est plus mise à jour. Saisissez "
                  "à nouveau le code de la classe pour la retrouver.",
    "log_in": "Saisir le code de la classe",
    "damaged": "{count} ligne(s) abîmée(s) du journal ignorée(s) (la première : fichier "
               "« {file} », ligne {line}) ; le reste est affiché.",
    "no_damaged": "Aucune ligne abîmée dans le journal.",
    "sessions_damaged": "{count} ligne(s) abîmée(s) du fichier des sessions (sessions.jsonl) "
                        "ignorée(s) : une session peut manquer dans la liste.",
    "unknown": "{count} événement(s) sans clé d'apprenant (clé inconnue) : comptés dans le "
               "résumé de la classe, sans ligne de poste.",
    "summary_title": "Résumé de la classe",
    "summary_step": "Étape qui bloque le plus",
    "summary_question": "Question de quiz la plus souvent manquée",
    "summary_step_value": "{label} (méthode {method}) : {errors} erreur(s), {learners} poste(s) "
                          "concerné(s)",
    "summary_question_value": "« {prompt} » (chapitre {chapter}, question {number}) : "
                              "{wrong} mauvaise(s) réponse(s)",
    "summary_none": "Rien à signaler pour le moment.",
}
DURATION = {"under_a_minute": "moins d'une minute", "minutes": "{minutes} min",
            "hours": "{hours} h {minutes:02d}"}
STUCK_REASONS = {
    "time": "même étape depuis plus de {minutes} minutes",
    "errors": "« {error} » {count} fois depuis sa dernière étape réussie",
}
SESSION = {
    "title": "Session de formation",
    "shown": "Session affichée",
    "today": "Aujourd'hui, hors session",
    "name": "Nom de la nouvelle session",
    "name_hint": "Par exemple « Formation 12 mars, service de cardiologie ». N'y mettez aucun "
                 "nom de personne.",
    "start": "Commencer la session",
    "end": "Terminer la session",
    "running": "Session en cours : « {name} », commencée le {started}.",
    "past": "Session « {name} », du {started} au {ended}.",
    "none": "Aucune session en cours : la vue montre les événements d'aujourd'hui.",
    "bad_name": "Donnez à la session un nom de 1 à 120 caractères.",
    "unknown": "Cette session n'existe pas (ou plus) : choisissez-en une autre.",
    "date": "{stamp:%d/%m/%Y à %H:%M}",
    "option": "{name} ({stamp:%d/%m/%Y})",
}
EXPORT = {
    "title": "Exporter la session pour le rapport de formation",
    "link": "Télécharger l'export anonymisé de la session affichée (CSV)",
    "contents": "Le fichier ne contient que des effectifs de la session : le nombre de postes ; "
                "par méthode, le nombre de postes ayant atteint chaque étape du simulateur ; le "
                "nombre de postes ayant rencontré chaque erreur, et le nombre de fois ; pour "
                "chaque question de quiz, le nombre de postes ayant répondu et ayant répondu "
                "juste du premier coup ; le nombre de postes ayant terminé chaque méthode. Il ne "
                "contient ni clé d'apprenant, ni nom de poste, ni heure.",
    "privacy": "Les effectifs sont exacts : ils ne concernent que votre classe, que cette page "
               "vous montre déjà poste par poste. Avant de diffuser le fichier au-delà de la "
               "formation, vérifiez qu'aucun poste ne peut être relié à une personne.",
    "file": "session-{name}.csv",
}
# The export's columns and values (the CSV is read by people: French headers).
EXPORT_COLUMNS = {"table": "Tableau", "method": "Méthode", "item": "Élément",
                  "measure": "Mesure", "value": "Effectif"}
EXPORT_TABLES = {"learners": "Postes", "steps": "Étapes du simulateur", "errors": "Erreurs",
                 "quiz": "Questions de quiz", "completion": "Méthodes terminées"}
EXPORT_MEASURES = {
    "learners": "postes de la session",
    "reached": "postes ayant atteint l'étape",
    "met": "postes ayant rencontré l'erreur",
    "occurrences": "nombre de fois",
    "answered": "postes ayant répondu",
    "first_try": "postes justes du premier coup",
    "completed": "postes ayant terminé la méthode",
    "not_completed": "postes ne l'ayant pas terminée",
}
EXPORT_SESSION = {"session": "Session « {name} » du {started:%d/%m/%Y}",
                  "today": "Hors session, le {started:%d/%m/%Y}"}
ERROR = "La demande n'a pas abouti (erreur {status}). Rechargez la page et réessayez."
FORBIDDEN = {
    "title": "Page réservée au formateur",
    "message": "La vue de la classe s'ouvre seulement sur l'ordinateur du formateur, celui qui "
               "fait tourner le serveur du cours.",
}
