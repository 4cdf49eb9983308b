"""Learner progress: when each chapter counts as done, and the words of the home page's
progress, the learner key and the completion summary (« bilan »)."""

from __future__ import annotations

from dataclasses import dataclass

from ecpx.texts.card import QUIZ_CARD
from ecpx.texts.course import CHAPTERS, QUIZ_INSTALL, QUIZ_WELCOME
from ecpx.texts.method_a import QUIZ_METHOD_A
from ecpx.texts.method_b import QUIZ as QUIZ_METHOD_B
from ecpx.texts.signin import QUIZ as QUIZ_SIGNIN


@dataclass(frozen=True)
class Done:
    """What a chapter needs to count as done (every part that is set)."""

    opened: bool = False  # the page was opened (reading-only chapters)
    quiz: bool = False  # every question of its quiz answered right (at any try)
    walk: str = ""  # a walk of this method ("A", "B", or "S": a sign-in) completed


CHAPTER_IDS = tuple(name[:2] for name, _, _ in CHAPTERS)  # "00" … "06"
CHAPTER_DONE = {
    "00": Done(quiz=True),
    "01": Done(quiz=True),
    "02": Done(walk="A"),
    "03": Done(walk="B"),
    "04": Done(opened=True),
    "05": Done(quiz=True),
    "06": Done(opened=True),
    "07": Done(walk="S"),  # one sign-in completed in the simulator
}
# How many questions each chapter's quiz has (question ids are "01-q1" … "01-q4").
QUIZ_SIZES = {"00": len(QUIZ_WELCOME), "01": len(QUIZ_INSTALL), "02": len(QUIZ_METHOD_A),
              "03": len(QUIZ_METHOD_B), "05": len(QUIZ_CARD),
              "07": len(QUIZ_SIGNIN)}

# The home page (through chapters.j2).
PROGRESS = {
    "title": "Votre progression",
    "status": {"not_started": "Pas commencé", "in_progress": "En cours", "done": "Terminé"},
    "quiz_score": "Quiz : {right} bonne(s) réponse(s) sur {total}",
    "resume": "Reprendre",
    "resume_where": "Prochain chapitre : {title}",
    "all_done": "Vous avez terminé tous les chapitres. Bravo !",
    "key_title": "Votre clé d'apprenant",
    "key_intro": "Ce navigateur garde votre progression sous une clé tirée au hasard. Notez-la "
                 "pour continuer sur un autre appareil.",
    "key_label": "Votre clé :",
    "other_key": "Utiliser une autre clé",
    "other_key_label": "Clé notée sur un autre appareil",
    "other_key_hint": "16 caractères en quatre groupes, par exemple 7KQ4-M2XD-9PFA-3HNC.",
    "bad_key": "Cette clé n'est pas valide : il faut 16 caractères (chiffres, et lettres sauf "
               "I, L, O et U) en quatre groupes séparés par des tirets.",
    "key_changed": "Clé enregistrée : la progression affichée est celle de cette clé.",
    "erase": "Effacer la clé de ce navigateur",
    "erase_explain": "Effacer la clé l'oublie dans ce navigateur seulement : le prochain "
                     "chapitre ouvert en tirera une nouvelle, et la progression repartira de "
                     "zéro. Le journal du cours ne garde que cette clé tirée au hasard, sans nom "
                     "ni adresse : personne ne peut la relier à vous.",
    "erased": "La clé est effacée de ce navigateur.",
}

# The completion summary page (/ecpx/bilan).
SUMMARY = {
    "title": "Bilan de votre formation",
    "intro": "Ce que vous avez fait dans le cours « Activer votre e-CPS ».",
    "name_label": "Votre nom (facultatif)",
    "name_hint": "Ce nom n'est ni enregistré ni envoyé : il apparaît seulement sur la page "
                 "imprimée ou le PDF.",
    "name": "Nom : {name}",
    "date": "Date : {date}",
    "key": "Clé d'apprenant : {key}",
    "chapters": "Chapitres terminés : {done} sur {total}",
    "quizzes": "Quiz réussis : {passed} sur {total}",
    "simulator": "Le simulateur",
    "method_a": "Méthode A (avec la carte)",
    "method_b": "Méthode B (avec vos coordonnées)",
    "method_s": "Connexion à un service avec la e-CPS",
    "completed": "activation réussie ({count} fois)",
    "not_completed": "pas encore réussie",
    "signin_completed": "connexion réussie ({count} fois)",
    "chapter_list": "Les chapitres",
    "print": "Imprimer ou enregistrer en PDF",
    "no_key": "Aucune progression dans ce navigateur : ouvrez un chapitre du cours pour "
              "commencer.",
    "unavailable": "Le bilan n'a pas pu être chargé. Rechargez la page dans un instant.",
    "back": "Tous les chapitres",
    "link": "Voir le bilan de votre formation",
    "link_after": ", à imprimer ou à enregistrer en PDF.",
}

# The progress API's answers to a bad request (JSON, for the pages' scripts).
API = {
    "bad_key": "Clé d'apprenant invalide.",
}
