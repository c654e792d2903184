"""Checks the emulator's shortcuts against moto's own answers.

`infra/emulator.py` replaces how moto finds the items of a Query and how it writes a transaction. This
runs one seeded sequence of writes (puts, updates that move an item between index keys or take its
key away, deletes, transactions) and queries (table and index, key ranges, both directions, pages)
twice in-process: once with the emulator's versions, once with moto's, and fails on the first answer
that differs.

Usage: .venv/bin/python infra/emulator_check.py [--seed N] [--steps N]
"""

import argparse
import os
import random
import sys

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")

import boto3  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.dynamodb import models  # noqa: E402
from moto.dynamodb.models.table import Table  # noqa: E402

PATCHED = [
    (Table, "all_items"),
    (Table, "query"),
    (Table, "put_item"),
    (models.DynamoDBBackend, "update_item"),
    (models.DynamoDBBackend, "transact_write_items"),
]
moto_own = {(owner, name): getattr(owner, name) for owner, name in PATCHED}
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator  # noqa: E402,F401  (applies its patches)

emulator_own = {(owner, name): getattr(owner, name) for owner, name in PATCHED}


def use(versions):
    for (owner, name), function in versions.items():
        setattr(owner, name, function)


def create(client):
    client.create_table(
        TableName="t",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": name, "AttributeType": kind}
            for name, kind in [("pk", "S"), ("sk", "S"), ("stage", "S"), ("ms", "N"), ("shard", "S"), ("due", "N")]
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-stage",
                "KeySchema": [{"AttributeName": "stage", "KeyType": "HASH"}, {"AttributeName": "ms", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]},
            },
            {
                "IndexName": "by-due",
                "KeySchema": [{"AttributeName": "shard", "KeyType": "HASH"}, {"AttributeName": "due", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            },
        ],
    )


def key(rng):
    return {"pk": {"S": f"P#{rng.randrange(6)}"}, "sk": {"S": f"S#{rng.randrange(8)}"}}


def index_values(rng):
    values = {}
    if rng.random() < 0.8:
        values["stage"] = {"S": rng.choice(["open", "shipped", "done"])}
        values["ms"] = {"N": str(rng.randrange(20))}
    if rng.random() < 0.6:
        values["shard"] = {"S": f"D#{rng.randrange(3)}"}
        values["due"] = {"N": str(rng.randrange(20))}
    return values


def step(client, rng):
    """One write or query; returns what a caller would see of it."""
    kind = rng.choice(["put", "put", "update", "remove", "delete", "transact", "query", "index", "index", "index"])
    try:
        if kind == "put":
            item = {**key(rng), **index_values(rng), "note": {"S": str(rng.random())}}
            client.put_item(TableName="t", Item=item)
            return kind
        if kind == "update":
            values = index_values(rng) or {"note": {"S": "x"}}
            names = {f"#{n}": n for n in values}
            client.update_item(
                TableName="t",
                Key=key(rng),
                UpdateExpression="SET " + ", ".join(f"#{n} = :{n}" for n in values),
                ExpressionAttributeNames=names,
                ExpressionAttributeValues={f":{n}": v for n, v in values.items()},
                ConditionExpression="attribute_exists(pk)" if rng.random() < 0.5 else "attribute_not_exists(gone)",
            )
            return kind
        if kind == "remove":
            client.update_item(
                TableName="t", Key=key(rng), UpdateExpression="REMOVE stage, shard", ConditionExpression="attribute_exists(pk)"
            )
            return kind
        if kind == "delete":
            client.delete_item(TableName="t", Key=key(rng))
            return kind
        if kind == "transact":
            first, second = key(rng), key(rng)
            while second == first:
                second = key(rng)
            client.transact_write_items(
                TransactItems=[
                    {"Put": {"TableName": "t", "Item": {**first, **index_values(rng)}}},
                    {
                        "Update": {
                            "TableName": "t",
                            "Key": second,
                            "UpdateExpression": "SET stage = :s, ms = :m",
                            "ExpressionAttributeValues": {":s": {"S": "open"}, ":m": {"N": str(rng.randrange(20))}},
                            "ConditionExpression": "attribute_exists(pk)",
                        }
                    },
                ]
            )
            return kind
        if kind == "query":
            pages = client.get_paginator("query").paginate(
                TableName="t",
                KeyConditionExpression="pk = :p AND sk >= :s",
                ExpressionAttributeValues={":p": {"S": f"P#{rng.randrange(6)}"}, ":s": {"S": f"S#{rng.randrange(8)}"}},
                ScanIndexForward=rng.random() < 0.5,
                PaginationConfig={"PageSize": rng.randrange(1, 5)},
            )
            return [page["Items"] for page in pages]
        index, hash_name, hash_value, range_name = rng.choice(
            [
                ("by-stage", "stage", {"S": rng.choice(["open", "shipped", "done"])}, "ms"),
                ("by-due", "shard", {"S": f"D#{rng.randrange(3)}"}, "due"),
            ]
        )
        pages = client.get_paginator("query").paginate(
            TableName="t",
            IndexName=index,
            KeyConditionExpression=f"#h = :h AND #r {rng.choice(['<=', '>=', '<'])} :r",
            ExpressionAttributeNames={"#h": hash_name, "#r": range_name},
            ExpressionAttributeValues={":h": hash_value, ":r": {"N": str(rng.randrange(20))}},
            ScanIndexForward=rng.random() < 0.5,
            PaginationConfig={"PageSize": rng.randrange(1, 6)},
        )
        return [page["Items"] for page in pages]
    except ClientError as error:
        return (kind, error.response["Error"]["Code"])


def answers(versions, seed, steps):
    use(versions)
    with mock_aws():
        client = boto3.client("dynamodb")
        create(client)
        rng = random.Random(seed)
        return [step(client, rng) for _ in range(steps)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--steps", type=int, default=600)
    args = parser.parse_args()
    ours = answers(emulator_own, args.seed, args.steps)
    theirs = answers(moto_own, args.seed, args.steps)
    for number, (mine, moto) in enumerate(zip(ours, theirs)):
        if mine != moto:
            sys.exit(f"step {number} (seed {args.seed}): the emulator answered\n  {mine}\nmoto answered\n  {moto}")
    found = sum(1 for answer in ours if isinstance(answer, list) and any(answer))
    print(f"emulator check: {args.steps} steps agree with moto ({found} queries found items)")


if __name__ == "__main__":
    main()
