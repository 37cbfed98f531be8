"""The user-facing error hierarchy; only the CLI edge catches these."""

from __future__ import annotations

from dataclasses import dataclass


class CivarchiveError(Exception):
    """A problem the user can fix: a message, an optional hint and an exit code."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(CivarchiveError):
    """Bad options or arguments, a missing file or folder (exit 2)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in a spec file: where it is and what is wrong."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.field + ': ' if self.field else ''}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class SpecError(CivarchiveError):
    """The spec cannot be used; carries every located problem found (exit 2)."""

    exit_code = 2

    def __init__(
        self, message: str, problems: list[Problem] | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint)
        self.problems = list(problems or [])


class DependencyError(CivarchiveError):
    """An optional external program (such as LibreOffice) is needed but missing (exit 2)."""

    exit_code = 2


class UnexplainedGaps(CivarchiveError):
    """``bind --final`` found unmet requirements that no spec waiver explains (exit 1, as
    ``check`` exits on error findings): the message lists them, the hint how to waive."""

    exit_code = 1


class EnvironmentProblem(CivarchiveError):
    """The computer refused: a full disk, a read-only place, a path that is not a folder (exit 2).

    Not a bug in civarchive and not a problem of the archive's content: the message names the
    path and the hint says what to do. Built from an ``OSError`` by ``environment_problem``.
    """

    exit_code = 2


# errno -> (zh, en) of what happened, (zh, en) of what to do. The names are looked up on
# ``errno`` so that a platform lacking one (EDQUOT on Windows) simply has no entry.
_ERRNO_TEXTS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "ENOSPC": (
        ("磁盘空间已满", "the disk is full"),
        ("请腾出磁盘空间，或把输出写到别的磁盘（-o）", "free some space, or write elsewhere (-o)"),
    ),
    "EDQUOT": (
        ("超出磁盘配额", "the disk quota is exceeded"),
        ("请清理文件或请管理员提高配额", "remove files, or ask for a larger quota"),
    ),
    "EFBIG": (
        ("文件超过了允许的大小", "the file exceeds the size allowed here"),
        (
            "请把输出写到别的磁盘（-o），或检查文件大小限制（ulimit -f）",
            "write elsewhere (-o), or check the file size limit (ulimit -f)",
        ),
    ),
    "EROFS": (
        ("该位置是只读的", "that place is read-only"),
        ("请用 -o 把输出写到可写的文件夹", "write the output to a writable folder with -o"),
    ),
    "EACCES": (
        ("没有权限", "permission denied"),
        (
            "请检查该位置的读写权限，或换一个位置",
            "check the permissions there, or use another place",
        ),
    ),
    "EPERM": (
        ("操作不被允许", "the operation is not permitted"),
        (
            "请检查该位置的权限或只读属性（chattr、文件锁定）",
            "check the permissions or immutable flags there",
        ),
    ),
    "ENOTDIR": (
        ("路径中有一部分不是文件夹", "part of the path is not a folder"),
        (
            "请给出一个文件夹，或删除挡路的同名文件",
            "name a folder, or move the file of that name away",
        ),
    ),
    "EISDIR": (
        ("这是一个文件夹，不是文件", "it is a folder, not a file"),
        ("请给出文件名，或换一个名字", "name a file, or choose another name"),
    ),
    "ENOENT": (
        ("找不到该路径", "the path does not exist"),
        (
            "请检查路径；文件或文件夹可能在运行中被移走",
            "check the path; it may have been moved meanwhile",
        ),
    ),
    "EEXIST": (
        ("同名的文件或文件夹已存在", "a file or folder of that name exists"),
        ("请换一个名字，或移走已有的那个", "choose another name, or move the existing one away"),
    ),
    "ELOOP": (
        (
            "路径中有符号链接（或链接循环），civarchive 不跟随链接",
            "the path holds a symbolic link (or a loop of them); civarchive does not follow links",
        ),
        ("请换成真实的文件夹", "use a real folder instead"),
    ),
    "ENAMETOOLONG": (
        ("路径或文件名太长", "the path or a name is too long"),
        ("请缩短文件夹或文件名", "shorten the folder or file names"),
    ),
    "EMFILE": (
        ("打开的文件太多", "too many open files"),
        (
            "请提高打开文件数限制（ulimit -n）后重试",
            "raise the open-file limit (ulimit -n) and try again",
        ),
    ),
    "ENFILE": (
        ("系统打开的文件太多", "the system has too many open files"),
        ("请稍后重试", "try again later"),
    ),
    "EIO": (
        ("磁盘读写出错", "an input/output error on the disk"),
        ("请检查磁盘或网络共享是否正常", "check the disk or the network share"),
    ),
    "ENXIO": (
        ("设备不存在或不可用", "no such device or address"),
        ("请检查路径所在的磁盘", "check the disk the path is on"),
    ),
    "ENODEV": (
        ("该设备不支持此操作", "the device does not support this"),
        ("请换一个普通文件夹", "use an ordinary folder"),
    ),
    "EXDEV": (
        ("不能跨磁盘移动文件", "files cannot be moved across disks"),
        ("请把输出写到同一磁盘", "write the output on the same disk"),
    ),
    "EBUSY": (
        ("文件或设备正忙", "the file or device is busy"),
        ("请关闭占用它的程序后重试", "close the program using it and try again"),
    ),
    "ETXTBSY": (
        ("文件正被使用", "the file is in use"),
        ("请关闭占用它的程序后重试", "close the program using it and try again"),
    ),
    "EINVAL": (
        (
            "该位置不能这样写入（特殊文件系统？）",
            "that place cannot be written like this (a special file system?)",
        ),
        ("请把输出写到普通文件夹", "write the output to an ordinary folder"),
    ),
    "ENOTEMPTY": (
        ("文件夹不是空的", "the folder is not empty"),
        ("请换一个文件夹", "use another folder"),
    ),
}


def environment_problem(error: OSError) -> EnvironmentProblem | None:
    """The clerk-facing problem an ``OSError`` stands for, or None when it looks like a bug.

    Every OSError that the file system or the operating system raises for a reason outside
    civarchive (disk full, quota, read-only, permission, not a folder, a link, a name too
    long, an I/O error...) maps to exit 2 with what happened, where, and what to do. The one
    place that classifies them: the CLI edge calls it on any OSError that reaches it.
    """
    import errno

    from civarchive.i18n import tr

    name = errno.errorcode.get(error.errno) if isinstance(error.errno, int) else None
    texts = _ERRNO_TEXTS.get(name or "")
    if texts is None:
        return None
    (what_zh, what_en), (hint_zh, hint_en) = texts
    where = error.filename if error.filename not in (None, "") else None
    if where is None:
        message = tr("{w}", "{w}", w=tr(what_zh, what_en))
    else:
        message = tr("{w}：{p}", "{w}: {p}", w=tr(what_zh, what_en), p=where)
    return EnvironmentProblem(message, hint=tr(hint_zh, hint_en))
