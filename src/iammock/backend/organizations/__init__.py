"""AWS Organizations, answered by iammock: the organization tree, its accounts, policies and handshakes.

``records`` holds the state (one :class:`records.Organization` per organization, shared by the records
of all its accounts as ``Account.organization``); each other module holds the operations of one resource
family, registered with ``@operation("organizations", ...)`` like IAM's and STS's. ``levels`` derives
every member account's SCP and RCP levels (``Account.scps`` / ``Account.rcps``, what authorization reads)
from the tree whenever an operation changes it.
"""
