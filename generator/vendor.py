"""Fetch pinned third-party browser assets from the npm registry and verify them.

The site must not load anything from another origin at run time, so Mermaid is
served from the site itself. The file is not committed: it is fetched once from
the npm registry (allowed at setup time), checked against the registry's SHA-512
integrity value, and unpacked into ``docs/assets/vendor/``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError


@dataclass(frozen=True)
class Asset:
    """A file taken from an npm package tarball.

    Attributes:
        package: npm package name.
        version: Exact version.
        integrity: The registry's ``dist.integrity`` value (``sha512-...``) of the tarball.
        member: Path of the file inside the tarball.
        target: Where it goes, relative to ``docs/``.
    """

    package: str
    version: str
    integrity: str
    member: str
    target: str

    @property
    def url(self) -> str:
        """Registry address of the tarball."""
        return f"https://registry.npmjs.org/{self.package}/-/{self.package}-{self.version}.tgz"


MERMAID = Asset(
    package="mermaid",
    version="11.17.2",
    integrity="sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg==",
    member="package/dist/mermaid.min.js",
    target="assets/vendor/mermaid-11.17.2.min.js",
)
AXE_CORE = Asset(
    package="axe-core",
    version="4.14.1",
    integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    member="package/axe.min.js",
    target="axe-core-4.14.1.min.js",
)
"""The accessibility engine the browser tests inject; never shipped with the site."""

ASSETS = (MERMAID,)
"""Assets the site serves."""


def _verify(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    digest = hashlib.new(algorithm, data).digest()
    return base64.b64encode(digest).decode("ascii") == expected


def ensure_assets(
    docs_dir: Path, assets: tuple[Asset, ...] = ASSETS, *, timeout: float = 120.0
) -> list[Path]:
    """Make sure every pinned asset is present under ``docs_dir``; fetch what is missing.

    Args:
        docs_dir: The folder the assets' targets are relative to (``docs/`` for the site).
        assets: Which assets.
        timeout: Seconds to wait for the registry.

    Returns:
        The files that were fetched (empty when all were present).

    Raises:
        BuildError: When an asset cannot be fetched or fails its integrity check.
    """
    fetched = []
    for asset in assets:
        target = docs_dir / asset.target
        if target.is_file():
            continue
        try:
            with urllib.request.urlopen(asset.url, timeout=timeout) as response:  # noqa: S310
                data = response.read()
        except OSError as exc:
            raise BuildError(
                f"cannot fetch {asset.url}: {exc}; check access to the npm registry"
            ) from None
        if not _verify(data, asset.integrity):
            raise BuildError(f"{asset.url} does not match its pinned integrity; refusing to use it")
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            member = archive.extractfile(asset.member)
            if member is None:
                raise BuildError(f"{asset.member} is missing from {asset.url}")
            content = member.read()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        fetched.append(target)
    return fetched


if __name__ == "__main__":
    for path in ensure_assets(Path("docs")):
        print(f"fetched {path}")
