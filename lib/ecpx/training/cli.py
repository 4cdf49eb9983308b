"""`ecpx training`: the training journal for the world outside the course.

    ecpx training export-xapi [--session ID | --since DATE --until DATE] [-o FILE]

writes the journal's xAPI statements (`ecpx.training.xapi`) as JSON Lines: one statement a line,
the same statements, with the same ids, that `ecpx serve --lrs` sends. It never writes over a
file (an existing output is refused) nor into the journal's own files; errors are one line on
stderr, `error: …`, and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path

from ecpx.training.follow import JournalFollower
from ecpx.training.lrs import LEDGER
from ecpx.training.sessions import FILE_NAME as SESSIONS_FILE
from ecpx.training.sessions import read_sessions
from ecpx.training.sink import FILE_PATTERN, journal_folder
from ecpx.training.xapi import course_url, statements


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("training", help="export the training journal",
                              description=__doc__.splitlines()[0])
    commands = p.add_subparsers(dest="training_command", required=True, metavar="COMMAND")
    x = commands.add_parser("export-xapi", help="the journal's xAPI statements as JSON Lines",
                            description="Write the training journal's xAPI 1.0.3 statements, "
                                        "one a line, for a period or a class session.")
    x.add_argument("--journal", type=Path, metavar="DIR",
                   help="the journal folder (default $ECPX_JOURNAL or ~/.local/share/ecpx/journal)")
    x.add_argument("--session", metavar="ID", help="only this class session (its id)")
    x.add_argument("--since", metavar="DATE",
                   help="only statements at or after DATE (ISO 8601; no offset: UTC)")
    x.add_argument("--until", metavar="DATE",
                   help="only statements before DATE (ISO 8601; no offset: UTC)")
    x.add_argument("--course-url", metavar="URL",
                   help="the course's address in the statements (default $ECPX_COURSE_URL); "
                        "use the one `ecpx serve --lrs` uses, so ids match")
    x.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="a new file (an existing one is refused); default: standard output")
    x.set_defaults(func=export_xapi)


class UsageError(ValueError):
    """What makes the command unusable, said in one line."""


def moment(option: str, text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r}: not an ISO 8601 date (e.g. 2026-03-12 or "
                         "2026-03-12T09:00+01:00)") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def check_output(output: Path, folder: Path) -> None:
    """No command writes over its input, nor over any file: refuse an existing output, and a
    new one that the journal's readers would take as one of their files."""
    if output.exists() or output.is_symlink():
        raise UsageError(f"-o {output}: the file exists (this command writes a new file only)")
    if output.parent.resolve() == folder.resolve() and (
            fnmatch(output.name, FILE_PATTERN) or output.name in (SESSIONS_FILE, LEDGER)):
        raise UsageError(f"-o {output}: a file of the journal folder {folder} (an input)")


def export_xapi(args: argparse.Namespace) -> int:
    try:
        return _export_xapi(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
    except OSError as error:
        print(f"error: {error.filename or args.output}: {error.strerror or error}",
              file=sys.stderr)
    return 2


def _export_xapi(args: argparse.Namespace) -> int:
    folder = args.journal or journal_folder()
    if not folder.is_dir():
        raise UsageError(f"{folder}: no journal folder there (--journal DIR or $ECPX_JOURNAL)")
    since, until = moment("--since", args.since), moment("--until", args.until)
    if since and until and since >= until:
        raise UsageError(f"--since {args.since} is not before --until {args.until}")
    sessions = read_sessions(folder)
    if args.session:
        session = sessions.get(args.session)
        if session is None:
            known = ", ".join(f"{s.id} ({s.name})" for s in sessions.items) or "none"
            raise UsageError(f"no session {args.session!r} in {folder}; sessions: {known}")
        since = max(filter(None, [since, session.started]))
        until = min(filter(None, [until, session.ended])) if (until or session.ended) else None
    try:
        url = course_url(args.course_url)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.output:
        check_output(args.output, folder)
    follower = JournalFollower(folder)
    chosen = []
    for statement in statements(follower.poll(), url, sessions.items):
        stamp = datetime.fromisoformat(statement["timestamp"].replace("Z", "+00:00"))
        if (since is None or stamp >= since) and (until is None or stamp < until):
            chosen.append(json.dumps(statement, ensure_ascii=False) + "\n")
    # "x": created here, never over a file that appeared in the meantime.
    out = args.output.open("x", encoding="utf-8") if args.output else sys.stdout
    try:
        out.writelines(chosen)
    finally:
        if args.output:
            out.close()
    print(f"{len(chosen)} statement(s)" + (f" written to {args.output}" if args.output else ""),
          file=sys.stderr)
    if follower.damaged_count:
        print(f"note: {follower.damaged_count} damaged journal line(s) skipped", file=sys.stderr)
    return 0
