"""Every French text of chapter 06's dashboard (« Analyse des journaux d'activation »)."""

from __future__ import annotations

import re

import pandas as pd

SOURCES = {
    "sample": "Exemple fourni (journal synthétique)",
    "training": "Événements de la classe",
    "upload": "Fichier importé",
}
SOURCE_LABEL = "Journal à analyser"
UPLOAD_LABEL = "Importer un journal (CSV, JSON Lines ou Parquet)"
UPLOAD_HINT = ("Colonnes attendues : case_id, timestamp, method, step (et, si possible, "
               "outcome, error, platform, os_version, card_type). Les noms de pm4py "
               "(case:concept:name, concept:name, time:timestamp) sont reconnus.")
LOADED = "{cases} parcours et {events} événements chargés depuis « {name} »."
REJECTED = "{count} ligne(s) rejetée(s) : elles ne sont pas analysées."
NO_EVENTS = "Aucun événement à analyser pour le moment."
NO_TRAINING = ("La classe n'a encore enregistré aucun événement : faites une activation dans "
               "les chapitres 02 ou 03, puis revenez ici et choisissez à nouveau cette source.")
UNREADABLE = "Le fichier « {name} » ne peut pas être lu : {reason}"
NO_SELECTION = "Aucun parcours ne correspond aux filtres choisis."

FILTERS_TITLE = "Filtres"
PERIOD_FROM, PERIOD_TO = "Du", "Au"
METHOD_LABELS = {"A": "Méthode A (avec la carte)", "B": "Méthode B (avec vos coordonnées)"}
PLATFORM_LABELS = {"android": "Android", "ios": "iOS", "macos": "macOS", "other": "Autre"}
CARD_LABELS = {"CPS": "CPS", "CPE": "CPE", "CPA": "CPA", "CDE": "CDE", "CPF": "CPF"}
SELECTION = "{cases} parcours sélectionnés."

STEP_LABELS = {
    "app_opened": "Application ouverte",
    "cgu_accepted": "Conditions acceptées",
    "portal_login": "Connexion au portail avec la carte",
    "activation_started": "Activation commencée",
    "qr_scanned": "QR code scanné",
    "pairing_code_entered": "Code d'ajout saisi",
    "request_sent": "Demande d'activation envoyée",
    "email_opened": "E-mail d'activation ouvert",
    "sms_code_entered": "Code SMS saisi",
    "password_created": "Mot de passe créé",
    "password_confirmed": "Mot de passe confirmé",
    "activated": "e-CPS activée",
}
ERROR_LABELS = {
    "os_unsupported": "Téléphone non compatible",
    "card_not_detected": "Carte non détectée",
    "card_removed": "Carte retirée",
    "pin_wrong": "Code porteur incorrect",
    "pin_blocked": "Code porteur bloqué",
    "page_blocked": "Page bloquée par la sécurité",
    "qr_expired": "QR code expiré",
    "pairing_code_wrong": "Code d'ajout incorrect",
    "pairing_code_expired": "Code d'ajout expiré",
    "password_format": "Mot de passe : 4 chiffres",
    "password_ascending": "Mot de passe : suite croissante",
    "password_descending": "Mot de passe : suite décroissante",
    "password_identical": "Mot de passe : chiffres identiques",
    "password_mismatch": "Confirmation différente",
    "identifier_format": "Identifiant mal saisi",
    "identifier_unknown": "Identifiant inconnu",
    "card_type_not_eligible": "Carte non éligible à la méthode B",
    "details_outdated": "Coordonnées pas à jour",
    "email_not_received": "E-mail non reçu",
    "sms_not_received": "SMS non reçu",
    "sms_code_wrong": "Code SMS incorrect",
    "sms_code_expired": "Code SMS expiré",
}

FUNNEL_TITLE = "Parcours : combien de personnes franchissent chaque étape"
FUNNEL_ALT = ("Diagramme en barres : nombre de parcours ayant franchi chaque étape, "
              "méthode {method}.")
DURATIONS_TITLE = "Durées"
TIME_TO_ACTIVATE = "Temps pour activer (du premier événement à « e-CPS activée »)"
STEP_TIME_ALT = "Diagramme en barres : durée médiane de chaque étape, méthode {method}."
ERRORS_TITLE = "Erreurs, par étape"
ERRORS_ALT = "Diagramme en barres : nombre de parcours ayant rencontré chaque erreur."
VARIANTS_TITLE = "Chemins suivis (variantes) et respect de la procédure"
CONFORMANCE = ("Méthode {method} : {share} des parcours suivent la procédure documentée "
               "dans l'ordre.")
OTHER_VARIANTS = "Autres chemins"
BREAKDOWN_TITLE = "Répartitions"
TREND_TITLE = "Évolution quotidienne"
TREND_ALT = "Courbe : parcours commencés et activations réussies, par jour."
EXPORT_TITLE = "Exporter le rapport"
EXPORT_HTML = "Rapport complet (HTML)"
EXPORT_CSV = "Tableaux (CSV)"
PRIVACY_NOTE = ("Les effectifs de 1 à 10 parcours sont masqués (« < 11 »), ainsi que ceux qui "
                "permettraient de les retrouver par soustraction, et les durées calculées sur "
                "moins de 11 parcours.")
DRAWING_FAILED = ("Cet écran n'a pas pu être affiché : choisissez un autre journal ou d'autres "
                  "filtres.")
DESCRIPTION = ("Journal : {name} ; période : {period} ; méthodes : {methods} ; plateformes : "
               "{platforms} ; cartes : {cards} ; {cases} parcours.")
PERIOD = "du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
REPORT_TITLE = "Rapport d'analyse des journaux d'activation e-CPS"

COLUMNS = {  # table headers
    "method": "Méthode", "step": "Étape", "position": "Rang", "cases": "Parcours",
    "conversion": "Taux de passage", "drop_off": "Abandons", "activated": "Activations",
    "activation_rate": "Taux d'activation", "median_s": "Médiane", "p90_s": "9 sur 10 en moins de",
    "error": "Erreur", "share": "Part", "rank": "Rang dans l'étape", "message": "Message affiché",
    "label": "Chemin", "length": "Événements", "platform": "Plateforme",
    "os_version": "Version du système", "card_type": "Type de carte", "day": "Jour",
    "expected_step": "Étape attendue", "done_instead": "Étape faite à la place",
    "conforming": "Conformes",
}
BREAKDOWNS = {"platform": "Par plateforme", "os_version": "Par version du système",
              "card_type": "Par type de carte"}

# Reasons of the loader (English, for the CLI) -> French, for the dashboard.
REASONS = (
    (r"^bad timestamp '(.*)' \(.*\)$", "horodatage invalide « \\1 »"),
    (r"^unknown step '(.*)' for method (.)$", "étape « \\1 » inconnue pour la méthode \\2"),
    (r"^unknown method '(.*)'.*$", "méthode « \\1 » inconnue (A ou B attendu)"),
    (r"^unknown outcome '(.*)'.*$", "résultat « \\1 » inconnu (ok ou error attendu)"),
    (r"^unknown error code '(.*)'$", "code d'erreur « \\1 » inconnu"),
    (r"^unknown platform '(.*)'.*$", "plateforme « \\1 » inconnue"),
    (r"^unknown card type '(.*)'.*$", "type de carte « \\1 » inconnu"),
    (r"^unknown source '(.*)'.*$", "source « \\1 » inconnue"),
    (r"^missing value$", "valeur manquante"),
    (r"^duplicate of line (\d+)$", "doublon de la ligne \\1"),
    (r"^expected (\d+) fields, found (\d+)$", "\\2 champs au lieu de \\1"),
    (r"^not valid UTF-8.*$", "texte qui n'est pas en UTF-8"),
    (r"^line is (\d+) bytes long.*$", "ligne trop longue (\\1 octets)"),
    (r"^not valid JSON.*$", "JSON invalide"),
    (r"^not a JSON object$", "ce n'est pas un objet JSON"),
    (r"^outcome is 'error' but no error code$", "erreur sans code d'erreur"),
    (r"^error code '(.*)' on an event whose outcome is 'ok'$",
     "code d'erreur « \\1 » sur un événement réussi"),
    (r"^error '(.*)' is recorded at step '(.*)', not '(.*)'$",
     "l'erreur « \\1 » se produit à l'étape « \\2 », pas « \\3 »"),
    (r"^os_version '(.*)' is not a major version number$", "version du système « \\1 » invalide"),
    (r"^case started with method (.), this event says (.)$",
     "parcours commencé en méthode \\1, cet événement indique \\2"),
    (r"^the file is empty.*$", "le fichier est vide"),
    (r"^missing column (.*?) \(.*$", "colonne manquante : \\1"),
    (r"^the file is UTF-16.*$", "le fichier est en UTF-16 : enregistrez-le en UTF-8"),
)
REASON_UNKNOWN = "ligne invalide"
REJECTED_COLUMNS = {"line": "Ligne", "column": "Colonne", "reason": "Raison"}


def reason_fr(reason: str) -> str:
    """A loader's reason (or several, joined by « ; ») in French."""
    parts = []
    for part in reason.split("; "):
        for pattern, french in REASONS:
            if re.match(pattern, part):
                parts.append(re.sub(pattern, french, part))
                break
        else:
            parts.append(REASON_UNKNOWN)
    return " ; ".join(parts)


MASKED = "masqué"  # a duration or a share computed on a masked count


def duration_fr(seconds: float | None) -> str:
    """« 4 min 05 s », « 45 s », or « masqué »."""
    if seconds is None or pd.isna(seconds):
        return MASKED
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def percent_fr(share: float | None) -> str:
    if share is None or pd.isna(share):
        return MASKED
    return f"{share * 100:.1f} %".replace(".", ",")
