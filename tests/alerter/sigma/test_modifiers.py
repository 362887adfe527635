"""Each Sigma value modifier: compiled to our AST, then evaluated on events."""

from __future__ import annotations

import base64

import pytest

from mozdef_common.query.ast import Exists, FieldRef, Range, Regex, Subnet, Term, Wildcard

from .helpers import matches, query


def test_plain_string_is_a_case_insensitive_whole_value_match() -> None:
    tree = query("sel:\n    Image: 'C:\\Windows\\cmd.exe'\ncondition: sel\n")
    assert tree == Wildcard("details.image", "C:\\\\Windows\\\\cmd.exe", case_insensitive=True)
    assert matches(tree, {"image": "c:\\windows\\CMD.EXE"})
    assert not matches(tree, {"image": "c:\\windows\\cmd.exe.bak"})


def test_field_names_land_lower_cased_under_details() -> None:
    tree = query("sel:\n    EventID: 4688\n    TargetUserName: admin\ncondition: sel\n")
    assert Term("details.eventid", "4688") in tree.must  # type: ignore[union-attr]
    assert matches(tree, {"eventid": 4688, "targetusername": "Admin"})
    assert not matches(tree, {"eventid": 4624, "targetusername": "admin"})


@pytest.mark.parametrize(
    ("modifier", "pattern", "hit", "miss"),
    [
        ("contains", "*whoami*", "cmd /c WHOAMI /all", "cmd /c who"),
        ("startswith", "whoami*", "WhoAmI.exe /all", "x whoami"),
        ("endswith", "*whoami", "c:\\bin\\whoami", "whoami.exe"),
    ],
)
def test_contains_startswith_endswith(modifier: str, pattern: str, hit: str, miss: str) -> None:
    tree = query(f"sel:\n    CommandLine|{modifier}: whoami\ncondition: sel\n")
    assert tree == Wildcard("details.commandline", pattern, case_insensitive=True)
    assert matches(tree, {"commandline": hit})
    assert not matches(tree, {"commandline": miss})


def test_wildcards_in_values_and_escaped_ones() -> None:
    tree = query("sel:\n    CommandLine: 'a?c*\\*'\ncondition: sel\n")
    assert tree == Wildcard("details.commandline", "a?c*\\*", case_insensitive=True)
    assert matches(tree, {"commandline": "ABCdef*"})
    assert not matches(tree, {"commandline": "abcdef"})


def test_all_joins_the_values_with_and() -> None:
    tree = query("sel:\n    CommandLine|contains|all: [net, user, /add]\ncondition: sel\n")
    assert matches(tree, {"commandline": "NET USER bob pw /ADD"})
    assert not matches(tree, {"commandline": "net user bob"})


def test_a_value_list_is_an_or() -> None:
    tree = query("sel:\n    Image|endswith: [\\cmd.exe, \\powershell.exe]\ncondition: sel\n")
    assert matches(tree, {"image": "C:\\x\\PowerShell.exe"})
    assert not matches(tree, {"image": "C:\\x\\pwsh.exe"})


def test_re_is_an_unanchored_search() -> None:
    tree = query("sel:\n    CommandLine|re: 'net\\s+user'\ncondition: sel\n")
    assert tree == Regex("details.commandline", ".*(?:net\\s+user).*")
    assert matches(tree, {"commandline": "cmd /c net  user x"})
    assert not matches(tree, {"commandline": "cmd /c NET user x"})  # Sigma regexes are case-sensitive


def test_re_anchors_and_alternation() -> None:
    anchored = query("sel:\n    CommandLine|re: '^net\\s'\ncondition: sel\n")
    assert anchored == Regex("details.commandline", "(?:net\\s).*")
    assert matches(anchored, {"commandline": "net user"})
    assert not matches(anchored, {"commandline": "x net user"})
    either = query("sel:\n    CommandLine|re: '^a|b$'\ncondition: sel\n")
    assert matches(either, {"commandline": "xxb"})
    assert matches(either, {"commandline": "axx"})
    assert not matches(either, {"commandline": "xbx"})


def test_re_flags() -> None:
    tree = query("sel:\n    CommandLine|re|i: 'NET USER'\ncondition: sel\n")
    assert isinstance(tree, Regex)
    assert tree.case_insensitive
    assert matches(tree, {"commandline": "x net user"})


def test_cidr_is_a_subnet() -> None:
    tree = query("sel:\n    SourceIp|cidr: 10.0.0.0/8\ncondition: sel\n")
    assert tree == Subnet("details.sourceip", "10.0.0.0/8")
    assert matches(tree, {"sourceip": "10.200.0.1"})
    assert not matches(tree, {"sourceip": "11.0.0.1"})


def test_base64_and_base64offset() -> None:
    plain = query("sel:\n    CommandLine|base64: 'secret'\ncondition: sel\n")
    encoded = base64.b64encode(b"secret").decode()
    assert matches(plain, {"commandline": encoded})
    offset = query("sel:\n    CommandLine|base64offset|contains: 'http://'\ncondition: sel\n")
    for prefix in (b"", b"a", b"ab"):
        blob = base64.b64encode(prefix + b"http://evil").decode()
        assert matches(offset, {"commandline": f"powershell -enc {blob}"}), prefix
    assert not matches(offset, {"commandline": base64.b64encode(b"https://x").decode()})


def test_windash_matches_every_dash() -> None:
    tree = query("sel:\n    CommandLine|windash|contains: ' -enc '\ncondition: sel\n")
    for dash in ("-", "/", "\u2013", "\u2014", "\u2015"):
        assert matches(tree, {"commandline": f"powershell {dash}enc abc"}), dash
    assert not matches(tree, {"commandline": "powershell enc abc"})


def test_exists() -> None:
    present = query("sel:\n    ParentImage|exists: true\ncondition: sel\n")
    absent = query("sel:\n    ParentImage|exists: false\ncondition: sel\n")
    assert present == Exists("details.parentimage")
    assert matches(present, {"parentimage": "x"})
    assert not matches(present, {})
    assert matches(absent, {})
    assert not matches(absent, {"parentimage": "x"})


@pytest.mark.parametrize(
    ("modifier", "node", "hits", "misses"),
    [
        ("gt", Range("details.logontype", "3", None, include_lower=False), [4, 10], [3, 2]),
        ("gte", Range("details.logontype", "3", None), [3, 10], [2]),
        ("lt", Range("details.logontype", None, "3", include_upper=False), [2], [3, 4]),
        ("lte", Range("details.logontype", None, "3"), [3, 2], [4]),
    ],
)
def test_comparisons(modifier: str, node: Range, hits: list[int], misses: list[int]) -> None:
    tree = query(f"sel:\n    LogonType|{modifier}: 3\ncondition: sel\n")
    assert tree == node
    for value in hits:
        assert matches(tree, {"logontype": value}), value
    for value in misses:
        assert not matches(tree, {"logontype": value}), value


def test_fieldref() -> None:
    tree = query("sel:\n    SubjectUserName|fieldref: TargetUserName\ncondition: sel\n")
    assert tree == FieldRef("details.subjectusername", "details.targetusername")
    assert matches(tree, {"subjectusername": "bob", "targetusername": "bob"})
    assert not matches(tree, {"subjectusername": "bob", "targetusername": "alice"})


def test_null_means_no_value() -> None:
    tree = query("sel:\n    Image: 'x'\nempty:\n    ParentImage: null\ncondition: sel and empty\n")
    assert matches(tree, {"image": "x"})
    assert not matches(tree, {"image": "x", "parentimage": "y"})


def test_cased_strings_keep_case() -> None:
    tree = query("sel:\n    CommandLine|cased|contains: 'ABC'\ncondition: sel\n")
    assert tree == Wildcard("details.commandline", "*ABC*")
    assert matches(tree, {"commandline": "xABCx"})
    assert not matches(tree, {"commandline": "xabcx"})


def test_keywords_search_the_default_field() -> None:
    tree = query("keywords:\n    - 'Failed password'\n    - 'session opened*'\ncondition: keywords\n")
    assert matches(tree, {}, summary="sshd: FAILED password for root")
    assert matches(tree, {}, summary="session opened for user root")
    assert not matches(tree, {}, summary="Accepted publickey for root")


def test_selection_patterns_and_negation() -> None:
    detection = """\
        sel_img:
            Image|endswith: \\rundll32.exe
        sel_cli:
            CommandLine|contains: javascript
        filter_main:
            ParentImage|endswith: \\explorer.exe
        condition: all of sel_* and not 1 of filter_*
        """
    tree = query(detection)
    hit = {"image": "c:\\rundll32.exe", "commandline": "JavaScript:x", "parentimage": "c:\\cmd.exe"}
    assert matches(tree, hit)
    assert not matches(tree, {**hit, "parentimage": "c:\\Explorer.exe"})
    assert not matches(tree, {**hit, "commandline": "shell32"})
    either = query(detection.replace("all of sel_*", "1 of sel_*"))
    assert matches(either, {**hit, "commandline": "shell32"})


def test_one_of_them_ignores_the_log_source_condition() -> None:
    header = "title: t\nid: 0f9f2a1c-1d45-4b0c-9a2d-0d9c3b7c1a11\nlogsource:\n    product: windows\n"
    header += "    category: process_creation\ndetection:\n"
    from .helpers import rule

    tree = rule("a:\n    Image: x\nb:\n    Image: y\ncondition: 1 of them\n", header).query
    assert tree is not None
    sysmon = {"channel": "Microsoft-Windows-Sysmon/Operational", "eventid": 1}
    assert matches(tree, {**sysmon, "image": "X"})
    assert not matches(tree, {**sysmon, "image": "z"})
