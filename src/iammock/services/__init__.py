"""IAM enforcement for every AWS service other than IAM and STS, side by side with moto.

With iammock and moto's ``mock_aws`` both active, in either nesting order::

    with mock_iam() as aws, mock_aws():      # or: with mock_aws(), mock_iam() as aws:
        s3 = aws.service_session("lambda.amazonaws.com", role_arn).client("s3")
        s3.put_object(Bucket="b", Key="uploads/x", Body=b"")   # allowed: moto stores it
        s3.put_object(Bucket="b", Key="other/x", Body=b"")     # AccessDenied: moto never sees it

iammock hooks botocore's ``before-call`` (which always runs before moto's ``before-send``), so the
order in which the two start does not matter. Note that ``mock_aws()`` entered *inside* ``mock_iam()``
puts moto's fake keys (``FOOBARKEY``) into the environment; clients from the default chain then present
them, and while moto is active iammock takes them, read from the environment, as the default account's
root, as it does for clients created before the mock (README: "What happens while a mock is active").
Any other unknown keys, explicit or found by botocore's chain, get the service's own
invalid-credentials error (``InvalidAccessKeyId``, ``UnrecognizedClientException``, ``AuthFailure``,
``InvalidClientTokenId``).

Which IAM actions, resources and condition keys a call needs comes from ``iammock.services.mapping``;
resource-based policies (bucket, queue, topic, key, function, secret and repository policies) are read
from moto's state at decision time. ``mock_iam(enforce_services=False)`` turns all of this off.

IAM itself is one world for both: moto's services read and write IAM entities in iammock's state
through ``iammock.services.moto_iam``, whatever ``enforce_services`` says.
"""

from __future__ import annotations

__all__ = ["UnmappedOperationWarning"]


class UnmappedOperationWarning(UserWarning):
    """An operation iammock has no IAM mapping for: it was authorized as ``prefix:Operation`` on ``*``."""
