"""The troubleshooting tree: complete, acyclic, and sending each problem to the right service."""

from __future__ import annotations

import pytest
from ecpx.activation.troubleshooting import TREE, Fix, Troubleshooter, fix_for
from ecpx.texts.help import CONTACTS, FIXES, LINKS, QUESTIONS
from ecpx.texts.method_b import UPDATE_DETAILS_URL


def _leaves(node: str = "start", seen: tuple[str, ...] = ()) -> list[tuple[tuple, Fix]]:
    assert node not in seen, f"cycle through {node}"
    found = []
    for choice, target in TREE[node].items():
        path = (*seen, node)
        if isinstance(target, Fix):
            found.append(((*path, choice), target))
        else:
            found.extend(_leaves(target, path))
    return found


def test_every_question_has_its_text_and_the_same_answers_as_the_tree():
    assert set(TREE) == set(QUESTIONS)
    for key, answers in TREE.items():
        assert set(answers) == set(QUESTIONS[key]["choices"]), key
        assert QUESTIONS[key]["prompt"].endswith("?")


def test_every_question_is_reachable_and_every_fix_exists():
    reached = {"start"} | {t for answers in TREE.values() for t in answers.values()
                           if isinstance(t, str)}
    assert reached == set(TREE)
    leaves = _leaves()
    for _, fix in leaves:
        assert fix.key in FIXES and FIXES[fix.key]["steps"]
        assert fix.contact in ("", "application", "card")
        assert all(link in LINKS for link in fix.links)
    assert {fix.key for _, fix in leaves} == set(FIXES)  # no fix is unreachable


def test_application_problems_lead_to_the_application_contact():
    for answers in (("portal_button",), ("email", "yes", "yes"), ("sms", "no", "yes"),
                    ("app_error", "yes", "no")):
        helper = Troubleshooter()
        for choice in answers:
            helper.answer(choice)
        assert helper.fix.contact == "application", answers
    assert CONTACTS["application"]["phone"] == "0 806 800 213"
    assert CONTACTS["application"]["email"] == "monserviceclient.e-cps@esante.gouv.fr"


def test_card_problems_lead_to_the_card_contact():
    for answers in (("card", "blocked"), ("card", "lost")):
        fix = fix_for(*answers)
        assert fix.contact == "card"
    assert CONTACTS["card"]["phone"] == "0 825 85 2000"
    assert CONTACTS["card"]["phone_note"] == "0,06 €/min + prix appel"
    assert CONTACTS["card"]["email"] == "Monserviceclient.cartes@esante.gouv.fr"


def test_the_seeds_typo_is_not_shown():
    assert "monservicclient" not in repr(CONTACTS)


@pytest.mark.parametrize(("answers", "fix"), [
    (("email", "no"), "check_spam"),
    (("email", "yes", "unsure"), "update_details"),
    (("details",), "update_details"),
    (("sms", "yes"), "sms_copy"),
    (("install", "iphone"), "iphone"),
    (("install", "android"), "android"),
    (("app_error", "no"), "update_app"),
    (("app_error", "yes", "yes"), "battery"),
    (("expired",), "expired"),
    (("card", "not_cps"), "use_method_a"),
])
def test_the_fixes_from_the_seed_and_the_known_problems(answers, fix):
    assert fix_for(*answers).key == fix


def test_the_fix_texts_keep_the_seeds_words():
    assert any("Kaspersky" in s for s in FIXES["page_blocked"]["steps"])
    assert any("courrier indésirable" in s for s in FIXES["check_spam"]["steps"])
    assert any(UPDATE_DETAILS_URL in s for s in FIXES["update_details"]["steps"])
    assert any("« Supprimer ma e-CPS »" in s for s in FIXES["expired"]["steps"])
    assert any("« sans restriction »" in s for s in FIXES["battery"]["steps"])
    assert any("« Tester ma e-CPS »" in s for s in FIXES["update_app"]["steps"])
    assert any("iOS 15.0" in s for s in FIXES["iphone"]["steps"])


def test_the_seeds_links():
    urls = {url for _, url in LINKS.values()}
    assert {
        "https://esante.gouv.fr/offres-services/e-cps/faq-e-cps",
        "https://industriels.esante.gouv.fr/produits-et-services/pro-sante-connect/"
        "documentation-technique#paragraph-id--4046",
        "https://esante.gouv.fr/produits-services/e-cps",
        "https://www.youtube.com/watch?v=LdCD9dCDWzM",
    } <= urls


def test_back_and_restart():
    helper = Troubleshooter()
    assert helper.question == "start" and helper.fix is None
    helper.answer("email")
    assert helper.question == "email_spam"
    assert helper.choices() == tuple(QUESTIONS["email_spam"]["choices"])
    helper.answer("no")
    assert helper.question == "" and helper.fix.key == "check_spam"
    assert helper.fix.contact == "" and helper.choices() == ()
    helper.back()
    assert helper.question == "email_spam"
    helper.restart()
    helper.back()  # nothing to undo: stays at the start
    assert helper.question == "start"


def test_an_answer_that_does_not_fit_the_question_is_refused():
    helper = Troubleshooter()
    with pytest.raises(KeyError):
        helper.answer("yes")
    helper.answer("details")
    with pytest.raises(KeyError):
        helper.answer("yes")  # a fix asks nothing
    assert helper.answers == ["details"]
