#!/usr/bin/env python3
"""A non-Java client of the product, as a team's own tooling would be: Debian's python3-confluent-kafka (1.7.0,
librdkafka) with python3-avro and python3-requests.

  registry_client.py produce BOOTSTRAP REGISTRY_URL AVRO_DIR SUMMARY_JSON
      writes commits and deployments of six services over three days with librdkafka's default partitioner
      (consistent_random: CRC32 of the key, not Java's murmur2), registering the contract's schemas under
      <topic>-value through the client's schema registry client; writes what it sent, per day and service, to SUMMARY_JSON.
  registry_client.py read BOOTSTRAP REGISTRY_URL OUT_JSON
      reads devsecops.metrics.daily, devsecops.metrics.snapshot and devsecops.alerts from the beginning to their end
      (read_committed), decoding each value with the schema its id names, fetched from the registry; writes the last
      value of each key (null for a tombstone), per topic, and the schema ids met, to OUT_JSON.

Debian's package has no fastavro (bookworm does not ship it), so the newer confluent_kafka.schema_registry.avro
AvroSerializer/AvroDeserializer cannot be imported there; the client's confluent_kafka.avro module (its
CachedSchemaRegistryClient and MessageSerializer, on Apache Avro's python3-avro) does the same Confluent wire format.
"""
import datetime
import json
import os
import sys

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.avro import CachedSchemaRegistryClient, load
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

UTC = datetime.timezone.utc
SERVICES = ["py-svc-%d" % i for i in range(1, 7)]
DAYS = [datetime.date(2026, 3, 2) + datetime.timedelta(days=d) for d in range(3)]
OUTPUTS = ["devsecops.metrics.daily", "devsecops.metrics.snapshot", "devsecops.alerts"]


def produce(bootstrap, registry_url, avro_dir, summary_path):
    registry = CachedSchemaRegistryClient({"url": registry_url})
    serializer = MessageSerializer(registry)
    commit_schema = load(os.path.join(avro_dir, "commit.avsc"))
    deployment_schema = load(os.path.join(avro_dir, "deployment.avsc"))
    # No partitioner set: librdkafka's default, consistent_random.
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    failures = []

    def delivered(err, msg):
        if err is not None:
            failures.append(str(err))

    summary = {}
    for day_index, day in enumerate(DAYS):
        for service_index, service in enumerate(SERVICES):
            count = (service_index + day_index) % 3 + 1
            for n in range(count):
                at = datetime.datetime(day.year, day.month, day.day, 9 + n, 0, tzinfo=UTC)
                commit_id = "%s-%s-c%d" % (service, day.isoformat(), n)
                commit = {"commit_id": commit_id, "service_id": service, "repo": "acme/" + service, "author": None,
                          "committed_at": at - datetime.timedelta(hours=2)}
                deployment = {"deployment_id": "%s-%s-d%d" % (service, day.isoformat(), n), "service_id": service,
                              "environment": "production", "status": "SUCCEEDED", "deployed_at": at,
                              "commit_ids": [commit_id], "is_hotfix": False, "hotfix_for": None, "hotfix_cause": None,
                              "rollback_of": None, "rollback_reason": None, "security_gate": "PASSED",
                              "gate_bypass_reason": None, "evidence": ["SBOM", "SCAN_REPORT"], "pipeline_minutes": 120,
                              "security_wait_minutes": 10}
                for topic, schema, value in (("devsecops.commits", commit_schema, commit),
                                             ("devsecops.deployments", deployment_schema, deployment)):
                    producer.produce(topic, key=service.encode("utf-8"),
                                     value=serializer.encode_record_with_schema(topic, schema, value), on_delivery=delivered)
            summary.setdefault(day.isoformat(), {})[service] = count
        producer.poll(0)
    if producer.flush(60) != 0 or failures:
        raise SystemExit("not delivered: %s" % failures)
    with open(summary_path, "w") as out:
        json.dump({"deployments": summary, "commits": summary}, out, indent=1, sort_keys=True)


def plain(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def read(bootstrap, registry_url, out_path):
    registry = CachedSchemaRegistryClient({"url": registry_url})
    serializer = MessageSerializer(registry)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "python-reader", "enable.auto.commit": False,
                         "enable.partition.eof": True, "isolation.level": "read_committed"})
    partitions = []
    metadata = consumer.list_topics(timeout=30)
    for topic in OUTPUTS:
        for p in metadata.topics[topic].partitions:
            partitions.append(TopicPartition(topic, p, 0))
    consumer.assign(partitions)
    at_end = set()
    last = {topic: {} for topic in OUTPUTS}
    ids = {topic: set() for topic in OUTPUTS}
    records = 0
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=60)
    while len(at_end) < len(partitions):
        if datetime.datetime.now() > deadline:
            raise SystemExit("did not reach the end of %s" % sorted(set((p.topic, p.partition) for p in partitions) - at_end))
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if msg.error():
            if msg.error().code() == -191:  # KafkaError._PARTITION_EOF
                at_end.add((msg.topic(), msg.partition()))
                continue
            raise SystemExit(str(msg.error()))
        at_end.discard((msg.topic(), msg.partition()))
        key = msg.key().decode("utf-8")
        raw = msg.value()
        if raw is None:
            last[msg.topic()][key] = None
        else:
            ids[msg.topic()].add(int.from_bytes(raw[1:5], "big"))
            last[msg.topic()][key] = plain(serializer.decode_message(raw))  # fetches the writer schema by its id
        records += 1
    consumer.close()
    with open(out_path, "w") as out:
        json.dump({"records": records, "last": last, "schema_ids": {t: sorted(i) for t, i in ids.items()}}, out, sort_keys=True)


if __name__ == "__main__":
    if sys.argv[1] == "produce":
        produce(*sys.argv[2:6])
    elif sys.argv[1] == "read":
        read(*sys.argv[2:5])
    else:
        raise SystemExit(__doc__)
