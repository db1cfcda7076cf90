"""What came over the wire for one board on one day: named parts, each one response body, verbatim.

Most boards answer in one response (``board.json``); Lever pages (``page-000.json`` …),
SmartRecruiters pages and then asks one detail call per posting (``list-000.json``,
``detail-<id>.json``), and career pages are HTML (``page-000.html``). Parsers receive the parts,
never a re-encoded document, so a parse can always be replayed from exactly what was received.

On disk a payload is a deterministic ``tar.gz`` (mtime 0, fixed owner and mode, parts in fetch
order): the same bytes in give the same archive, and ``tar -xzf`` shows a user what a board sent.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field


class WireFormatError(ValueError):
    """A stored archive that is not a payload archive (names the problem)."""


@dataclass(frozen=True)
class Payload:
    """Response bodies keyed by part name, in the order they were fetched."""

    parts: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def single(cls, name: str, body: bytes) -> Payload:
        return cls({name: body})

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        return iter(self.parts.items())

    def __len__(self) -> int:
        return len(self.parts)

    @property
    def size(self) -> int:
        """Bytes over all parts."""
        return sum(len(body) for body in self.parts.values())

    def only(self) -> tuple[str, bytes]:
        """The one part of a single-response board (raises if the payload has several)."""
        if len(self.parts) != 1:
            raise WireFormatError(f"expected one part, got {sorted(self.parts)}")
        return next(iter(self.parts.items()))

    def digest(self) -> str:
        """sha256 over the parts' names and hashes: equal payloads, equal digests."""
        lines = "".join(f"{name} {hashlib.sha256(body).hexdigest()}\n" for name, body in self.parts.items())
        return hashlib.sha256(lines.encode("utf-8")).hexdigest()

    def to_archive(self) -> bytes:
        buffer = io.BytesIO()
        with (
            gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz,
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
        ):
            for name, body in self.parts.items():
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = len(body), 0, 0o644
                tar.addfile(info, io.BytesIO(body))
        return buffer.getvalue()

    @classmethod
    def from_archive(cls, data: bytes, where: str = "payload") -> Payload:
        parts: dict[str, bytes] = {}
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
                for member in tar:
                    if not member.isfile() or "/" in member.name or member.name.startswith("."):
                        raise WireFormatError(f"{where}: unexpected archive member {member.name!r}")
                    handle = tar.extractfile(member)
                    parts[member.name] = handle.read() if handle else b""
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise WireFormatError(f"{where}: not a payload archive ({exc})") from None
        return cls(parts)
