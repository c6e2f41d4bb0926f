"""The `tuumaustauko` command: serve the advisor, check a draft, show the token and the rules."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .allowances import NO_ALLOWANCES, AllowanceError, Allowances, read_allow_file
from .hints import LANGS, MODES
from .packs import DEFAULT_PACK, Pack, UnknownPackError, available_packs, load_pack
from .pairing import TOKEN_ENV, read_or_create_token, rotate_token, token_path

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tuumaustauko",
        description="A pause for thought: a local advisor for social-media drafts written in a work role.",
    )
    parser.add_argument("--version", action="version", version=f"tuumaustauko {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the HTTP service on the loopback interface")
    serve.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8470, help="port (default 8470)")
    serve.add_argument("--pack", default=DEFAULT_PACK, help=f"default policy pack (default {DEFAULT_PACK})")
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.add_argument("--workers", type=int, default=1, choices=range(1, 9), metavar="N",
                       help="processes answering on the port, sharing the loaded models (1-8, default 1); a supervisor "
                            "beside them starts again any that dies")

    check = commands.add_parser("check", help="check a draft from a file or standard input")
    check.add_argument("file", nargs="?", default="-", help="the draft's file, or - for standard input")
    check.add_argument("--mode", choices=MODES, default="hybrid", help="identity mode (default hybrid)")
    check.add_argument("--lang", choices=LANGS, help="language (detected when not given)")
    check.add_argument("--pack", default=DEFAULT_PACK, help=f"policy pack (default {DEFAULT_PACK})")
    check.add_argument("--previous", metavar="FILE", help="the published version, when checking an edit")
    check.add_argument("--json", action="store_true", help="print the contract's JSON response")
    check.add_argument("--allow", metavar="FILE",
                       help="your own allowances, one kind<TAB>text a line (e.g. phone, a TAB, your work number): "
                            "a hint of that kind on that text is left out; never a critical one")

    token = commands.add_parser("token", help="print the pairing token the extension needs")
    token.add_argument("--rotate", action="store_true", help="make a new token; the old one stops working")

    rules = commands.add_parser("rules", help="print the guideline's rules for participants")
    rules.add_argument("number", nargs="?", type=int, help="one rule, 1-10")
    rules.add_argument("--lang", choices=LANGS, default="fi")

    commands.add_parser("packs", help="list the policy packs")

    install = commands.add_parser(
        "install-browser",
        help="register the pairing helper with Chrome/Chromium and Firefox, so that the extension's options pair "
             "with one click (for this extension only)")
    install.add_argument("--user-data-dir", action="append", default=[], metavar="DIR", type=Path,
                         help="also a Chromium started with --user-data-dir=DIR (may be given more than once)")
    install.add_argument("--quiet", action="store_true", help="say nothing when nothing changed")
    return parser


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    with open(name, encoding="utf-8") as handle:
        return handle.read()


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _pack_or_complain(pack_id: str) -> Pack | None:
    try:
        return load_pack(pack_id)
    except UnknownPackError:
        print(f"tuumaustauko: no policy pack {pack_id!r}; `tuumaustauko packs` lists them.", file=sys.stderr)
        return None


def _allowances_or_complain(path: str | None) -> Allowances | None:
    """The --allow file's allowances; a message naming the line (never its text) when it is malformed."""
    if path is None:
        return NO_ALLOWANCES
    try:
        allow = read_allow_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"tuumaustauko: cannot read the allowances: {exc.__class__.__name__}", file=sys.stderr)
        return None
    except AllowanceError as exc:
        print(f"tuumaustauko: {path}: {exc}", file=sys.stderr)
        return None
    kinds = sorted({kind for kind, _ in allow.ignored})
    if kinds:
        print(f"tuumaustauko: {', '.join(kinds)} can never be allowed; those lines are ignored.", file=sys.stderr)
    return allow


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    if args.host not in LOOPBACK_HOSTS:
        print("tuumaustauko: the service answers on the loopback interface only "
              f"({', '.join(LOOPBACK_HOSTS)}).", file=sys.stderr)
        return 2
    if _pack_or_complain(args.pack) is None:
        return 2
    import uvicorn

    from .api.app import create_app
    from .api.workers import serve
    from .meaning.encoder import THREADS_ENV
    from .pairing import TokenStore

    read_or_create_token()
    if not _token_from_env():  # the pairing helper hands on the token file's token, and this port with it
        from .native_host import write_served_port

        write_served_port(args.port)
    where = "the environment variable " + TOKEN_ENV if _token_from_env() else str(token_path())
    print(f"Tuumaustauko {__version__} on http://{_url_host(args.host)}:{args.port}/ "
          f"(token: `tuumaustauko token`, kept in {where})", file=out, flush=True)
    # One worker reads the Swedish and English pipelines once it listens; several read them all
    # before the fork, so that they share them.
    if args.workers > 1:  # each worker's encoder gets its share of the cores
        os.environ.setdefault(THREADS_ENV, str(max(1, (os.cpu_count() or 1) // args.workers)))
    app = create_app(port=args.port, tokens=TokenStore(), default_pack=args.pack,
                     warm_every_language=args.workers > 1, meaning_in_background=True)
    # The first process answers nothing: it forks the workers that answer and starts again any that dies.
    return serve(uvicorn.Config(app, host=args.host, port=args.port, log_level=args.log_level, server_header=False),
                 workers=args.workers)


def _token_from_env() -> bool:
    return bool(os.environ.get(TOKEN_ENV, "").strip())


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from .advisor import check

    try:
        text = _read_text(args.file)
        previous = _read_text(args.previous) if args.previous else None
    except (OSError, UnicodeDecodeError) as exc:
        print(f"tuumaustauko: cannot read the draft: {exc.__class__.__name__}", file=sys.stderr)
        return 2
    pack = _pack_or_complain(args.pack)
    if pack is None:
        return 2
    allow = _allowances_or_complain(args.allow)
    if allow is None:
        return 2
    advice = check(text, mode=args.mode, lang=args.lang, pack=pack, previous_text=previous, budget_ms=None,
                   allow=allow)
    if args.json:
        from .api.app import advice_to_response

        json.dump(advice_to_response(advice), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for hint in advice.hints:
            line, column = line_and_column(text, hint.start)
            where = "draft" if hint.is_document_level else f"{line}:{column}"
            print(f"{where}: {hint.severity}: {hint.message} [{hint.category}/{hint.kind}, rule {hint.rule}]",
                  file=out)
        s = advice.stockmann
        reasons = f" ({'; '.join(s.reasons)})" if s.reasons else ""
        print(f"stockmann: {s.level} {s.score:.2f}{reasons}", file=out)
    return 1 if any(h.severity == "critical" for h in advice.hints) else 0


def _token(args: argparse.Namespace, out: TextIO) -> int:
    if args.rotate:
        if _token_from_env():
            print(f"tuumaustauko: {TOKEN_ENV} is set and overrides the token file; unset it to rotate.",
                  file=sys.stderr)
            return 2
        print(rotate_token(), file=out)
        return 0
    print(read_or_create_token(), file=out)
    return 0


def _rules(args: argparse.Namespace, out: TextIO) -> int:
    from .guideline import guideline_rule, guideline_rules

    if args.number is not None:
        try:
            chosen = [guideline_rule(args.number, args.lang)]
        except KeyError:
            print("tuumaustauko: rules are numbered 1 to 10.", file=sys.stderr)
            return 2
    else:
        chosen = guideline_rules(args.lang)
    for rule in chosen:
        print(f"{rule.id}. {rule.title}\n   {rule.text}\n   ({rule.source})", file=out)
    return 0


def _packs(args: argparse.Namespace, out: TextIO) -> int:
    for pack in available_packs():
        print(f"{pack.id}\t{pack.display_name('en')}\t{', '.join(pack.languages)}", file=out)
    return 0


def _install_browser(args: argparse.Namespace, out: TextIO) -> int:
    from .native_host import install

    try:
        written = install(user_data_dirs=args.user_data_dir)
    except OSError as exc:
        print(f"tuumaustauko: cannot register the pairing helper: {exc.__class__.__name__}: {exc.filename}",
              file=sys.stderr)
        return 2
    changed = [path for path, did in written if did]
    if changed or not args.quiet:
        print("The extension can now pair with one click (options → Pair). Registered in:", file=out)
        for path, did in written[1:]:
            print(f"  {path}{'' if did else ' (unchanged)'}", file=out)
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    args = _build_parser().parse_args(argv)
    stream = out or sys.stdout
    handlers = {"serve": _serve, "check": _check, "token": _token, "rules": _rules, "packs": _packs,
                "install-browser": _install_browser}
    return handlers[args.command](args, stream)


if __name__ == "__main__":
    raise SystemExit(main())
