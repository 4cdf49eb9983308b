"""Fair shares of the class's kernels: one login session holds at most `per_trainee` pages.

Every chapter page holds a kernel until it is closed or culled (30 minutes idle), so one
trainee reloading chapters, or a script, could fill the class. Past their share, a trainee's
oldest page gives its kernel to the new one (that page then says its connection is lost and
offers to reload), never another trainee's seat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')


@dataclass(eq=False)  # a page is itself, not its kernel's id
class _Page:
    kernel: str = ""  # empty while the page renders


@dataclass
class Shares:
    per_trainee: int
    pages: dict[str, list[_Page]] = field(default_factory=dict)

    def take(self, trainee: str, running: set[str]) -> tuple[_Page | None, list[str]]:
        """A place for a new page of `trainee`, and the kernels to close to make it.

        `running`: the kernels serving pages now. None when every place of the trainee's
        share is held by a page still rendering (nothing can be closed yet)."""
        mine = [p for p in self.pages.get(trainee, []) if not p.kernel or p.kernel in running]
        close = []
        while len(mine) >= self.per_trainee:
            oldest = next((p for p in mine if p.kernel), None)
            if oldest is None:
                self.pages[trainee] = mine
                return None, close
            mine.remove(oldest)
            close.append(oldest.kernel)
        page = _Page()
        mine.append(page)
        self.pages[trainee] = mine
        return page, close

    def rendering(self, page: _Page, html: str) -> None:
        """Note the page's kernel once its id appears in the page being sent."""
        if not page.kernel:
            found = KERNEL_ID.search(html)
            if found:
                page.kernel = found[1]

    def release(self, trainee: str, page: _Page) -> None:
        """A page that got no kernel (an error before it started) frees its place."""
        if not page.kernel and page in self.pages.get(trainee, []):
            self.pages[trainee].remove(page)
