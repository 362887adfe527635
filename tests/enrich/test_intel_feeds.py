"""Indicator feed files: type inference, CSV columns, bad lines, and reading again what changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mozdef_common.lists.entries import InvalidEntry
from mozdef_enrich.plugins.intel_feeds import FeedFolder, infer, parse_csv, parse_text

MD5 = "d41d8cd98f00b204e9800998ecf8427e"
SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("203.0.113.7", ("ip", "203.0.113.7")),
        ("2001:DB8::7", ("ip", "2001:db8::7")),
        ("198.51.100.77/24", ("cidr", "198.51.100.0/24")),
        ("2001:db8:1::/48", ("cidr", "2001:db8:1::/48")),
        ("Evil.Example.ORG.", ("domain", "evil.example.org")),
        ("*.bad.example", ("domain", "*.bad.example")),
        (MD5.upper(), ("hash", MD5)),
        (SHA1, ("hash", SHA1)),
        (SHA256, ("hash", SHA256)),
        ("user:Mallory", ("user", "Mallory")),
        ("USER:svc-backup", ("user", "svc-backup")),
    ],
)
def test_infer(text: str, want: tuple[str, str]) -> None:
    assert infer(text) == want


@pytest.mark.parametrize("text", ["999.1.1.1", "not a domain", "localhost", "10.0.0.0/33", "user:", "a:b"])
def test_infer_refuses(text: str) -> None:
    with pytest.raises(InvalidEntry):
        infer(text)


def test_plain_text_comments_blank_and_bad_lines() -> None:
    text = f"""# Tor exits, fetched 2026-11-27
203.0.113.7
   # indented comment

198.51.100.0/24   # a hosting range
999.999.1.1
evil.example.org
this is not an indicator
{SHA256}
user:mallory
"""
    feed = parse_text(text, "tor.txt")
    assert [(i.type, i.value) for i in feed.indicators] == [
        ("ip", "203.0.113.7"),
        ("cidr", "198.51.100.0/24"),
        ("domain", "evil.example.org"),
        ("hash", SHA256),
        ("user", "mallory"),
    ]
    assert feed.bad_lines == (6, 8)
    assert all(i.origin == {"feed": "tor.txt"} and not i.extra for i in feed.indicators)


def test_csv_columns_types_and_extras() -> None:
    text = f"""Indicator,Type,Source,Confidence,Description,ignored
203.0.113.9,ipv4,abuse.ch,90,C2 server,x
{MD5},md5,vt,,,
EVIL.example.net,hostname,,,"phishing, with a comma",
user:eve,user,,,,
bob,username,hr,50,,
10.1.2.3/8,,,,,
# a comment row
not-valid,ip,,,,
203.0.113.10,colour,,,,
,ip,,,,
"""
    feed = parse_csv(text, "partners.csv")
    got = [(i.type, i.value, dict(i.extra)) for i in feed.indicators]
    assert got == [
        ("ip", "203.0.113.9", {"source": "abuse.ch", "confidence": "90", "description": "C2 server"}),
        ("hash", MD5, {"source": "vt"}),
        ("domain", "evil.example.net", {"description": "phishing, with a comma"}),
        ("user", "eve", {}),
        ("user", "bob", {"source": "hr", "confidence": "50"}),
        ("cidr", "10.0.0.0/8", {}),
    ]
    assert feed.bad_lines == (9, 10, 11)


def test_csv_value_column_and_short_rows() -> None:
    feed = parse_csv("value\nexample.com\n203.0.113.1\n", "f.csv")
    assert [i.type for i in feed.indicators] == ["domain", "ip"]
    feed = parse_csv("type,value\nip\n", "f.csv")  # the row has no value column at all
    assert feed.indicators == ()
    assert feed.bad_lines == (2,)


def test_csv_without_indicator_column_is_one_bad_line() -> None:
    feed = parse_csv("address,note\n203.0.113.1,x\n", "f.csv")
    assert feed.indicators == ()
    assert feed.bad_lines == (1,)
    assert parse_csv("", "empty.csv").bad_lines == (1,)


def _touch(path: Path, text: str, bump_ns: int) -> None:
    path.write_text(text)
    stat = path.stat()
    # Same-size rewrites within one mtime tick happen on coarse clocks: move the mtime on explicitly.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + bump_ns))


def test_folder_reads_only_what_changed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("203.0.113.1\n")
    (tmp_path / "b.csv").write_text("indicator\nexample.com\nbad value\n")
    (tmp_path / ".hidden").write_text("203.0.113.99\n")
    (tmp_path / "_draft.txt").write_text("203.0.113.98\n")
    (tmp_path / "a.txt~").write_text("203.0.113.97\n")
    (tmp_path / "sub").mkdir()
    folder = FeedFolder(tmp_path)
    assert folder.scan() is True
    assert sorted(i.value for i in folder.indicators()) == ["203.0.113.1", "example.com"]
    assert folder.bad_lines == {"b.csv": 1}
    assert folder.scan() is False  # nothing changed: nothing read

    _touch(tmp_path / "a.txt", "203.0.113.2\n", 1_000_000_000)  # same size, new content
    assert folder.scan() is True
    assert sorted(i.value for i in folder.indicators()) == ["203.0.113.2", "example.com"]

    (tmp_path / "b.csv").unlink()
    assert folder.scan() is True
    assert [i.value for i in folder.indicators()] == ["203.0.113.2"]
    assert folder.bad_lines == {}


def test_folder_that_does_not_exist_loads_nothing(tmp_path: Path) -> None:
    folder = FeedFolder(tmp_path / "missing")
    assert folder.scan() is False
    assert list(folder.indicators()) == []
