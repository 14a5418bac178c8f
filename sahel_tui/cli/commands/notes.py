"""`sahel-brief notes`: list, add, edit, delete, restore, export and import annotations."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sahel_tui.cli.context import Context, print_json, warn
from sahel_tui.errors import UserError

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Corpus
    from sahel_tui.store.annotations import Annotation, AnnotationStore
    from sahel_tui.store.records import ReanchorReport

FORMATS = ("w3c", "json", "md")


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("notes", parents=[parent], help="annotations: list, add, edit, delete, export, import")
    actions = p.add_subparsers(dest="notes_action", metavar="ACTION")
    p.set_defaults(func=_no_action)

    ls = actions.add_parser("list", parents=[parent], help="list annotations (re-anchored to the current sources)")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    ls.add_argument("--article", metavar="A", help="only this article (id, unique prefix or number)")
    ls.add_argument("--tag", metavar="T", help="only annotations with this tag")
    ls.add_argument("--category", metavar="C", help="only this category (claim, evidence, question, disagree, ...)")
    ls.add_argument("--actor", metavar="ID", help="only notes on this actor")
    ls.add_argument("--text", metavar="S", help="only annotations containing S (note, quote, tags; any case)")
    which = ls.add_mutually_exclusive_group()
    which.add_argument("--orphans", action="store_true", help="only annotations that lost their place")
    which.add_argument("--deleted", action="store_true", help="only deleted annotations (restore with `notes restore`)")
    which.add_argument("--review", action="store_true",
                       help="only what waits for review: unconfirmed re-anchors and import conflicts")  # fmt: skip
    ls.set_defaults(func=run_list)

    rv = actions.add_parser("review", parents=[parent],
                            help="accept or reject an unconfirmed re-anchor or an import conflict")  # fmt: skip
    rv.add_argument("id", help="annotation id (or a unique prefix of 4+ characters); see `notes list --review`")
    verdict = rv.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--accept", action="store_true", help="keep the new place / take the imported version")
    verdict.add_argument("--reject", action="store_true", help="orphan it at its original quote / drop the imported version")
    rv.add_argument("--json", action="store_true", help="print the annotation as JSON")
    rv.set_defaults(func=run_review)

    add = actions.add_parser("add", parents=[parent], help="annotate a sentence, or add a note on an actor")
    add.add_argument("article", nargs="?", help="article id, unique prefix or number (optional with a full sentence id)")
    where = add.add_mutually_exclusive_group()
    where.add_argument("--sentence", metavar="ID", help="sentence id: full, or short like p4-s2")
    where.add_argument("--span", metavar="START:END", help="character offsets into the article's text")
    where.add_argument("--actor", metavar="ID", help="a note on this actor instead of on a sentence")
    _body_options(add)
    add.add_argument("--json", action="store_true", help="print the new annotation as JSON")
    add.set_defaults(func=run_add)

    edit = actions.add_parser("edit", parents=[parent], help="change an annotation, or re-attach an orphan")
    edit.add_argument("id", help="annotation id (or a unique prefix of 4+ characters)")
    _body_options(edit)
    edit.add_argument("--no-category", action="store_true", help="remove the category")
    edit.add_argument("--untag", metavar="T", action="append", default=[], help="remove a tag (repeatable)")
    edit.add_argument("--sentence", metavar="ID", help="move it to this sentence (re-attaches an orphan)")
    edit.add_argument("--article", metavar="A", help="the article for --sentence (default: the annotation's)")
    edit.add_argument("--json", action="store_true", help="print the changed annotation as JSON")
    edit.set_defaults(func=run_edit)

    for name, helptext in (("delete", "delete an annotation (kept; undo with `notes restore`)"),
                           ("restore", "bring back a deleted annotation")):  # fmt: skip
        q = actions.add_parser(name, parents=[parent], help=helptext)
        q.add_argument("id", help="annotation id (or a unique prefix of 4+ characters)")
        q.set_defaults(func=run_delete if name == "delete" else run_restore)

    ex = actions.add_parser("export", parents=[parent], help="write the annotations as W3C JSON-LD, JSON or Markdown")
    ex.add_argument("--format", choices=FORMATS, default="w3c", help="w3c (Web Annotation JSON-LD, default), json, md")
    ex.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    ex.add_argument("--article", metavar="A", help="only this article")
    ex.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    ex.set_defaults(func=run_export)

    im = actions.add_parser("import", parents=[parent], help="merge annotations from a W3C JSON-LD or JSON file")
    im.add_argument("file", help="a file written by `notes export` (w3c or json) or another W3C tool")
    im.add_argument("--json", action="store_true", help="print the counts as JSON")
    im.set_defaults(func=run_import)


def _body_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--category", metavar="C", help="claim, evidence, question, disagree, or your own word")
    p.add_argument("--note", metavar="TEXT", help="the note, in Markdown ('-' reads standard input)")
    p.add_argument("--tag", metavar="T", action="append", default=[], help="add a tag (repeatable)")


def _no_action(ctx: Context) -> int:
    raise UserError("notes needs an action: list, add, edit, delete, restore, export or import")


# -- actions --------------------------------------------------------------------------


def run_list(ctx: Context) -> int:
    args = ctx.args
    store = _open(ctx, for_writing=False)
    article_id = _article_filter(ctx, store, args.article)
    _reanchor(ctx, store)
    found = store.list(
        article=article_id,
        tag=args.tag,
        category=args.category,
        actor=args.actor,
        text=args.text,
        orphans=True if args.orphans else None,
        deleted_only=args.deleted,
        review=True if args.review else None,
    )
    if args.json:
        print_json([a.to_json() for a in found])
        return 0
    if not found:
        print("no annotations" + (" match" if _filtered(args) else " yet (add one: sahel-brief notes add ARTICLE --sentence p2-s1)"))
        return 0
    for a in found:
        print(_line(a))
    return 0


def run_add(ctx: Context) -> int:
    args = ctx.args
    note = _note_arg(args.note)
    store = _open(ctx, for_writing=True)
    if args.actor:
        if args.article:
            raise UserError("give either ARTICLE with --sentence/--span, or --actor, not both")
        a = store.add_actor_note(_actor_id(ctx, args.actor), note or "", args.tag, category=args.category)
    else:
        article, sentence = _target(ctx, args.article, args.sentence)
        start = end = None
        if args.span:
            start, end = _span(args.span)
        elif sentence is None:
            raise UserError("say where: --sentence ID (e.g. p4-s2), --span START:END, or --actor ID")
        a = store.add(article, sentence, category=args.category, note=note or "", tags=args.tag, start=start, end=end)
    _saved(ctx)
    if args.json:
        print_json(a.to_json())
    else:
        print(f"added {a.short_id} on {a.sentence_id or 'actor ' + str(a.actor_id)}" + (f" ({a.category})" if a.category else ""))
    return 0


def run_edit(ctx: Context) -> int:
    from sahel_tui.store.annotations import KEEP

    args = ctx.args
    if args.no_category and args.category:
        raise UserError("give --category or --no-category, not both")
    if args.article and not args.sentence:
        raise UserError("--article only goes with --sentence")
    note = _note_arg(args.note)
    store = _open(ctx, for_writing=True)
    current = store.get(args.id)
    if args.sentence:
        article, sentence = _target(ctx, args.article or current.article_id, args.sentence)
        store.reattach(current.id, article, sentence)

    changed = store.update(
        current.id,
        category=None if args.no_category else (args.category if args.category is not None else KEEP),
        note=note if note is not None else KEEP,
        add_tags=args.tag,
        remove_tags=args.untag,
    )
    _saved(ctx)
    if args.json:
        print_json(changed.to_json())
    elif changed == current:
        print(f"{changed.short_id}: nothing to change")
    else:
        print(f"changed {changed.short_id}")
    return 0


def run_delete(ctx: Context) -> int:
    store = _open(ctx, for_writing=True)
    a = store.delete(ctx.args.id)
    _saved(ctx)
    print(f"deleted {a.short_id} (bring it back with: sahel-brief notes restore {a.short_id})")
    return 0


def run_restore(ctx: Context) -> int:
    store = _open(ctx, for_writing=True)
    a = store.restore(ctx.args.id)
    _saved(ctx)
    print(f"restored {a.short_id}")
    return 0


def run_export(ctx: Context) -> int:
    import json

    args = ctx.args
    store = _open(ctx, for_writing=False)
    article_id = _article_filter(ctx, store, args.article)
    _reanchor(ctx, store)
    found = store.list(article=article_id)
    if args.format == "w3c":
        text = json.dumps(store.export_w3c(found), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "json":
        text = json.dumps([a.to_json() for a in found], ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_markdown(found, ctx.corpus, _actor_names(ctx, found))
    if args.output:
        from sahel_tui.export.write import write_briefing

        # The briefing's writer: atomic, and without --force it never replaces a file.
        write_briefing(text, Path(args.output).expanduser(), force=args.force)
        print(f"wrote {len(found)} annotation(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_review(ctx: Context) -> int:
    args = ctx.args
    store = _open(ctx, for_writing=True)
    a = store.review(args.id, accept=args.accept)
    _saved(ctx)
    if args.json:
        print_json(a.to_json())
    elif a.review == "rejected":
        print(f"rejected the move of {a.short_id}: it is an orphan at its original quote")
    else:
        print(f"{'accepted' if args.accept else 'rejected'} {a.short_id}")
    return 0


def run_import(ctx: Context) -> int:
    store = _open(ctx, for_writing=True)
    report = store.import_file(ctx.args.file)
    for line in report.skipped:
        warn(f"{ctx.args.file}: {line}")
    if ctx.args.json:
        print_json(report.to_json())
    else:
        print(f"imported {ctx.args.file}: {report.added} added, {report.updated} updated, "
              f"{report.unchanged} already here, {len(report.skipped)} skipped")  # fmt: skip
    if report.conflicts:
        warn(f"{report.conflicts} imported annotation(s) differ from notes edited here; the local ones stay "
             "current and the imported ones wait for review (sahel-brief notes list --review)")  # fmt: skip
    if report.clamped:
        warn(f"{report.clamped} timestamp(s) in {ctx.args.file} were out of range (before 1970 or in the future) "
             "and were clamped")  # fmt: skip
    return 2 if report.skipped else 0


# -- helpers --------------------------------------------------------------------------


def _open(ctx: Context, *, for_writing: bool) -> AnnotationStore:
    from sahel_tui.store.annotations import AnnotationStore, StoreError

    store = AnnotationStore.open()
    if store.notice:
        warn(store.notice)
    if store.unreadable:
        # Never "no annotations yet": an export would overwrite a good backup with nothing.
        raise StoreError(f"cannot read the annotations: {store.unreadable}")
    if store.read_only:
        if for_writing:
            raise StoreError(f"annotations are read-only: {store.error}")
        warn(f"annotations are read-only: {store.error}")
    return store


def _saved(ctx: Context) -> None:
    """The change is on disk: a skipped, unrelated corpus file stays a warning, not exit 2,
    so a script that retries on failure does not add the note twice."""
    ctx.skipped_is_failure = False


def _actor_id(ctx: Context, ref: str) -> str:
    """The glossary id for ``--actor`` (an id, a name or an alias); an unknown one is an error."""
    from sahel_tui.analysis.actors import detect_actors
    from sahel_tui.analysis.actors.decisions import resolve

    if not ref.strip():
        raise UserError("an actor note needs an actor id (see `sahel-brief actors`)")
    return resolve(detect_actors(ctx.corpus), ref.strip()).id


def _article_filter(ctx: Context, store: AnnotationStore, ref: str | None) -> str | None:
    """The article id for ``--article``: from the corpus, or one only the annotations know
    (an article from another corpus, or an imported annotation's source)."""
    if not ref:
        return None
    try:
        return ctx.corpus.get(ref).id
    except UserError:
        if store.counts_by_article().get(ref):
            return ref
        raise


def _reanchor(ctx: Context, store: AnnotationStore) -> None:
    report = store.reanchor(ctx.corpus)
    if report.changed:
        warn(report.summary() + ("; see `notes list --orphans`" if report.orphaned else ""))
    if report.missing_notes:
        warn(missing_sources_line(report))


def missing_sources_line(report: ReanchorReport) -> str:
    names = ", ".join(report.missing_articles[:5]) + (", ..." if len(report.missing_articles) > 5 else "")
    return (f"{report.missing_notes} annotation(s) are on sources not in this corpus ({names}): "
            "they are not in its briefing")  # fmt: skip


def _target(ctx: Context, article_ref: str | None, sentence: str | None):
    """(article, sentence ref) from ARTICLE and --sentence; a full id names its article."""
    corpus: Corpus = ctx.corpus
    if article_ref:
        return corpus.get(article_ref), sentence
    if sentence and (s := corpus.sentence(sentence)) is not None:
        return corpus.get(s.article_id), s.id
    raise UserError("which article? give ARTICLE, or a full sentence id (see `sahel-brief read ARTICLE --json`)")


def _span(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*:\s*(\d+)\s*", text)
    if not m:
        raise UserError(f"--span wants START:END character offsets, not {text!r}")
    return int(m[1]), int(m[2])


def _note_arg(value: str | None) -> str | None:
    if value == "-":
        return sys.stdin.read()
    return value


def _filtered(args: argparse.Namespace) -> bool:
    return any(
        getattr(args, k, None) for k in ("article", "tag", "category", "actor", "text", "orphans", "deleted", "review")
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Control characters shown as ``\\x1b``: a note never drives the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def _line(a: Annotation) -> str:
    where = f"actor {a.actor_id}" if a.actor_id else f"{a.article_id} {a.short_sentence}"
    bits = [a.short_id, where]
    if a.is_orphan:
        bits.append("ORPHAN")
    elif a.anchor_method == "fuzzy":
        bits.append(f"(moved, fuzzy {a.anchor_score:.0f}%)" if a.anchor_score is not None else "(moved, fuzzy)")
    if a.review == "reanchor":
        bits.append("REVIEW: unconfirmed move (notes review ID --accept|--reject)")
    elif a.review == "conflict":
        bits.append(f"REVIEW: imported version of {(a.conflict_of or '')[:8]} (notes review ID --accept|--reject)")
    if a.deleted:
        bits.append("DELETED")
    if a.category:
        bits.append(f"[{a.category}]")
    bits.extend(f"#{t}" for t in a.tags)
    bits.append(f"{a.author} {a.modified[:10]}")
    lines = ["  ".join(safe(b) for b in bits)]
    if a.quote:
        lines.append(f"    “{safe(_clip(a.quote))}”")
    if a.review == "reanchor" and a.exact and a.exact != a.quote:
        lines.append(f"    now on: “{safe(_clip(a.exact))}”")
    for note_line in a.note.splitlines():
        lines.append(f"    {safe(note_line)}")
    return "\n".join(lines)


def _clip(text: str) -> str:
    quote = " ".join(text.split())
    return quote[:117] + "…" if len(quote) > 118 else quote


def _actor_names(ctx: Context, annotations: list[Annotation]) -> dict[str, str]:
    """Glossary id -> display name, for the actor notes among ``annotations`` (none: no detection run)."""
    if not any(a.actor_id for a in annotations):
        return {}
    # The glossary as the analyst sees it (their renames included), so the names match the app's.
    return {a.id: a.name for a in ctx.workspace.load_actors()}


def render_markdown(
    annotations: list[Annotation], corpus: Corpus | None = None, actor_names: dict[str, str] | None = None
) -> str:
    """The annotations as a Markdown document: per article in text order, then actors, then orphans.

    Actor notes are headed by the actor's display name from ``actor_names``; an id the glossary no
    longer holds is printed as it is stored.
    """
    names = actor_names or {}
    titles = {a.id: a.title for a in corpus.articles} if corpus is not None else {}
    out = ["# Annotations", ""]
    placed = [a for a in annotations if a.article_id and not a.is_orphan]
    actors = [a for a in annotations if a.actor_id]
    orphans = [a for a in annotations if a.is_orphan]
    article_ids: list[str] = []
    for a in placed:
        if a.article_id not in article_ids:
            article_ids.append(a.article_id)  # type: ignore[arg-type]
    for article_id in article_ids:
        title = titles.get(article_id)
        out += [f"## {_md_inline(title)} (`{article_id}`)" if title else f"## `{article_id}`", ""]
        out += [_md_item(a) for a in placed if a.article_id == article_id]
    if actors:
        out += ["## Actors", ""]
        out += [_md_item(a, head=f"**{_md_inline(names.get(a.actor_id or '', a.actor_id or ''))}**") for a in actors]
    if orphans:
        out += ["## Orphans (their text is no longer in the source)", ""]
        out += [_md_item(a, head=f"`{a.article_id}`") for a in orphans]
    if len(out) == 2:
        out.append("No annotations.")
    return "\n".join(out).rstrip() + "\n"


def _md_item(a: Annotation, head: str | None = None) -> str:
    bits = [head or f"`{a.short_sentence}`"]
    if a.category:
        bits.append(f"**{_md_inline(a.category)}**")
    bits += [f"`#{t}`" for t in a.tags]
    bits.append(f"*{_md_inline(a.author)}, {a.modified[:10]}*")
    lines = ["- " + " · ".join(bits)]
    if a.exact:
        lines.append("")
        lines.append("  > " + " ".join(a.exact.split()))
    if a.note:
        lines.append("")
        lines += [f"  {line}" if line else "" for line in a.note.splitlines()]
    lines.append("")
    return "\n".join(lines)


def _md_inline(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)
