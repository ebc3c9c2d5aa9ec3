"""Load generator for benches/peers/compare.sh with Google's official Python client (PyPI
google-apps-chat): the async client (ChatServiceAsyncClient over grpc.aio), one shared
client, N asyncio workers. Same workload and output as examples/loadgen.rs:

Setup (not timed): two spaces as `user:alice@example.com`, "library" with 60 messages and
"inbox". Call `i` of the sequence is, by `i % 10`: 0-6 GetMessage of library message
`i % 60`, 7-8 CreateMessage in the inbox, 9 ListMessages of the library (page_size 50, a
full page). Workers take the next index from a shared counter; the warm-up runs the same
sequence before the timed calls. Prints one JSON line.

usage: python loadgen.py --endpoint HOST:PORT [--concurrency N] [--calls N] [--warmup N]
"""

import argparse
import asyncio
import json
import math
import resource
import sys
import time

import grpc
from google.apps import chat_v1
from google.apps.chat_v1.services.chat_service.transports import (
    ChatServiceGrpcAsyncIOTransport,
)

LIBRARY_MESSAGES = 60


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def percentile(sorted_values, p):
    if not sorted_values:
        return 0
    rank = math.ceil(p * len(sorted_values))
    return sorted_values[min(max(rank, 1), len(sorted_values)) - 1]


class Workload:
    def __init__(self, client, metadata, library, inbox, messages):
        self.client = client
        self.metadata = metadata
        self.library = library
        self.inbox = inbox
        self.messages = messages

    async def call(self, i):
        kind = i % 10
        if kind <= 6:
            await self.client.get_message(
                request=chat_v1.GetMessageRequest(name=self.messages[i % len(self.messages)]),
                metadata=self.metadata,
            )
        elif kind <= 8:
            await self.client.create_message(
                request=chat_v1.CreateMessageRequest(
                    parent=self.inbox, message=chat_v1.Message(text=f"load {i}")
                ),
                metadata=self.metadata,
            )
        else:
            # The first page only: one RPC, as the other two load generators.
            pager = await self.client.list_messages(
                request=chat_v1.ListMessagesRequest(parent=self.library, page_size=50),
                metadata=self.metadata,
            )
            if len(pager.messages) != 50:
                raise RuntimeError(f"ListMessages returned {len(pager.messages)} messages, not 50")


async def run(work, start, calls, concurrency):
    """Runs `calls` calls of the sequence from `start` over `concurrency` workers."""
    next_index = 0
    latencies = []
    errors = 0

    async def worker():
        nonlocal next_index, errors
        while True:
            i = next_index
            if i >= calls:
                return
            next_index += 1
            t = time.perf_counter_ns()
            try:
                await work.call(start + i)
            except Exception as e:  # noqa: BLE001 - counted and reported
                if errors == 0:
                    print(f"call {start + i}: {e}", file=sys.stderr)
                errors += 1
            latencies.append((time.perf_counter_ns() - t) // 1000)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    latencies.sort()
    return latencies, errors


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", default="127.0.0.1:8085")
    ap.add_argument("--concurrency", type=int, default=1)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--token", default="user:alice@example.com")
    args = ap.parse_args()
    addr = args.endpoint.removeprefix("http://")
    concurrency = max(args.concurrency, 1)

    channel = grpc.aio.insecure_channel(addr)
    client = chat_v1.ChatServiceAsyncClient(
        transport=ChatServiceGrpcAsyncIOTransport(channel=channel)
    )
    metadata = [("authorization", f"Bearer {args.token}")]

    async def named_space(name):
        space = await client.set_up_space(
            request=chat_v1.SetUpSpaceRequest(
                space=chat_v1.Space(
                    space_type=chat_v1.Space.SpaceType.SPACE, display_name=name
                )
            ),
            metadata=metadata,
        )
        return space.name

    library = await named_space("loadgen library")
    inbox = await named_space("loadgen inbox")
    messages = []
    for i in range(LIBRARY_MESSAGES):
        m = await client.create_message(
            request=chat_v1.CreateMessageRequest(
                parent=library, message=chat_v1.Message(text=f"library {i}")
            ),
            metadata=metadata,
        )
        messages.append(m.name)
    work = Workload(client, metadata, library, inbox, messages)

    _, warmup_errors = await run(work, 0, args.warmup, concurrency)
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    latencies, errors = await run(work, args.warmup, args.calls, concurrency)
    wall = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    await channel.close()

    print(
        json.dumps(
            {
                "client": "python",
                "concurrency": concurrency,
                "calls": args.calls,
                "warmup": args.warmup,
                "errors": errors + warmup_errors,
                "wall_s": round(wall, 4),
                "calls_per_s": round(args.calls / max(wall, 1e-9), 1),
                "p50_us": percentile(latencies, 0.50),
                "p99_us": percentile(latencies, 0.99),
                "timed_cpu_s": round(cpu, 3),
            },
            separators=(",", ":"),
        ),
        flush=True,
    )


if __name__ == "__main__":
    asyncio.run(main())
