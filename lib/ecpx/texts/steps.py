"""The journal's steps and error codes in French (chapter 06, the class view), without pandas."""

from __future__ import annotations

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
