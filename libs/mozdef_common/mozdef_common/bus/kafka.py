"""The Kafka bus, through aiokafka: for users who outgrow one machine.

* One producer per bus, ``acks="all"``: :meth:`KafkaProducer.send_batch` returns once every record is
  acknowledged by all in-sync replicas. A full client buffer maps to
  :class:`~mozdef_common.errors.BusFullError`, anything else to
  :class:`~mozdef_common.errors.BusUnavailableError`.
* Topics are created on first use with ``partitions`` partitions (an existing topic is left as it is).
* Consumers join their group before :meth:`KafkaBus.consumer` returns, never auto-commit, and start a
  new group at the earliest offset. A commit refused because a rebalance moved the partition away is
  logged and skipped: the new owner reads those messages again (at-least-once).
* Tail readers (:mod:`.kafka_tail`) have no group: every partition assigned by hand, nothing committed.
* Every client gets the same TLS and SASL arguments (:mod:`.kafka_security`) through
  :meth:`KafkaBus.client_kwargs`. A bus that cannot connect says why, from one more connection attempt:
  aiokafka only says that no server answered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener
from aiokafka import TopicPartition as KafkaTopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import (
    CommitFailedError,
    IllegalStateError,
    KafkaError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    TopicAlreadyExistsError,
    for_code,
)

from mozdef_common.bus.base import Message, Offsets, Record, TopicPartition
from mozdef_common.bus.kafka_security import CONNECT_ERRORS, KafkaSecurity, why_unreachable
from mozdef_common.errors import BusError, BusFullError, BusUnavailableError

if TYPE_CHECKING:
    from mozdef_common.bus.kafka_tail import KafkaTail

log = logging.getLogger(__name__)


class KafkaBus:
    """A connection to the Kafka cluster at ``servers`` (``host:port[,host:port]``); ``security`` says
    how to encrypt and authenticate (plaintext by default). A TLS file that cannot be used raises
    :class:`~mozdef_common.errors.ConfigError` here, before anything connects."""

    def __init__(
        self,
        servers: str,
        *,
        client_id: str = "mozdef",
        idempotence: bool = False,
        partitions: int = 6,
        replication_factor: int = 1,
        compression: str | None = None,
        linger_ms: int = 5,
        request_timeout_ms: int = 30_000,
        join_timeout_s: float = 30.0,
        session_timeout_ms: int = 6000,
        heartbeat_interval_ms: int = 1000,
        security: KafkaSecurity | None = None,
    ) -> None:
        self.servers = servers
        self.client_id = client_id
        self.idempotence = idempotence
        self.partitions = partitions
        self.replication_factor = replication_factor
        self.compression = compression
        self.linger_ms = linger_ms
        self.request_timeout_ms = request_timeout_ms
        self.join_timeout_s = join_timeout_s
        # Kafka brokers refuse sessions under 6 s by default (group.min.session.timeout.ms); a group's
        # first join waits about half a session, so the test broker gets shorter ones.
        self.session_timeout_ms = session_timeout_ms
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.security = security or KafkaSecurity()
        self._security_kwargs = self.security.client_kwargs()  # one SSL context for every client
        self._producer: AIOKafkaProducer | None = None
        self._admin: AIOKafkaAdminClient | None = None
        self._known_topics: set[str] = set()
        self._topics_lock = asyncio.Lock()
        self._consumers: set[KafkaConsumer] = set()
        self._tails: set[KafkaTail] = set()

    def client_kwargs(self) -> dict[str, Any]:
        """What every aiokafka client of this bus is made with: the servers, the client id, the request
        timeout, TLS and SASL (the password among them: never log these)."""
        return {"bootstrap_servers": self.servers, **self._connection_kwargs()}

    def _connection_kwargs(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "request_timeout_ms": self.request_timeout_ms,
            **self._security_kwargs,
        }

    async def start(self) -> None:
        admin = AIOKafkaAdminClient(**self.client_kwargs())
        producer = AIOKafkaProducer(
            **self.client_kwargs(),
            acks="all",
            enable_idempotence=self.idempotence,
            compression_type=self.compression,
            linger_ms=self.linger_ms,
            max_batch_size=512 * 1024,
        )
        # Kept before they start, so close() stops them after a failed start too (an unstopped
        # producer warns when collected).
        self._admin, self._producer = admin, producer
        try:
            await admin.start()
            await producer.start()
        except CONNECT_ERRORS as exc:
            await self.close()
            why = await self.why_unreachable()
            raise BusUnavailableError(
                f"kafka {self.servers} ({self.security.describe()}): cannot connect: {why}"
            ) from exc

    async def why_unreachable(self) -> str:
        """The reason a client of this bus cannot connect, for messages (see :func:`.why_unreachable`)."""
        return await why_unreachable(
            self.servers, self._connection_kwargs(), timeout_s=self.request_timeout_ms / 1000
        )

    async def close(self) -> None:
        for consumer in list(self._consumers):
            await consumer.close()
        for tail in list(self._tails):
            await tail.close()
        producer, self._producer = self._producer, None
        admin, self._admin = self._admin, None
        if producer is not None:
            await producer.stop()
        if admin is not None:
            await admin.close()

    def producer(self) -> KafkaProducer:
        return KafkaProducer(self)

    async def consumer(self, topics: Sequence[str], group: str) -> KafkaConsumer:
        await self.ensure_topics(topics)
        consumer = KafkaConsumer(self, tuple(topics), group)
        await consumer.start()
        self._consumers.add(consumer)
        return consumer

    async def tail(self, topic: str, *, after: Mapping[int, int] | None = None) -> KafkaTail:
        from mozdef_common.bus.kafka_tail import KafkaTail  # only API replicas tail

        await self.ensure_topics((topic,))
        tail = KafkaTail(self, topic, after)
        await tail.start()
        self._tails.add(tail)
        return tail

    async def ping(self) -> None:
        try:
            await asyncio.wait_for(self._started_admin().list_topics(), self.request_timeout_ms / 1000)
        except (KafkaError, TimeoutError) as exc:
            raise BusUnavailableError(f"kafka {self.servers}: no answer: {exc!r}") from exc

    async def ensure_topics(self, topics: Sequence[str]) -> None:
        """Create the topics not known yet; a topic that exists already is fine."""
        missing = [t for t in dict.fromkeys(topics) if t not in self._known_topics]
        if not missing:
            return
        async with self._topics_lock:
            missing = [t for t in missing if t not in self._known_topics]
            if not missing:
                return
            try:
                await self.create_topics(missing)
            except BusUnavailableError:
                raise
            except BusError as exc:
                # A running stage waits for the cluster to be fixed rather than exiting: retryable.
                raise BusUnavailableError(str(exc)) from exc
            self._known_topics.update(missing)

    async def create_topics(
        self, names: Sequence[str], partitions: int | None = None, replication: int | None = None
    ) -> set[str]:
        """Create ``names`` (default: the bus's partitions and replication); the ones this call created.

        A topic that exists already is fine. A refusal that retrying cannot change (too few brokers for
        the replication factor, a policy) raises :class:`BusError`; anything else
        :class:`BusUnavailableError`.
        """
        partitions, replication = partitions or self.partitions, replication or self.replication_factor
        new = [NewTopic(t, partitions, replication) for t in names]
        try:
            response = await self._started_admin().create_topics(new)
        except KafkaError as exc:
            raise BusUnavailableError(
                f"kafka {self.servers}: cannot create topics: {exc!r}", topic=",".join(names)
            ) from exc
        created: set[str] = set()
        for topic, code, *rest in response.topic_errors:
            error = for_code(code) if code else None
            if error is None:
                created.add(topic)
            elif error is not TopicAlreadyExistsError:
                detail = rest[0] if rest and rest[0] else error.__name__
                kind = BusUnavailableError if error.retriable else BusError
                raise kind(f"kafka {self.servers}: cannot create the topic: {detail}", topic=topic)
        return created

    async def topic_partitions(self) -> dict[str, int]:
        """Every topic the cluster has, with its partition count."""
        # Every topic at once: naming topics in a metadata request makes brokers that auto-create
        # topics create the missing ones, with their default partitions.
        described = await self._started_admin().describe_topics()
        return {str(t["topic"]): len(t["partitions"]) for t in described if not t["error_code"]}

    def _started_producer(self, topic: str) -> AIOKafkaProducer:
        if self._producer is None:
            raise BusUnavailableError("kafka bus not started", topic=topic)
        return self._producer

    def _started_admin(self) -> AIOKafkaAdminClient:
        if self._admin is None:
            raise BusUnavailableError("kafka bus not started")
        return self._admin

    def _forget(self, consumer: KafkaConsumer) -> None:
        self._consumers.discard(consumer)

    def _forget_tail(self, tail: KafkaTail) -> None:
        self._tails.discard(tail)


class KafkaProducer:
    def __init__(self, bus: KafkaBus) -> None:
        self._bus = bus

    async def send_batch(self, topic: str, records: Sequence[Record]) -> None:
        if not records:
            return
        await self._bus.ensure_topics((topic,))
        producer = self._bus._started_producer(topic)
        futures: list[asyncio.Future[Any]] = []
        try:
            for record in records:
                headers = list(record.headers) if record.headers else None
                futures.append(await producer.send(topic, record.value, key=record.key, headers=headers))
        except KafkaTimeoutError as exc:
            # send() only times out waiting for room in the client's buffer: the cluster is not keeping up.
            await _settle(futures)
            raise BusFullError(f"kafka: producer buffer full: {exc!r}", topic=topic) from exc
        except KafkaError as exc:
            await _settle(futures)
            raise _send_error(exc, topic) from exc
        results = await asyncio.gather(*futures, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                if isinstance(result, KafkaError):
                    raise _send_error(result, topic) from result
                raise result


async def _settle(futures: list[asyncio.Future[Any]]) -> None:
    # Wait for what was already queued so no future is left with an exception nobody retrieved.
    await asyncio.gather(*futures, return_exceptions=True)


def _send_error(exc: KafkaError, topic: str) -> BusError:
    if isinstance(exc, MessageSizeTooLargeError):
        # Not the bus's state: retrying the same batch cannot help.
        return BusError(f"kafka: record refused: {exc!r}", topic=topic)
    return BusUnavailableError(f"kafka: send failed: {exc!r}", topic=topic)


class _Joined(ConsumerRebalanceListener):  # type: ignore[misc]
    """Sets ``event`` after every assignment, an empty one included (more members than partitions)."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def on_partitions_revoked(self, revoked: object) -> None:
        self.event.clear()

    def on_partitions_assigned(self, assigned: object) -> None:
        self.event.set()


class KafkaConsumer:
    def __init__(self, bus: KafkaBus, topics: tuple[str, ...], group: str) -> None:
        self._bus = bus
        self.topics = topics
        self.group = group
        self._joined = _Joined()
        self._consumer = AIOKafkaConsumer(
            **bus.client_kwargs(),
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=bus.session_timeout_ms,
            heartbeat_interval_ms=bus.heartbeat_interval_ms,
            rebalance_timeout_ms=bus.session_timeout_ms,
            fetch_max_wait_ms=100,
        )
        self._started = False

    async def start(self) -> None:
        self._consumer.subscribe(list(self.topics), listener=self._joined)
        self._started = True  # from here on, close() must stop it, even after a failed start
        try:
            await self._consumer.start()
            await asyncio.wait_for(self._joined.event.wait(), self._bus.join_timeout_s)
        except CONNECT_ERRORS as exc:  # TimeoutError among them
            await self.close()
            raise BusUnavailableError(
                f"kafka: group {self.group} could not join: {exc!r}", topic=",".join(self.topics)
            ) from exc

    async def getmany(self, max_records: int, timeout_s: float) -> list[Message]:
        try:
            batches = await self._consumer.getmany(timeout_ms=int(timeout_s * 1000), max_records=max_records)
        except KafkaError as exc:
            raise BusUnavailableError(f"kafka: fetch failed: {exc!r}", topic=",".join(self.topics)) from exc
        return messages_from(batches)

    async def commit(self, offsets: Offsets) -> None:
        assigned = self._consumer.assignment()
        wanted = {KafkaTopicPartition(tp.topic, tp.partition): o for tp, o in offsets.positions.items()}
        owned = {tp: o for tp, o in wanted.items() if tp in assigned}
        if len(owned) < len(wanted):
            log.warning(
                "group %s no longer owns %s: commit skipped, the new owner reads them again",
                self.group,
                sorted(str(tp) for tp in wanted.keys() - owned.keys()),
            )
        if not owned:
            return
        try:
            await self._consumer.commit(owned)
        except (CommitFailedError, IllegalStateError) as exc:
            log.warning("group %s: commit skipped after a rebalance: %r", self.group, exc)
        except KafkaError as exc:
            raise BusUnavailableError(
                f"kafka: group {self.group} commit failed: {exc!r}", topic=",".join(self.topics)
            ) from exc

    async def lag(self) -> Mapping[TopicPartition, int]:
        assigned = list(self._consumer.assignment())
        if not assigned:
            return {}
        try:
            ends = await self._consumer.end_offsets(assigned)
            starts = await self._consumer.beginning_offsets(assigned)
            out: dict[TopicPartition, int] = {}
            for tp in assigned:
                committed = await self._consumer.committed(tp)
                base = starts[tp] if committed is None else committed
                # The highwater of the last fetch also counts: some brokers (tansu) answer ListOffsets
                # with the start of the last record batch rather than its end.
                end = max(ends[tp], self._consumer.highwater(tp) or 0)
                out[TopicPartition(tp.topic, tp.partition)] = max(0, end - base)
        except KafkaError as exc:
            raise BusUnavailableError(
                f"kafka: lag unavailable: {exc!r}", topic=",".join(self.topics)
            ) from exc
        return out

    async def close(self) -> None:
        self._bus._forget(self)
        if self._started:
            self._started = False
            await self._consumer.stop()


def messages_from(batches: Mapping[Any, Sequence[Any]]) -> list[Message]:
    """aiokafka's ``getmany`` answer as bus messages."""
    out: list[Message] = []
    for tp, records in batches.items():
        for r in records:
            # Kafka allows null values and null header values; the bus contract has bytes.
            headers = tuple((name, value or b"") for name, value in r.headers) if r.headers else ()
            value = b"" if r.value is None else r.value
            out.append(Message(tp.topic, tp.partition, r.offset, value, r.key, headers, r.timestamp))
    return out
