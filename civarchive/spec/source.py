"""Read a YAML spec file safely into plain data plus the line and column of every node."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from civarchive.i18n import tr
from civarchive.spec.slips import explain, find_slip, uses_key_line

MAX_SPEC_BYTES = 5 * 1024 * 1024
# A large real spec (500 indicators) has about 30,000 nodes; an alias bomb ("billion laughs")
# expands to billions. What is bounded is what the aliases add to the nodes actually
# written (a 5 MB spec without aliases has 700,000 nodes and is no bomb); just under the
# limit, building the added data takes about a second.
MAX_EXPANDED_NODES = 250_000
MAX_DEPTH = 64

# A field path inside the YAML document: mapping keys and sequence indexes.
Loc = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
# Numbers and dates keep their source text: ids such as 1.10 must stay "1.10", and pydantic
# parses "4" or "2023-06-30" itself, reporting a malformed value with its location.
_AS_TEXT = {_STR, _INT, _FLOAT, _TIMESTAMP}


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """A problem found while reading the file, before any validation."""

    position: Position | None
    loc: Loc
    message: str
    hint: str | None = None


@dataclass(slots=True)
class YamlDocument:
    """A parsed spec file: its data (plain dicts, lists, text, bools, None) and node positions."""

    path: Path
    data: Any = None
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    problems: list[SourceProblem] = field(default_factory=list)

    def value_position(self, loc: Loc) -> Position | None:
        """Where the value at ``loc`` starts, or its nearest located ancestor."""
        for end in range(len(loc), -1, -1):
            found = self.values.get(loc[:end])
            if found is not None:
                return found
        return None

    def key_position(self, loc: Loc) -> Position | None:
        """Where the mapping key of ``loc`` is written, falling back to its value."""
        return self.keys.get(loc) or self.value_position(loc)


class _FatalSource(Exception):
    """Stop reading this document: the problem makes the rest meaningless."""

    def __init__(self, problem: SourceProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _position(mark: yaml.Mark | None) -> Position | None:
    if mark is None:
        return None
    return Position(mark.line + 1, mark.column + 1)


def read_document(path: Path) -> YamlDocument:
    """Read, decode and parse ``path``; problems are recorded on the document, never raised."""
    document = YamlDocument(path=path)
    try:
        text = _decode(_read_bytes(path))
        root = _compose(text)
        if root is not None:
            document.data = _Builder(document).build(root, (), 0)
    except _FatalSource as fatal:
        document.problems.append(fatal.problem)
    return document


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise _FatalSource(
                SourceProblem(
                    None,
                    (),
                    tr(
                        "规范文件过大（{size} 字节，上限 {limit} 字节）",
                        "spec file too large ({size} bytes, the limit is {limit})",
                        size=size,
                        limit=MAX_SPEC_BYTES,
                    ),
                    tr(
                        "规范文件应只含测评体系，请检查是否选错了文件",
                        "a spec holds only the indicator list; is this the right file?",
                    ),
                )
            )
        with open(path, "rb") as handle:
            # Read one byte past the limit in case the file grew after stat().
            data = handle.read(MAX_SPEC_BYTES + 1)
    except OSError as error:
        raise _FatalSource(
            SourceProblem(
                None,
                (),
                tr(
                    "无法读取规范文件：{e}",
                    "cannot read the spec file: {e}",
                    e=error.strerror or error,
                ),
            )
        ) from None
    if len(data) > MAX_SPEC_BYTES:
        raise _FatalSource(
            SourceProblem(None, (), tr("规范文件过大", "spec file too large (over 5 MB)"))
        )
    return data


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 as Notepad on Chinese Windows saves it."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise _FatalSource(
                SourceProblem(
                    Position(line, 1),
                    (),
                    tr(
                        "文件编码无法识别（既不是 UTF-8 也不是 GBK）",
                        "unknown text encoding (neither UTF-8 nor GBK)",
                    ),
                    tr("请用 UTF-8 编码另存此文件", "save the file as UTF-8"),
                )
            ) from None


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__("too deep")
        self.mark = mark


class _DepthLimit:
    """Refuse deep nesting early: a real spec is a few levels deep, and Python's recursion
    limit would otherwise be reached slowly, deep inside the composer."""

    _depth = 0
    aliases = 0  # how many aliases the document uses: none, and there is nothing to expand

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[attr-defined]
            if isinstance(self.peek_event(), AliasEvent):  # type: ignore[attr-defined]
                self.aliases += 1
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class _PyComposer(_DepthLimit, yaml.SafeLoader):  # type: ignore[misc]
    """The pure-Python safe parser and composer; we never construct Python objects."""


try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Composer: type = _PyComposer
else:

    class _CComposer(_DepthLimit, Composer, CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """libyaml's parser (events only, many times faster) under PyYAML's composer, so the depth limit applies."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _Composer = _CComposer


def _compose(text: str) -> Node | None:
    loader: Any = None
    try:
        # The reader checks for control characters already when it is built.
        loader = _Composer(text)
        root = loader.get_single_node()
        if root is not None and loader.aliases:
            _check_expansion(root)
        return root
    except yaml.MarkedYAMLError as error:
        raise _FatalSource(_syntax_problem(error, text)) from None
    except yaml.reader.ReaderError as error:
        # libyaml reports a byte offset, PyYAML a character offset: find the character itself.
        offset = text.find(chr(error.character)) if isinstance(error.character, int) else -1
        offset = offset if offset >= 0 else min(error.position, len(text))
        line = text[:offset].count("\n") + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise _FatalSource(
            SourceProblem(
                Position(line, column),
                (),
                tr(
                    "文件含有不允许的控制字符",
                    "the file holds a control character YAML does not allow",
                ),
                tr("请删除该字符", "remove that character"),
            )
        ) from None
    except yaml.YAMLError as error:
        raise _FatalSource(
            SourceProblem(None, (), tr("YAML 格式错误：{e}", "YAML error: {e}", e=error))
        ) from None
    except _TooDeep as deep:
        raise _FatalSource(
            SourceProblem(
                _position(deep.mark),
                (),
                tr(
                    "YAML 嵌套层数过多（超过 {n} 层）",
                    "YAML nesting is too deep (over {n} levels)",
                    n=MAX_DEPTH,
                ),
            )
        ) from None
    except RecursionError:
        raise _FatalSource(
            SourceProblem(None, (), tr("YAML 嵌套层数过多", "YAML nesting is too deep"))
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def _syntax_problem(error: yaml.MarkedYAMLError, text: str = "") -> SourceProblem:
    mark = error.problem_mark or error.context_mark
    slip = find_slip(text, mark.line + 1) if mark is not None and text else None
    where: Position | None
    if slip is not None:
        # A slip of a Chinese input method (「：」, a full-width space, a tab, no space after a
        # colon), named where it is rather than where the parser noticed it (issue 12).
        message, hint, where = slip.message, slip.hint, Position(slip.line, slip.column)
    else:
        message, hint = explain(error.context, error.problem)
        if uses_key_line(error.problem) and error.context_mark is not None:
            mark = error.context_mark
        where = _position(mark)
    return SourceProblem(where, (), tr("格式错误：{m}", "YAML syntax error: {m}", m=message), hint)


def _check_expansion(root: Node) -> None:
    """Refuse alias bombs and recursive aliases before anything walks the expanded tree."""
    # Expanded size of each node written, by id. A subtree bigger than the nodes written so
    # far by more than the limit can only be aliases expanding.
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _FatalSource(
                SourceProblem(
                    _position(node.start_mark),
                    (),
                    tr("别名引用了自身（递归别名）", "an alias refers to itself (recursive alias)"),
                )
            )
        active.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        active.discard(key)
        if total - len(sizes) > MAX_EXPANDED_NODES:
            raise _FatalSource(
                SourceProblem(
                    _position(node.start_mark),
                    (),
                    tr(
                        "别名展开后增加了超过 {limit} 个节点，疑似恶意文件",
                        "aliases add more than {limit} nodes when expanded (an alias bomb?)",
                        limit=MAX_EXPANDED_NODES,
                    ),
                    tr("请少用 & 与 * 别名", "use fewer & anchors and * aliases"),
                )
            )
        sizes[key] = total
        return total

    try:
        size(root)
    except RecursionError:
        raise _FatalSource(
            SourceProblem(None, (), tr("YAML 嵌套层数过多", "YAML nesting is too deep"))
        ) from None


class _Builder:
    """Turn composed nodes into plain data, recording each node's position and located problems."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self._constructor = yaml.SafeLoader("")

    def problem(self, node: Node, loc: Loc, message: str, hint: str | None = None) -> None:
        self.document.problems.append(SourceProblem(_position(node.start_mark), loc, message, hint))

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        self.document.values.setdefault(
            loc, Position(node.start_mark.line + 1, node.start_mark.column + 1)
        )
        if depth > MAX_DEPTH:
            raise _FatalSource(
                SourceProblem(
                    _position(node.start_mark),
                    loc,
                    tr("YAML 嵌套层数过多", "YAML nesting is too deep"),
                )
            )
        if isinstance(node, ScalarNode):
            return self._scalar(node, loc)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self._bad_tag(node, loc)
                return None
            return [
                self.build(child, (*loc, index), depth + 1)
                for index, child in enumerate(node.value)
            ]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                self._bad_tag(node, loc)
                return None
            return self._mapping(node, loc, depth)
        return None

    def _bad_tag(self, node: Node, loc: Loc) -> None:
        self.problem(
            node,
            loc,
            tr("不支持的 YAML 标签 {tag}", "unsupported YAML tag {tag}", tag=node.tag),
            tr(
                "规范文件只能含普通的文本、数字、日期、列表和映射",
                "a spec holds only plain text, numbers, dates, lists and mappings",
            ),
        )

    def _scalar(self, node: ScalarNode, loc: Loc) -> Any:
        if node.tag in _AS_TEXT:
            return node.value
        if node.tag == _NULL:
            return None
        if node.tag == _BOOL:
            return self._constructor.construct_yaml_bool(node)
        self._bad_tag(node, loc)
        return None

    def _mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        own_keys: dict[str, Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self._key(key_node, loc)
            if key is None:
                continue
            if key in own_keys:
                first = own_keys[key].start_mark
                self.problem(
                    key_node,
                    (*loc, key),
                    tr(
                        "重复的键 “{key}”（第 {line} 行已有）",
                        "duplicate key '{key}' (already on line {line})",
                        key=key,
                        line=first.line + 1,
                    ),
                    tr("删除或合并重复的一项", "remove or merge one of them"),
                )
            else:
                own_keys[key] = key_node
        try:
            # Resolves "<<: *base" merge keys; own keys override merged ones, as YAML says.
            self._constructor.flatten_mapping(node)
        except yaml.MarkedYAMLError as error:
            self.document.problems.append(_syntax_problem(error))
            return {}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, loc, report=False)
            if key is None:
                continue
            child = (*loc, key)
            self.document.keys[child] = Position(
                key_node.start_mark.line + 1, key_node.start_mark.column + 1
            )
            self.document.values[child] = Position(
                value_node.start_mark.line + 1, value_node.start_mark.column + 1
            )
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _key(self, node: Node, loc: Loc, *, report: bool = True) -> str | None:
        if isinstance(node, ScalarNode) and node.tag in _AS_TEXT | {_BOOL, _NULL}:
            return str(node.value)
        if report:
            self.problem(node, loc, tr("键必须是简单文本", "a key must be plain text"))
        return None
