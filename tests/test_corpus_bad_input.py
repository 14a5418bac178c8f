"""Bad input: one clear line each, never a traceback; good files still load."""

from __future__ import annotations

import codecs
import os
import sys
from pathlib import Path

from bounded import counted

import pytest

from sahel_tui.cli import main
from sahel_tui.corpus import discover
from sahel_tui.corpus.loader import load_corpus
from sahel_tui.errors import UserError

GOOD = "Good Title Here\n\nThe first sentence is fine. The second one is too.\n"


def corpus_with(tmp_path: Path, **files: bytes | str) -> Path:
    root = tmp_path / "corpus"
    root.mkdir(parents=True)
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, content in files.items():
        path = root / name.replace("__", ".")
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return root


def skipped_line(root: Path, name: str) -> str:
    corpus = load_corpus(root)
    assert [a.id for a in corpus.articles] == ["good"]
    lines = [line for line in corpus.skipped if line.startswith(name)]
    assert len(lines) == 1, corpus.skipped
    assert "\n" not in lines[0]
    return lines[0]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="corpus folder not found"):
        load_corpus(tmp_path / "nope")


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(GOOD)
    with pytest.raises(UserError, match="not a folder"):
        load_corpus(f)


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"no articles \(\.txt, \.md, \.html, \.pdf, \.docx, \.eml\)"):
        load_corpus(tmp_path)


def test_folder_without_usable_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.md").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(UserError, match=r"no usable articles in .*: all 3 files skipped") as info:
        load_corpus(tmp_path)
    # Each file keeps its own reason: none hides behind "and 1 more".
    assert info.value.skipped == [
        "a.txt: skipped (empty file)",
        "b.md: skipped (binary file, not text)",
        "notes.pdf: skipped (named .pdf but not a PDF file: no PDF signature)",
    ]


def test_binary_file(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, img__txt=bytes(range(256)) * 40)
    assert skipped_line(root, "img.txt") == "img.txt: skipped (binary file, not text)"


def test_empty_and_blank_files(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, empty__md=b"", blank__txt=b"  \n\n\t\n")
    assert skipped_line(root, "empty.md") == "empty.md: skipped (empty file)"
    assert skipped_line(root, "blank.txt") == "blank.txt: skipped (empty file (only whitespace))"


def test_only_boilerplate_left(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, credit__txt="Shutterstock\n")
    assert skipped_line(root, "credit.txt") == "credit.txt: skipped (no article text left after cleaning)"


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    root = corpus_with(tmp_path)
    with open(root / "huge.txt", "wb") as fh:
        fh.truncate(discover.SIZE_LIMIT + 1)  # sparse: costs no disk
    assert skipped_line(root, "huge.txt").startswith("huge.txt: skipped (larger than the 20 MB limit")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus_with(tmp_path, secret__txt=GOOD)
    real_open = discover._open

    def deny(path: Path):
        if path.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)

    # chmod 000 does not stop root, so the refusal is simulated at the one place files are opened.
    monkeypatch.setattr(discover, "_open", deny)
    assert skipped_line(root, "secret.txt") == "secret.txt: skipped (permission denied)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, secret__txt=GOOD)
    (root / "secret.txt").chmod(0)
    assert skipped_line(root, "secret.txt") == "secret.txt: skipped (permission denied)"


def test_unreadable_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus_with(tmp_path)
    (root / "private").mkdir()
    (root / "private" / "x.txt").write_text(GOOD)
    real_scandir = os.scandir

    def deny(path):
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(discover.os, "scandir", deny)
    assert skipped_line(root, "private") == "private: folder skipped (permission denied)"


def test_symlink_loops(tmp_path: Path) -> None:
    root = corpus_with(tmp_path)
    (root / "a.txt").symlink_to("b.txt")
    (root / "b.txt").symlink_to("a.txt")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    (root / "gone.md").symlink_to(root / "missing.md")
    assert skipped_line(root, "a.txt") == "a.txt: skipped (symlink loop)"
    assert skipped_line(root, "sub/up") == "sub/up: folder skipped (symlink loop)"
    assert skipped_line(root, "gone.md") == "gone.md: skipped (broken symlink or missing file)"


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    root = corpus_with(tmp_path)
    os.mkfifo(root / "pipe.txt")  # opening it would block forever
    assert skipped_line(root, "pipe.txt") == "pipe.txt: skipped (not a regular file)"


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("---\ntitle: [unclosed\n---\n", "not valid YAML"),
        ("---\na: &a [x, x]\nb: [*a, *a]\nc: [*b, *b]\n---\n", "aliases are not allowed"),
        ("---\nx: !!python/object/apply:os.system [echo hi]\n---\n", "tags are not allowed"),
        ("---\n- just\n- a list\n---\n", "not a mapping"),
        ("---\ntitle: never closed\n\nBody text that goes on.\n", "never closed"),
        ("+++\ntitle = \n+++\n", "not valid TOML"),
    ],
)
def test_broken_front_matter(tmp_path: Path, front: str, message: str) -> None:
    root = corpus_with(tmp_path, bad__md=front + "\nThe body is a sentence. Another follows.\n")
    line = skipped_line(root, "bad.md")
    assert line.startswith("bad.md: skipped (broken front matter: ") and message in line


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lol = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        lol.append(f"{chr(i)}: &{chr(i)} [{', '.join(['*' + prev] * 9)}]")
    root = corpus_with(tmp_path, lol__md="\n".join(lol) + "\n---\nBody. Text.\n")
    load_corpus(corpus_with(tmp_path / "warm", ok__md="---\na: 1\n---\nBody. Text.\n"))  # imports out of the count
    with counted() as work:
        assert "aliases are not allowed" in skipped_line(root, "lol.md")
    print(f"alias bomb: {work.calls:,} Python calls")
    assert work.calls < 20_000, work.calls  # refused at the first alias: no expansion


def test_cp1252_and_latin1_are_decoded(tmp_path: Path) -> None:
    cp = "Le café de Mopti: “les prix” ont augmenté – encore. Les marchands attendent.\n".encode("cp1252")
    latin = "São Tomé et Príncipe: été très chaud. Les pêcheurs rentrent.\n".encode("latin-1")
    root = corpus_with(tmp_path, cp__txt=cp, latin__txt=latin)
    corpus = load_corpus(root)
    assert corpus.skipped == []
    by_id = {a.id: a for a in corpus.articles}
    assert "Le café de Mopti: “les prix” ont augmenté – encore." in by_id["cp"].text
    assert "São Tomé et Príncipe: été très chaud." in by_id["latin"].text
    assert any(w.startswith("not valid UTF-8: decoded as") for w in by_id["cp"].warnings)


def test_utf16_with_bom(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, wide__txt=codecs.BOM_UTF16_LE + "Kidal était calme. Puis non.\n".encode("utf-16-le"))
    corpus = load_corpus(root)
    assert "Kidal était calme." in {a.id: a for a in corpus.articles}["wide"].text


def test_odd_file_names(tmp_path: Path) -> None:
    root = corpus_with(tmp_path)
    names = ["Café Report.md", "-leading dash.txt", "UPPER.TXT", "a" * 200 + ".txt", "تقرير.txt", "sp ace s.html"]
    for name in names:
        (root / name).write_text("<p>Body text of this one. It has two sentences.</p>" if name.endswith("html") else GOOD)
    raw = os.fsencode(root) + b"/bad\xffname.txt"
    with open(raw, "wb") as fh:
        fh.write(GOOD.encode())
    with open(os.fsencode(root) + b"/esc\x1b[31mred.txt", "wb") as fh:
        fh.write(GOOD.encode())
    corpus = load_corpus(root)
    assert corpus.skipped == []
    ids = [a.id for a in corpus.articles]
    assert len(ids) == len(set(ids)) == len(names) + 3
    assert "cafe-report" in ids and "leading-dash" in ids and "upper" in ids and "sp-ace-s" in ids
    assert all(i.isascii() and len(i) <= 80 and "\x1b" not in i for i in ids)
    assert discover.display_path("esc\x1b[31mred.txt") == "esc\\x1b[31mred.txt"
    assert "\\udcff" in discover.display_path(os.fsdecode(b"bad\xffname.txt")) or "\\xff" in discover.display_path(
        os.fsdecode(b"bad\xffname.txt")
    )


def test_colliding_ids_stay_unique_and_stable(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, good__md=GOOD, **{"Good__html": "<p>Other body. More text.</p>"})
    first = {str(a.path.name): a.id for a in load_corpus(root).articles}
    assert first == {"good.txt": "good", "good.md": "good-md", "Good.html": "good-html"}
    (root / "GOOD.txt").write_text(GOOD)  # a newcomer never renames an existing article
    second = {str(a.path.name): a.id for a in load_corpus(root).articles}
    assert {k: second[k] for k in first} == first


def test_five_megabyte_single_line_loads_in_bounded_time(tmp_path: Path) -> None:
    sentence = "The convoy left Gao at dawn and reached Kidal by nightfall without incident, officials said. "
    line = (sentence * (5 * 1024 * 1024 // len(sentence))).strip()
    root = corpus_with(tmp_path, big__txt=line)
    load_corpus(corpus_with(tmp_path / "warm", small__txt=sentence * 3))  # imports out of the count
    with counted() as work:
        corpus = load_corpus(root)
        big = {a.id: a for a in corpus.articles}["big"]
        sentences = sum(1 for _ in big.sentences)
    print(f"5 MB line: {work.calls:,} Python calls for {sentences:,} sentences")
    assert len(big.text) > 5_000_000
    assert work.calls < 120 * sentences, (work.calls, sentences)  # linear in the sentences found (~36 each, 2026-12)


def test_five_megabyte_line_without_punctuation(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, blob__txt=("word " * (1024 * 1024)).strip())
    load_corpus(corpus_with(tmp_path / "warm", small__txt="word word word"))  # imports out of the count
    with counted() as work:
        corpus = load_corpus(root)
        blob = {a.id: a for a in corpus.articles}["blob"]
        longest = max(s.end - s.start for s in blob.sentences)
    print(f"5 MB without punctuation: {work.calls:,} Python calls")
    assert longest <= 4000
    assert work.calls < 500_000, work.calls  # ~1,300 forced cuts of 4,000 characters (~46,000 calls, 2026-12)


def test_broken_manifest_is_reported_and_ignored(tmp_path: Path) -> None:
    root = corpus_with(tmp_path, manifest__toml="[articles.\n")
    corpus = load_corpus(root)
    assert [a.id for a in corpus.articles] == ["good"]
    assert len(corpus.skipped) == 1 and corpus.skipped[0].startswith("manifest.toml: not valid TOML")


def test_manifest_overrides_and_reports_unknown_entries(tmp_path: Path) -> None:
    manifest = (
        '[articles."good.txt"]\ntitle = "Curated Title"\nauthor = "A. Writer"\nauthor_inferred = true\n'
        'author_how = "signature"\ndate = 2024-05-01\n\n[articles."missing.txt"]\ntitle = "x"\n'
    )
    root = corpus_with(tmp_path, manifest__toml=manifest)
    corpus = load_corpus(root)
    m = corpus.articles[0].meta
    assert m.title is not None and (m.title.value, m.title.inferred) == ("Curated Title", False)
    assert m.author is not None and (m.author.value, m.author.inferred, m.author.how) == ("A. Writer", True, "signature")
    assert m.date is not None and m.date.value == "2024-05-01"
    assert corpus.skipped == ["manifest.toml: no article file named 'missing.txt'; entry ignored"]


def test_cli_warns_names_bad_files_and_exits_2_after_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = corpus_with(tmp_path, bin__txt=b"\x00" * 64, empty__md=b"")
    status = main(["sources", "--corpus", str(root)])
    out, err = capsys.readouterr()
    assert status == 2
    assert "good" in out and "Good Title Here" in out
    assert "sahel-brief: warning: bin.txt: skipped (binary file, not text)" in err
    assert "sahel-brief: warning: empty.md: skipped (empty file)" in err
    assert "Traceback" not in err


def test_cli_missing_corpus_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--corpus", str(tmp_path / "missing"), "sources"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("sahel-brief: error: corpus folder not found")


def test_terminal_escapes_never_reach_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = "Evil \x1b]0;pwned\x07Title\n\nText \x1b[2J\x1b[31mred\x1b[0m here. \x9b1;1H More \x07text.\n"
    # Escapes can also hide in metadata: YAML "\e", HTML "&#27;", TOML "\u001b".
    front = '---\ntitle: "Front \\e[31mmatter"\nauthor: "A \\x9b2J"\n---\n\nBody &#27;]0;x&#7;text. More body.\n'
    page = '<html><head><meta name="author" content="X &#27;]0;t&#7; Y"></head><body><p>Html &#27;[2Jbody. Yes &#x202e;sir.</p></body></html>'
    manifest = '[articles."evil.txt"]\ndescription = "Desc \\u001b[5m blink"\n'
    root = corpus_with(tmp_path, evil__txt=evil, front__md=front, page__html=page, manifest__toml=manifest)
    for name in ("evil", "front", "page"):
        assert main(["read", name, "--corpus", str(root)]) == 0
        assert main(["read", name, "--json", "--corpus", str(root)]) == 0
    assert main(["sources", "--corpus", str(root)]) == 0
    assert main(["sources", "--json", "--corpus", str(root)]) == 0
    out, _ = capsys.readouterr()
    assert "Front matter" in out and "Desc blink" in out
    assert not any(c in out for c in ("\x1b", "\x07", "\x9b", "\u202e"))
    assert "Html body. Yes sir." in out and "More body." in out


@pytest.mark.skipif(sys.platform != "linux", reason="needs /proc-style big sparse files")
def test_size_limit_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus_with(tmp_path)
    with open(root / "huge.md", "wb") as fh:
        fh.truncate(8 * discover.SIZE_LIMIT)
    read_sizes: list[int] = []
    real_open = discover._open

    class Spy:
        def __init__(self, path: Path) -> None:
            self.fh = real_open(path)

        def __enter__(self):
            fh = self.fh

            class Wrapped:
                def fileno(self) -> int:
                    return fh.fileno()

                def read(self, n: int = -1) -> bytes:
                    read_sizes.append(n)
                    return fh.read(n)

            return Wrapped()

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

    monkeypatch.setattr(discover, "_open", Spy)
    skipped_line(root, "huge.md")
    assert all(n <= discover.SIZE_LIMIT + 1 for n in read_sizes)
