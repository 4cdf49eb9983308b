"""Wrong class codes, slowed per client: the code is short (6 characters), so guessing must cost.

After `free` wrong codes, a client must wait before its next try, twice as long after each
further failure (1 s, 2 s, 4 s… up to `cap`). A try during the wait is refused unchecked and
not counted, so a trainee who mistyped a few times is not locked out for long, and a guesser
gets a few dozen tries an hour. A client is forgotten `forget` seconds after its last failure,
or at once when it types the right code. The clock is injected (tests, the benchmark).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Client:
    failures: int = 0
    last: float = 0.0
    until: float = 0.0  # no try is checked before this time


class LoginThrottle:
    """Exponential back-off of failed logins, per client (an IP address)."""

    def __init__(self, free: int = 5, base: float = 1.0, cap: float = 300.0,
                 forget: float = 900.0, max_clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free, self.base, self.cap, self.forget = free, base, cap, forget
        self.max_clients = max_clients
        self.clock = clock
        self._clients: dict[str, _Client] = {}

    def wait(self, client: str) -> float:
        """Seconds before `client` may try a code again (0: now)."""
        state = self._current(client)
        return max(0.0, state.until - self.clock()) if state else 0.0

    def failed(self, client: str) -> float:
        """Record a wrong code; return the wait it now imposes."""
        now = self.clock()
        state = self._current(client) or self._add(client)
        state.failures += 1
        state.last = now
        beyond = state.failures - self.free
        if beyond > 0:
            state.until = now + min(self.cap, self.base * 2 ** min(beyond - 1, 32))
        return self.wait(client)

    def succeeded(self, client: str) -> None:
        self._clients.pop(client, None)

    def _current(self, client: str) -> _Client | None:
        state = self._clients.get(client)
        if state and self.clock() - max(state.last, state.until) > self.forget:
            del self._clients[client]
            return None
        return state

    def _add(self, client: str) -> _Client:
        if len(self._clients) >= self.max_clients:  # keep memory bounded: drop forgotten ones
            for name in list(self._clients):
                self._current(name)  # forgets the clients past `forget`
            if len(self._clients) >= self.max_clients:  # still full: the oldest goes
                del self._clients[min(self._clients, key=lambda n: self._clients[n].last)]
        state = self._clients[client] = _Client()
        return state
