"""iammock: AWS IAM and STS for test suites, in process, with real authentication and authorization."""

from .engine import Decision
from .errors import AwsError
from .hook.dispatch import UnmockedServiceError
from .hook.install import install as _install
from .loading.plan import Loaded, LoadError
from .mock import IAMMock, current, mock_iam
from .services import UnmappedOperationWarning

__all__ = [
    "AwsError",
    "Decision",
    "IAMMock",
    "LoadError",
    "Loaded",
    "UnmappedOperationWarning",
    "UnmockedServiceError",
    "current",
    "mock_iam",
]

# Registered at import so that every botocore session created afterwards is intercepted while a mock
# is active (and costs one attribute check while none is).
_install()
