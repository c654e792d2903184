"""The local AWS emulator: moto's server, answering one request at a time.

moto's own `moto_server` runs a thread per request, and its DynamoDB applies two concurrent
conditional writes to the same item without a lock, so both can pass their condition. One request at
a time, every conditional write is atomic, as it is in AWS. Nothing local may long-poll SQS against
it (the project's pollers use short polls here).

moto's TransactWriteItems deep-copies every table it touches before writing, so that it can roll
back; that makes each transaction as slow as the table is large. One request at a time, checking
every condition first and writing only when all hold is just as atomic, and takes no copy. And
moto answers a Query by sorting every item of the table; a table Query names one partition, so here
it looks at that partition's items only, and an index Query at the items whose index key is the
queried one, found in a map per index key attribute (built at its first query, kept on every put and
update after). Both keep the emulator's cost per request independent of how many orders the table
holds, as DynamoDB's is.

Usage: .venv/bin/python infra/emulator.py -H 127.0.0.1 -p 4566
"""

import argparse
import os
from decimal import Decimal

from moto.dynamodb import models
from moto.dynamodb.models.table import Table
from moto.dynamodb.exceptions import (
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple


def transact_write_items(self, transact_items):
    """Checks every item's condition, then writes them all, or none with the reasons per item."""
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    targets, outcomes, operations = set(), [], []
    for item in transact_items:
        if len(item) > 1:
            raise TransactWriteSingleOpException
        kind, op = next(iter(item.items()))
        table = self.get_table(op["TableName"])
        if kind == "Put":
            key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
            if table.range_key_attr is not None:
                key[table.range_key_attr] = op["Item"][table.range_key_attr]
        else:
            key = op["Key"]
        target = (op["TableName"], str(dict(sorted(key.items()))))
        if target in targets:
            raise MultipleTransactionsException()
        targets.add(target)
        condition = op.get("ConditionExpression")
        holds = condition is None or models.get_filter_expression(
            condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
        ).expr(self.get_item(op["TableName"], key))
        outcomes.append((None, None, None) if holds else ("ConditionalCheckFailed", "The conditional request failed", None))
        operations.append((kind, op, key))
    if any(code is not None for code, _, _ in outcomes):
        raise TransactionCanceledException(outcomes)
    for kind, op, key in operations:
        if kind == "Put":
            self.put_item(op["TableName"], op["Item"])
        elif kind == "Delete":
            self.delete_item(op["TableName"], key)
        elif kind == "Update":
            self.update_item(
                op["TableName"],
                key,
                update_expression=op["UpdateExpression"],
                expression_attribute_names=op.get("ExpressionAttributeNames"),
                expression_attribute_values=op.get("ExpressionAttributeValues"),
            )


models.DynamoDBBackend.transact_write_items = transact_write_items

table_query, table_items, table_put = Table.query, Table.all_items, Table.put_item
backend_update = models.DynamoDBBackend.update_item


def value_key(value):
    """A key attribute's value as a dictionary key: numbers by their value, others as written."""
    if value.type == "N":
        return ("N", Decimal(value.value))
    return (value.type, value.value)


def same(stored, wanted):
    """Whether a stored attribute is the queried key value (strings compared as they are)."""
    if stored is None:
        return False
    if stored.type == wanted.type == "S":
        return stored.value == wanted.value
    return stored == wanted


def index_map(table, name):
    """Primary keys of the items by their value of `name`, an index key attribute: built from the
    whole table at the attribute's first query, then kept by `remember`. An entry may be stale (the
    item deleted, or its value changed since): a query checks each item it finds."""
    maps = table.__dict__.setdefault("index_maps", {})
    if name not in maps:
        found = {}
        for item in table_items(table):
            value = item.attrs.get(name)
            if value is not None:
                found.setdefault(value_key(value), {})[(item.hash_key, item.range_key)] = None
        maps[name] = found
    return maps[name]


def remember(table, item):
    """Files a written item under its value of each index key attribute queried so far."""
    for name, found in table.__dict__.get("index_maps", {}).items():
        value = item.attrs.get(name)
        if value is not None:
            found.setdefault(value_key(value), {})[(item.hash_key, item.range_key)] = None


def put_item(self, *args, **kwargs):
    item = table_put(self, *args, **kwargs)
    remember(self, item)
    return item


def update_item(self, table_name, *args, **kwargs):
    item = backend_update(self, table_name, *args, **kwargs)
    remember(self.get_table(table_name), item)
    return item


def stored(table, key):
    """The item stored under a primary key, if it still is."""
    hash_key, range_key = key
    if hash_key not in table.items:
        return None
    if range_key is None:
        return table.items[hash_key]
    return table.items[hash_key].get(range_key)


def indexed(table, index_keys):
    """The items whose index key attributes are the queried values, unsorted; stale entries go."""
    name, value = index_keys[0]
    keys = index_map(table, name).get(value_key(value), {})
    items = []
    for key in list(keys):
        item = stored(table, key)
        if item is None or not same(item.attrs.get(name), value):
            del keys[key]
        elif all(same(item.attrs.get(other), wanted) for other, wanted in index_keys[1:]):
            items.append(item)
    return items


def all_items(self):
    """Every item; while a table Query runs, the items of its partition only (sorted as moto sorts);
    while an index Query runs, the items whose index key is the queried one, unsorted (moto sorts
    what an index query keeps): moto would sort the whole table for each index query."""
    index_keys = getattr(self, "queried_index_keys", None)
    if index_keys:
        return indexed(self, index_keys)
    partition = getattr(self, "queried_partition", None)
    if partition is None:
        return table_items(self)
    found = self.items[partition] if partition in self.items else None
    if found is None:
        return []
    items = list(found.values()) if self.range_key_attr else [found]
    return sorted(items, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)


def query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward,
          projection_expressions, index_name=None, *args, **kwargs):
    """A table Query reads its own partition, an index Query the items of its key."""
    self.queried_partition = hash_key if index_name is None else None
    self.queried_index_keys = kwargs.get("hash_key_conditions") if index_name is not None else None
    try:
        return table_query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                           scan_index_forward, projection_expressions, index_name, *args, **kwargs)
    finally:
        self.queried_partition = None
        self.queried_index_keys = None


Table.all_items = all_items
Table.query = query
Table.put_item = put_item
models.DynamoDBBackend.update_item = update_item


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=4566)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, app, threaded=False, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
