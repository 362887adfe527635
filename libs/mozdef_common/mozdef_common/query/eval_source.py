"""The Python source of one generated evaluator function: its constants, its field reads, its assembly.

Safety rule of the generator: no text from a query or a rule ever becomes code. Values, patterns,
paths and field names go into the constants tuple and are read back through closure variables
(``k0``, ``k1``, …); the code itself is made only of names this module invents, integers it counts,
and fixed snippets. The generated function is compiled with ``compile()`` and run with ``exec`` over
a namespace holding only the runtime helpers (:mod:`mozdef_common.query.eval_runtime`).

Each field is read once per event, at the top of the function, into locals every condition shares
(``s3`` the first string of field 3, ``r3`` the others, ``n3`` its numbers …), so a thousand rules
over ``details.image`` look the path up once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final

from mozdef_common.query import eval_runtime as rt
from mozdef_common.query.fields import FieldKind, details_path, field_kind
from mozdef_common.query.timerange import parse_time, to_micros

Clock = Callable[[], datetime]

#: The names the generated code may call, bound in its namespace and nothing else.
RUNTIME: Final[dict[str, Any]] = {
    "_rt_kw": rt.keyword_strings,
    "_rt_tokens": rt.tokens,
    "_rt_phrase": rt.phrase_in,
    "_rt_leaves": rt.leaves,
    "_rt_split": rt.split_leaves,
    "_rt_exists": rt.path_exists,
    "_rt_micros": rt.micros,
    "_rt_dates": rt.date_leaves,
    "_rt_ranged": rt.range_leaves,
    "_rt_EMPTY": rt.EMPTY,
    "_fieldref": rt.field_ref,
}


def default_clock() -> datetime:
    return datetime.now(UTC)


class Source:
    """Builds one function: ``add_rule`` conditions, then :meth:`group` or :meth:`predicate`."""

    def __init__(self) -> None:
        self._consts: list[object] = []
        self._const_names: dict[tuple[type, object], str] = {}
        self._fetch: list[str] = []
        self._views: dict[tuple[str, str], str] = {}
        self._has_details = False

    # -- constants -------------------------------------------------------------------------------

    def const(self, value: object) -> str:
        """The name the generated code reads ``value`` by (equal hashable constants share one)."""
        try:
            key: tuple[type, object] = (type(value), value)
            hash(key)
        except TypeError:
            key = (type(value), id(value))
        name = self._const_names.get(key)
        if name is None:
            name = f"k{len(self._consts)}"
            self._consts.append(value)
            self._const_names[key] = name
        return name

    # -- field reads -----------------------------------------------------------------------------

    def _details(self) -> None:
        if not self._has_details:
            self._has_details = True
            self._fetch += ["d = event.get('details')", "if type(d) is not dict:", "    d = _rt_EMPTY"]

    def strings(self, field: str) -> tuple[str, str]:
        """Locals holding the strings of a keyword or details field: (first or None, the others)."""
        index = self._view(field, "str")
        return f"s{index}", f"r{index}"

    def numbers(self, field: str) -> str:
        return f"n{self._view(field, 'str')}"

    def bools(self, field: str) -> str:
        return f"b{self._view(field, 'str')}"

    def lowered(self, field: str) -> tuple[str, str]:
        index = self._view(field, "lower")
        return f"ls{index}", f"lr{index}"

    def tokens(self, field: str) -> str:
        return f"t{self._view(field, 'tokens')}"

    def micros(self, field: str) -> str:
        return f"m{self._view(field, 'micros')}"

    def exists(self, field: str) -> str:
        return f"e{self._view(field, 'exists')}"

    def ranged(self, field: str) -> tuple[str, str]:
        index = self._view(field, "ranged")
        return f"rn{index}", f"rd{index}"

    def date_strings(self, field: str) -> str:
        return f"dl{self._view(field, 'dates')}"

    def _view(self, field: str, view: str) -> str:
        name = self._views.get((field, view))
        if name is not None:
            return name
        if view in ("lower", "dates"):
            self._view(field, "str")  # derived from the strings, read first
        index = str(len(self._views))
        self._views[(field, view)] = index
        self._fetch += self._read(field, view, index)
        return index

    def _read(self, field: str, view: str, i: str) -> list[str]:
        kind = field_kind(field)
        name = self.const(field)
        if kind is FieldKind.DETAILS:
            self._details()
            segments = tuple(details_path(field).split("."))
            segs = self.const(segments)
            key = self.const(segments[0])
            if view == "str":
                if len(segments) == 1:  # the common case: one key, one string, no helper call
                    return [
                        f"x = d.get({key})",
                        "if type(x) is str:",
                        f"    s{i} = x; r{i} = (); n{i} = (); b{i} = ()",
                        "elif x is None:",
                        f"    s{i} = None; r{i} = (); n{i} = (); b{i} = ()",
                        "else:",
                        f"    s{i}, r{i}, n{i}, b{i} = _rt_split(_rt_leaves(d, {segs}))",
                    ]
                return [f"s{i}, r{i}, n{i}, b{i} = _rt_split(_rt_leaves(d, {segs}))"]
            if view == "exists":
                return [f"e{i} = _rt_exists(d, {segs})"]
            if view == "ranged":
                return [f"rn{i}, rd{i} = _rt_ranged(d, {segs})"]
        elif view == "str":
            return [
                f"x = event.get({name})",
                "if type(x) is str:",
                f"    s{i} = x; r{i} = ()",
                "else:",
                f"    s{i}, r{i} = _rt_kw(x)",
            ]
        if view == "lower":
            s, r = self.strings(field)
            return [
                f"ls{i} = {s}.lower() if {s} is not None else None",
                f"lr{i} = tuple([y.lower() for y in {r}]) if {r} else ()",
            ]
        if view == "dates":
            s, r = self.strings(field)
            return [f"dl{i} = _rt_dates({s}, {r})"]
        if view == "tokens":
            return [f"t{i} = _rt_tokens(event.get({name}))"]
        if view == "micros":
            return [f"m{i} = _rt_micros(event.get({name}))"]
        if view == "exists":
            return [f"e{i} = event.get({name}) is not None"]
        raise AssertionError(f"no {view} view of {field}")  # pragma: no cover - a generator bug

    # -- assembly --------------------------------------------------------------------------------

    def predicate(self, condition: str, clock: Clock) -> Callable[[Any], bool]:
        """A function of one event returning ``condition``; errors propagate to the caller."""
        body = [*self._fetch, f"return bool({condition})"]
        return self._build("_pred", ["event"], body, clock)  # type: ignore[no-any-return]

    def group(self, rules: list[tuple[int, str]], clock: Clock) -> Callable[[Any, Any], list[int]]:
        """A function ``(event, fail) -> [rule index, …]`` over ``rules`` (index, condition).

        A rule whose condition raises counts as not matching: ``fail((index,))`` is called and the
        next rule runs. A field read that raises (it should not: the helpers are total) fails every
        rule of the group.
        """
        every = "(" + "".join(f"{index}, " for index, _ in rules) + ")"
        body = ["out = []", "try:"]
        body += [f"    {line}" for line in self._fetch or ["pass"]]
        body += ["except Exception:", f"    fail({every})", "    return out"]
        for index, condition in rules:
            body += [
                "try:",
                f"    if {condition}:",
                f"        out.append({index})",
                "except Exception:",
                f"    fail(({index},))",
            ]
        body.append("return out")
        return self._build("_group", ["event", "fail"], body, clock)  # type: ignore[no-any-return]

    def _build(self, name: str, params: list[str], body: list[str], clock: Clock) -> Any:
        names = [f"k{n}" for n in range(len(self._consts))]
        lines = ["def _make(_K):"]
        if names:
            lines.append(f"    {', '.join(names)}, = _K")
        lines.append(f"    def {name}({', '.join(params)}):")
        lines += [f"        {line}" for line in body]
        lines.append(f"    return {name}")
        text = "\n".join(lines) + "\n"

        def now_micros(text: str) -> int:
            return to_micros(parse_time(text, now=clock()))

        namespace: dict[str, Any] = {**RUNTIME, "_now": now_micros, "__builtins__": _BUILTINS}
        # The source is generated by this module from fixed snippets (see the module docstring).
        exec(compile(text, f"<mozdef query {name}>", "exec"), namespace)  # noqa: S102
        self.source_text = text
        return namespace["_make"](tuple(self._consts))


_BUILTINS: Final = {
    "bool": bool,
    "len": len,
    "any": any,
    "tuple": tuple,
    "type": type,
    "str": str,
    "dict": dict,
    "Exception": Exception,
}
