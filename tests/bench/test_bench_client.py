"""The bench's reader (bench.client.Reader) against a real server: what it reads is what
httpx reads, one connection serves request after request, and a connection the server
closed is opened again."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bench import server
from bench.client import Reader, _ask_with_a_reader, _ask_with_httpx, _requests_made


def test_a_reader_reads_what_httpx_reads_on_one_connection_and_reopens_a_closed_one():
    with server.reference_server() as base:
        expected = httpx.get(f"{base}/?grp=490")

        async def read() -> list[tuple[int, bytes]]:
            async with Reader(base) as reader:
                first = await reader.get("/?grp=490")
                streams = reader._streams
                second = await reader.get("/?grp=490")
                assert reader._streams is streams  # kept alive, not opened again
                streams[1].close()  # as a server closes an idle connection
                await asyncio.sleep(0.05)
                third = await reader.get("/?grp=490")
                return [first, second, third]

        for status, body in asyncio.run(read()):
            assert status == expected.status_code == 200
            assert body == expected.content
            assert body.count(b"<tr>") == 50


def test_a_reader_asks_plain_http_on_a_given_port_only():
    with pytest.raises(ValueError, match="http://host:port"):
        Reader("https://127.0.0.1")


def test_the_client_cost_command_drives_the_reference_page_with_each_client():
    with server.reference_server() as base:
        for ask in (_ask_with_httpx, _ask_with_a_reader):
            made = asyncio.run(_requests_made(ask, base, 0.3, 3))
            assert made >= 3, ask.__name__  # every client asked at least once, all answered
