"""The backend stays consistent under concurrent calls from threads sharing clients."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import boto3

from iammock import IAMMock


def test_eight_threads_creating_and_listing_users(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")  # one client shared by every thread, as thread pools do

    def work(worker: int) -> int:
        listed = 0
        for i in range(25):
            iam.create_user(UserName=f"w{worker}-u{i}")
            listed += len(iam.list_users(MaxItems=1000)["Users"])
            if i % 5 == 0:
                iam.create_access_key(UserName=f"w{worker}-u{i}")
        return listed

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    assert all(r > 0 for r in results)
    users = [u for p in iam.get_paginator("list_users").paginate() for u in p["Users"]]
    names = [u["UserName"] for u in users]
    assert len(names) == 200 == len(set(names))
    assert len({u["UserId"] for u in users}) == 200
    keys = sum(
        len(iam.list_access_keys(UserName=f"w{w}-u{i}")["AccessKeyMetadata"])
        for w in range(8)
        for i in range(0, 25, 5)
    )
    assert keys == 40
    assert len(iam_mock.backend.access_keys) == 41  # plus the root key
