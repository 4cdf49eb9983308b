"""Every French text of chapter 06's dashboard (« Analyse des journaux d'activation »)."""

from __future__ import annotations

import math

# Steps and errors in French live in `steps`, without pandas (the class view's server uses them).
from ecpx.texts.steps import ERROR_LABELS, STEP_LABELS  # noqa: F401

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
UPLOAD_LIMITS = ("Taille maximale : {size} par fichier (compressez-le en gzip, .csv.gz, s'il "
                 "est plus gros) et {rows} lignes au plus ; au-delà, le fichier est refusé.")
UPLOAD_SIZE = "10 Mo"  # what the widgets' connection carries in one message
UPLOAD_PROGRESS = "Lecture du journal importé"
LOADING = "Lecture de « {name} »…"
# The progress API's answer when a learner's progress cannot be computed (never a bare 500).
PROGRESS_UNAVAILABLE = ("Votre progression ne peut pas être lue pour le moment ; réessayez dans "
                        "un instant.")
DAMAGED_TRAINING = ("{count} ligne(s) abîmée(s) du journal de la classe n'ont pas pu être lues "
                    "(la première : fichier « {file} », ligne {line}) ; le reste est analysé.")
SET_ASIDE_TRAINING = ("{count} enregistrement(s) de progression des apprenants (réponses aux "
                      "quiz, chapitres ouverts) ne sont pas des activations : ils ne sont pas "
                      "analysés ici.")
REJECTED_CAPPED = ("Seules les {shown} premières lignes rejetées sont conservées pour le "
                   "rapport ; les autres sont seulement comptées.")
NO_EVENTS = "Aucun événement à analyser pour le moment."
NO_TRAINING = ("La classe n'a encore enregistré aucun événement : faites une activation dans "
               "les chapitres 02 ou 03, puis revenez ici et choisissez à nouveau cette source.")
UNREADABLE = "Le fichier « {name} » ne peut pas être lu : {reason}"
NO_SELECTION = ("Aucun parcours à afficher avec ces filtres : aucun ne correspond, ou trop "
                "peu pour être publiés sans risque de reconnaître quelqu'un.")

FILTERS_TITLE = "Filtres"
PERIOD_FROM, PERIOD_TO = "Du", "Au"
METHOD_LABELS = {"A": "Méthode A (avec la carte)", "B": "Méthode B (avec vos coordonnées)",
                 "S": "Connexion (Pro Santé Connect)"}  # « S »: offered when the journal has some
# How a chart's text alternative and the conformance sentence name each method.
METHOD_NAMES = {"A": "méthode A", "B": "méthode B", "S": "connexion Pro Santé Connect"}
PLATFORM_LABELS = {"android": "Android", "ios": "iOS", "macos": "macOS", "other": "Autre"}
CARD_LABELS = {"CPS": "CPS", "CPE": "CPE", "CPA": "CPA", "CDE": "CDE", "CPF": "CPF"}
# « Environ »: the published figures come from the released journal (PRIVACY_METHOD_NOTE).
SELECTION = "Environ {cases} parcours sélectionnés."
# The selection's number when it is not shown (« < 11 » or « masqué »), said in plain words.
SELECTION_FEW = ("Moins de 11 parcours sélectionnés : pour qu'on ne puisse reconnaître "
                 "personne, leur nombre exact et leurs détails ne sont pas affichés.")
SELECTION_MASKED = ("Nombre de parcours sélectionnés masqué : il n'est pas petit, mais "
                    "l'afficher permettrait de retrouver, par soustraction, un groupe de 1 à 10 "
                    "parcours.")
PERIOD_LABEL = "Période (date de début des parcours)"
GROUP_LABELS = {"methods": "Méthodes", "platforms": "Plateformes", "card_types": "Types de carte"}
PERIOD_APPLY = "Appliquer la période"
CHART_DATA = "Données du graphique (tableau)"
TABLE_LABEL = "Tableau : {columns}"

FUNNEL_TITLE = "Parcours : combien de personnes franchissent chaque étape"
FUNNEL_ALT = ("Diagramme en barres : nombre de parcours ayant franchi chaque étape, "
              "{method_name}.")
DURATIONS_TITLE = "Durées"
TIME_TO_ACTIVATE = "Temps pour activer (du premier événement à « e-CPS activée »)"
STEP_TIME_ALT = "Diagramme en barres : durée médiane de chaque étape, {method_name}."
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
# Each table of the export: the words of its link, and its file's name (without accents).
EXPORT_TABLES = {
    "totals": ("Total des parcours", "total-des-parcours"),
    "funnel": ("Parcours par étape", "parcours-par-etape"),
    "activation": ("Activations", "activations"),
    "step_durations": ("Durée de chaque étape", "duree-de-chaque-etape"),
    "errors": ("Erreurs", "erreurs"),
    "variants": ("Chemins suivis", "chemins-suivis"),
    "conformance": ("Respect de la procédure", "respect-de-la-procedure"),
    "deviations": ("Écarts à la procédure", "ecarts-a-la-procedure"),
    "daily_trend": ("Évolution quotidienne", "evolution-quotidienne"),
    "by_platform": ("Par plateforme", "par-plateforme"),
    "by_os_version": ("Par version du système", "par-version-du-systeme"),
    "by_card_type": ("Par type de carte", "par-type-de-carte"),
}
EXPORT_FILE = "{name}.csv"
EXPORT_PREPARE = "Préparer les fichiers à télécharger"
EXPORT_READY = ("Fichiers prêts pour les {cases} parcours sélectionnés : le rapport complet "
                "(HTML) et {tables} tableaux (CSV).")
EXPORT_STALE = ("Les filtres ont changé : préparez à nouveau les fichiers pour la nouvelle "
                "sélection.")
PRIVACY_NOTE = ("Les effectifs de 1 à 10 parcours sont affichés « < 11 ». Ceux qui permettraient "
                "de les retrouver par soustraction, dans le même tableau ou d'un tableau à "
                "l'autre, sont « masqué », comme les durées et les parts calculées sur un "
                "effectif caché.")
# The method that keeps small counts small under every filter (ecpx.logs.release): the
# dashboard shows it beside the tables and in the HTML report.
PRIVACY_METHOD_NOTE = ("Pour qu'aucun petit effectif ne puisse être retrouvé en changeant les "
                       "filtres, les tableaux ne sont pas calculés sur le journal lui-même : "
                       "les parcours que rien ne distingue (même jour, méthode, plateforme, "
                       "version du système, carte et chemin) forment un groupe, et chaque "
                       "groupe compte pour un multiple de 5, tiré au hasard une fois pour "
                       "toutes (un groupe de 3 parcours compte pour 5 trois fois sur cinq, "
                       "pour 0 sinon). Les chiffres restent justes en moyenne, mais un total "
                       "peut différer de quelques pour cent de celui du journal ; aucune "
                       "combinaison de filtres ne redonne le nombre exact d'un petit groupe.")
MASKED_NOTE = ("« masqué » : ce nombre n'est pas petit, mais il est caché ; sinon, en le "
               "soustrayant d'un total, on pourrait retrouver un groupe de 1 à 10 parcours.")
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

# Reasons of the loader, by code (ecpx.logs.reasons), in French for the dashboard.
REASONS = {
    "missing_value": "valeur manquante",
    "bad_timestamp": "horodatage invalide « {value} »",
    "unknown_method": "méthode « {value} » inconnue (A, B ou S attendu)",
    "unknown_step": "étape « {step} » inconnue pour la méthode {method}",
    "unknown_outcome": "résultat « {value} » inconnu (ok ou error attendu)",
    "missing_error_code": "erreur sans code d'erreur",
    "unknown_error": "code d'erreur « {value} » inconnu",
    "error_on_ok": "code d'erreur « {value} » sur un événement réussi",
    "error_at_wrong_step": "l'erreur « {error} » se produit à l'étape « {expected} », "
                           "pas « {step} »",
    "unknown_platform": "plateforme « {value} » inconnue",
    "bad_os_version": "version du système « {value} » invalide",
    "unknown_card_type": "type de carte « {value} » inconnu",
    "unknown_source": "source « {value} » inconnue",
    "duplicate": "doublon de la ligne {line}",
    "mixed_method": "parcours commencé en méthode {first}, cet événement indique {found}",
    "line_too_long": "ligne trop longue ({length} octets)",
    "bad_utf8": "texte qui n'est pas en UTF-8",
    "malformed_csv": "ligne CSV mal formée (guillemets ou retour à la ligne dans une valeur)",
    "wrong_field_count": "{found} champs au lieu de {expected}",
    "bad_json": "JSON invalide",
    "not_json_object": "ce n'est pas un objet JSON",
    "unclosed_quote": "guillemet ouvert (caractère {position}) et jamais fermé sur la ligne",
    "control_character": "caractère de contrôle {char} dans la colonne « {column} »",
    "nonexistent_local_time": "l'heure locale « {value} » n'existe pas ({timezone} : passage "
                              "à l'heure d'été)",
    "ambiguous_local_time": "l'heure locale « {value} » existe deux fois ({timezone} : "
                            "passage à l'heure d'hiver)",
    "bad_training_timestamp": "horodatage invalide « {value} » dans le journal de la classe",
    "empty_file": "le fichier est vide",
    "missing_columns": "colonne manquante : {names}",
    "duplicate_columns": "colonnes en double dans l'en-tête : {names}",
    "utf16": "le fichier est en UTF-16 : enregistrez-le en UTF-8",
    "binary": "ce n'est pas un journal (contenu binaire) : CSV, JSON Lines ou Parquet attendu",
    "json_array": "un tableau JSON : une ligne par objet (JSON Lines) attendue",
    "bad_gzip": "le fichier compressé (gzip) est illisible",
    "bad_parquet": "le fichier Parquet est illisible",
    "unreadable": "le fichier ne peut pas être lu",
    "too_large_inflated": "une fois décompressé, le fichier dépasse {limit} : il est refusé",
    "not_regular_file": "ce n'est pas un fichier ordinaire",
    "too_many_rows_for_size": "{rows} lignes pour un fichier de {size} : un journal aussi "
                              "compressé est refusé",
    "too_many_rows": "trop de lignes : plus de {limit} lignes, le fichier est refusé (gardez une "
                     "période plus courte ou analysez-le avec « ecpx logs analyze »)",
}
REJECTED_COLUMNS = {"line": "Ligne", "column": "Colonne", "reason": "Raison"}


def reason_fr(reason) -> str:
    """A loader's reason (a `Reason`, or a row's `Reasons`) in French, from its code."""
    items = getattr(reason, "items", (reason,))
    return " ; ".join(REASONS[r.code].format(**r.args) for r in items)


MASKED = "masqué"  # a duration or a share computed on a masked count


def _missing(value) -> bool:
    """None, NaN or pandas' NA/NaT (a hidden cell), without importing pandas."""
    try:
        return value is None or value != value or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def duration_fr(seconds: float | None) -> str:
    """« 4 min 05 s », « 45 s », or « masqué »."""
    if _missing(seconds):
        return MASKED
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def percent_fr(share: float | None) -> str:
    if _missing(share):
        return MASKED
    return f"{share * 100:.1f} %".replace(".", ",")
