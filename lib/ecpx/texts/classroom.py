"""What a trainee sees of the classroom server itself: class code page, full class, error,
fair shares of the class's kernels, a page whose kernel is gone."""

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
    "wait": "Trop de codes erronés depuis cet appareil : attendez {seconds} secondes avant de "
            "réessayer.",
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
# A trainee's pages past their share: the oldest is closed (ecpx.server.shares).
SHARES = {
    "closed_oldest": "Vous aviez déjà {count} chapitres ouverts : le plus ancien a été fermé "
                     "pour ouvrir celui-ci (chaque stagiaire garde au plus {count} chapitres "
                     "ouverts, pour laisser de la place à toute la classe).",
    "too_many_title": "Trop de pages ouvertes en même temps",
    "too_many": "Vos autres chapitres sont encore en train de s'ouvrir. Attendez qu'ils "
                "s'affichent, puis réessayez.",
}
# A chapter page whose kernel has gone (server restarted, page idle too long, page replaced).
GONE = {
    "message": "Cette page n'est plus reliée au serveur de la classe (serveur redémarré, page "
               "inactive trop longtemps ou remplacée par un autre chapitre) : les boutons ne "
               "répondent plus. Rechargez la page pour continuer.",
    "reload": "Recharger la page",
}
# The page after « Se déconnecter » (the class code is asked again for the next page).
LOGOUT = {
    "title": "Vous êtes déconnecté",
    "message": "Vous avez quitté le cours sur cet appareil. Pour y revenir, saisissez à nouveau "
               "le code de la classe.",
    "again": "Revenir au cours",
}
# What `ecpx serve --classroom` prints for the trainer to read out or project.
BANNER = {
    "open": "Les stagiaires ouvrent :",
    "code": "Code de la classe : {code}",
    "qr": "QR code ({url}, ouvre le cours sans saisir le code) :",
}
