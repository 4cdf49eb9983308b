"""What a trainee sees of the classroom server itself: class code page, full class, error."""

from __future__ import annotations

LOGIN = {
    "title": "Entrer le code de la classe",
    "intro": "Votre formateur affiche un code de classe à l'écran. Saisissez-le une seule fois "
             "pour accéder au cours.",
    "label": "Code de la classe",
    "hint": "6 caractères, par exemple K7P-2QM (majuscules ou minuscules, tiret facultatif).",
    "submit": "Entrer dans le cours",
    "wrong": "Ce code ne correspond pas à celui de la classe. Vérifiez-le à l'écran du formateur "
             "et réessayez.",
}
FULL = {
    "title": "La classe est complète",
    "message": "La classe est complète, réessayez dans un instant.",
    "retry": "Réessayer",
}
# Shown in a cell whose output could not be produced (a kernel too slow under load).
CELL_ERROR = ("Cette partie de la page n'a pas pu s'afficher. Rechargez la page (touche F5) "
              "pour réessayer.")
CELL_TIMEOUT = ("Le serveur de la classe est très chargé : cette partie de la page n'a pas pu "
                "s'afficher à temps. Rechargez la page (touche F5) pour réessayer.")
