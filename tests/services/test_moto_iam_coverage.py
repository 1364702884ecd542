"""The moto IAM adapter covers every use moto's code makes of its IAM backend and of its IAM entities.

moto's services reach IAM through ``iam_backends[account_id][partition]`` (or a property returning it).
This test reads moto's installed source with ``ast``, lists every attribute and method used on such an
object outside moto's own IAM API, and fails on one that ``iammock.services.moto_iam`` does not provide
(or explain in ``NOT_REACHED``): a moto release that calls one more IAM method fails here instead of
silently reading an empty world. It does the same for the members of moto's entity classes (``Role``,
``InstanceProfile`` …) that the adapter's views stand in for.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections import defaultdict
from pathlib import Path

import moto
import moto.iam.models as moto_models
import pytest

from iammock.services import moto_iam

MOTO = Path(moto.__file__).parent
# moto's own IAM API (its responses and the backend's implementation of them) is replaced by iammock
# as a whole: iammock answers every IAM call. Everything else in moto is read, moto/iam's entity classes
# included (CloudFormation creates, updates and deletes IAM resources through them).
SKIPPED_FILES = {"iam/responses.py"}
ACCOUNT = "iam_backends[account]"  # uses of one account's entry (partition -> backend)
DICT = "iam_backends"  # uses of the BackendDict itself
SKIPPED_CLASSES = {("iam/models.py", "IAMBackend"), ("iam/models.py", "AccountSummary")}


# AWS Config's queries hold a service's BackendDict as ``.backends`` (iam_backends for IAM resources).
CONFIG_QUERIES = {"iam/config.py", "config/models.py"}


def _is_dict(node: ast.expr, rel: str) -> bool:
    """``iam_backends`` itself (or ``.backends`` of AWS Config's queries, which include IAM's)."""
    if isinstance(node, ast.Name) and node.id == "iam_backends":
        return True
    if isinstance(node, ast.Attribute) and node.attr == "iam_backends":
        return True
    return rel in CONFIG_QUERIES and isinstance(node, ast.Attribute) and node.attr == "backends"


class _Uses(ast.NodeVisitor):
    """Names used on IAM backend objects in one file, by a small flow-insensitive analysis."""

    def __init__(self, rel: str, backend_properties: set[str], found: dict[str, set[str]]) -> None:
        self.rel = rel
        self.properties = backend_properties  # methods/properties returning an IAM backend
        self.found = found
        self.backends: set[str] = set()
        self.accounts: set[str] = set()

    def is_account(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Subscript) and _is_dict(node.value, self.rel):
            return True
        return isinstance(node, ast.Name) and node.id in self.accounts

    def is_backend(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Subscript) and self.is_account(node.value):
            return True
        if isinstance(node, ast.Name) and node.id in self.backends:
            return True
        return (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and node.attr in self.properties
        )

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if (self.rel, node.name) not in SKIPPED_CLASSES:
            self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        saved = set(self.backends), set(self.accounts)
        for arg in (*node.args.args, *node.args.kwonlyargs):
            if arg.annotation is not None and "IAMBackend" in ast.unparse(arg.annotation):
                self.backends.add(arg.arg)
        self.generic_visit(node)
        self.backends, self.accounts = saved

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def _bind(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            if self.is_backend(value):
                self.backends.add(target.id)
            elif self.is_account(value):
                self.accounts.add(target.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        for target in node.targets:
            self._bind(target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.generic_visit(node)
        if node.value is not None:
            self._bind(node.target, node.value)

    def visit_For(self, node: ast.For) -> None:
        source = node.iter
        if isinstance(source, ast.Call) and isinstance(source.func, ast.Name) and source.func.id == "list":
            source = source.args[0]
        if (
            isinstance(source, ast.Call)
            and isinstance(source.func, ast.Attribute)
            and _is_dict(source.func.value, self.rel)
        ):
            target = node.target
            if source.func.attr == "values" and isinstance(target, ast.Name):
                self.accounts.add(target.id)
            if source.func.attr == "items" and isinstance(target, ast.Tuple):
                second = target.elts[1]
                if isinstance(second, ast.Name):
                    self.accounts.add(second.id)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self.is_backend(node.value):
            self.found[node.attr].add(self.rel)
        elif self.is_account(node.value):
            self.found[f"{ACCOUNT}.{node.attr}"].add(self.rel)
        elif _is_dict(node.value, self.rel):
            self.found[f"{DICT}.{node.attr}"].add(self.rel)
        self.generic_visit(node)


def moto_uses() -> dict[str, set[str]]:
    """Every name used on an IAM backend object in moto's source -> the files using it."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(MOTO.rglob("*.py")):
        rel = path.relative_to(MOTO).as_posix()
        if rel in SKIPPED_FILES:
            continue
        text = path.read_text(encoding="utf-8")
        if "iam_backend" not in text and "IAMBackend" not in text and rel not in CONFIG_QUERIES:
            continue
        tree = ast.parse(text)
        properties = {
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
            and node.returns is not None
            and "IAMBackend" in ast.unparse(node.returns)
        }
        _Uses(rel, properties, found).visit(tree)
    return found


def test_the_enumeration_finds_what_moto_is_known_to_use() -> None:
    """The analysis sees the uses named in the adapter's tests: it cannot pass by finding nothing."""
    uses = moto_uses()
    assert "awslambda/models.py" in uses["get_role_by_arn"]
    assert "ec2/utils.py" in uses["get_instance_profile_by_arn"]
    assert "elbv2/models.py" in uses["get_certificate_by_arn"]
    assert "ses/models.py" in uses["roles"]
    assert "batch/models.py" in uses["get_instance_profiles"]
    assert "organizations/models.py" in uses["create_role"]
    assert "iam/models.py" in uses["access_keys"]  # moto's request handling: the caller's account
    assert "config/models.py" in uses[f"{ACCOUNT}.get"]  # AWS Config: is IAM kept per partition?
    assert "iam/models.py" in uses[f"{DICT}.items"]


def _provided(name: str) -> bool:
    if name.startswith(f"{ACCOUNT}."):
        return hasattr(moto_iam.AccountIam, name.split(".", 1)[1])
    if name.startswith(f"{DICT}."):
        # The swapped class overrides what reads accounts; anything else is the BackendDict's own.
        return name.split(".", 1)[1] in {"items", "values", "keys", "get"}
    return name in moto_iam.COVERED or name in moto_iam.NOT_REACHED


def test_every_use_moto_makes_of_its_iam_backend_is_covered() -> None:
    missing = {name: sorted(files) for name, files in moto_uses().items() if not _provided(name)}
    assert missing == {}, f"moto uses these IAM backend members that iammock's adapter lacks: {missing}"


@pytest.mark.parametrize("name", sorted(moto_iam.COVERED))
def test_every_covered_name_is_provided_by_the_view(name: str) -> None:
    instance_attributes = {"account_id", "partition", "region_name"}
    assert name in instance_attributes or name in vars(moto_iam.IamView), name


def _members(cls: type) -> set[str]:
    """Public and CloudFormation members of a moto class: class attributes and what ``__init__`` sets."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__ != moto_models.__name__:
            continue
        # instances_tracked: moto's metaclass bookkeeping (every instance, for its /moto-api/data.json).
        names.update(
            name for name in vars(klass) if not name.startswith("__") and name != "instances_tracked"
        )
        init = vars(klass).get("__init__")
        if init is not None:
            for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(init)))):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.ctx, ast.Store)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "self"
                ):
                    names.add(node.attr)
    return names


VIEWS = [
    moto_iam.RoleView,
    moto_iam.InstanceProfileView,
    moto_iam.UserView,
    moto_iam.GroupView,
    moto_iam.AccessKeyView,
    moto_iam.ManagedPolicyView,
    moto_iam.CertificateView,
]


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.moto_class)
def test_each_view_has_the_members_of_its_moto_class(view: type) -> None:
    moto_class = getattr(moto_models, view.moto_class)
    declared = moto_iam.NOT_PROVIDED_MEMBERS.get(view.moto_class, {})
    missing = sorted(
        name for name in _members(moto_class) if not hasattr(view, name) and name not in declared
    )
    assert missing == [], f"moto's {view.moto_class} has members the adapter's view lacks: {missing}"
    stale = sorted(name for name in declared if name not in _members(moto_class))
    assert stale == [], f"declared as not provided but no longer in moto's {view.moto_class}: {stale}"
