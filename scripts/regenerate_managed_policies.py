"""Regenerate iammock's AWS managed policy catalogue from the data moto ships on PyPI.

Usage:  python scripts/regenerate_managed_policies.py [path/to/moto/iam/aws_managed_policies.py]

Without an argument the file is found in the installed ``moto`` package (``pip install moto`` or
``pip download --no-deps moto`` and unpack the wheel). Only moto's *data* is read: the module is
parsed, never imported or executed. The output is
``src/iammock/backend/managed_data/aws_managed_policies.json.gz`` (see SOURCE.md beside it).
"""

from __future__ import annotations

import ast
import gzip
import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/iammock/backend/managed_data/aws_managed_policies.json.gz"
FORMAT = 1


def _source_file(argv: list[str]) -> Path:
    if argv:
        return Path(argv[0])
    spec = importlib.util.find_spec("moto")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("moto is not installed; pass the path of moto/iam/aws_managed_policies.py")
    return Path(next(iter(spec.submodule_search_locations))) / "iam" / "aws_managed_policies.py"


def _read_data(path: Path) -> dict[str, dict[str, object]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "aws_managed_policies_data" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            data = json.loads(node.value.value)
            assert isinstance(data, dict)
            return data
    raise SystemExit(f"{path}: no aws_managed_policies_data string found")


def main(argv: list[str]) -> None:
    source = _source_file(argv)
    raw = _read_data(source)
    policies = []
    for name in sorted(raw, key=str.lower):
        entry = raw[name]
        policies.append(
            [
                name,
                entry["Path"],
                entry["DefaultVersionId"],
                entry["CreateDate"],
                entry["UpdateDate"],
                # Compact text: the document is returned as stored, and IAM does not size-check AWS's own.
                json.dumps(entry["Document"], separators=(",", ":")),
            ]
        )
    try:
        version = importlib.metadata.version("moto")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    payload = {"format": FORMAT, "source": f"moto {version}", "policies": policies}
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical for identical data, so regenerating shows no spurious diff.
    OUT.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    newest = max(str(p[4]) for p in policies)
    print(f"{len(policies)} policies from {source} (moto {version}, newest update {newest}) -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
