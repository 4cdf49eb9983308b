"""Guessing the class code: the back-off per client, on an injected clock (no test sleeps)."""

from __future__ import annotations

from ecpx.server.throttle import LoginThrottle

from tests.conftest import run_coroutine


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def guess_as_fast_as_allowed(throttle: LoginThrottle, clock: Clock, guesses: int) -> float:
    """A guesser who tries again the moment it is allowed; returns the seconds it took."""
    start = clock.now
    for _ in range(guesses):
        clock.now += throttle.wait("guesser")
        assert throttle.wait("guesser") == 0
        throttle.failed("guesser")
    return clock.now - start


def test_five_mistakes_are_free_then_each_wait_doubles():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    waits = [throttle.failed("trainee") for _ in range(10)]
    assert waits == [0, 0, 0, 0, 0, 1, 2, 4, 8, 16]
    assert throttle.wait("someone else") == 0  # per client


def test_a_thousand_wrong_codes_take_far_more_than_a_minute():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    took = guess_as_fast_as_allowed(throttle, clock, 1000)
    # 5 free, then 1 + 2 + … + 256 s, then the 300 s cap for the remaining 986 failures.
    assert took == sum(min(300, 2 ** k) for k in range(995 - 1))
    assert took > 60 * 60 * 24  # more than a day, against under 3 s unthrottled


def test_tries_during_the_wait_are_not_counted_and_the_right_code_works_after():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(6):
        throttle.failed("trainee")
    assert throttle.wait("trainee") == 1
    for _ in range(50):  # refused unchecked by the server: the wait does not grow
        assert throttle.wait("trainee") == 1
    clock.now += 1
    assert throttle.wait("trainee") == 0
    throttle.succeeded("trainee")  # the right code: forgotten at once
    assert throttle.failed("trainee") == 0


def test_a_client_is_forgotten_a_while_after_its_last_failure_and_memory_is_bounded():
    clock = Clock()
    throttle = LoginThrottle(clock=clock, forget=900, max_clients=100)
    for _ in range(8):
        throttle.failed("trainee")
    clock.now += 4 + 901
    assert throttle.failed("trainee") == 0  # a new start: the next day's class
    for n in range(1000):
        throttle.failed(f"client-{n}")
    assert len(throttle._clients) <= 100


def test_the_hubs_class_code_login_backs_off_the_same_way():
    """deploy/jupyterhub's ClassCodeAuthenticator shares the throttle: 5 free mistakes, then a
    429 with the French wait, unchecked (even the right code); other clients are not slowed."""
    import types

    import pytest
    from ecpx.server.hub import ClassCodeAuthenticator
    from ecpx.texts import classroom as texts
    from tornado import web

    clock = Clock()
    authenticator = ClassCodeAuthenticator(class_code="K7P-2QM")
    authenticator.throttle = LoginThrottle(clock=clock)

    def log_in(code: str, client: str = "10.0.0.7"):
        handler = types.SimpleNamespace(request=types.SimpleNamespace(remote_ip=client))
        return run_coroutine(authenticator.authenticate(
            handler, {"username": "poste-12", "password": code}))

    for _ in range(6):
        assert log_in("AAAAAA") is None
    for code in ("AAAAAA", "k7p2qm"):  # during the wait: refused unchecked, and not counted
        with pytest.raises(web.HTTPError) as refused:
            log_in(code)
        assert refused.value.status_code == 429
        assert refused.value.log_message == texts.LOGIN["wait"].format(seconds=1)
    assert log_in("k7p2qm", client="10.0.0.8") == "poste-12"  # another seat's device
    clock.now += 1
    assert log_in("AAAAAA") is None  # the 7th mistake: now 2 s
    with pytest.raises(web.HTTPError):
        log_in("k7p2qm")
    clock.now += 2
    assert log_in(" k7p-2qm ") == "poste-12"  # the right code, once allowed: forgotten
    assert authenticator.throttle.wait("10.0.0.7") == 0
